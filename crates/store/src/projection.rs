//! How each event changes the queryable tables. Replaying every event through [`apply`] in
//! journal order rebuilds the projections exactly; `verify` checks that it does.

use crate::StoreError;
use crate::db::{Arg, Tx};
use homeward_domain::events::Event;

/// The projection tables and the canonical query that lists each one, used to compare a live
/// database with a replay.
pub(crate) const TABLES: &[(&str, &str)] = &[
    (
        "organisations",
        "SELECT id, name, country FROM organisations ORDER BY id",
    ),
    (
        "users",
        "SELECT id, organisation_id, email, display_name, roles, active, second_factor FROM users ORDER BY id",
    ),
    (
        "areas",
        "SELECT pcode, name, level, parent FROM areas ORDER BY pcode",
    ),
    (
        "households",
        "SELECT id, organisation_id, registered_at FROM households ORDER BY id",
    ),
    (
        "persons",
        "SELECT id, household_id, position, relationship, sex, age_band, nationality, languages, sealed, erased_at FROM persons ORDER BY id",
    ),
    (
        "break_glass",
        "SELECT id, user_id, case_id, organisation_id, justification, opened_at, expires_at FROM break_glass ORDER BY id",
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
        "area_assessments",
        "SELECT id, pcode, organisation_id, submitted_by, assessed_on, source_type, criteria_version, corrects, findings, submitted_at, seq FROM area_assessments ORDER BY id",
    ),
    (
        "area_status",
        "SELECT pcode, status, reason, evidence_on, criteria_version, changed_at, changed_seq FROM area_status ORDER BY pcode",
    ),
    (
        "area_status_changes",
        "SELECT seq, pcode, status, previous, reason, evidence_on, criteria_version, changed_at FROM area_status_changes ORDER BY seq",
    ),
    (
        "area_boundaries",
        "SELECT pcode, polygons, set_seq FROM area_boundaries ORDER BY pcode",
    ),
    (
        "team_members",
        "SELECT team_id, user_id FROM team_members ORDER BY team_id, user_id",
    ),
    (
        "agreements",
        "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements ORDER BY id",
    ),
    (
        "consents",
        "SELECT id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, withdrawn_at, role, information_sheet, seq, withdrawn_seq FROM consents ORDER BY id",
    ),
    (
        "subject_requests",
        "SELECT id, organisation_id, person_id, kind, received_on, deadline, status, extension_reason, outcome, handled_by, logged_at, exported_at, closed_at FROM subject_requests ORDER BY id",
    ),
    (
        "case_records",
        "SELECT id, case_id, person_id, kind, recorded_on, seq, data, note, note_key, recorded_by, recorded_at, open, child_flag, resolved_at, resolved_by, resolved_by_record, resolution_note, resolution_note_key FROM case_records ORDER BY id",
    ),
    (
        "case_transitions",
        "SELECT seq, case_id, at, actor, from_state, to_state, step, reason, rules_version, findings FROM case_transitions ORDER BY seq",
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
    actor: &str,
    event: &Event,
) -> Result<(), StoreError> {
    match event {
        Event::OrganisationCreated(o) => {
            let id = o.id.to_string();
            tx.execute(
                "INSERT INTO organisations (id, name, country) VALUES ($1, $2, $3)",
                &[Arg::Text(&id), Arg::Text(&o.name), Arg::Text(&o.country)],
            )
            .await?;
        }
        Event::UserCreated(u) => {
            let (id, org) = (u.id.to_string(), u.organisation_id.to_string());
            let roles = u
                .roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(",");
            tx.execute(
                "INSERT INTO users (id, organisation_id, email, display_name, roles) VALUES ($1, $2, $3, $4, $5)",
                &[Arg::Text(&id), Arg::Text(&org), Arg::Text(&u.email), Arg::Text(&u.display_name), Arg::Text(&roles)],
            )
            .await?;
        }
        Event::UserDeactivated(u) => {
            let id = u.user_id.to_string();
            tx.execute(
                "UPDATE users SET active = 0 WHERE id = $1",
                &[Arg::Text(&id)],
            )
            .await?;
        }
        Event::UserSecondFactorEnrolled(u) | Event::UserSecondFactorReset(u) => {
            let id = u.user_id.to_string();
            let on = i64::from(matches!(event, Event::UserSecondFactorEnrolled(_)));
            tx.execute(
                "UPDATE users SET second_factor = $1 WHERE id = $2",
                &[Arg::Int(on), Arg::Text(&id)],
            )
            .await?;
        }
        // Credentials are operational state; the event is the accountable record of the change.
        Event::UserPasswordSet(_) => {}
        Event::AreaImported(a) => {
            tx.execute(
                "INSERT INTO areas (pcode, name, level, parent) VALUES ($1, $2, $3, $4)",
                &[
                    Arg::Text(&a.pcode),
                    Arg::Text(&a.name),
                    Arg::Text(a.level.as_str()),
                    Arg::OptText(a.parent.as_deref()),
                ],
            )
            .await?;
        }
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
        Event::BreakGlassOpened(b) => {
            let (id, user, case) = (
                b.id.to_string(),
                b.user_id.to_string(),
                b.case_id.to_string(),
            );
            tx.execute(
                "INSERT INTO break_glass (id, user_id, case_id, organisation_id, justification, opened_at, expires_at) \
                 SELECT $1, $2, id, organisation_id, $4, $5, $6 FROM cases WHERE id = $3",
                &[Arg::Text(&id), Arg::Text(&user), Arg::Text(&case), Arg::Text(&b.justification), Arg::Text(at), Arg::Text(&b.expires_at)],
            )
            .await?;
        }
        Event::PersonErased(p) => {
            let id = p.person_id.to_string();
            // The ciphertext is unreadable once the key is gone; dropping it from the projection
            // also keeps it out of backups made from here on.
            tx.execute(
                "UPDATE persons SET sealed = NULL, erased_at = $1 WHERE id = $2",
                &[Arg::Text(at), Arg::Text(&id)],
            )
            .await?;
            crate::lifecycle::erase_notes(tx, &id).await?;
        }
        Event::TeamCreated(_)
        | Event::TeamMemberAdded(_)
        | Event::TeamMemberRemoved(_)
        | Event::CaseAssigned(_)
        | Event::CaseSensitivitySet(_)
        | Event::CaseClosed(_)
        | Event::AgreementConcluded(_)
        | Event::AgreementRevoked(_)
        | Event::ConsentGiven(_)
        | Event::ConsentWithdrawn(_) => crate::projection_scope::apply(tx, seq, at, event).await?,
        Event::PersonCorrected(_)
        | Event::SubjectRequestReceived(_)
        | Event::SubjectRequestExtended(_)
        | Event::SubjectRequestExported(_)
        | Event::SubjectRequestCompleted(_)
        | Event::SubjectRequestRefused(_) => {
            crate::subject_requests::apply(tx, at, event).await?;
        }
        Event::AreaAssessed(a) => crate::conditions::apply_assessed(tx, seq, at, actor, a).await?,
        Event::AreaStatusChanged(c) => {
            crate::conditions::apply_status_changed(tx, seq, at, c).await?
        }
        Event::CaseTransitioned(_) | Event::CaseRecorded(_) | Event::CaseRecordResolved(_) => {
            crate::lifecycle::apply(tx, seq, at, actor, event).await?
        }
        Event::AreaBoundarySet(b) => crate::boundaries::apply_boundary_set(tx, seq, b).await?,
    }
    Ok(())
}
