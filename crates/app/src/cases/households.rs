//! Registering households with their case, and reading cases back.

use crate::cases::reads::CaseDetail;
use crate::policy::cases::{self as scope, CaseFacts};
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::case::{self, CaseKind, CaseState};
use homeward_domain::cases::household::{self, Relationship};
use homeward_domain::cases::person::{self, AgeBand, PersonalFields, Sex};
use homeward_domain::cases::plausibility::{self, Age, HouseholdRules};
use homeward_domain::error::Errors;
use homeward_domain::events::{CaseOpened, Event, HouseholdRegistered, RegisteredPerson};
use homeward_domain::{Invalid, text};
use homeward_store::Author;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The household plausibility thresholds as shipped in `config/household.toml`.
pub fn shipped_household_rules() -> Result<HouseholdRules> {
    HouseholdRules::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/household.toml"
    )))
    .map_err(|e| AppError::Config(format!("config/household.toml: {e}")))
}

/// A household to register, with the case opened for it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterHousehold {
    /// One to `household::MAX_MEMBERS` (40) members, exactly one of them the head.
    #[schema(min_items = 1, max_items = 40)]
    pub members: Vec<MemberInput>,
    pub case: CaseInput,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// Relationship to the head: head, spouse, child, parent, sibling, grandchild, other_relative, unrelated.
    pub relationship: String,
    /// female, male, other, unknown.
    pub sex: String,
    pub given_name: String,
    pub family_name: String,
    /// YYYY-MM-DD. When absent, `age_band` may say the band.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    /// One of 0-4, 5-11, 12-17, 18-59, 60+; used only without a date of birth.
    #[serde(default)]
    pub age_band: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub nationality: Option<String>,
    /// ISO 639 codes (639-1, 639-2/B or 639-3) of the languages the person speaks, each once,
    /// at most `person::MAX_LANGUAGES` (20); recorded under the shortest code (`ara` as `ar`).
    #[serde(default)]
    #[schema(max_items = 20)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Confirms that this member's relationship to the head is right although it is unusual
    /// for their ages: a child, grandchild or parent closer in age to the head than
    /// `config/household.toml` expects (a step-child), or a spouse under its minimum age (a child
    /// marriage). Send it after a refusal naming this member's `relationship`; the registration
    /// records it.
    #[serde(default)]
    pub unusual_confirmed: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    /// assisted_voluntary_return, voluntary_repatriation, spontaneous_return, forced_return.
    pub kind: String,
    pub host_country: String,
    pub origin_country: String,
    /// P-code of the destination area.
    pub destination_area: String,
    /// A user of the same organisation; defaults to the registering user.
    #[serde(default)]
    pub assigned_to: Option<String>,
}

/// A registration that passed every check and is ready to be written.
pub struct Prepared {
    household: HouseholdRegistered,
    keys: Vec<(String, String)>,
    case: CaseDraft,
}

struct CaseDraft {
    id: Uuid,
    kind: CaseKind,
    host_country: String,
    origin_country: String,
    destination_area: String,
    assigned_to: Option<Uuid>,
    team_id: Option<Uuid>,
}

fn parse_enum<T>(
    errors: &mut Errors,
    pointer: String,
    raw: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let found = parse(raw.trim());
    if found.is_none() {
        errors.push(pointer, "error-unknown-value");
    }
    found
}

