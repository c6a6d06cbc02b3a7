//! Reads of households, persons and cases: one case, a scoped list, a household's members, counts.

use crate::db::{Arg, Row, split_list};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: String,
    pub number: i64,
    pub reference: String,
    pub kind: String,
    pub state: String,
    pub household_id: String,
    pub organisation_id: String,
    pub host_country: String,
    pub origin_country: String,
    pub destination_area: String,
    pub assigned_to: Option<String>,
    pub opened_at: String,
    pub opened_seq: i64,
    pub team_id: Option<String>,
    /// Sensitivity markers (`child_protection`, `gbv`, `trafficking`).
    pub sensitivity: Vec<String>,
    pub closed_at: Option<String>,
    pub closure_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: String,
    pub household_id: String,
    pub relationship: String,
    pub sex: String,
    pub age_band: String,
    pub nationality: Option<String>,
    pub languages: Vec<String>,
    /// JSON map of field → ciphertext; `None` once the person is erased.
    pub sealed: Option<String>,
    pub erased_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub cases: i64,
    pub households: i64,
    pub persons: i64,
    pub areas: i64,
    pub journal: i64,
}

/// Which of an organisation's cases a case list shows: the policy decides, the query obeys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    All,
    /// Cases assigned to this user or to one of their teams.
    AssignedOrTeam(String),
    /// Cases of this user's teams, their own, and cases no team holds yet.
    TeamsAndUnteamed(String),
}

impl CaseScope {
    /// The scope as SQL parameters: the user whose assignments and teams count (`None` for the
    /// whole organisation), and 1 when cases no team holds count too.
    pub(crate) fn args(&self) -> (Option<&str>, i64) {
        match self {
            CaseScope::All => (None, 0),
            CaseScope::AssignedOrTeam(user) => (Some(user.as_str()), 0),
            CaseScope::TeamsAndUnteamed(user) => (Some(user.as_str()), 1),
        }
    }
}

pub(crate) fn case_columns(r: &Row) -> CaseRow {
    CaseRow {
        id: r[0].text(),
        number: r[1].int(),
        reference: r[2].text(),
        kind: r[3].text(),
        state: r[4].text(),
        household_id: r[5].text(),
        organisation_id: r[6].text(),
        host_country: r[7].text(),
        origin_country: r[8].text(),
        destination_area: r[9].text(),
        assigned_to: r[10].opt_text(),
        opened_at: r[11].text(),
        opened_seq: r[12].int(),
        team_id: r[13].opt_text(),
        sensitivity: split_list(&r[14].text()),
        closed_at: r[15].opt_text(),
        closure_reason: r[16].opt_text(),
    }
}

impl crate::Write {
    /// The next case number, counted within the node.
    pub async fn next_case_number(&mut self) -> Result<i64, StoreError> {
        let row = self
            .tx
            .fetch_optional("SELECT COALESCE(MAX(number), 0) FROM cases", &[])
            .await?;
        Ok(row.map(|r| r[0].int()).unwrap_or(0) + 1)
    }

