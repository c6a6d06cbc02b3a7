//! Organisations and their users.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::accounts::roles::Role;
use homeward_domain::error::Errors;
use homeward_domain::events::{Event, OrganisationCreated, UserCreated, UserRef};
use homeward_domain::text;
use homeward_store::Author;
use homeward_store::accounts::{OrganisationRow, UserRow};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Who is asking for an administrative change: a signed-in administrator, or the node's operator
/// at the command line (who already holds the machine and its keys).
pub enum Admin<'a> {
    User(&'a Actor),
    Operator,
}

impl Admin<'_> {
    pub(crate) fn require(&self, permission: Permission) -> Result<()> {
        match self {
            Admin::User(a) => policy::require(a, permission),
            Admin::Operator => Ok(()),
        }
    }

    pub(crate) fn author(&self) -> Author {
        match self {
            Admin::User(a) => crate::author_of(Some(a)),
            Admin::Operator => crate::author_of(None),
        }
    }
}

/// A user the operator creates at the command line, with the first password they chose (read
/// from standard input; DESIGN.md: `homeward user add`).
pub struct NewUser<'a> {
    pub organisation_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: &'a [String],
    pub password: &'a str,
}

/// A new user's fields as given.
pub struct NewUserFields<'a> {
    pub organisation_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: &'a [String],
}

/// A new user's fields, checked: what [`App::prepare_user`] answers.
pub(crate) struct PreparedUser {
    pub(crate) event: UserCreated,
    pub(crate) row: UserRow,
    pub(crate) author: Author,
    /// The hash of the first password, when one was given.
    pub(crate) hash: Option<String>,
}

