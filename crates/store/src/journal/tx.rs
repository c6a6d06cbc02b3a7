//! The two things every journal writer starts from: the clock as stored, and a transaction that
//! holds the engine's write lock.

use crate::StoreError;
use crate::db::{Pool, Tx};

/// The current time as stored: RFC 3339, UTC, microseconds.
pub(crate) fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.format(&fmt).unwrap_or_default()
}

/// Opens a transaction that holds the engine's write lock until it ends.
pub(crate) async fn begin_tx(pool: &Pool) -> Result<Tx, StoreError> {
    Ok(match pool {
        // IMMEDIATE takes SQLite's write lock at once, so two writers never both read the same
        // journal head (a DEFERRED transaction would fail with "database is locked" on upgrade).
        Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
        Pool::Postgres(p) => {
            let mut tx = Tx::Postgres(p.begin().await?);
            // Serialises writers across processes; released at commit or rollback.
            tx.execute("SELECT pg_advisory_xact_lock(7226)", &[])
                .await?;
            tx
        }
    })
}
