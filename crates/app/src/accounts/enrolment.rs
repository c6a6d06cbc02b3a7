//! Enrolment links (ASVS 5.0 V6.4.1, V6.4.6): an administrator never chooses or learns another
//! person's password. Inviting a user, or resetting a forgotten password, issues a one-time link
//! instead: a random 256-bit token shown once to the administrator (stored only as its digest),
//! that lasts [`ENROLMENT_LINK_HOURS`], works once, is replaced by a newer link for the same user
//! and ends when the user is deactivated. The user opens it, chooses their password (the policy
//! applies) — giving their second-factor code too if they have one, so a link never bypasses it —
//! and is signed in; a user who has no factor yet enrols one as at any first sign-in. The journal
//! records `user.enrolment_link_issued` and `user.password_set`, never the token.

use crate::accounts::organisations::{Admin, NewUserFields, PreparedUser};
use crate::accounts::sign_in::NewSession;
use crate::clock::{now_unix, timestamp};
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_crypto::{new_token, token_digest};
use homeward_domain::events::{Event, UserRef};
use homeward_store::accounts::UserRow;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// How long an enrolment link works.
pub const ENROLMENT_LINK_HOURS: i64 = 72;
/// Wrong second-factor codes typed with one link before it stops working (the user asks for a
/// new one).
pub const LINK_CODE_FAILURES: i64 = 5;

/// A new enrolment link: the only time its token is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentLink {
    /// The page the user opens (append it to the server's address): `/enrol/{token}`. Give it to
    /// them in a safe way; it works once.
    pub path: String,
    pub expires_at: String,
}

/// Who a link is for, as its page shows it before the password is chosen.
#[derive(Debug, Clone)]
pub struct LinkHolder {
    pub email: String,
    pub display_name: String,
    /// Whether the user has a second factor: then its code is asked for with the password.
    pub needs_code: bool,
}

/// Choosing a password with a link.
#[derive(Debug, Clone, Copy)]
pub struct LinkEnrolment<'a> {
    pub token: &'a str,
    pub password: &'a str,
    /// Required when the user has a second factor.
    pub code: Option<&'a str>,
}

/// A new user invited by an administrator of their organisation.
pub struct NewInvite<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: &'a [String],
}

fn link_of(token: &str, expires_at: i64) -> EnrolmentLink {
    EnrolmentLink {
        path: format!("/enrol/{token}"),
        expires_at: time::OffsetDateTime::from_unix_timestamp(expires_at)
            .map(timestamp)
            .unwrap_or_default(),
    }
}

