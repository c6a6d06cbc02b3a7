//! Area assessments and area status: their projection and their reads.

use crate::db::{Arg, Row, Tx};
use crate::{Store, StoreError, Write};
use homeward_domain::events::{AreaAssessed, AreaStatusChanged};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRow {
    pub id: String,
    pub pcode: String,
    pub organisation_id: String,
    pub submitted_by: String,
    pub assessed_on: String,
    pub source_type: String,
    pub criteria_version: String,
    pub corrects: Option<String>,
    /// The findings as journaled (JSON).
    pub findings: String,
    pub submitted_at: String,
    pub seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub pcode: String,
    pub status: String,
    pub previous: Option<String>,
    pub reason: String,
    pub evidence_on: Option<String>,
    pub criteria_version: String,
    pub changed_at: String,
    pub seq: i64,
}

fn assessment(r: &Row) -> AssessmentRow {
    AssessmentRow {
        id: r[0].text(),
        pcode: r[1].text(),
        organisation_id: r[2].text(),
        submitted_by: r[3].text(),
        assessed_on: r[4].text(),
        source_type: r[5].text(),
        criteria_version: r[6].text(),
        corrects: r[7].opt_text(),
        findings: r[8].text(),
        submitted_at: r[9].text(),
        seq: r[10].int(),
    }
}

fn change(r: &Row) -> StatusRow {
    StatusRow {
        pcode: r[0].text(),
        status: r[1].text(),
        previous: r[2].opt_text(),
        reason: r[3].text(),
        evidence_on: r[4].opt_text(),
        criteria_version: r[5].text(),
        changed_at: r[6].text(),
        seq: r[7].int(),
    }
}

pub(crate) async fn apply_assessed(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    actor: &str,
    a: &AreaAssessed,
) -> Result<(), StoreError> {
    let (id, org) = (a.id.to_string(), a.organisation_id.to_string());
    let corrects = a.corrects.map(|c| c.to_string());
    let findings =
        serde_json::to_string(&a.findings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.execute(
        "INSERT INTO area_assessments (id, pcode, organisation_id, submitted_by, assessed_on, source_type, criteria_version, corrects, findings, submitted_at, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            Arg::Text(&id),
            Arg::Text(&a.pcode),
            Arg::Text(&org),
            Arg::Text(actor),
            Arg::Text(&a.assessed_on),
            Arg::Text(a.source_type.as_str()),
            Arg::Text(&a.criteria_version),
            Arg::OptText(corrects.as_deref()),
            Arg::Text(&findings),
            Arg::Text(at),
            Arg::Int(seq),
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn apply_status_changed(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    c: &AreaStatusChanged,
) -> Result<(), StoreError> {
    let previous = c.previous.map(|p| p.as_str());
    tx.execute(
        "INSERT INTO area_status_changes (seq, pcode, status, previous, reason, evidence_on, criteria_version, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            Arg::Int(seq),
            Arg::Text(&c.pcode),
            Arg::Text(c.status.as_str()),
            Arg::OptText(previous),
            Arg::Text(c.reason.as_str()),
            Arg::OptText(c.evidence_on.as_deref()),
            Arg::Text(&c.criteria_version),
            Arg::Text(at),
        ],
    )
    .await?;
    tx.execute(
        "DELETE FROM area_status WHERE pcode = $1",
        &[Arg::Text(&c.pcode)],
    )
    .await?;
    tx.execute(
        "INSERT INTO area_status (pcode, status, reason, evidence_on, criteria_version, changed_at, changed_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            Arg::Text(&c.pcode),
            Arg::Text(c.status.as_str()),
            Arg::Text(c.reason.as_str()),
            Arg::OptText(c.evidence_on.as_deref()),
            Arg::Text(&c.criteria_version),
            Arg::Text(at),
            Arg::Int(seq),
        ],
    )
    .await?;
    Ok(())
}

const ASSESSMENT_COLUMNS_BY_AREA: &str = "SELECT id, pcode, organisation_id, submitted_by, assessed_on, source_type, criteria_version, corrects, findings, submitted_at, seq FROM area_assessments WHERE pcode = $1 ORDER BY assessed_on DESC, seq DESC";

impl Write {
    /// An area's assessments, newest first, read inside the write so that the status computed
    /// from them is the status of what is committed.
    pub async fn area_assessments(
        &mut self,
        pcode: &str,
    ) -> Result<Vec<AssessmentRow>, StoreError> {
        let rows = self
            .tx
            .fetch(ASSESSMENT_COLUMNS_BY_AREA, &[Arg::Text(pcode)])
            .await?;
        Ok(rows.iter().map(assessment).collect())
    }

    /// The area's current status, read inside the write.
    pub async fn area_status(&mut self, pcode: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .tx
            .fetch_optional(
                "SELECT status FROM area_status WHERE pcode = $1",
                &[Arg::Text(pcode)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }
}

impl Store {
    pub async fn area_assessments(&self, pcode: &str) -> Result<Vec<AssessmentRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(ASSESSMENT_COLUMNS_BY_AREA, &[Arg::Text(pcode)])
            .await?;
        Ok(rows.iter().map(assessment).collect())
    }

    pub async fn area_assessment(&self, id: &str) -> Result<Option<AssessmentRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, pcode, organisation_id, submitted_by, assessed_on, source_type, criteria_version, corrects, findings, submitted_at, seq FROM area_assessments WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(assessment))
    }

    /// An area's status changes, newest first.
    pub async fn area_status_history(&self, pcode: &str) -> Result<Vec<StatusRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT pcode, status, previous, reason, evidence_on, criteria_version, changed_at, seq FROM area_status_changes WHERE pcode = $1 ORDER BY seq DESC LIMIT 500",
                &[Arg::Text(pcode)],
            )
            .await?;
        Ok(rows.iter().map(change).collect())
    }
}

