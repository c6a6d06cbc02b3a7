//! The writer: one task per process that runs every command, grouping the commands that arrive
//! together into one transaction and one durable commit (group commit).
//!
//! An fsync costs the same for one command as for fifty, so under load many commands share it.
//! Each command runs inside its own savepoint: a command that fails is undone alone, and the
//! others in its group still commit. A command is acknowledged only after the commit that carried
//! it succeeded; if that commit fails, every command in the group hears so and nothing of it is
//! kept.

use super::write::Write;
use crate::StoreError;
use crate::db::Pool;
use homeward_crypto::NodeKey;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// The future a command returns; it borrows the transaction for its lifetime.
pub type JobFuture<'w, T> = Pin<Box<dyn Future<Output = T> + Send + 'w>>;

/// The most commands one commit carries; more wait for the next.
const MAX_GROUP: usize = 128;

type Run = Box<dyn for<'w> FnOnce(&'w mut Write) -> JobFuture<'w, bool> + Send>;
type Done = Box<dyn FnOnce(Option<String>) + Send>;

struct Job {
    /// Runs the command; true when its changes should be kept.
    run: Run,
    /// Told the outcome of the commit (an error message, or none).
    done: Done,
}

#[derive(Clone)]
pub(crate) struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    pub(crate) fn spawn(pool: Pool, node_key: Arc<NodeKey>) -> Writer {
        let (queue, jobs) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(run(pool, node_key, jobs));
        Writer { queue }
    }

    pub(crate) async fn submit<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'w> FnOnce(&'w mut Write) -> JobFuture<'w, Result<T, E>> + Send + 'static,
    {
        let stopped = || E::from(StoreError::Commit("the writer stopped".into()));
        let (reply, answer) = oneshot::channel::<Result<T, E>>();
        let slot: Arc<Mutex<Option<Result<T, E>>>> = Arc::new(Mutex::new(None));
        let filled = slot.clone();
        let run: Run = Box::new(move |w: &mut Write| -> JobFuture<'_, bool> {
            Box::pin(async move {
                let result = job(w).await;
                let keep = result.is_ok();
                *filled.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
                keep
            })
        });
        let done: Done = Box::new(move |commit_error: Option<String>| {
            let result = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
            let outcome = match (result, commit_error) {
                (Some(Ok(_)), Some(e)) => Err(E::from(StoreError::Commit(e))),
                (Some(result), _) => result,
                (None, e) => Err(E::from(StoreError::Commit(
                    e.unwrap_or_else(|| "the command did not run".into()),
                ))),
            };
            let _ = reply.send(outcome);
        });
        self.queue
            .send(Job { run, done })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(pool: Pool, node_key: Arc<NodeKey>, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit_group(&pool, &node_key, group).await;
    }
}

async fn commit_group(pool: &Pool, node_key: &Arc<NodeKey>, group: Vec<Job>) {
    let mut w = match Write::begin(pool, node_key.clone()).await {
        Ok(w) => w,
        Err(e) => return fail(group.into_iter().map(|j| j.done), &e),
    };
    let mut ran: Vec<Done> = Vec::with_capacity(group.len());
    let mut pending = group.into_iter();
    while let Some(job) = pending.next() {
        let step = async {
            let mark = w.begin_command().await?;
            if (job.run)(&mut w).await {
                w.keep_command().await
            } else {
                w.undo_command(mark).await
            }
        };
        if let Err(e) = step.await {
            // The transaction is in an unknown state: nothing of this group may be kept.
            ran.push(job.done);
            drop(w);
            return fail(ran.into_iter().chain(pending.map(|j| j.done)), &e);
        }
        ran.push(job.done);
    }
    let outcome = w.commit().await.err().map(|e| e.to_string());
    if let Some(e) = &outcome {
        tracing::error!(error = %e, commands = ran.len(), "group commit failed");
    }
    for done in ran {
        done(outcome.clone());
    }
}

fn fail(dones: impl Iterator<Item = Done>, error: &StoreError) {
    tracing::error!(error = %error, "write transaction failed");
    for done in dones {
        done(Some(error.to_string()));
    }
}
