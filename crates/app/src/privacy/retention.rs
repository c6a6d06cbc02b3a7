//! The retention run: applies the deployment's retention rules to what is due, and only to that.
//! Idempotent and safe to run from cron: a second run finds nothing left to do, and two runs at
//! once cannot erase a person twice (each erasure checks, inside its write, that the key still
//! exists).

use crate::{App, AppError, Result};
use homeward_domain::events::{Event, PersonErased};
use homeward_domain::privacy::retention::{RecordKind, RetentionRules, cutoff};
use uuid::Uuid;

/// Persons anonymised per durable commit.
const BATCH: i64 = 200;

/// What a run did (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionReport {
    pub rules_version: String,
    pub dry_run: bool,
    pub persons_anonymised: u64,
    pub sessions_deleted: u64,
}

impl App {
    /// Applies `rules` as of `as_of`. The node operator runs this (command line); it has no HTTP
    /// route. `progress(done, total)` follows the anonymisations.
    pub async fn run_retention(
        &self,
        rules: &RetentionRules,
        as_of: time::Date,
        dry_run: bool,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<RetentionReport> {
        let mut report = RetentionReport {
            rules_version: rules.version.clone(),
            dry_run,
            persons_anonymised: 0,
            sessions_deleted: 0,
        };
        if let Some(rule) = rules.rule(RecordKind::ClosedCase) {
            let before = cutoff(as_of, rule.after_days).to_string();
            let total = self.store.count_persons_due(&before).await?.max(0) as u64;
            progress(0, total as i64);
            if dry_run {
                report.persons_anonymised = total;
            } else {
                loop {
                    let due = self.store.persons_due(&before, BATCH).await?;
                    if due.is_empty() {
                        break;
                    }
                    let done = self.anonymise(due).await?;
                    if done == 0 {
                        // Due persons whose key is already gone: nothing more this run can do.
                        break;
                    }
                    report.persons_anonymised += done;
                    progress(report.persons_anonymised.min(total) as i64, total as i64);
                }
            }
        }
        if let Some(rule) = rules.rule(RecordKind::ExpiredSession) {
            // A rehearsal date never ends a live session: sessions count from the real today.
            let before = cutoff(as_of.min(crate::clock::today()), rule.after_days).to_string();
            report.sessions_deleted = if dry_run {
                self.store.count_sessions_expired(&before).await?.max(0) as u64
            } else {
                self.store.delete_sessions_expired(&before).await?
            };
        }
        Ok(report)
    }

    /// Destroys the keys of `persons` and journals each erasure, in one commit. Persons erased
    /// meanwhile (by another run or a data-subject request) are skipped.
    async fn anonymise(&self, persons: Vec<String>) -> Result<u64> {
        let author = crate::author_of(None);
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let mut done = 0;
                    for person in &persons {
                        let id = Uuid::parse_str(person).map_err(|_| AppError::NotFound)?;
                        if w.destroy_person_key(person).await? {
                            let event = Event::PersonErased(PersonErased {
                                person_id: id,
                                reason: "retention".to_owned(),
                            });
                            w.append(&author, &event).await?;
                            done += 1;
                        }
                    }
                    Ok::<_, AppError>(done)
                })
            })
            .await
    }
}
