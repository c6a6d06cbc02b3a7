//! Registering households with their case, and reading cases back.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::case::{self, CaseKind, CaseState};
use homeward_domain::error::Errors;
use homeward_domain::events::{CaseOpened, Event, HouseholdRegistered, RegisteredPerson};
use homeward_domain::household::{self, Relationship};
use homeward_domain::person::{self, AgeBand, PersonalFields, Sex};
use homeward_domain::{Invalid, text};
use homeward_store::Author;
use homeward_store::queries::CaseRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A household to register, with the case opened for it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterHousehold {
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
    /// ISO 639 codes of the languages the person speaks.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
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
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub state: String,
    pub destination_area: String,
    pub opened_at: String,
    /// The head of household's name; only for users allowed to read personal data.
    pub head_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseDetail {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub state: String,
    pub household_id: String,
    pub host_country: String,
    pub origin_country: String,
    pub destination_area: String,
    pub destination_area_name: Option<String>,
    pub assigned_to: Option<String>,
    pub opened_at: String,
    pub members: Vec<MemberView>,
    /// Members who are children with no adult in the household.
    pub unaccompanied_children: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberView {
    pub id: String,
    pub relationship: String,
    pub sex: String,
    pub age_band: String,
    pub nationality: Option<String>,
    pub languages: Vec<String>,
    /// True once the person was erased: their personal fields are gone for good.
    pub erased: bool,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    pub document_number: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

/// One page of a list and the cursor for the next.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// One line of a record's history, from the journal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryItem {
    pub seq: i64,
    pub at: String,
    pub kind: String,
    pub actor: String,
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
        let today = crate::today();
        let mut errors = Errors::default();
        let mut members = Vec::with_capacity(input.members.len());
        let mut composition = Vec::with_capacity(input.members.len());
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
            let languages: Vec<String> = m
                .languages
                .iter()
                .enumerate()
                .filter_map(|(j, l)| {
                    errors.check(text::language(&format!("{base}/languages/{j}"), l))
                })
                .collect();
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
            let age_band = match personal
                .date_of_birth
                .as_deref()
                .and_then(|d| person::date("", d).ok())
            {
                Some(dob) => AgeBand::from_age(person::age_on(dob, today)),
                None => explicit_band.unwrap_or(AgeBand::Unknown),
            };
            if let (Some(relationship), Some(sex)) = (relationship, sex) {
                composition.push((relationship, age_band));
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
                });
            }
        }
        if errors.is_empty() {
            errors.check(household::validate_composition(&composition));
        }
        let c = input.case;
        let kind = parse_enum(&mut errors, "/case/kind".into(), &c.kind, CaseKind::parse);
        let host = errors.check(text::country("/case/host_country", &c.host_country));
        let origin = errors.check(text::country("/case/origin_country", &c.origin_country));
        let destination = errors.check(homeward_domain::area::pcode(
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
        let shown: Vec<String> = if policy::may(actor, Permission::ReadPersonal) {
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

    pub async fn list_cases(
        &self,
        actor: &Actor,
        reference: Option<&str>,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Page<CaseSummary>> {
        policy::require(actor, Permission::ReadCases)?;
        let reference = match reference.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Some(case::reference_query("/reference", r)?),
            None => None,
        };
        let before = match cursor.filter(|c| !c.is_empty()) {
            Some(c) => Some(
                c.parse::<i64>()
                    .map_err(|_| Invalid::one("/cursor", "error-cursor"))?,
            ),
            None => None,
        };
        let limit = limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(Invalid::one("/limit", "error-limit").into());
        }
        let rows = self
            .store
            .cases(
                Some(&actor.organisation_id),
                reference.as_deref(),
                before,
                limit + 1,
            )
            .await?;
        let has_more = rows.len() as i64 > limit;
        let kept: Vec<CaseRow> = rows.into_iter().take(limit as usize).collect();
        // The cursor is the journal position of the last case shown; it reveals nothing personal.
        let next_cursor = if has_more {
            kept.last().map(|r| r.opened_seq.to_string())
        } else {
            None
        };
        let personal = policy::may(actor, Permission::ReadPersonal);
        let mut items = Vec::with_capacity(kept.len());
        let mut shown = Vec::new();
        for row in kept {
            let head = if personal {
                self.head_name(&row.household_id).await?
            } else {
                None
            };
            let head_name = head.map(|(person_id, name)| {
                shown.push(person_id);
                name
            });
            items.push(summary(row, head_name));
        }
        self.log_access(actor, "cases.list", String::new(), shown)
            .await?;
        Ok(Page { items, next_cursor })
    }

    /// The head of household's id and name, unless the head was erased.
    async fn head_name(&self, household_id: &str) -> Result<Option<(String, String)>> {
        let persons = self.store.persons_of_household(household_id).await?;
        let Some(head) = persons.iter().find(|p| p.relationship == "head") else {
            return Ok(None);
        };
        let fields = self.open_person(&head.id, head.sealed.as_deref()).await?;
        Ok(fields.map(|f| {
            (
                head.id.clone(),
                format!("{} {}", f.given_name, f.family_name),
            )
        }))
    }

    /// A case with its household. Personal fields are opened only for users allowed to read them.
    pub async fn case_detail(&self, actor: &Actor, case_id: &str) -> Result<CaseDetail> {
        let (detail, reader, read) = self.read_case(actor, case_id).await?;
        self.log_access(&reader, "case.read", detail.id.clone(), read)
            .await?;
        Ok(detail)
    }

    /// Builds a case's detail; returns it with the actor as the access log must name them (the
    /// purpose is `break_glass` across organisations) and the persons whose fields it shows.
    /// The caller logs the read.
    async fn read_case(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> Result<(CaseDetail, Actor, Vec<String>)> {
        policy::require(actor, Permission::ReadCases)?;
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        // Outside the organisation only through a live break-glass grant, and then every read
        // is logged as such.
        let mut actor = actor.clone();
        if let Some(purpose) = self
            .reach_case(&actor, &row.organisation_id, &row.id)
            .await?
        {
            actor.purpose = purpose;
        }
        let actor = &actor;
        let personal = policy::may(actor, Permission::ReadPersonal);
        let persons = self.store.persons_of_household(&row.household_id).await?;
        let composition: Vec<(Relationship, AgeBand)> = persons
            .iter()
            .map(|p| {
                (
                    Relationship::parse(&p.relationship).unwrap_or(Relationship::Unrelated),
                    AgeBand::parse(&p.age_band).unwrap_or(AgeBand::Unknown),
                )
            })
            .collect();
        let unaccompanied_children = household::unaccompanied_children(&composition)
            .into_iter()
            .filter_map(|i| persons.get(i).map(|p| p.id.clone()))
            .collect();
        let mut members = Vec::with_capacity(persons.len());
        let mut read = Vec::new();
        for p in persons {
            let fields = if personal {
                self.open_person(&p.id, p.sealed.as_deref()).await?
            } else {
                None
            };
            let shown = fields.is_some() && p.erased_at.is_none();
            if shown {
                read.push(p.id.clone());
            }
            let f = fields.unwrap_or_default();
            let pick = |v: Option<String>| if shown { v } else { None };
            members.push(MemberView {
                id: p.id,
                relationship: p.relationship,
                sex: p.sex,
                age_band: p.age_band,
                nationality: p.nationality,
                languages: p.languages,
                erased: p.erased_at.is_some(),
                given_name: pick(Some(f.given_name)),
                family_name: pick(Some(f.family_name)),
                date_of_birth: pick(f.date_of_birth),
                phone: pick(f.phone),
                document_number: pick(f.document_number),
                address: pick(f.address),
                notes: pick(f.notes),
            });
        }
        let destination_area_name = self
            .store
            .area(&row.destination_area)
            .await?
            .map(|a| a.name);
        let detail = CaseDetail {
            id: row.id,
            reference: row.reference,
            kind: row.kind,
            state: row.state,
            household_id: row.household_id,
            host_country: row.host_country,
            origin_country: row.origin_country,
            destination_area: row.destination_area,
            destination_area_name,
            assigned_to: row.assigned_to,
            opened_at: row.opened_at,
            members,
            unaccompanied_children,
        };
        Ok((detail, actor.clone(), read))
    }

    /// The journal entries about a case and its household, oldest first.
    pub async fn case_history(&self, actor: &Actor, case_id: &str) -> Result<Vec<HistoryItem>> {
        policy::require(actor, Permission::ReadCases)?;
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        self.reach_case(actor, &row.organisation_id, &row.id)
            .await?;
        let mut entries = self.store.history(&row.id).await?;
        entries.extend(self.store.history(&row.household_id).await?);
        for p in self.store.persons_of_household(&row.household_id).await? {
            entries.extend(self.store.history(&p.id).await?);
        }
        entries.sort_by_key(|e| e.seq);
        Ok(entries
            .into_iter()
            .map(|e| HistoryItem {
                seq: e.seq,
                at: e.at,
                kind: e.kind,
                actor: e.actor,
            })
            .collect())
    }
}

fn summary(row: CaseRow, head_name: Option<String>) -> CaseSummary {
    CaseSummary {
        id: row.id,
        reference: row.reference,
        kind: row.kind,
        state: row.state,
        destination_area: row.destination_area,
        opened_at: row.opened_at,
        head_name,
    }
}

/// The registration command itself, run by the store's writer inside the write transaction.
async fn write_prepared(
    w: &mut homeward_store::Write,
    author: Author,
    prepared: Vec<Prepared>,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::with_capacity(prepared.len());
    let year = crate::today().year();
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