impl App {
    /// Creates a user in the administrator's organisation, with no password, and issues their
    /// enrolment link, in one commit.
    pub async fn invite_user(
        &self,
        actor: &Actor,
        new: NewInvite<'_>,
    ) -> Result<(UserRow, EnrolmentLink)> {
        let fields = NewUserFields {
            organisation_id: &actor.organisation_id,
            email: new.email,
            display_name: new.display_name,
            roles: new.roles,
        };
        let PreparedUser {
            event, row, author, ..
        } = self.prepare_user(&Admin::User(actor), fields, None).await?;
        let token = new_token();
        let digest = token_digest(&token);
        let now = now_unix();
        let expires_at = now + ENROLMENT_LINK_HOURS * 3600;
        let id = event.id;
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &Event::UserCreated(event)).await?;
                    w.append(
                        &author,
                        &Event::UserEnrolmentLinkIssued(UserRef { user_id: id }),
                    )
                    .await?;
                    w.put_enrolment_link(&digest, &id.to_string(), now, expires_at)
                        .await?;
                    Ok::<_, homeward_store::StoreError>(())
                })
            })
            .await
            .map_err(|e| match e {
                homeward_store::StoreError::Conflict => AppError::Conflict("email-taken"),
                other => other.into(),
            })?;
        Ok((row, link_of(&token, expires_at)))
    }

    /// Issues a new enrolment link for an active user of the administrator's organisation (a
    /// forgotten password); an earlier link stops working. Not for oneself: an administrator
    /// changes their own password with the current one.
    pub async fn issue_enrolment_link(
        &self,
        actor: &Actor,
        user_id: &str,
    ) -> Result<EnrolmentLink> {
        policy::require(actor, Permission::ManageUsers)?;
        let user = self.store.user(user_id).await?.ok_or(AppError::NotFound)?;
        policy::within_organisation(actor, &user.organisation_id)?;
        if actor.user_id == user.id {
            return Err(AppError::Conflict("cannot-reset-self"));
        }
        if !user.active {
            return Err(AppError::Conflict("already-deactivated"));
        }
        let id = Uuid::parse_str(&user.id).map_err(|_| AppError::NotFound)?;
        let token = new_token();
        let digest = token_digest(&token);
        let now = now_unix();
        let expires_at = now + ENROLMENT_LINK_HOURS * 3600;
        let author = crate::author_of(Some(actor));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(
                        &author,
                        &Event::UserEnrolmentLinkIssued(UserRef { user_id: id }),
                    )
                    .await?;
                    w.put_enrolment_link(&digest, &id.to_string(), now, expires_at)
                        .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        Ok(link_of(&token, expires_at))
    }

    /// The user a live link is for. An unknown, used, expired or replaced link, or one whose
    /// user was deactivated, answers "not found".
    pub async fn enrolment_link_holder(&self, token: &str) -> Result<LinkHolder> {
        let user = self.live_link(token).await?;
        Ok(LinkHolder {
            needs_code: user.second_factor,
            email: user.email,
            display_name: user.display_name,
        })
    }

    async fn live_link(&self, token: &str) -> Result<UserRow> {
        // A token is 43 characters; anything else is not looked up.
        if token.len() != 43 {
            return Err(AppError::NotFound);
        }
        let link = self
            .store
            .enrolment_link(&token_digest(token), now_unix())
            .await?
            .filter(|l| l.failures < LINK_CODE_FAILURES)
            .ok_or(AppError::NotFound)?;
        self.store
            .user(&link.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::NotFound)
    }

    /// Sets the password with a live link and signs the user in. The policy applies to the
    /// password (422 naming `/password`, the link still works); a user with a second factor must
    /// give a valid code (422 naming `/code`; after [`LINK_CODE_FAILURES`] wrong ones the link
    /// stops working). The link is used up in the same commit that sets the password and
    /// journals `user.password_set`; every earlier session, API token and known device of the
    /// user ends with it.
    pub async fn enrol_with_link(&self, req: LinkEnrolment<'_>) -> Result<NewSession> {
        let user = self.live_link(req.token).await?;
        let hash = self.check_password(req.password)?;
        let digest = token_digest(req.token);
        if user.second_factor {
            let passed = match req.code.map(str::trim).filter(|c| !c.is_empty()) {
                Some(code) => self.check_second_factor(&user.id, code).await?,
                None => false,
            };
            if !passed {
                self.store.count_enrolment_link_failure(&digest).await?;
                return Err(
                    homeward_domain::Invalid::one("/code", "error-second-factor-code").into(),
                );
            }
        }
        let id = Uuid::parse_str(&user.id).map_err(|_| AppError::NotFound)?;
        let author = homeward_store::Author {
            actor: user.id.clone(),
            organisation: user.organisation_id.clone(),
        };
        let now = now_unix();
        let taken = self
            .store
            .write(move |w| {
                Box::pin(async move {
                    if !w.take_enrolment_link(&digest, now).await? {
                        return Ok::<_, AppError>(false);
                    }
                    w.append(&author, &Event::UserPasswordSet(UserRef { user_id: id }))
                        .await?;
                    w.put_password_hash(&id.to_string(), &hash).await?;
                    w.end_access_of(&id.to_string()).await?;
                    Ok(true)
                })
            })
            .await?;
        if !taken {
            // Another request used the link a moment ago.
            return Err(AppError::NotFound);
        }
        let mut session = self
            .open_session_with_id(&user, user.second_factor)
            .await?
            .0;
        session.device_token = Some(self.remember_device(&user.id, None, now).await?);
        Ok(session)
    }
}
