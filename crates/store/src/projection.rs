//! How each event changes the queryable tables: every event goes to the projection of the
//! capability it belongs to. Replaying every event through [`apply`] in journal order rebuilds the
//! projections exactly; `audit verify` checks that it does, table by table.

use crate::db::Tx;
use crate::{StoreError, accounts, cases, conditions, journal, lifecycle, privacy};
use homeward_domain::events::Event;

/// Every projected table with its canonical listing query, capability by capability.
pub(crate) const TABLES: &[&[(&str, &str)]] = &[
    accounts::users::TABLES,
    conditions::areas::TABLES,
    cases::projection::TABLES,
    privacy::break_glass::TABLES,
    conditions::assessments::TABLES,
    conditions::boundaries::TABLES,
    privacy::sharing::TABLES,
    privacy::subject_requests::TABLES,
    lifecycle::case_file::TABLES,
    journal::keys::TABLES,
];

pub(crate) async fn apply(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    actor: &str,
    event: &Event,
) -> Result<(), StoreError> {
    match event {
        Event::OrganisationCreated(_)
        | Event::UserCreated(_)
        | Event::UserDeactivated(_)
        | Event::UserSecondFactorEnrolled(_)
        | Event::UserSecondFactorReset(_)
        | Event::UserPasswordSet(_) => accounts::users::apply(tx, event).await?,
        Event::AreaImported(a) => conditions::areas::apply_imported(tx, a).await?,
        Event::HouseholdRegistered(_)
        | Event::CaseOpened(_)
        | Event::TeamCreated(_)
        | Event::TeamMemberAdded(_)
        | Event::TeamMemberRemoved(_)
        | Event::CaseAssigned(_)
        | Event::CaseSensitivitySet(_)
        | Event::CaseClosed(_) => cases::projection::apply(tx, seq, at, event).await?,
        Event::BreakGlassOpened(b) => privacy::break_glass::apply_opened(tx, at, b).await?,
        Event::PersonErased(p) => privacy::keys::apply_erased(tx, at, p).await?,
        Event::AgreementConcluded(_)
        | Event::AgreementRevoked(_)
        | Event::ConsentGiven(_)
        | Event::ConsentWithdrawn(_) => privacy::sharing::apply(tx, seq, at, event).await?,
        Event::PersonCorrected(_)
        | Event::SubjectRequestReceived(_)
        | Event::SubjectRequestExtended(_)
        | Event::SubjectRequestExported(_)
        | Event::SubjectRequestCompleted(_)
        | Event::SubjectRequestRefused(_) => {
            privacy::subject_requests::apply(tx, at, event).await?
        }
        Event::AreaAssessed(a) => {
            conditions::assessments::apply_assessed(tx, seq, at, actor, a).await?
        }
        Event::AreaStatusChanged(c) => {
            conditions::assessments::apply_status_changed(tx, seq, at, c).await?
        }
        Event::CaseTransitioned(_) | Event::CaseRecorded(_) | Event::CaseRecordResolved(_) => {
            lifecycle::case_file::apply(tx, seq, at, actor, event).await?
        }
        Event::AreaBoundarySet(b) => conditions::boundaries::apply_boundary_set(tx, seq, b).await?,
        Event::NodeKeyRotated(r) => journal::keys::apply_rotated(tx, seq, r).await?,
    }
    Ok(())
}
