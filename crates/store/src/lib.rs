//! Storage: the only crate that speaks SQL.
//!
//! Invariants:
//! - Every change is written through [`Write::append`], which appends a hash-chained journal
//!   entry and updates the projections in the same transaction: both commit or neither does.
//! - Writes are serialised: one writer task per process (which also groups concurrent commands
//!   into one durable commit), plus `BEGIN IMMEDIATE` on SQLite and a transaction-level advisory
//!   lock on PostgreSQL across processes, so concurrent appends never fork the chain.
//! - Projections can always be rebuilt by replaying the journal ([`verify`]).
//! - SQL text is `&'static str` with bound parameters: no statement is ever built by formatting.

pub mod accounts;
pub mod cases;
pub mod conditions;
mod db;
pub mod journal;
pub mod lifecycle;
mod migrate;
pub mod privacy;
mod projection;

pub use db::Value;
pub use journal::heads::HeadPolicy;
pub use journal::write::{Author, Write};
pub use journal::writer::JobFuture;
pub use privacy::Access;

use db::Pool;
use homeward_crypto::NodeKey;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Where the data lives.
#[derive(Debug, Clone)]
pub enum Location {
    /// An SQLite file (created when missing).
    Sqlite(PathBuf),
    /// A private in-memory SQLite database (replay checks, throw-away runs).
    SqliteMemory,
    /// A PostgreSQL connection URL; `schema` selects a schema other than the default.
    Postgres { url: String, schema: Option<String> },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(sqlx::Error),
    /// A uniqueness or reference constraint refused the write; nothing was written.
    #[error("conflict with existing data")]
    Conflict,
    /// The group commit that carried this write failed, or the writer stopped; nothing was written.
    #[error("commit failed: {0}")]
    Commit(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e
            && (d.is_unique_violation() || d.is_foreign_key_violation())
        {
            return StoreError::Conflict;
        }
        StoreError::Db(e)
    }
}

#[derive(Clone)]
pub struct Store {
    location: Location,
    pool: Pool,
    writer: journal::writer::Writer,
    node_key: Arc<NodeKey>,
}

impl Store {
    /// Connects, creates the database file when needed, and runs pending migrations. `heads`
    /// says how often the journal's tree heads are signed.
    pub async fn open(
        location: &Location,
        node_key: NodeKey,
        heads: HeadPolicy,
    ) -> Result<Store, StoreError> {
        let pool = match location {
            Location::Sqlite(path) => {
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: an acknowledged commit survives power loss, not only a crash.
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(30))
                    .foreign_keys(true);
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(8)
                        .connect_with(options)
                        .await?,
                )
            }
            Location::SqliteMemory => {
                // One connection: every in-memory connection would otherwise be its own database.
                let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(1)
                        .min_connections(1)
                        .idle_timeout(None)
                        .max_lifetime(None)
                        .connect_with(options)
                        .await?,
                )
            }
            Location::Postgres { url, schema } => {
                let mut options = PgConnectOptions::from_str(url)?;
                if let Some(schema) = schema {
                    options = options.options([("search_path", schema.as_str())]);
                }
                Pool::Postgres(
                    PgPoolOptions::new()
                        .max_connections(10)
                        .connect_with(options)
                        .await?,
                )
            }
        };
        let applied = migrate::run(&pool).await?;
        if applied.contains(&migrate::MERKLE) {
            // A journal written before the trees existed: build them over it and sign, once.
            journal::heads::build_over_existing(&pool, &node_key).await?;
        }
        let node_key = Arc::new(node_key);
        let writer = journal::writer::Writer::spawn(pool.clone(), node_key.clone(), heads);
        Ok(Store {
            location: location.clone(),
            pool,
            writer,
            node_key,
        })
    }

    pub fn engine(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// Runs one command in the write transaction: `job` appends events and updates operational
    /// tables through the [`Write`] it is given. When the job returns `Ok`, its changes commit
    /// (durably, possibly together with other commands) before `write` returns; when it returns
    /// `Err`, none of its changes are kept.
    pub async fn write<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'w> FnOnce(&'w mut Write) -> JobFuture<'w, Result<T, E>> + Send + 'static,
    {
        self.writer.submit(job).await
    }

    /// The node's public key, for auditors.
    pub fn public_key(&self) -> String {
        self.node_key.public_base64()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }
}

/// Creates a PostgreSQL schema (for isolated test runs and replay checks).
pub async fn create_pg_schema(url: &str, schema: &str) -> Result<(), StoreError> {
    let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
    let valid = !schema.is_empty()
        && schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !valid {
        return Err(StoreError::Corrupt(format!(
            "invalid schema name {schema:?}"
        )));
    }
    // A schema name cannot be a bound parameter. It is checked above to be [a-z0-9_]+.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE SCHEMA IF NOT EXISTS {schema}"
    )))
    .execute(&pool)
    .await?;
    pool.close().await;
    Ok(())
}

/// Drops a schema made by [`create_pg_schema`].
pub async fn drop_pg_schema(url: &str, schema: &str) -> Result<(), StoreError> {
    let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
    if schema
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE"
        )))
        .execute(&pool)
        .await?;
    }
    pool.close().await;
    Ok(())
}
