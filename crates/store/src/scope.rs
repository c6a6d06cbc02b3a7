//! Reads the policy needs to decide need-to-know: a user's teams, data-sharing agreements and
//! consent.

use crate::db::{Arg, Row};
use crate::queries::split_list;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRow {
    pub id: String,
    pub provider_id: String,
    pub recipient_id: String,
    pub purpose: String,
    pub fields: Vec<String>,
    pub legal_basis: String,
    pub valid_from: String,
    pub expires_on: String,
    pub concluded_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRow {
    pub id: String,
    pub person_id: String,
    pub purpose: String,
    pub party: Option<String>,
    pub language: String,
    pub method: String,
    pub interpreter: bool,
    pub given_on: String,
    pub recorded_at: String,
    pub withdrawn_at: Option<String>,
    /// own, assent, guardian.
    pub role: String,
    pub information_sheet: Option<String>,
}

fn agreement(r: &Row) -> AgreementRow {
    AgreementRow {
        id: r[0].text(),
        provider_id: r[1].text(),
        recipient_id: r[2].text(),
        purpose: r[3].text(),
        fields: split_list(&r[4].text()),
        legal_basis: r[5].text(),
        valid_from: r[6].text(),
        expires_on: r[7].text(),
        concluded_at: r[8].text(),
        revoked_at: r[9].opt_text(),
    }
}

fn consent(r: &Row) -> ConsentRow {
    ConsentRow {
        id: r[0].text(),
        person_id: r[1].text(),
        purpose: r[2].text(),
        party: r[3].opt_text(),
        language: r[4].text(),
        method: r[5].text(),
        interpreter: r[6].int() != 0,
        given_on: r[7].text(),
        recorded_at: r[8].text(),
        withdrawn_at: r[9].opt_text(),
        role: r[10].text(),
        information_sheet: r[11].opt_text(),
    }
}

impl Store {
    /// The ids of the teams a user belongs to.
    pub async fn teams_of_user(&self, user_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].text()).collect())
    }

    /// An organisation's teams with their members, by name.
    pub async fn teams(&self, organisation_id: &str) -> Result<Vec<TeamRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT t.id, t.organisation_id, t.name, m.user_id FROM teams t LEFT JOIN team_members m ON m.team_id = t.id \
                 WHERE t.organisation_id = $1 ORDER BY t.name, t.id, m.user_id",
                &[Arg::Text(organisation_id)],
            )
            .await?;
        let mut teams: Vec<TeamRow> = Vec::new();
        for r in &rows {
            let id = r[0].text();
            if teams.last().is_none_or(|t| t.id != id) {
                teams.push(TeamRow {
                    id,
                    organisation_id: r[1].text(),
                    name: r[2].text(),
                    members: Vec::new(),
                });
            }
            if let (Some(team), Some(member)) = (teams.last_mut(), r[3].opt_text()) {
                team.members.push(member);
            }
        }
        Ok(teams)
    }

    /// A team's organisation, if the team exists.
    pub async fn team_organisation(&self, team_id: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT organisation_id FROM teams WHERE id = $1",
                &[Arg::Text(team_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }

    pub async fn is_team_member(&self, team_id: &str, user_id: &str) -> Result<bool, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT user_id FROM team_members WHERE team_id = $1 AND user_id = $2",
                &[Arg::Text(team_id), Arg::Text(user_id)],
            )
            .await?;
        Ok(row.is_some())
    }

    /// Agreements under which `recipient` may read `provider`'s cases for `purpose` on `today`
    /// (YYYY-MM-DD): concluded, not revoked, within their dates.
    pub async fn live_agreements(
        &self,
        provider: &str,
        recipient: &str,
        purpose: &str,
        today: &str,
    ) -> Result<Vec<AgreementRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements \
                 WHERE provider_id = $1 AND recipient_id = $2 AND purpose = $3 AND revoked_at IS NULL AND valid_from <= $4 AND expires_on >= $4 ORDER BY id",
                &[Arg::Text(provider), Arg::Text(recipient), Arg::Text(purpose), Arg::Text(today)],
            )
            .await?;
        Ok(rows.iter().map(agreement).collect())
    }

    /// Agreements an organisation is a party to, newest first.
    pub async fn agreements_of(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<AgreementRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements \
                 WHERE provider_id = $1 OR recipient_id = $1 ORDER BY concluded_at DESC, id LIMIT 500",
                &[Arg::Text(organisation_id)],
            )
            .await?;
        Ok(rows.iter().map(agreement).collect())
    }

    pub async fn agreement(&self, id: &str) -> Result<Option<AgreementRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(agreement))
    }

    /// A person's consents, oldest first, withdrawn ones included.
    pub async fn consents_of_person(&self, person_id: &str) -> Result<Vec<ConsentRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, withdrawn_at, role, information_sheet FROM consents \
                 WHERE person_id = $1 ORDER BY recorded_at, id",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(rows.iter().map(consent).collect())
    }

    pub async fn consent(&self, id: &str) -> Result<Option<ConsentRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, withdrawn_at, role, information_sheet FROM consents WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(consent))
    }

    /// The members of a household who consent, now, to their data being shared with `party`.
    pub async fn sharing_consents(
        &self,
        household_id: &str,
        party: &str,
    ) -> Result<Vec<String>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT DISTINCT c.person_id FROM consents c JOIN persons p ON p.id = c.person_id \
                 WHERE p.household_id = $1 AND c.purpose = 'data_sharing' AND c.party = $2 AND c.withdrawn_at IS NULL ORDER BY c.person_id",
                &[Arg::Text(household_id), Arg::Text(party)],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].text()).collect())
    }
}