impl App {
    /// Validates a registration completely, reading only what it must (the destination area and
    /// the assignee). Nothing is written.
    pub async fn prepare_registration(
        &self,
        organisation_id: &str,
        default_assignee: Option<&str>,
        input: RegisterHousehold,
    ) -> Result<Prepared> {
        household::check_size(input.members.len())?;
        let today = crate::clock::today();
        let mut errors = Errors::default();
        let mut members = Vec::with_capacity(input.members.len());
        let mut composition = Vec::with_capacity(input.members.len());
        let mut ages = Vec::with_capacity(input.members.len());
        let mut keys = Vec::with_capacity(input.members.len());
        for (i, m) in input.members.into_iter().enumerate() {
            let base = format!("/members/{i}");
            let relationship = parse_enum(
                &mut errors,
                format!("{base}/relationship"),
                &m.relationship,
                Relationship::parse,
            );
            let sex = parse_enum(&mut errors, format!("{base}/sex"), &m.sex, Sex::parse);
            let nationality = m
                .nationality
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .and_then(|n| errors.check(text::country(&format!("{base}/nationality"), n)));
            let languages =
                person::languages(&format!("{base}/languages"), &m.languages, &mut errors);
            let explicit_band = m
                .age_band
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .and_then(|b| {
                    parse_enum(&mut errors, format!("{base}/age_band"), b, AgeBand::parse)
                });
            let personal = PersonalFields {
                given_name: m.given_name,
                family_name: m.family_name,
                date_of_birth: m.date_of_birth,
                phone: m.phone,
                document_number: m.document_number,
                address: m.address,
                notes: m.notes,
            }
            .validated(&base, today, &mut errors);
            let birth = personal
                .date_of_birth
                .as_deref()
                .and_then(|d| person::date("", d).ok());
            let (age, age_band) = match birth {
                Some(dob) => (
                    Age::Born(dob),
                    AgeBand::from_age(person::age_on(dob, today)),
                ),
                None => {
                    let band = explicit_band.unwrap_or(AgeBand::Unknown);
                    (Age::Band(band), band)
                }
            };
            if let (Some(relationship), Some(sex)) = (relationship, sex) {
                composition.push((relationship, age_band));
                ages.push(plausibility::Member {
                    relationship,
                    age,
                    confirmed: m.unusual_confirmed,
                });
                let id = Uuid::now_v7();
                let (sealed, wrapped) = self.seal_person(&id.to_string(), &personal);
                keys.push((id.to_string(), wrapped));
                members.push(RegisteredPerson {
                    id,
                    relationship,
                    sex,
                    age_band,
                    nationality,
                    languages,
                    sealed,
                    unusual_confirmed: false,
                });
            }
        }
        // The relationships are judged once every member is known, all at once; what the
        // registering user confirmed as unusual is recorded with each member.
        if errors.is_empty() {
            errors.check(household::validate_composition(&composition));
            if let Some(unusual) = errors.check(plausibility::check(&self.household, &ages, today))
            {
                for (member, unusual) in members.iter_mut().zip(unusual) {
                    member.unusual_confirmed = unusual;
                }
            }
        }
        let c = input.case;
        let kind = parse_enum(&mut errors, "/case/kind".into(), &c.kind, CaseKind::parse);
        let host = errors.check(text::country("/case/host_country", &c.host_country));
        let origin = errors.check(text::country("/case/origin_country", &c.origin_country));
        let destination = errors.check(homeward_domain::conditions::area::pcode(
            "/case/destination_area",
            &c.destination_area,
        ));
        if let Some(pcode) = &destination
            && self.store.area(pcode).await?.is_none()
        {
            errors.push("/case/destination_area", "error-pcode-unknown");
        }
        let assignee = c.assigned_to.as_deref().or(default_assignee);
        let mut assigned_to = None;
        if let Some(user_id) = assignee {
            match (Uuid::parse_str(user_id), self.store.user(user_id).await?) {
                (Ok(uid), Some(u)) if u.organisation_id == organisation_id => {
                    assigned_to = Some(uid)
                }
                _ => errors.push("/case/assigned_to", "error-unknown-user"),
            }
        }
        // The case joins the registering user's first team, or else the assignee's.
        let mut team_id = None;
        for user in default_assignee.into_iter().chain(assignee) {
            if let Some(t) = self.store.teams_of_user(user).await?.first() {
                team_id = Uuid::parse_str(t).ok();
                break;
            }
        }
        errors.into_result()?;
        let (Some(kind), Some(host_country), Some(origin_country), Some(destination_area)) =
            (kind, host, origin, destination)
        else {
            return Err(Invalid::one("/case", "error-required").into());
        };
        let organisation_id = Uuid::parse_str(organisation_id).map_err(|_| AppError::NotFound)?;
        Ok(Prepared {
            household: HouseholdRegistered {
                id: Uuid::now_v7(),
                organisation_id,
                members,
            },
            keys,
            case: CaseDraft {
                id: Uuid::now_v7(),
                kind,
                host_country,
                origin_country,
                destination_area,
                assigned_to,
                team_id,
            },
        })
    }

