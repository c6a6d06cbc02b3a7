//! The return lifecycle's projections: case records (counselling, coercion indicators,
//! screenings, risk and best-interests assessments, holds, waivers, removal decisions), the
//! transitions with the rule-set version that allowed each, and the case file the safeguard
//! engine reads — inside a write, so the gate judges exactly what it commits after.

use crate::cases::reads::{CaseRow, case_columns};
use crate::db::{Arg, Pool, Row, Tx};
use crate::{Store, StoreError, Write};
use homeward_domain::cases::case::CaseState;
use homeward_domain::events::Event;
use homeward_domain::lifecycle::road::Move;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecordRow {
    pub id: String,
    pub case_id: String,
    pub person_id: Option<String>,
    pub kind: String,
    /// YYYY-MM-DD: the day the session, screening or decision took place.
    pub recorded_on: String,
    pub seq: i64,
    /// The record's codes and flags as JSON (`homeward_domain::lifecycle::records::CaseRecord`).
    pub data: String,
    pub note: Option<String>,
    pub note_key: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub open: bool,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_by_record: Option<String>,
    pub resolution_note: Option<String>,
    pub resolution_note_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub from_state: String,
    pub to_state: String,
    pub step: String,
    pub reason: Option<String>,
    pub rules_version: String,
    /// JSON list of `FindingRecord`s.
    pub findings: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub id: String,
    pub relationship: String,
    pub age_band: String,
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFacts {
    pub id: String,
    pub person_id: String,
    pub purpose: String,
    pub role: String,
    pub language: String,
    pub interpreter: bool,
    pub given_on: String,
    pub seq: i64,
    /// When it was withdrawn: the time stamp and journal position of the withdrawal.
    pub withdrawn: Option<(String, i64)>,
}

/// Everything the safeguard engine reads about one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    pub case: CaseRow,
    pub suspended_from: Option<String>,
    pub prepared_by: Option<String>,
    pub members: Vec<MemberFacts>,
    pub consents: Vec<ConsentFacts>,
    pub records: Vec<CaseRecordRow>,
    /// The destination's status as last computed; `None` when it was never assessed.
    pub destination_status: Option<String>,
    /// YYYY-MM-DD of the newest evidence behind that status.
    pub destination_evidence_on: Option<String>,
    /// When the case last went back to counselling: time stamp and journal position.
    pub restarted: Option<(String, i64)>,
}

fn record(r: &Row) -> CaseRecordRow {
    CaseRecordRow {
        id: r[0].text(),
        case_id: r[1].text(),
        person_id: r[2].opt_text(),
        kind: r[3].text(),
        recorded_on: r[4].text(),
        seq: r[5].int(),
        data: r[6].text(),
        note: r[7].opt_text(),
        note_key: r[8].opt_text(),
        recorded_by: r[9].text(),
        recorded_at: r[10].text(),
        open: r[11].int() != 0,
        resolved_at: r[12].opt_text(),
        resolved_by: r[13].opt_text(),
        resolved_by_record: r[14].opt_text(),
        resolution_note: r[15].opt_text(),
        resolution_note_key: r[16].opt_text(),
    }
}

/// Reads through a pool or inside a write, so that one query text serves both.
enum Reader<'a> {
    Pool(&'a Pool),
    Tx(&'a mut Tx),
}

impl Reader<'_> {
    async fn fetch(&mut self, sql: &'static str, args: &[Arg<'_>]) -> Result<Vec<Row>, StoreError> {
        Ok(match self {
            Reader::Pool(p) => p.fetch(sql, args).await?,
            Reader::Tx(t) => t.fetch(sql, args).await?,
        })
    }
}

const CASE_FILE_CASE: &str = "SELECT id, number, reference, kind, state, household_id, organisation_id, host_country, origin_country, destination_area, assigned_to, opened_at, opened_seq, team_id, sensitivity, closed_at, closure_reason, suspended_from, prepared_by FROM cases WHERE id = $1";

