//! Read models: every query the application layer needs, by name.

use crate::db::{Arg, Row};
use crate::{Store, StoreError};
use homeward_domain::journal::chain::Entry;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub password_hash: Option<String>,
    /// False once the user was deactivated.
    pub active: bool,
    /// Whether the user has a confirmed second factor.
    pub second_factor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRow {
    pub pcode: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

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

pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn user(r: &Row) -> UserRow {
    UserRow {
        id: r[0].text(),
        organisation_id: r[1].text(),
        email: r[2].text(),
        display_name: r[3].text(),
        roles: split_list(&r[4].text()),
        password_hash: r[5].opt_text(),
        active: r[6].int() != 0,
        second_factor: r[7].int() != 0,
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

fn area(r: &Row) -> AreaRow {
    AreaRow {
        pcode: r[0].text(),
        name: r[1].text(),
        level: r[2].text(),
        parent: r[3].opt_text(),
    }
}

impl crate::Write {
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
    pub async fn organisations(&self) -> Result<Vec<OrganisationRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, name, country FROM organisations ORDER BY name",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| OrganisationRow {
                id: r[0].text(),
                name: r[1].text(),
                country: r[2].text(),
            })
            .collect())
    }

    pub async fn organisation(&self, id: &str) -> Result<Option<OrganisationRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, name, country FROM organisations WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.map(|r| OrganisationRow {
            id: r[0].text(),
            name: r[1].text(),
            country: r[2].text(),
        }))
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional("SELECT u.id, u.organisation_id, u.email, u.display_name, u.roles, c.password_hash, u.active, u.second_factor FROM users u LEFT JOIN credentials c ON c.user_id = u.id WHERE u.email = $1", &[Arg::Text(email)])
            .await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn user(&self, id: &str) -> Result<Option<UserRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional("SELECT u.id, u.organisation_id, u.email, u.display_name, u.roles, c.password_hash, u.active, u.second_factor FROM users u LEFT JOIN credentials c ON c.user_id = u.id WHERE u.id = $1", &[Arg::Text(id)])
            .await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn users_of(&self, organisation_id: &str) -> Result<Vec<UserRow>, StoreError> {
        let rows = self
            .pool()
            .fetch("SELECT u.id, u.organisation_id, u.email, u.display_name, u.roles, NULL, u.active, u.second_factor FROM users u WHERE u.organisation_id = $1 ORDER BY u.email", &[Arg::Text(organisation_id)])
            .await?;
        Ok(rows.iter().map(user).collect())
    }

    pub async fn area(&self, pcode: &str) -> Result<Option<AreaRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT pcode, name, level, parent FROM areas WHERE pcode = $1",
                &[Arg::Text(pcode)],
            )
            .await?;
        Ok(row.as_ref().map(area))
    }

    /// The areas directly under `parent`, or the countries when `parent` is `None`.
    pub async fn areas_under(&self, parent: Option<&str>) -> Result<Vec<AreaRow>, StoreError> {
        let rows = match parent {
            Some(p) => self.pool().fetch("SELECT pcode, name, level, parent FROM areas WHERE parent = $1 ORDER BY pcode", &[Arg::Text(p)]).await?,
            None => self.pool().fetch("SELECT pcode, name, level, parent FROM areas WHERE parent IS NULL ORDER BY pcode", &[]).await?,
        };
        Ok(rows.iter().map(area).collect())
    }

    /// Every area whose level is `level`, in P-code order (for pickers).
    pub async fn areas_at_level(&self, level: &str) -> Result<Vec<AreaRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT pcode, name, level, parent FROM areas WHERE level = $1 ORDER BY pcode",
                &[Arg::Text(level)],
            )
            .await?;
        Ok(rows.iter().map(area).collect())
    }

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

    pub async fn wrapped_person_key(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT wrapped FROM person_keys WHERE person_id = $1",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }

    /// Journal entries about one subject, oldest first.
    pub async fn history(&self, subject: &str) -> Result<Vec<Entry>, StoreError> {
        let rows = self
            .pool()
            .fetch("SELECT seq, at, actor, organisation, kind, subject, payload, prev_hash, hash FROM journal WHERE subject = $1 ORDER BY seq", &[Arg::Text(subject)])
            .await?;
        Ok(rows.iter().map(crate::verify::entry).collect())
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

/// One read of a person's data, from the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub organisation: String,
    pub kind: String,
    pub subject: String,
    pub purpose: String,
}

impl Store {
    /// The reads of one person's data, newest first (at most `limit`).
    pub async fn access_history(
        &self,
        person_id: &str,
        limit: i64,
    ) -> Result<Vec<AccessRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.seq, a.at, a.actor, a.organisation, a.kind, a.subject, a.payload FROM access_log_persons p JOIN access_log a ON a.seq = p.seq \
                 WHERE p.person_id = $1 ORDER BY a.seq DESC LIMIT $2",
                &[Arg::Text(person_id), Arg::Int(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| AccessRow {
                seq: r[0].int(),
                at: r[1].text(),
                actor: r[2].text(),
                organisation: r[3].text(),
                kind: r[4].text(),
                subject: r[5].text(),
                purpose: serde_json::from_str::<serde_json::Value>(&r[6].text())
                    .ok()
                    .and_then(|v| v["purpose"].as_str().map(str::to_owned))
                    .unwrap_or_default(),
            })
            .collect())
    }
}

/// A break-glass grant, for the data-protection officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassRow {
    pub id: String,
    pub user_id: String,
    pub case_id: String,
    pub justification: String,
    pub opened_at: String,
    pub expires_at: String,
}

impl Store {
    /// Whether `user_id` holds a break-glass grant on `case_id` that has not expired at `now`.
    pub async fn break_glass_active(
        &self,
        user_id: &str,
        case_id: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        let row = self
            .pool()
            .fetch_optional("SELECT id FROM break_glass WHERE user_id = $1 AND case_id = $2 AND expires_at > $3 LIMIT 1", &[Arg::Text(user_id), Arg::Text(case_id), Arg::Text(now)])
            .await?;
        Ok(row.is_some())
    }

    /// Grants opened on the cases of one organisation, newest first (at most 500).
    pub async fn break_glass_on(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<BreakGlassRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, user_id, case_id, justification, opened_at, expires_at FROM break_glass WHERE organisation_id = $1 ORDER BY opened_at DESC LIMIT 500",
                &[Arg::Text(organisation_id)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| BreakGlassRow {
                id: r[0].text(),
                user_id: r[1].text(),
                case_id: r[2].text(),
                justification: r[3].text(),
                opened_at: r[4].text(),
                expires_at: r[5].text(),
            })
            .collect())
    }
}
