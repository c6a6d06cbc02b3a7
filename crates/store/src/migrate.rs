//! Schema migrations, run on every start. Each migration runs in one transaction and is
//! recorded, so a half-applied migration cannot exist.

use crate::StoreError;
use crate::db::{Arg, Pool};

/// The migration that introduced the Merkle trees: a journal older than it gets its trees built
/// when it is applied.
pub(crate) const MERKLE: i64 = 12;

/// Migrations in order. The text is shared by both engines.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_foundation.sql")),
    (2, include_str!("../migrations/0002_access_log.sql")),
    (3, include_str!("../migrations/0003_user_active.sql")),
    (4, include_str!("../migrations/0004_break_glass.sql")),
    (5, include_str!("../migrations/0005_accounts.sql")),
    (6, include_str!("../migrations/0006_scope.sql")),
    (7, include_str!("../migrations/0007_subject_requests.sql")),
    (8, include_str!("../migrations/0008_area_conditions.sql")),
    (9, include_str!("../migrations/0009_assessment_drafts.sql")),
    (10, include_str!("../migrations/0010_area_boundaries.sql")),
    (11, include_str!("../migrations/0011_lifecycle.sql")),
    (12, include_str!("../migrations/0012_merkle.sql")),
];

/// Applies what is pending; returns the versions applied now.
pub(crate) async fn run(pool: &Pool) -> Result<Vec<i64>, StoreError> {
    let mut applied = Vec::new();
    pool.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)", &[]).await?;
    for (version, text) in MIGRATIONS {
        let mut tx = crate::journal::tx::begin_tx(pool).await?;
        // Checked inside the write lock of the engine, so two processes starting at once do not
        // both apply the same migration.
        if tx
            .fetch_optional(
                "SELECT version FROM schema_migrations WHERE version = $1",
                &[Arg::Int(*version)],
            )
            .await?
            .is_some()
        {
            continue;
        }
        for statement in text.split("\n--;\n").filter(|s| {
            s.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        }) {
            tx.execute(statement, &[]).await?;
        }
        let now = crate::journal::tx::now();
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
            &[Arg::Int(*version), Arg::Text(&now)],
        )
        .await?;
        tx.commit().await?;
        applied.push(*version);
    }
    Ok(applied)
}