async fn case_file(r: &mut Reader<'_>, case_id: &str) -> Result<Option<CaseFile>, StoreError> {
    let Some(row) = r
        .fetch(CASE_FILE_CASE, &[Arg::Text(case_id)])
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let case = case_columns(&row);
    let members = r
        .fetch(
            "SELECT id, relationship, age_band, languages FROM persons \
             WHERE household_id = $1 ORDER BY position",
            &[Arg::Text(&case.household_id)],
        )
        .await?
        .iter()
        .map(|m| MemberFacts {
            id: m[0].text(),
            relationship: m[1].text(),
            age_band: m[2].text(),
            languages: crate::db::split_list(&m[3].text()),
        })
        .collect();
    let consents = r
        .fetch(
            "SELECT c.id, c.person_id, c.purpose, c.role, c.language, c.interpreter, c.given_on, c.seq, c.withdrawn_at, c.withdrawn_seq \
             FROM consents c JOIN persons p ON p.id = c.person_id WHERE p.household_id = $1 ORDER BY c.seq",
            &[Arg::Text(&case.household_id)],
        )
        .await?
        .iter()
        .map(|c| ConsentFacts {
            id: c[0].text(),
            person_id: c[1].text(),
            purpose: c[2].text(),
            role: c[3].text(),
            language: c[4].text(),
            interpreter: c[5].int() != 0,
            given_on: c[6].text(),
            seq: c[7].int(),
            withdrawn: c[8].opt_text().map(|at| (at, c[9].int())),
        })
        .collect();
    let records = r
        .fetch(
            "SELECT id, case_id, person_id, kind, recorded_on, seq, data, note, note_key, recorded_by, recorded_at, open, resolved_at, resolved_by, resolved_by_record, resolution_note, resolution_note_key FROM case_records WHERE case_id = $1 ORDER BY seq",
            &[Arg::Text(case_id)],
        )
        .await?
        .iter()
        .map(record)
        .collect();
    let destination = r
        .fetch(
            "SELECT status, evidence_on FROM area_status WHERE pcode = $1",
            &[Arg::Text(&case.destination_area)],
        )
        .await?;
    let (destination_status, destination_evidence_on) = match destination.first() {
        Some(row) => (Some(row[0].text()), row[1].opt_text()),
        None => (None, None),
    };
    let restarted = r
        .fetch(
            "SELECT at, seq FROM case_transitions WHERE case_id = $1 AND step = 'recounsel' \
             ORDER BY seq DESC LIMIT 1",
            &[Arg::Text(case_id)],
        )
        .await?
        .first()
        .map(|t| (t[0].text(), t[1].int()));
    Ok(Some(CaseFile {
        restarted,
        suspended_from: row[17].opt_text(),
        prepared_by: row[18].opt_text(),
        case,
        members,
        consents,
        records,
        destination_status,
        destination_evidence_on,
    }))
}

impl Write {
    /// The case file, read inside the write that will act on it.
    pub async fn case_file(&mut self, case_id: &str) -> Result<Option<CaseFile>, StoreError> {
        case_file(&mut Reader::Tx(&mut self.tx), case_id).await
    }
}

impl Store {
    pub async fn case_file(&self, case_id: &str) -> Result<Option<CaseFile>, StoreError> {
        case_file(&mut Reader::Pool(self.pool()), case_id).await
    }

    pub async fn age_band_of_person(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT age_band FROM persons WHERE id = $1",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }

    pub async fn case_record(&self, id: &str) -> Result<Option<CaseRecordRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, case_id, person_id, kind, recorded_on, seq, data, note, note_key, recorded_by, recorded_at, open, resolved_at, resolved_by, resolved_by_record, resolution_note, resolution_note_key FROM case_records WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(record))
    }

    /// The case's transitions, oldest first.
    pub async fn case_transitions(&self, case_id: &str) -> Result<Vec<TransitionRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT seq, at, actor, from_state, to_state, step, reason, rules_version, findings \
                 FROM case_transitions WHERE case_id = $1 ORDER BY seq",
                &[Arg::Text(case_id)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| TransitionRow {
                seq: r[0].int(),
                at: r[1].text(),
                actor: r[2].text(),
                from_state: r[3].text(),
                to_state: r[4].text(),
                step: r[5].text(),
                reason: r[6].opt_text(),
                rules_version: r[7].text(),
                findings: r[8].text(),
            })
            .collect())
    }
}

