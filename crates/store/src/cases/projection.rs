//! How the events of households, cases and teams change the tables: registration, opening,
//! teams, assignment, sensitivity and closure.

use crate::StoreError;
use crate::db::{Arg, Tx};
use homeward_domain::events::Event;

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[
    (
        "households",
        "SELECT id, organisation_id, registered_at FROM households ORDER BY id",
    ),
    (
        "persons",
        "SELECT id, household_id, position, relationship, sex, age_band, nationality, languages, sealed, erased_at FROM persons ORDER BY id",
    ),
    (
        "cases",
        "SELECT id, number, reference, kind, state, household_id, organisation_id, host_country, origin_country, destination_area, assigned_to, opened_at, opened_seq, team_id, sensitivity, closed_at, closure_reason, suspended_from, prepared_by FROM cases ORDER BY id",
    ),
    (
        "teams",
        "SELECT id, organisation_id, name FROM teams ORDER BY id",
    ),
    (
        "team_members",
        "SELECT team_id, user_id FROM team_members ORDER BY team_id, user_id",
    ),
];

fn case_number(reference: &str) -> Result<i64, StoreError> {
    reference
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("case reference {reference:?} has no number")))
}

pub(crate) async fn apply(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    event: &Event,
) -> Result<(), StoreError> {
    match event {
        Event::HouseholdRegistered(h) => {
            let (id, org) = (h.id.to_string(), h.organisation_id.to_string());
            tx.execute(
                "INSERT INTO households (id, organisation_id, registered_at) VALUES ($1, $2, $3)",
                &[Arg::Text(&id), Arg::Text(&org), Arg::Text(at)],
            )
            .await?;
            for (position, m) in h.members.iter().enumerate() {
                let pid = m.id.to_string();
                let languages = m.languages.join(",");
                let sealed = serde_json::to_string(&m.sealed)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                tx.execute(
                    "INSERT INTO persons (id, household_id, position, relationship, sex, age_band, nationality, languages, sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    &[
                        Arg::Text(&pid),
                        Arg::Text(&id),
                        Arg::Int(position as i64),
                        Arg::Text(m.relationship.as_str()),
                        Arg::Text(m.sex.as_str()),
                        Arg::Text(m.age_band.as_str()),
                        Arg::OptText(m.nationality.as_deref()),
                        Arg::Text(&languages),
                        Arg::Text(&sealed),
                    ],
                )
                .await?;
            }
        }
        Event::CaseOpened(c) => {
            let (id, hh, org) = (
                c.id.to_string(),
                c.household_id.to_string(),
                c.organisation_id.to_string(),
            );
            let assigned = c.assigned_to.map(|u| u.to_string());
            let team = c.team_id.map(|t| t.to_string());
            tx.execute(
                "INSERT INTO cases (id, number, reference, kind, state, household_id, organisation_id, host_country, origin_country, destination_area, assigned_to, opened_at, opened_seq, team_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                &[
                    Arg::Text(&id),
                    Arg::Int(case_number(&c.reference)?),
                    Arg::Text(&c.reference),
                    Arg::Text(c.kind.as_str()),
                    Arg::Text(c.state.as_str()),
                    Arg::Text(&hh),
                    Arg::Text(&org),
                    Arg::Text(&c.host_country),
                    Arg::Text(&c.origin_country),
                    Arg::Text(&c.destination_area),
                    Arg::OptText(assigned.as_deref()),
                    Arg::Text(at),
                    Arg::Int(seq),
                    Arg::OptText(team.as_deref()),
                ],
            )
            .await?;
        }
        Event::TeamCreated(t) => {
            let (id, org) = (t.id.to_string(), t.organisation_id.to_string());
            tx.execute(
                "INSERT INTO teams (id, organisation_id, name) VALUES ($1, $2, $3)",
                &[Arg::Text(&id), Arg::Text(&org), Arg::Text(&t.name)],
            )
            .await?;
        }
        Event::TeamMemberAdded(m) => {
            let (team, user) = (m.team_id.to_string(), m.user_id.to_string());
            tx.execute(
                "INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)",
                &[Arg::Text(&team), Arg::Text(&user)],
            )
            .await?;
        }
        Event::TeamMemberRemoved(m) => {
            let (team, user) = (m.team_id.to_string(), m.user_id.to_string());
            tx.execute(
                "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2",
                &[Arg::Text(&team), Arg::Text(&user)],
            )
            .await?;
        }
        Event::CaseAssigned(a) => {
            let id = a.case_id.to_string();
            let user = a.assigned_to.map(|u| u.to_string());
            let team = a.team_id.map(|t| t.to_string());
            tx.execute(
                "UPDATE cases SET assigned_to = $1, team_id = $2 WHERE id = $3",
                &[
                    Arg::OptText(user.as_deref()),
                    Arg::OptText(team.as_deref()),
                    Arg::Text(&id),
                ],
            )
            .await?;
        }
        Event::CaseSensitivitySet(s) => {
            let id = s.case_id.to_string();
            let markers = s
                .markers
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(",");
            tx.execute(
                "UPDATE cases SET sensitivity = $1 WHERE id = $2",
                &[Arg::Text(&markers), Arg::Text(&id)],
            )
            .await?;
        }
        Event::CaseClosed(c) => {
            let id = c.case_id.to_string();
            tx.execute(
                "UPDATE cases SET state = 'closed', closed_at = $1, closure_reason = $2 WHERE id = $3",
                &[Arg::Text(at), Arg::Text(c.reason.as_str()), Arg::Text(&id)],
            )
            .await?;
        }
        other => {
            return Err(StoreError::Corrupt(format!(
                "{} is not a case event",
                other.kind()
            )));
        }
    }
    Ok(())
}