impl App {
    pub async fn create_organisation(
        &self,
        who: Admin<'_>,
        name: &str,
        country: &str,
    ) -> Result<OrganisationRow> {
        who.require(Permission::ManageUsers)?;
        let mut errors = Errors::default();
        let name = errors.check(text::name("/name", name));
        let country = errors.check(text::country("/country", country));
        errors.into_result()?;
        let (Some(name), Some(country)) = (name, country) else {
            return Err(AppError::Conflict("validation"));
        };
        let id = Uuid::now_v7();
        let author = who.author();
        let event = Event::OrganisationCreated(OrganisationCreated {
            id,
            name: name.clone(),
            country: country.clone(),
        });
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &event).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        Ok(OrganisationRow {
            id: id.to_string(),
            name,
            country,
        })
    }

    /// Finds an organisation by exact name (for the command line).
    pub async fn organisation_named(&self, name: &str) -> Result<Option<OrganisationRow>> {
        Ok(self
            .store
            .organisations()
            .await?
            .into_iter()
            .find(|o| o.name == name || o.id == name))
    }

    /// Creates a user with a first password: the operator's path (`homeward user add`, the demo,
    /// benchmarks). An administrator never chooses another person's password; they invite the
    /// user with an enrolment link instead ([`App::invite_user`]).
    pub async fn create_user(&self, who: Admin<'_>, new: NewUser<'_>) -> Result<UserRow> {
        if matches!(who, Admin::User(_)) {
            return Err(AppError::Forbidden);
        }
        let fields = NewUserFields {
            organisation_id: new.organisation_id,
            email: new.email,
            display_name: new.display_name,
            roles: new.roles,
        };
        let prepared = self.prepare_user(&who, fields, Some(new.password)).await?;
        let PreparedUser {
            event,
            row,
            author,
            hash,
        } = prepared;
        let Some(hash) = hash else {
            return Err(AppError::Conflict("validation"));
        };
        let id = event.id;
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &Event::UserCreated(event)).await?;
                    w.append(&author, &Event::UserPasswordSet(UserRef { user_id: id }))
                        .await?;
                    w.put_password_hash(&id.to_string(), &hash).await?;
                    Ok::<_, homeward_store::StoreError>(())
                })
            })
            .await
            .map_err(|e| match e {
                homeward_store::StoreError::Conflict => AppError::Conflict("email-taken"),
                other => other.into(),
            })?;
        Ok(row)
    }

    /// Checks a new user's fields (and first password, if any) as a whole, before anything is
    /// written: every error is reported at once with its pointer.
    pub(crate) async fn prepare_user(
        &self,
        who: &Admin<'_>,
        new: NewUserFields<'_>,
        password: Option<&str>,
    ) -> Result<PreparedUser> {
        who.require(Permission::ManageUsers)?;
        if let Admin::User(a) = who {
            policy::within_organisation(a, new.organisation_id)?;
        }
        let mut errors = Errors::default();
        let email = errors.check(text::email("/email", new.email));
        let display_name = errors.check(text::name("/display_name", new.display_name));
        let mut roles = Vec::new();
        let listed: &[String] = if errors.within("/roles", new.roles.len(), Role::ALL.len()) {
            new.roles
        } else {
            &[]
        };
        for (i, r) in listed.iter().enumerate() {
            match Role::parse(r) {
                Some(role) if roles.contains(&role) => {
                    errors.push(format!("/roles/{i}"), "error-duplicate")
                }
                Some(role) => roles.push(role),
                None => errors.push(format!("/roles/{i}"), "error-unknown-value"),
            }
        }
        if new.roles.is_empty() {
            errors.push("/roles", "error-required");
        }
        let hash = match password {
            Some(p) => errors.check(self.check_password(p).map_err(|e| match e {
                AppError::Invalid(i) => i,
                _ => homeward_domain::Invalid::one("/password", "error-password-too-short"),
            })),
            None => None,
        };
        let org = self.store.organisation(new.organisation_id).await?;
        if org.is_none() {
            errors.push("/organisation", "error-unknown-organisation");
        }
        errors.into_result()?;
        let (Some(email), Some(display_name)) = (email, display_name) else {
            return Err(AppError::Conflict("validation"));
        };
        if self.store.user_by_email(&email).await?.is_some() {
            return Err(homeward_domain::Invalid::one("/email", "error-email-taken").into());
        }
        let id = Uuid::now_v7();
        let organisation_id =
            Uuid::parse_str(new.organisation_id).map_err(|_| AppError::NotFound)?;
        Ok(PreparedUser {
            row: UserRow {
                id: id.to_string(),
                organisation_id: new.organisation_id.to_owned(),
                email: email.clone(),
                display_name: display_name.clone(),
                roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
                password_hash: None,
                active: true,
                second_factor: false,
            },
            event: UserCreated {
                id,
                organisation_id,
                email,
                display_name,
                roles,
            },
            author: who.author(),
            hash,
        })
    }

    /// Deactivates a user: they can no longer sign in; their sessions, tokens, known devices and
    /// enrolment link end at once. The user stays in the journal and in every record they made.
    pub async fn deactivate_user(&self, who: Admin<'_>, user_id: &str) -> Result<()> {
        who.require(Permission::ManageUsers)?;
        let user = self.store.user(user_id).await?.ok_or(AppError::NotFound)?;
        if let Admin::User(a) = &who {
            policy::within_organisation(a, &user.organisation_id)?;
            if a.user_id == user.id {
                return Err(AppError::Conflict("cannot-deactivate-self"));
            }
        }
        if !user.active {
            return Err(AppError::Conflict("already-deactivated"));
        }
        let id = Uuid::parse_str(&user.id).map_err(|_| AppError::NotFound)?;
        let author = who.author();
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &Event::UserDeactivated(UserRef { user_id: id }))
                        .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.store.delete_sessions_of(&user.id).await?;
        self.store.delete_api_tokens_of(&user.id).await?;
        self.store.delete_known_devices_of(&user.id).await?;
        self.store.delete_enrolment_link_of(&user.id).await?;
        Ok(())
    }

    /// Finds a user by email (for the command line).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>> {
        Ok(self
            .store
            .user_by_email(&email.trim().to_lowercase())
            .await?)
    }

    /// Display names of users by id, for showing who did what (unknown ids, such as the node's
    /// own `system`, are left out). Each user is read once however often they appear.
    pub async fn display_names(
        &self,
        ids: impl IntoIterator<Item = String>,
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut out = std::collections::HashMap::new();
        for id in ids.into_iter().collect::<std::collections::BTreeSet<_>>() {
            if let Some(user) = self.store.user(&id).await? {
                out.insert(id, user.display_name);
            }
        }
        Ok(out)
    }

    /// Counts for the actor's dashboard: their organisation's cases, households and persons.
    pub async fn dashboard_counts(&self, actor: &Actor) -> Result<homeward_store::cases::Counts> {
        policy::require(actor, Permission::ViewDashboard)?;
        Ok(self.store.counts(Some(&actor.organisation_id)).await?)
    }

    /// Users of the actor's organisation (for assigning cases).
    pub async fn colleagues(&self, actor: &Actor) -> Result<Vec<UserRow>> {
        policy::require(actor, Permission::ReadCases)?;
        Ok(self.store.users_of(&actor.organisation_id).await?)
    }
}

/// A user as the administrator sees them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub active: bool,
    /// Whether the user has a confirmed second factor.
    pub second_factor: bool,
    /// Whether the user's roles oblige them to have one on this node.
    pub second_factor_required: bool,
}

impl App {
    /// The users of the administrator's organisation.
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<UserView>> {
        policy::require(actor, Permission::ManageUsers)?;
        Ok(self
            .store
            .users_of(&actor.organisation_id)
            .await?
            .into_iter()
            .map(|u| {
                let roles = crate::accounts::sign_in::parse_roles(&u.roles);
                UserView {
                    second_factor_required: self.second_factor_required(&roles),
                    id: u.id,
                    email: u.email,
                    display_name: u.display_name,
                    roles: u.roles,
                    active: u.active,
                    second_factor: u.second_factor,
                }
            })
            .collect())
    }
}
