//! Break-glass: opening a case outside one's reach (another team, another organisation) in an
//! emergency.
//!
//! The user types why; the grant lasts a few hours, covers one case, is a journal event, is
//! listed for the data-protection officer of the case's organisation, and every read under it
//! is logged with the purpose `break_glass`.

use crate::clock::timestamp;
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::events::{BreakGlassOpened, Event};
use homeward_domain::{Invalid, text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The shortest justification accepted: a reason, not a word.
pub const MIN_JUSTIFICATION_CHARS: usize = 20;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassRequest {
    /// Why this case must be opened now (at least 20 characters). The DPO reads it.
    pub justification: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BreakGlassGrant {
    pub id: String,
    pub user_id: String,
    pub user_name: Option<String>,
    pub case_id: String,
    /// The case's human reference (`HW-…`).
    pub case_reference: Option<String>,
    pub justification: String,
    pub opened_at: String,
    pub expires_at: String,
}

impl App {
    /// Opens a case of another organisation for the actor, for `break_glass_hours`.
    pub async fn break_glass(
        &self,
        actor: &Actor,
        case_id: &str,
        request: BreakGlassRequest,
    ) -> Result<BreakGlassGrant> {
        policy::require(actor, Permission::ReadCases)?;
        let justification = text::free_text("/justification", &request.justification, 2000)?;
        if justification.chars().count() < MIN_JUSTIFICATION_CHARS {
            return Err(Invalid::one("/justification", "error-justification-too-short").into());
        }
        let case = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        if crate::policy::cases::reaches(actor, &teams, &crate::cases::reads::facts(&case)) {
            return Err(AppError::Conflict("break-glass-not-needed"));
        }
        let now = time::OffsetDateTime::now_utc();
        let expires_at = timestamp(now + time::Duration::hours(self.settings.break_glass_hours));
        let (id, user_id, case_uuid) = (
            Uuid::now_v7(),
            Uuid::parse_str(&actor.user_id),
            Uuid::parse_str(&case.id),
        );
        let (Ok(user_id), Ok(case_uuid)) = (user_id, case_uuid) else {
            return Err(AppError::NotFound);
        };
        let event = Event::BreakGlassOpened(BreakGlassOpened {
            id,
            user_id,
            case_id: case_uuid,
            justification: justification.clone(),
            expires_at: expires_at.clone(),
        });
        let author = crate::author_of(Some(actor));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &event).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        tracing::warn!(grant = %id, "break-glass access opened");
        Ok(BreakGlassGrant {
            id: id.to_string(),
            user_id: actor.user_id.clone(),
            user_name: Some(actor.display_name.clone()),
            case_reference: Some(case.reference),
            case_id: case.id,
            justification,
            opened_at: timestamp(now),
            expires_at,
        })
    }

    /// Break-glass grants on the cases of the actor's organisation, newest first (for the DPO).
    pub async fn break_glass_grants(&self, actor: &Actor) -> Result<Vec<BreakGlassGrant>> {
        policy::require(actor, Permission::ReadAccessLog)?;
        let rows = self.store.break_glass_on(&actor.organisation_id).await?;
        let names = self
            .display_names(rows.iter().map(|g| g.user_id.clone()))
            .await?;
        let mut grants = Vec::with_capacity(rows.len());
        for g in rows {
            grants.push(BreakGlassGrant {
                id: g.id,
                user_name: names.get(&g.user_id).cloned(),
                user_id: g.user_id,
                case_reference: self.case_reference(&g.case_id).await?,
                case_id: g.case_id,
                justification: g.justification,
                opened_at: g.opened_at,
                expires_at: g.expires_at,
            });
        }
        Ok(grants)
    }
}