    /// Writes prepared registrations in one transaction; returns the case ids and references.
    pub async fn write_registrations(
        &self,
        author: Author,
        prepared: Vec<Prepared>,
    ) -> Result<Vec<(String, String)>> {
        self.store
            .write(move |w| Box::pin(write_prepared(w, author, prepared)))
            .await
    }

    /// Registers one household and opens its case, on behalf of a signed-in user.
    pub async fn register_household(
        &self,
        actor: &Actor,
        input: RegisterHousehold,
    ) -> Result<CaseDetail> {
        policy::require(actor, Permission::RegisterCases)?;
        let prepared = self
            .prepare_registration(&actor.organisation_id, Some(&actor.user_id), input)
            .await?;
        // The answer shows the names just typed: that read is logged in the same commit as
        // the registration, so a registration costs one durable commit, not two.
        let id = prepared.case.id.to_string();
        // A user may not register a case straight out of their own reach.
        let (assignee, team) = (
            prepared.case.assigned_to.map(|u| u.to_string()),
            prepared.case.team_id.map(|t| t.to_string()),
        );
        let facts = CaseFacts {
            organisation_id: &actor.organisation_id,
            assigned_to: assignee.as_deref(),
            team_id: team.as_deref(),
            sensitive: false,
            closed: false,
        };
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        if !scope::reaches(actor, &teams, &facts) {
            return Err(Invalid::one("/case/assigned_to", "error-assignee-out-of-reach").into());
        }
        let shown: Vec<String> = if scope::list_names(actor, &teams, &facts) {
            prepared
                .household
                .members
                .iter()
                .map(|m| m.id.to_string())
                .collect()
        } else {
            Vec::new()
        };
        let (author, case_id, purpose) = (crate::author_of(Some(actor)), id.clone(), actor.purpose);
        self.store
            .write(move |w| {
                Box::pin(async move {
                    write_prepared(w, author.clone(), vec![prepared]).await?;
                    if !shown.is_empty() {
                        let access = homeward_store::Access {
                            kind: "case.read",
                            subject: &case_id,
                            persons: &shown,
                            purpose,
                        };
                        w.log_access(&author, &access).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        let (detail, _, _) = self.read_case(actor, &id).await?;
        Ok(detail)
    }
}

/// The registration command itself, run by the store's writer inside the write transaction.
async fn write_prepared(
    w: &mut homeward_store::Write,
    author: Author,
    prepared: Vec<Prepared>,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::with_capacity(prepared.len());
    let year = crate::clock::today().year();
    let mut number = w.next_case_number().await?;
    for p in prepared {
        let reference = case::reference(year, number as u64);
        number += 1;
        let opened = CaseOpened {
            id: p.case.id,
            reference: reference.clone(),
            kind: p.case.kind,
            state: CaseState::Registered,
            household_id: p.household.id,
            organisation_id: p.household.organisation_id,
            host_country: p.case.host_country,
            origin_country: p.case.origin_country,
            destination_area: p.case.destination_area,
            assigned_to: p.case.assigned_to,
            team_id: p.case.team_id,
        };
        w.append(&author, &Event::HouseholdRegistered(p.household))
            .await?;
        w.append(&author, &Event::CaseOpened(opened)).await?;
        for (person_id, wrapped) in &p.keys {
            w.put_person_key(person_id, wrapped).await?;
        }
        out.push((p.case.id.to_string(), reference));
    }
    Ok(out)
}
