//! The writer: one task per process that runs every command, grouping the commands that arrive
//! together into one transaction and one durable commit (group commit).
//!
//! An fsync costs the same for one command as for fifty, so under load many commands share it.
//! Each command runs inside its own savepoint: a command that fails is undone alone, and the
//! others in its group still commit. A command is acknowledged only after the commit that carried
//! it succeeded; if that commit fails, every command in the group hears so and nothing of it is
//! kept.

use super::heads::HeadPolicy;
use super::write::{Cache, Write};
use crate::StoreError;
use crate::db::Pool;
use homeward_crypto::NodeKey;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Instant;
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
    pub(crate) fn spawn(pool: Pool, node_key: Arc<NodeKey>, heads: HeadPolicy) -> Writer {
        let (queue, jobs) = mpsc::channel(4 * MAX_GROUP);
        let state = State {
            pool,
            node_key,
            heads,
            cache: Cache::default(),
            last_signed: Instant::now(),
            unsigned: false,
        };
        tokio::spawn(run(state, jobs));
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

/// What the writer task keeps between commits.
struct State {
    pool: Pool,
    /// The key heads are signed with (replaced by a key rotation).
    node_key: Arc<NodeKey>,
    heads: HeadPolicy,
    cache: Cache,
    last_signed: Instant,
    /// Whether entries were committed that no head covers yet (heads at intervals only).
    unsigned: bool,
}

impl State {
    fn strict(&self) -> bool {
        self.heads.every.is_zero()
    }

    fn heads_due(&self) -> bool {
        self.strict() || self.last_signed.elapsed() >= self.heads.every
    }
}

async fn run(mut state: State, mut jobs: mpsc::Receiver<Job>) {
    loop {
        let next = if state.unsigned {
            // Heads at intervals: sign the tail when the interval ends, writes or not.
            let left = state
                .heads
                .every
                .saturating_sub(state.last_signed.elapsed());
            match tokio::time::timeout(left, jobs.recv()).await {
                Ok(job) => job,
                Err(_) => {
                    commit_group(&mut state, Vec::new()).await;
                    continue;
                }
            }
        } else {
            jobs.recv().await
        };
        let Some(first) = next else { break };
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit_group(&mut state, group).await;
    }
}

async fn commit_group(state: &mut State, group: Vec<Job>) {
    let cache = std::mem::take(&mut state.cache);
    let strict = state.strict();
    let mut w = match Write::begin(&state.pool, state.node_key.clone(), cache, strict).await {
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
    let mut signed = false;
    if state.heads_due() {
        match w.sign_heads().await {
            Ok(s) => signed = s,
            Err(e) => return fail(ran.into_iter(), &e),
        }
    }
    let unsigned = w.unsigned();
    let outcome = match w.commit().await {
        Ok((cache, key)) => {
            state.cache = cache;
            state.node_key = key;
            if signed {
                state.last_signed = Instant::now();
            }
            state.unsigned = unsigned;
            None
        }
        Err(e) => {
            tracing::error!(error = %e, commands = ran.len(), "group commit failed");
            Some(e.to_string())
        }
    };
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
