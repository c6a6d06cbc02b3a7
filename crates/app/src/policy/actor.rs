//! The actor: who a request runs for, as the policy sees it.

use super::Permission;
use homeward_domain::accounts::roles::Role;

/// How the request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A sign-in session, with its public id and whether it passed a second factor.
    Session { id: String, second_factor: bool },
    /// An API token, with its id.
    ApiToken { id: String },
}

/// The signed-in user on whose behalf a service runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Why this request reads personal data; recorded in the access log with every read.
    pub purpose: &'static str,
    /// The permissions an API token is limited to; `None` for a session.
    pub scopes: Option<Vec<Permission>>,
    /// The user must enrol a second factor before anything else (see [`policy::require`]).
    pub enrolment_required: bool,
    pub credential: Credential,
}

impl Actor {
    /// The same actor, declaring another purpose (one of [`crate::policy::PURPOSES`]).
    pub fn with_purpose(
        mut self,
        purpose: &str,
    ) -> std::result::Result<Actor, homeward_domain::Invalid> {
        self.purpose = crate::policy::purpose(purpose)
            .ok_or_else(|| homeward_domain::Invalid::one("/purpose", "error-unknown-value"))?;
        Ok(self)
    }

    /// The session's public id, when the actor came with a session.
    pub fn session_id(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { id, .. } => Some(id),
            Credential::ApiToken { .. } => None,
        }
    }
}
