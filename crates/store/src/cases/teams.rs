//! Teams and their members: the reads need-to-know decisions use (teams are projected with the
//! other case events, in [`super::projection`]).

use crate::db::Arg;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub members: Vec<String>,
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
}
