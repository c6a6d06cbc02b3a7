//! Teams: the groups of workers a case can be given to. A case worker reaches their team's cases.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::team;
use homeward_domain::events::{Event, TeamCreated, TeamMembership};
use homeward_domain::{Invalid, error, text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    pub name: String,
    /// Users of the same organisation who join the team at once, each once, at most
    /// `team::MAX_NEW_MEMBERS` (100).
    #[serde(default)]
    #[schema(max_items = 100)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMemberInput {
    pub user_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
}

impl App {
    /// The actor's organisation's teams.
    pub async fn teams(&self, actor: &Actor) -> Result<Vec<Team>> {
        policy::require(actor, Permission::ReadTeams)?;
        Ok(self
            .store
            .teams(&actor.organisation_id)
            .await?
            .into_iter()
            .map(|t| Team {
                id: t.id,
                name: t.name,
                members: t.members,
            })
            .collect())
    }

    pub async fn create_team(&self, actor: &Actor, new: NewTeam) -> Result<Team> {
        policy::require(actor, Permission::ManageTeams)?;
        // Each listed member is read from the store: bound the list before reading any.
        error::at_most("/members", new.members.len(), team::MAX_NEW_MEMBERS)?;
        let name = text::name("/name", &new.name)?;
        let mut members = Vec::with_capacity(new.members.len());
        for (i, user) in new.members.iter().enumerate() {
            let pointer = format!("/members/{i}");
            let id = self.member_of_organisation(actor, &pointer, user).await?;
            if members.contains(&id) {
                return Err(Invalid::one(pointer, "error-duplicate").into());
            }
            members.push(id);
        }
        let organisation_id =
            Uuid::parse_str(&actor.organisation_id).map_err(|_| AppError::NotFound)?;
        let id = Uuid::now_v7();
        let mut events = vec![Event::TeamCreated(TeamCreated {
            id,
            organisation_id,
            name: name.clone(),
        })];
        events.extend(members.iter().map(|user_id| {
            Event::TeamMemberAdded(TeamMembership {
                team_id: id,
                user_id: *user_id,
            })
        }));
        self.append(actor, events).await?;
        Ok(Team {
            id: id.to_string(),
            name,
            members: members.iter().map(Uuid::to_string).collect(),
        })
    }

    /// Adds (`join` true) or removes a member.
    pub async fn change_team_member(
        &self,
        actor: &Actor,
        team_id: &str,
        user_id: &str,
        join: bool,
    ) -> Result<()> {
        policy::require(actor, Permission::ManageTeams)?;
        let org = self
            .store
            .team_organisation(team_id)
            .await?
            .ok_or(AppError::NotFound)?;
        policy::within_organisation(actor, &org)?;
        let user = self
            .member_of_organisation(actor, "/user_id", user_id)
            .await?;
        let is_member = self.store.is_team_member(team_id, user_id).await?;
        let membership = TeamMembership {
            team_id: Uuid::parse_str(team_id).map_err(|_| AppError::NotFound)?,
            user_id: user,
        };
        let event = match (join, is_member) {
            (true, false) => Event::TeamMemberAdded(membership),
            (false, true) => Event::TeamMemberRemoved(membership),
            (true, true) => return Err(AppError::Conflict("already-member")),
            (false, false) => return Err(AppError::NotFound),
        };
        self.append(actor, vec![event]).await
    }

    /// A user id of the actor's organisation, or a field error at `pointer`.
    async fn member_of_organisation(
        &self,
        actor: &Actor,
        pointer: &str,
        user_id: &str,
    ) -> Result<Uuid> {
        let id = Uuid::parse_str(user_id.trim()).map_err(|_| Invalid::one(pointer, "error-id"))?;
        match self.store.user(&id.to_string()).await? {
            Some(u) if u.organisation_id == actor.organisation_id && u.active => Ok(id),
            _ => Err(Invalid::one(pointer, "error-unknown-user").into()),
        }
    }
}
