//! What a work list is made of: open records (screenings due, indicators and holds to review)
//! and cases waiting at a step (approval, departure after cooling-off), within one user's scope.

use crate::cases::CaseScope;
use crate::db::Arg;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRecordRow {
    pub record_id: String,
    pub kind: String,
    pub recorded_on: String,
    pub case_id: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingCaseRow {
    pub case_id: String,
    pub reference: String,
    pub state: String,
    pub assigned_to: Option<String>,
    pub prepared_by: Option<String>,
    /// The latest active consent to return (own or guardian), YYYY-MM-DD.
    pub last_consent_on: Option<String>,
    /// A supervisor waived the cooling-off since the latest counselling (as the gate counts it).
    pub cooling_off_waived: bool,
}

fn open_record(r: &crate::db::Row) -> OpenRecordRow {
    OpenRecordRow {
        record_id: r[0].text(),
        kind: r[1].text(),
        recorded_on: r[2].text(),
        case_id: r[3].text(),
        reference: r[4].text(),
    }
}

/// The need-to-know filter on the case `c`, bound to `$2` (the user, NULL for the whole
/// organisation) and `$3` (1 when cases no team holds count): see [`CaseScope::args`].
macro_rules! in_scope {
    () => {
        "AND ($2 IS NULL OR c.assigned_to = $2 OR c.team_id IN (SELECT team_id FROM team_members WHERE user_id = $2) OR ($3 = 1 AND c.team_id IS NULL))"
    };
}

impl Store {
    /// Open records on open cases of the organisation within the scope, oldest first.
    pub async fn open_records(
        &self,
        organisation: &str,
        scope: &CaseScope,
    ) -> Result<Vec<OpenRecordRow>, StoreError> {
        let (member, unteamed) = scope.args();
        let rows = self
            .pool()
            .fetch(
                concat!("SELECT r.id, r.kind, r.recorded_on, c.id, c.reference FROM case_records r JOIN cases c ON c.id = r.case_id \
                 WHERE r.open = 1 AND c.closed_at IS NULL AND c.organisation_id = $1 \
                 ", in_scope!(), " \
                 ORDER BY r.recorded_on, r.seq"),
                &[Arg::Text(organisation), Arg::OptText(member), Arg::Int(unteamed)],
            )
            .await?;
        Ok(rows.iter().map(open_record).collect())
    }

    /// Screenings that flagged the child domain for a person who has no best-interests record
    /// yet, on open cases of the organisation within the scope, oldest first.
    pub async fn best_interests_due(
        &self,
        organisation: &str,
        scope: &CaseScope,
    ) -> Result<Vec<OpenRecordRow>, StoreError> {
        let (member, unteamed) = scope.args();
        let rows = self
            .pool()
            .fetch(
                concat!("SELECT r.id, r.kind, r.recorded_on, c.id, c.reference FROM case_records r JOIN cases c ON c.id = r.case_id \
                 WHERE r.child_flag = 1 AND c.closed_at IS NULL AND c.organisation_id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM case_records b WHERE b.case_id = r.case_id AND b.kind = 'best_interests' AND b.person_id = r.person_id) \
                 ", in_scope!(), " \
                 ORDER BY r.recorded_on, r.seq"),
                &[Arg::Text(organisation), Arg::OptText(member), Arg::Int(unteamed)],
            )
            .await?;
        Ok(rows.iter().map(open_record).collect())
    }

    /// Cases of the organisation within the scope that wait at `assessment` (for approval) or
    /// between approval and departure (for the cooling-off to end).
    pub async fn waiting_cases(
        &self,
        organisation: &str,
        scope: &CaseScope,
    ) -> Result<Vec<WaitingCaseRow>, StoreError> {
        let (member, unteamed) = scope.args();
        let rows = self
            .pool()
            .fetch(
                concat!("SELECT c.id, c.reference, c.state, c.assigned_to, c.prepared_by, \
                 (SELECT MAX(co.given_on) FROM consents co JOIN persons p ON p.id = co.person_id \
                  WHERE p.household_id = c.household_id AND co.purpose = 'return' AND co.role <> 'assent' AND co.withdrawn_at IS NULL), \
                 (SELECT COUNT(*) FROM case_records w WHERE w.case_id = c.id AND w.kind = 'cooling_off_waiver' \
                  AND w.seq > COALESCE((SELECT MAX(k.seq) FROM case_records k WHERE k.case_id = c.id AND k.kind = 'counselling'), 0)) \
                 FROM cases c WHERE c.state IN ('assessment', 'approved', 'travel_scheduled') AND c.organisation_id = $1 \
                 ", in_scope!(), " \
                 ORDER BY c.opened_seq"),
                &[Arg::Text(organisation), Arg::OptText(member), Arg::Int(unteamed)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| WaitingCaseRow {
                case_id: r[0].text(),
                reference: r[1].text(),
                state: r[2].text(),
                assigned_to: r[3].opt_text(),
                prepared_by: r[4].opt_text(),
                last_consent_on: r[5].opt_text(),
                cooling_off_waived: r[6].int() > 0,
            })
            .collect())
    }
}

/// A forced return's stored findings: one row per transition that carried any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForcedFindingsRow {
    pub case_id: String,
    /// JSON list of `FindingRecord`s.
    pub findings: String,
}

impl Store {
    /// The findings stored with the transitions of forced returns of the organisation within the
    /// scope (their alerts), for counting.
    pub async fn forced_return_findings(
        &self,
        organisation: &str,
        scope: &CaseScope,
    ) -> Result<(i64, Vec<ForcedFindingsRow>), StoreError> {
        let (member, unteamed) = scope.args();
        let cases = self
            .pool()
            .fetch_optional(
                concat!(
                    "SELECT COUNT(*) FROM cases c WHERE c.kind = 'forced_return' AND c.organisation_id = $1 ",
                    in_scope!()
                ),
                &[Arg::Text(organisation), Arg::OptText(member), Arg::Int(unteamed)],
            )
            .await?
            .map(|r| r[0].int())
            .unwrap_or(0);
        let rows = self
            .pool()
            .fetch(
                concat!(
                    "SELECT t.case_id, t.findings FROM case_transitions t JOIN cases c ON c.id = t.case_id \
                     WHERE c.kind = 'forced_return' AND c.organisation_id = $1 AND t.findings <> '[]' ",
                    in_scope!(),
                    " ORDER BY t.seq"
                ),
                &[Arg::Text(organisation), Arg::OptText(member), Arg::Int(unteamed)],
            )
            .await?;
        Ok((
            cases,
            rows.iter()
                .map(|r| ForcedFindingsRow {
                    case_id: r[0].text(),
                    findings: r[1].text(),
                })
                .collect(),
        ))
    }
}
