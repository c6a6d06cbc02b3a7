//! Each user's open tasks: follow-up screenings due, best-interests procedures a child flag
//! opened, coercion indicators and holds to review,
//! approvals waiting, and cooling-off periods ending. Built from the cases the user reaches and
//! the permissions they hold: a case worker is not shown approvals, and a supervisor is not
//! shown the approval of a case they prepared (four eyes).

use crate::policy::{self, Permission, cases as scope};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::person;
use homeward_domain::lifecycle::safeguards;
use serde::Serialize;
use time::Date;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct WorkItem {
    /// screening_due, best_interests_due, indicator_to_review, hold_to_review, approval_waiting,
    /// cooling_off_ending.
    pub task: String,
    pub case_id: String,
    pub reference: String,
    /// The record the task is about, when one.
    pub record_id: Option<String>,
    /// YYYY-MM-DD the task is due (or the day the waiting began).
    pub due_on: String,
    pub overdue: bool,
}

/// How far ahead the list shows a cooling-off that is ending.
const COOLING_OFF_HORIZON_DAYS: i64 = 3;

fn item(
    task: &str,
    case_id: &str,
    reference: &str,
    record: Option<&str>,
    due: Date,
    today: Date,
) -> WorkItem {
    WorkItem {
        task: task.to_owned(),
        case_id: case_id.to_owned(),
        reference: reference.to_owned(),
        record_id: record.map(str::to_owned),
        due_on: due.to_string(),
        overdue: due < today,
    }
}

impl App {
    /// The actor's open tasks, the most urgent first.
    pub async fn work_list(&self, actor: &Actor) -> Result<Vec<WorkItem>> {
        let reach = scope::list_scope(actor)?;
        let today = crate::clock::today();
        let rules = &self.safeguards;
        let mut out = Vec::new();
        let date = |raw: &str| person::date("", raw).ok();
        let review = policy::may(actor, Permission::ReviewSafeguards);
        let record = policy::may(actor, Permission::RecordSafeguards);
        for r in self
            .store
            .open_records(&actor.organisation_id, &reach)
            .await?
        {
            let Some(on) = date(&r.recorded_on) else {
                continue;
            };
            let task = match r.kind.as_str() {
                "vulnerability_screening" if record => {
                    let due = on + time::Duration::days(i64::from(rules.follow_up_screening_days));
                    Some(("screening_due", due))
                }
                "coercion_indicator" if review => Some(("indicator_to_review", on)),
                "hold" if review => Some(("hold_to_review", on)),
                _ => None,
            };
            if let Some((task, due)) = task {
                out.push(item(
                    task,
                    &r.case_id,
                    &r.reference,
                    Some(&r.record_id),
                    due,
                    today,
                ));
            }
        }
        if record {
            for r in self
                .store
                .best_interests_due(&actor.organisation_id, &reach)
                .await?
            {
                if let Some(on) = date(&r.recorded_on) {
                    let due = on + time::Duration::days(i64::from(rules.follow_up_screening_days));
                    out.push(item(
                        "best_interests_due",
                        &r.case_id,
                        &r.reference,
                        Some(&r.record_id),
                        due,
                        today,
                    ));
                }
            }
        }
        let approve = policy::may(actor, Permission::ApproveReturns);
        let moves = policy::may(actor, Permission::MoveCases);
        for c in self
            .store
            .waiting_cases(&actor.organisation_id, &reach)
            .await?
        {
            let preparers: Vec<&str> = [c.assigned_to.as_deref(), c.prepared_by.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let four_eyes = safeguards::four_eyes(&actor.user_id, &preparers);
            if c.state == "assessment" && approve && four_eyes {
                out.push(item(
                    "approval_waiting",
                    &c.case_id,
                    &c.reference,
                    None,
                    today,
                    today,
                ));
                continue;
            }
            let consent = c.last_consent_on.as_deref().and_then(date);
            if c.state != "assessment"
                && moves
                && !c.cooling_off_waived
                && let Some(consent) = consent
            {
                let ends = consent + time::Duration::days(i64::from(rules.cooling_off_days));
                if ends >= today && ends <= today + time::Duration::days(COOLING_OFF_HORIZON_DAYS) {
                    out.push(item(
                        "cooling_off_ending",
                        &c.case_id,
                        &c.reference,
                        None,
                        ends,
                        today,
                    ));
                }
            }
        }
        out.sort_by(|a, b| {
            (a.due_on.as_str(), &a.reference).cmp(&(b.due_on.as_str(), &b.reference))
        });
        Ok(out)
    }
}

/// Forced returns are monitored, not managed: their rights alerts, counted for monitors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ForcedReturnAlerts {
    /// Forced returns the reader reaches.
    pub cases: i64,
    /// Per rule, the forced returns that moved with its alert at least once, most first.
    pub alerts: Vec<AlertCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AlertCount {
    pub rule: String,
    pub cases: usize,
}

impl App {
    /// How many forced returns moved with each alert (children's best interests, detention, an
    /// unsafe or unassessed destination, a pending appeal, …). Counts only: no names.
    pub async fn forced_return_alerts(&self, actor: &Actor) -> Result<ForcedReturnAlerts> {
        let reach = scope::list_scope(actor)?;
        let (cases, rows) = self
            .store
            .forced_return_findings(&actor.organisation_id, &reach)
            .await?;
        let mut by_rule: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            std::collections::BTreeMap::new();
        for row in rows {
            let findings: Vec<homeward_domain::events::FindingRecord> =
                serde_json::from_str(&row.findings).map_err(|_| {
                    AppError::Store(homeward_store::StoreError::Corrupt(
                        "transition findings".into(),
                    ))
                })?;
            for f in findings {
                by_rule
                    .entry(f.rule.as_str().to_owned())
                    .or_default()
                    .insert(row.case_id.clone());
            }
        }
        let mut alerts: Vec<AlertCount> = by_rule
            .into_iter()
            .map(|(rule, cases)| AlertCount {
                rule,
                cases: cases.len(),
            })
            .collect();
        alerts.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.rule.cmp(&b.rule)));
        Ok(ForcedReturnAlerts { cases, alerts })
    }
}
