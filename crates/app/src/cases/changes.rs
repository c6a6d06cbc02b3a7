//! Changes to a case that the need-to-know policy reads: who holds it, how sensitive it is, and
//! whether it is closed. Each is decided by [`crate::policy::cases::change`].

use crate::cases::reads::facts;
use crate::policy::{Permission, cases as scope};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::case::{ClosureReason, Sensitivity};
use homeward_domain::events::{CaseAssigned, CaseClosed, CaseSensitivitySet, Event};
use homeward_domain::{Invalid, error};
use homeward_store::cases::CaseRow;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// A user of the case's organisation, or null to leave the case with the team alone.
    pub assigned_to: Option<String>,
    /// A team of the case's organisation, or null.
    pub team_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivityInput {
    /// The full set of markers: child_protection, gbv, trafficking, each once. Empty clears them.
    #[schema(max_items = 3)]
    pub markers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// returned_and_reintegrated, withdrawn_by_returnee, not_eligible, duplicate, lost_contact,
    /// deceased, transferred_to_another_organisation.
    pub reason: String,
}

impl App {
    /// The case, if the actor may change it with `permission`.
    async fn case_to_change(
        &self,
        actor: &Actor,
        case_id: &str,
        permission: Permission,
    ) -> Result<(CaseRow, Uuid)> {
        crate::policy::require(actor, permission)?;
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        scope::change(actor, &teams, &facts(&row), permission)?;
        let id = Uuid::parse_str(&row.id).map_err(|_| AppError::NotFound)?;
        Ok((row, id))
    }

    /// Appends `events` about a case after checking again, inside the write, that the actor may
    /// still change it: a concurrent closure or reassignment committed since the first check
    /// wins, and this change is refused.
    pub(crate) async fn append_to_case(
        &self,
        actor: &Actor,
        case_id: Uuid,
        permission: Permission,
        events: Vec<Event>,
    ) -> Result<()> {
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        let (actor, author) = (actor.clone(), crate::author_of(Some(actor)));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let row = w
                        .case(&case_id.to_string())
                        .await?
                        .ok_or(AppError::NotFound)?;
                    scope::change(&actor, &teams, &facts(&row), permission)?;
                    for event in &events {
                        w.append(&author, event).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await
    }

    /// Gives a case to a worker and/or a team of its organisation.
    pub async fn assign_case(&self, actor: &Actor, case_id: &str, input: Assignment) -> Result<()> {
        let (row, case_id) = self
            .case_to_change(actor, case_id, Permission::AssignCases)
            .await?;
        let mut errors = homeward_domain::error::Errors::default();
        let mut assigned_to = None;
        if let Some(user) = input.assigned_to.as_deref() {
            match Uuid::parse_str(user.trim()) {
                Ok(id) => match self.store.user(&id.to_string()).await? {
                    Some(u) if u.organisation_id == row.organisation_id && u.active => {
                        assigned_to = Some(id)
                    }
                    _ => errors.push("/assigned_to", "error-unknown-user"),
                },
                Err(_) => errors.push("/assigned_to", "error-id"),
            }
        }
        let mut team_id = None;
        if let Some(team) = input.team_id.as_deref() {
            match Uuid::parse_str(team.trim()) {
                Ok(id)
                    if self
                        .store
                        .team_organisation(&id.to_string())
                        .await?
                        .as_deref()
                        == Some(row.organisation_id.as_str()) =>
                {
                    team_id = Some(id)
                }
                _ => errors.push("/team_id", "error-unknown-team"),
            }
        }
        if assigned_to.is_none() && team_id.is_none() && errors.is_empty() {
            errors.push("/assigned_to", "error-required");
        }
        errors.into_result()?;
        let event = Event::CaseAssigned(CaseAssigned {
            case_id,
            assigned_to,
            team_id,
        });
        self.append_to_case(actor, case_id, Permission::AssignCases, vec![event])
            .await
    }

    /// Replaces the case's sensitivity markers.
    pub async fn set_case_sensitivity(
        &self,
        actor: &Actor,
        case_id: &str,
        input: SensitivityInput,
    ) -> Result<()> {
        let (_, case_id) = self
            .case_to_change(actor, case_id, Permission::MarkSensitive)
            .await?;
        error::at_most("/markers", input.markers.len(), Sensitivity::ALL.len())?;
        let mut markers = Vec::with_capacity(input.markers.len());
        for (i, m) in input.markers.iter().enumerate() {
            let pointer = format!("/markers/{i}");
            let marker = Sensitivity::parse(m.trim())
                .ok_or_else(|| Invalid::one(pointer.clone(), "error-unknown-value"))?;
            if markers.contains(&marker) {
                return Err(Invalid::one(pointer, "error-duplicate").into());
            }
            markers.push(marker);
        }
        markers.sort();
        let event = Event::CaseSensitivitySet(CaseSensitivitySet { case_id, markers });
        self.append_to_case(actor, case_id, Permission::MarkSensitive, vec![event])
            .await
    }

    /// Closes a case for a reason. A closed case changes no more.
    pub async fn close_case(&self, actor: &Actor, case_id: &str, input: Closure) -> Result<()> {
        let (_, case_id) = self
            .case_to_change(actor, case_id, Permission::CloseCases)
            .await?;
        let reason = ClosureReason::parse(input.reason.trim())
            .ok_or_else(|| Invalid::one("/reason", "error-unknown-value"))?;
        let event = Event::CaseClosed(CaseClosed { case_id, reason });
        self.append_to_case(actor, case_id, Permission::CloseCases, vec![event])
            .await
    }
}