    /// A case as the write transaction sees it, so a command can re-check what it decided on
    /// (scope, closure) where no other write can change it any more.
    pub async fn case(&mut self, id: &str) -> Result<Option<CaseRow>, StoreError> {
        let row = self
            .tx
            .fetch_optional(
                "SELECT id, number, reference, kind, state, household_id, organisation_id, host_country, origin_country, destination_area, assigned_to, opened_at, opened_seq, team_id, sensitivity, closed_at, closure_reason FROM cases WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(case_columns))
    }
}

impl Store {
    pub async fn case(&self, id: &str) -> Result<Option<CaseRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, number, reference, kind, state, household_id, organisation_id, host_country, origin_country, destination_area, assigned_to, opened_at, opened_seq, team_id, sensitivity, closed_at, closure_reason FROM cases WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(case_columns))
    }

    /// Cases newest first. `organisation` limits to one organisation; `reference_prefix` (already
    /// validated to hold no wildcard characters) matches the start of the reference;
    /// `before_seq` is the pagination cursor; `scope` narrows to what one user may see.
    pub async fn cases(
        &self,
        organisation: Option<&str>,
        reference_prefix: Option<&str>,
        before_seq: Option<i64>,
        limit: i64,
        scope: &CaseScope,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let (member, unteamed) = scope.args();
        let prefix = reference_prefix.map(|p| format!("{p}%"));
        let rows = self
            .pool()
            .fetch(
                "SELECT id, number, reference, kind, state, household_id, organisation_id, host_country, origin_country, destination_area, assigned_to, opened_at, opened_seq, team_id, sensitivity, closed_at, closure_reason FROM cases \
                 WHERE ($1 IS NULL OR organisation_id = $1) AND ($2 IS NULL OR reference LIKE $2) AND opened_seq < $3 \
                 AND ($5 IS NULL OR assigned_to = $5 OR team_id IN (SELECT team_id FROM team_members WHERE user_id = $5) OR ($6 = 1 AND team_id IS NULL)) \
                 ORDER BY opened_seq DESC LIMIT $4",
                &[Arg::OptText(organisation), Arg::OptText(prefix.as_deref()), Arg::Int(before_seq.unwrap_or(i64::MAX)), Arg::Int(limit), Arg::OptText(member), Arg::Int(unteamed)],
            )
            .await?;
        Ok(rows.iter().map(case_columns).collect())
    }

    pub async fn persons_of_household(
        &self,
        household_id: &str,
    ) -> Result<Vec<PersonRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, household_id, relationship, sex, age_band, nationality, languages, sealed, erased_at FROM persons WHERE household_id = $1 ORDER BY position",
                &[Arg::Text(household_id)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| PersonRow {
                id: r[0].text(),
                household_id: r[1].text(),
                relationship: r[2].text(),
                sex: r[3].text(),
                age_band: r[4].text(),
                nationality: r[5].opt_text(),
                languages: split_list(&r[6].text()),
                sealed: r[7].opt_text(),
                erased_at: r[8].opt_text(),
            })
            .collect())
    }

    /// The household a person belongs to.
    /// The case opened for a person's household, with the person's erasure time.
    pub async fn case_of_person(
        &self,
        person_id: &str,
    ) -> Result<Option<(CaseRow, Option<String>)>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT c.id, c.number, c.reference, c.kind, c.state, c.household_id, c.organisation_id, c.host_country, c.origin_country, c.destination_area, c.assigned_to, c.opened_at, c.opened_seq, c.team_id, c.sensitivity, c.closed_at, c.closure_reason, p.erased_at \
                 FROM persons p JOIN cases c ON c.household_id = p.household_id WHERE p.id = $1",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(row.map(|r| (case_columns(&r), r[17].opt_text())))
    }

    pub async fn household_of_person(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT household_id FROM persons WHERE id = $1",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }

    pub async fn household_organisation(
        &self,
        household_id: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT organisation_id FROM households WHERE id = $1",
                &[Arg::Text(household_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }

    /// Counts for the dashboard, for one organisation or the whole node.
    pub async fn counts(&self, organisation: Option<&str>) -> Result<Counts, StoreError> {
        let org = [Arg::OptText(organisation)];
        let one = |r: Option<Row>| r.map(|r| r[0].int()).unwrap_or(0);
        Ok(Counts {
            cases: one(self.pool().fetch_optional("SELECT COUNT(*) FROM cases WHERE ($1 IS NULL OR organisation_id = $1)", &org).await?),
            households: one(self.pool().fetch_optional("SELECT COUNT(*) FROM households WHERE ($1 IS NULL OR organisation_id = $1)", &org).await?),
            persons: one(
                self.pool()
                    .fetch_optional("SELECT COUNT(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE ($1 IS NULL OR h.organisation_id = $1)", &org)
                    .await?,
            ),
            areas: one(self.pool().fetch_optional("SELECT COUNT(*) FROM areas", &[]).await?),
            journal: one(self.pool().fetch_optional("SELECT COUNT(*) FROM journal", &[]).await?),
        })
    }

    /// Persons by sex and age band: the statistics that survive erasure.
    pub async fn persons_by_sex_and_age(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = self.pool().fetch("SELECT sex, age_band, COUNT(*) FROM persons GROUP BY sex, age_band ORDER BY sex, age_band", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| (r[0].text(), r[1].text(), r[2].int()))
            .collect())
    }
}

impl Store {}
