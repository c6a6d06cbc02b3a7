//! Transitions along the return road: commands that record who moved the case, when, why, and
//! under which rule-set version. A move onto the road is judged by the safeguard engine inside
//! the write, over the facts as they are at commit: a refusal changes nothing and says why.

use crate::cases::reads::facts as scope_facts;
use crate::lifecycle::safeguards::case_facts;
use crate::policy::{self, Permission, cases as scope};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::case::CaseState;
use homeward_domain::error::Errors;
use homeward_domain::events::{CaseTransitioned, Event, FindingRecord};
use homeward_domain::lifecycle::records::TransitionReason;
use homeward_domain::lifecycle::road::{self, Move};
use homeward_domain::lifecycle::safeguards::{self, Evaluation};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionInput {
    /// The state to move to: the next on the road, `counselling` (counsel again), `suspended`,
    /// `withdrawn`, or, from `suspended`, the state the case left.
    pub to: String,
    /// Required when suspending, withdrawing or counselling again: returnee_request,
    /// consent_withdrawn, safety_concern, destination_status_changed, medical_reasons,
    /// pending_decision, documents_missing, other.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A transition as the case's history keeps it.
pub use homeward_store::lifecycle::TransitionRow;

/// A transition made: the web layer translates its findings for the reader.
#[derive(Debug, Clone)]
pub struct Transition {
    pub from: CaseState,
    pub to: CaseState,
    pub step: Move,
    /// The evaluation stored with it: warnings, or a forced return's alerts. Empty of findings
    /// for moves off the road (suspending, withdrawing, counselling again).
    pub evaluation: Evaluation,
}

fn stored(evaluation: &Evaluation) -> Vec<FindingRecord> {
    evaluation
        .findings
        .iter()
        .map(|f| FindingRecord {
            rule: f.rule,
            severity: f.severity,
            person_id: f.person_id.as_deref().and_then(|p| Uuid::parse_str(p).ok()),
        })
        .collect()
}

impl App {
    /// Moves a case. Refused with the engine's findings (409) when a safeguard blocks the move;
    /// a forced return is never refused, its findings are stored as alerts.
    pub async fn transition_case(
        &self,
        actor: &Actor,
        case_id: &str,
        input: TransitionInput,
    ) -> Result<Transition> {
        policy::require(actor, Permission::MoveCases)?;
        let mut errors = Errors::default();
        let to = CaseState::parse(input.to.trim());
        if to.is_none() {
            errors.push("/to", "error-unknown-value");
        }
        let reason = match input.reason.as_deref().map(str::trim) {
            Some(r) => match TransitionReason::parse(r) {
                Some(reason) => Some(reason),
                None => {
                    errors.push("/reason", "error-unknown-value");
                    None
                }
            },
            None => None,
        };
        errors.into_result()?;
        let Some(to) = to else {
            // `errors` held the unknown state; this is never reached.
            return Err(homeward_domain::Invalid::one("/to", "error-unknown-value").into());
        };
        if to == CaseState::Approved {
            policy::require(actor, Permission::ApproveReturns)?;
        }
        let case_uuid = Uuid::parse_str(case_id.trim()).map_err(|_| AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        let (actor, author) = (actor.clone(), crate::author_of(Some(actor)));
        let rules = self.safeguards.clone();
        let max_age_days = self.criteria.max_age_days;
        let today = crate::clock::today();
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let file = w
                        .case_file(&case_uuid.to_string())
                        .await?
                        .ok_or(AppError::NotFound)?;
                    scope::change(
                        &actor,
                        &teams,
                        &scope_facts(&file.case),
                        Permission::MoveCases,
                    )?;
                    let from = CaseState::parse(&file.case.state)
                        .ok_or(AppError::Conflict("case-state-unreadable"))?;
                    let suspended_from = file.suspended_from.as_deref().and_then(CaseState::parse);
                    let step = road::step(from, to, suspended_from)
                        .map_err(|e| AppError::Conflict(e.code()))?;
                    if matches!(step, Move::Suspend | Move::Withdraw | Move::Recounsel)
                        && reason.is_none()
                    {
                        return Err(
                            homeward_domain::Invalid::one("/reason", "error-required").into()
                        );
                    }
                    if to == CaseState::Approved {
                        let preparers: Vec<&str> = [
                            file.case.assigned_to.as_deref(),
                            file.prepared_by.as_deref(),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        if !safeguards::four_eyes(&actor.user_id, &preparers) {
                            return Err(AppError::Forbidden);
                        }
                    }
                    // Moves onto the road are judged; suspending, withdrawing and counselling again
                    // never need permission from the engine. A forced return's findings are
                    // alerts, which never block.
                    let evaluation = if matches!(step, Move::Forward | Move::Resume) {
                        safeguards::evaluate(&rules, &case_facts(&file, today, max_age_days)?, to)
                    } else {
                        Evaluation {
                            version: rules.version.clone(),
                            target: to,
                            findings: Vec::new(),
                        }
                    };
                    if evaluation.blocked() {
                        return Err(AppError::Blocked(Box::new(evaluation)));
                    }
                    let event = CaseTransitioned {
                        case_id: case_uuid,
                        from,
                        to,
                        step,
                        reason,
                        rules_version: evaluation.version.clone(),
                        findings: stored(&evaluation),
                    };
                    w.append(&author, &Event::CaseTransitioned(event)).await?;
                    Ok::<_, AppError>(Transition {
                        from,
                        to,
                        step,
                        evaluation,
                    })
                })
            })
            .await
    }
}

impl App {
    /// The case's transitions, oldest first, for whoever reaches the case.
    pub async fn case_transitions(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> Result<Vec<TransitionRow>> {
        policy::require(actor, Permission::ReadCases)?;
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        if !scope::reaches(actor, &teams, &scope_facts(&row)) {
            return Err(AppError::NotFound);
        }
        Ok(self.store.case_transitions(case_id).await?)
    }
}
