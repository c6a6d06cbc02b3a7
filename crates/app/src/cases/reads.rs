//! Reading cases: the case list, one case with its household, and a case's history. Every read
//! is decided by [`policy::cases`] and every name shown is written to the access log first.

use crate::policy::cases::{self as scope, CaseAccess, CaseFacts, Names, ReaderFacts, Via};
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::cases::case;
use homeward_domain::cases::household::{self, Relationship};
use homeward_domain::cases::person::AgeBand;
use homeward_store::cases::CaseRow;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub state: String,
    pub destination_area: String,
    pub opened_at: String,
    pub sensitive: bool,
    /// The head of household's name; only for users allowed to read this case's names.
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
    pub team_id: Option<String>,
    /// Sensitivity markers: `child_protection`, `gbv`, `trafficking`.
    pub sensitivity: Vec<String>,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub closure_reason: Option<String>,
    /// How the reader reached the case: `scope`, `break_glass` or `agreement`.
    pub access: String,
    /// The members shown. Under a data-sharing agreement, only those who consented.
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

/// The policy's view of a case row.
pub(crate) fn facts(row: &CaseRow) -> CaseFacts<'_> {
    CaseFacts {
        organisation_id: &row.organisation_id,
        assigned_to: row.assigned_to.as_deref(),
        team_id: row.team_id.as_deref(),
        sensitive: !row.sensitivity.is_empty(),
        closed: row.closed_at.is_some(),
    }
}

impl App {
    pub async fn list_cases(
        &self,
        actor: &Actor,
        reference: Option<&str>,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Page<CaseSummary>> {
        let case_scope = scope::list_scope(actor)?;
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
                &case_scope,
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
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        let mut items = Vec::with_capacity(kept.len());
        let mut shown = Vec::new();
        for row in kept {
            let head = if scope::list_names(actor, &teams, &facts(&row)) {
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

    /// A case with its household, as much of it as the policy shows this reader.
    pub async fn case_detail(&self, actor: &Actor, case_id: &str) -> Result<CaseDetail> {
        let (detail, reader, read) = self.read_case(actor, case_id).await?;
        self.log_access(&reader, "case.read", detail.id.clone(), read)
            .await?;
        Ok(detail)
    }

    /// Loads what the policy needs about the reader and asks it how `actor` may read `row`.
    pub(crate) async fn case_access(&self, actor: &Actor, row: &CaseRow) -> Result<CaseAccess> {
        policy::require(actor, Permission::ReadCases)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        let case = facts(row);
        if scope::reaches(actor, &teams, &case) {
            let reader = ReaderFacts {
                teams: &teams,
                break_glass: false,
                agreement_fields: None,
            };
            return scope::read(actor, &reader, &case);
        }
        let now = crate::clock::timestamp(time::OffsetDateTime::now_utc());
        let break_glass = self
            .store
            .break_glass_active(&actor.user_id, &row.id, &now)
            .await?;
        let mut fields: Option<Vec<String>> = None;
        if !break_glass && row.organisation_id != actor.organisation_id {
            let today = crate::clock::today().to_string();
            for a in self
                .store
                .live_agreements(
                    &row.organisation_id,
                    &actor.organisation_id,
                    actor.purpose,
                    &today,
                )
                .await?
            {
                let all = fields.get_or_insert_with(Vec::new);
                for f in a.fields {
                    if !all.contains(&f) {
                        all.push(f);
                    }
                }
            }
        }
        let reader = ReaderFacts {
            teams: &teams,
            break_glass,
            agreement_fields: fields.as_deref(),
        };
        scope::read(actor, &reader, &case)
    }

    /// Builds a case's detail; returns it with the actor as the access log must name them (the
    /// purpose is `break_glass` under a grant) and the persons whose fields it shows. The caller
    /// logs the read.
    pub(crate) async fn read_case(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> Result<(CaseDetail, Actor, Vec<String>)> {
        policy::require(actor, Permission::ReadCases)?;
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        let access = self.case_access(actor, &row).await?;
        let mut actor = actor.clone();
        if access.via == Via::BreakGlass {
            actor.purpose = "break_glass";
        }
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
        let unaccompanied: Vec<String> = household::unaccompanied_children(&composition)
            .into_iter()
            .filter_map(|i| persons.get(i).map(|p| p.id.clone()))
            .collect();
        // Under an agreement, only members who consented to sharing with the reader's
        // organisation appear at all; with none, the case is not shared.
        let consenting = match &access.names {
            Names::Consenting(_) => Some(
                self.store
                    .sharing_consents(&row.household_id, &actor.organisation_id)
                    .await?,
            ),
            _ => None,
        };
        if consenting.as_ref().is_some_and(Vec::is_empty) {
            return Err(AppError::NotFound);
        }
        let mut members = Vec::with_capacity(persons.len());
        let mut read = Vec::new();
        for p in persons {
            if consenting.as_ref().is_some_and(|c| !c.contains(&p.id)) {
                continue;
            }
            let shows = |field: &str| match &access.names {
                Names::All => true,
                Names::None => false,
                Names::Consenting(fields) => fields.iter().any(|f| f == field),
            };
            let fields = if access.names == Names::None {
                None
            } else {
                self.open_person(&p.id, p.sealed.as_deref()).await?
            };
            let shown = fields.is_some() && p.erased_at.is_none();
            if shown {
                read.push(p.id.clone());
            }
            let f = fields.unwrap_or_default();
            let pick = |name: &str, v: Option<String>| if shown && shows(name) { v } else { None };
            members.push(MemberView {
                relationship: p.relationship,
                sex: p.sex,
                age_band: p.age_band,
                nationality: p.nationality,
                languages: p.languages,
                erased: p.erased_at.is_some(),
                given_name: pick("given_name", Some(f.given_name)),
                family_name: pick("family_name", Some(f.family_name)),
                date_of_birth: pick("date_of_birth", f.date_of_birth),
                phone: pick("phone", f.phone),
                document_number: pick("document_number", f.document_number),
                address: pick("address", f.address),
                notes: pick("notes", f.notes),
                id: p.id,
            });
        }
        let unaccompanied_children = unaccompanied
            .into_iter()
            .filter(|id| members.iter().any(|m| &m.id == id))
            .collect();
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
            team_id: row.team_id,
            sensitivity: row.sensitivity,
            opened_at: row.opened_at,
            closed_at: row.closed_at,
            closure_reason: row.closure_reason,
            access: via_name(&access.via).to_owned(),
            members,
            unaccompanied_children,
        };
        Ok((detail, actor, read))
    }

    /// The journal entries about a case and its household, oldest first. Not shared by
    /// agreement: an agreement shares fields, not the case's working history.
    pub async fn case_history(&self, actor: &Actor, case_id: &str) -> Result<Vec<HistoryItem>> {
        policy::require(actor, Permission::ReadCases)?;
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        if self.case_access(actor, &row).await?.via == Via::Agreement {
            return Err(AppError::NotFound);
        }
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

fn via_name(via: &Via) -> &'static str {
    match via {
        Via::Scope => "scope",
        Via::BreakGlass => "break_glass",
        Via::Agreement => "agreement",
    }
}

fn summary(row: CaseRow, head_name: Option<String>) -> CaseSummary {
    CaseSummary {
        sensitive: !row.sensitivity.is_empty(),
        id: row.id,
        reference: row.reference,
        kind: row.kind,
        state: row.state,
        destination_area: row.destination_area,
        opened_at: row.opened_at,
        head_name,
    }
}