pub(crate) async fn apply(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    actor: &str,
    event: &Event,
) -> Result<(), StoreError> {
    match event {
        Event::CaseTransitioned(t) => {
            let case_id = t.case_id.to_string();
            let findings = serde_json::to_string(&t.findings).unwrap_or_default();
            tx.execute(
                "INSERT INTO case_transitions (seq, case_id, at, actor, from_state, to_state, step, reason, rules_version, findings) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    Arg::Int(seq),
                    Arg::Text(&case_id),
                    Arg::Text(at),
                    Arg::Text(actor),
                    Arg::Text(t.from.as_str()),
                    Arg::Text(t.to.as_str()),
                    Arg::Text(t.step.as_str()),
                    Arg::OptText(t.reason.map(|r| r.as_str())),
                    Arg::Text(&t.rules_version),
                    Arg::Text(&findings),
                ],
            )
            .await?;
            let suspended_from = (t.to == CaseState::Suspended).then(|| t.from.as_str());
            // Whoever puts the case forward for approval prepared it; resuming a suspended case
            // into `assessment` prepares nothing (four eyes must still see the first preparer).
            let prepared_by =
                (t.to == CaseState::Assessment && t.step == Move::Forward).then_some(actor);
            tx.execute(
                "UPDATE cases SET state = $1, suspended_from = $2, prepared_by = COALESCE($3, prepared_by) WHERE id = $4",
                &[
                    Arg::Text(t.to.as_str()),
                    Arg::OptText(suspended_from),
                    Arg::OptText(prepared_by),
                    Arg::Text(&case_id),
                ],
            )
            .await?;
        }
        Event::CaseRecorded(r) => {
            let (id, case_id) = (r.id.to_string(), r.case_id.to_string());
            let person = r.person_id.map(|p| p.to_string());
            let key = r.note_key.map(|k| k.to_string());
            let data = serde_json::to_string(&r.record).unwrap_or_default();
            tx.execute(
                "INSERT INTO case_records (id, case_id, person_id, kind, recorded_on, seq, data, note, note_key, recorded_by, recorded_at, open, child_flag) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                &[
                    Arg::Text(&id),
                    Arg::Text(&case_id),
                    Arg::OptText(person.as_deref()),
                    Arg::Text(r.record.type_name()),
                    Arg::Text(&r.on),
                    Arg::Int(seq),
                    Arg::Text(&data),
                    Arg::OptText(r.note.as_deref()),
                    Arg::OptText(key.as_deref()),
                    Arg::Text(actor),
                    Arg::Text(at),
                    Arg::Int(i64::from(r.record.opens())),
                    Arg::Int(i64::from(r.record.flags_child())),
                ],
            )
            .await?;
        }
        Event::CaseRecordResolved(r) => {
            let id = r.id.to_string();
            let by = r.by_record.map(|b| b.to_string());
            let key = r.note_key.map(|k| k.to_string());
            tx.execute(
                "UPDATE case_records SET open = 0, resolved_at = $1, resolved_by = $2, resolved_by_record = $3, \
                 resolution_note = $4, resolution_note_key = $5 WHERE id = $6",
                &[
                    Arg::Text(at),
                    Arg::Text(actor),
                    Arg::OptText(by.as_deref()),
                    Arg::OptText(r.note.as_deref()),
                    Arg::OptText(key.as_deref()),
                    Arg::Text(&id),
                ],
            )
            .await?;
        }
        other => {
            return Err(StoreError::Corrupt(format!(
                "{} is not a lifecycle event",
                other.kind()
            )));
        }
    }
    Ok(())
}

/// Notes sealed under an erased person's key can never be opened again; dropping them keeps
/// them out of backups made from here on, as with the person's own fields.
pub(crate) async fn erase_notes(tx: &mut Tx, person_id: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE case_records SET note = NULL WHERE note_key = $1",
        &[Arg::Text(person_id)],
    )
    .await?;
    tx.execute(
        "UPDATE case_records SET resolution_note = NULL WHERE resolution_note_key = $1",
        &[Arg::Text(person_id)],
    )
    .await?;
    Ok(())
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[
    (
        "case_records",
        "SELECT id, case_id, person_id, kind, recorded_on, seq, data, note, note_key, recorded_by, recorded_at, open, child_flag, resolved_at, resolved_by, resolved_by_record, resolution_note, resolution_note_key FROM case_records ORDER BY id",
    ),
    (
        "case_transitions",
        "SELECT seq, case_id, at, actor, from_state, to_state, step, reason, rules_version, findings FROM case_transitions ORDER BY seq",
    ),
];