/// One line of the status table: an area with its stored status, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaStatusLine {
    pub pcode: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
    pub status: Option<String>,
    pub evidence_on: Option<String>,
    pub changed_at: Option<String>,
}

fn line(r: &Row) -> AreaStatusLine {
    AreaStatusLine {
        pcode: r[0].text(),
        name: r[1].text(),
        level: r[2].text(),
        parent: r[3].opt_text(),
        status: r[4].opt_text(),
        evidence_on: r[5].opt_text(),
        changed_at: r[6].opt_text(),
    }
}

impl Store {
    /// Every area with at least one assessment, by P-code.
    pub async fn assessed_pcodes(&self) -> Result<Vec<String>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT DISTINCT pcode FROM area_assessments ORDER BY pcode",
                &[],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].text()).collect())
    }

    /// The stored status of each direct sub-area (`None`: never assessed).
    pub async fn child_statuses(&self, pcode: &str) -> Result<Vec<Option<String>>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT s.status FROM areas a LEFT JOIN area_status s ON s.pcode = a.pcode WHERE a.parent = $1 ORDER BY a.pcode",
                &[Arg::Text(pcode)],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].opt_text()).collect())
    }

    /// The areas directly under `parent` (countries when `None`) with their stored status.
    pub async fn area_lines_under(
        &self,
        parent: Option<&str>,
    ) -> Result<Vec<AreaStatusLine>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.pcode, a.name, a.level, a.parent, s.status, s.evidence_on, s.changed_at FROM areas a LEFT JOIN area_status s ON s.pcode = a.pcode \
                 WHERE ($1 IS NULL AND a.parent IS NULL) OR a.parent = $1 ORDER BY a.name, a.pcode LIMIT 1000",
                &[Arg::OptText(parent)],
            )
            .await?;
        Ok(rows.iter().map(line).collect())
    }

    /// For every area directly under `parent` (countries when `None`), the stored statuses of
    /// its own sub-areas, in one query: (area, status or `None` when never assessed).
    pub async fn grandchild_statuses(
        &self,
        parent: Option<&str>,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.parent, s.status FROM areas a LEFT JOIN area_status s ON s.pcode = a.pcode \
                 WHERE a.parent IN (SELECT pcode FROM areas WHERE ($1 IS NULL AND parent IS NULL) OR parent = $1) ORDER BY a.parent",
                &[Arg::OptText(parent)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r[0].text(), r[1].opt_text()))
            .collect())
    }

    /// Every area with its stored status, by P-code.
    pub async fn area_status_table(&self) -> Result<Vec<AreaStatusLine>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.pcode, a.name, a.level, a.parent, s.status, s.evidence_on, s.changed_at FROM areas a LEFT JOIN area_status s ON s.pcode = a.pcode ORDER BY a.pcode",
                &[],
            )
            .await?;
        Ok(rows.iter().map(line).collect())
    }
}

impl Store {
    /// Saves (replacing) an assessor's draft for an area.
    pub async fn put_assessment_draft(
        &self,
        user_id: &str,
        pcode: &str,
        body: &str,
        saved_at: &str,
    ) -> Result<(), StoreError> {
        // Two statements rather than an upsert: the same text must run on both engines.
        self.pool()
            .execute(
                "DELETE FROM assessment_drafts WHERE user_id = $1 AND pcode = $2",
                &[Arg::Text(user_id), Arg::Text(pcode)],
            )
            .await?;
        self.pool()
            .execute(
                "INSERT INTO assessment_drafts (user_id, pcode, body, saved_at) VALUES ($1, $2, $3, $4)",
                &[Arg::Text(user_id), Arg::Text(pcode), Arg::Text(body), Arg::Text(saved_at)],
            )
            .await?;
        Ok(())
    }

    /// The draft's body and when it was saved.
    pub async fn assessment_draft(
        &self,
        user_id: &str,
        pcode: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT body, saved_at FROM assessment_drafts WHERE user_id = $1 AND pcode = $2",
                &[Arg::Text(user_id), Arg::Text(pcode)],
            )
            .await?;
        Ok(row.map(|r| (r[0].text(), r[1].text())))
    }

    pub async fn delete_assessment_draft(
        &self,
        user_id: &str,
        pcode: &str,
    ) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM assessment_drafts WHERE user_id = $1 AND pcode = $2",
                &[Arg::Text(user_id), Arg::Text(pcode)],
            )
            .await?;
        Ok(())
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[
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
];
