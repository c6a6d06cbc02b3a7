//! Erasure: destroying a person's key so their personal fields can never be read again.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::events::{Event, PersonErased};
use uuid::Uuid;

/// Reasons an erasure may give. A code, never free text, so the journal holds no personal data.
pub const ERASURE_REASONS: &[&str] = &["data_subject_request", "retention", "legal_order"];

impl App {
    /// Erases a person. `actor` is `None` for the node operator at the command line.
    pub async fn erase_person(
        &self,
        actor: Option<&Actor>,
        person_id: &str,
        reason: &str,
    ) -> Result<()> {
        if let Some(a) = actor {
            policy::require(a, Permission::ErasePersons)?;
        }
        if !ERASURE_REASONS.contains(&reason) {
            return Err(Invalid::one("/reason", "error-unknown-value").into());
        }
        let id = Uuid::parse_str(person_id).map_err(|_| Invalid::one("/person_id", "error-id"))?;
        let household = self
            .store
            .household_of_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(a) = actor {
            let org = self
                .store
                .household_organisation(&household)
                .await?
                .ok_or(AppError::NotFound)?;
            policy::within_organisation(a, &org)?;
        }
        let author = crate::author_of(actor);
        let (key_id, event) = (
            person_id.to_owned(),
            Event::PersonErased(PersonErased {
                person_id: id,
                reason: reason.to_owned(),
            }),
        );
        self.store
            .write(move |w| {
                Box::pin(async move {
                    if !w.destroy_person_key(&key_id).await? {
                        return Err(AppError::Conflict("already-erased"));
                    }
                    w.append(&author, &event).await?;
                    Ok(())
                })
            })
            .await
    }
}
