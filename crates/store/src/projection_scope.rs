//! Projections of the need-to-know events: teams, assignment, sensitivity, closure, data-sharing
//! agreements and consent. Called by [`crate::projection::apply`] for these events only.

use crate::StoreError;
use crate::db::{Arg, Tx};
use homeward_domain::events::Event;

pub(crate) async fn apply(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    event: &Event,
) -> Result<(), StoreError> {
    match event {
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
        Event::AgreementConcluded(a) => {
            let (id, provider, recipient) = (
                a.id.to_string(),
                a.provider_id.to_string(),
                a.recipient_id.to_string(),
            );
            let fields = a.fields.join(",");
            tx.execute(
                "INSERT INTO agreements (id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    Arg::Text(&id),
                    Arg::Text(&provider),
                    Arg::Text(&recipient),
                    Arg::Text(&a.purpose),
                    Arg::Text(&fields),
                    Arg::Text(a.legal_basis.as_str()),
                    Arg::Text(&a.valid_from),
                    Arg::Text(&a.expires_on),
                    Arg::Text(at),
                ],
            )
            .await?;
        }
        Event::AgreementRevoked(r) => {
            let id = r.agreement_id.to_string();
            tx.execute(
                "UPDATE agreements SET revoked_at = $1 WHERE id = $2",
                &[Arg::Text(at), Arg::Text(&id)],
            )
            .await?;
        }
        Event::ConsentGiven(c) => {
            let (id, person) = (c.id.to_string(), c.person_id.to_string());
            let party = c.party.map(|p| p.to_string());
            tx.execute(
                "INSERT INTO consents (id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, role, information_sheet, seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    Arg::Text(&id),
                    Arg::Text(&person),
                    Arg::Text(c.purpose.as_str()),
                    Arg::OptText(party.as_deref()),
                    Arg::Text(&c.language),
                    Arg::Text(c.method.as_str()),
                    Arg::Int(i64::from(c.interpreter)),
                    Arg::Text(&c.given_on),
                    Arg::Text(at),
                    Arg::Text(c.role.as_str()),
                    Arg::OptText(c.information_sheet.as_deref()),
                    Arg::Int(seq),
                ],
            )
            .await?;
        }
        Event::ConsentWithdrawn(w) => {
            let id = w.consent_id.to_string();
            tx.execute(
                "UPDATE consents SET withdrawn_at = $1, withdrawn_seq = $2 WHERE id = $3",
                &[Arg::Text(at), Arg::Int(seq), Arg::Text(&id)],
            )
            .await?;
        }
        // `projection::apply` sends only the events above here.
        other => {
            return Err(StoreError::Corrupt(format!(
                "{} is not a need-to-know event",
                other.kind()
            )));
        }
    }
    Ok(())
}
