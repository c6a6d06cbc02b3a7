//! Raw SQL on a test's database, bypassing Homeward: to tamper with the journal, the
//! projections and the access log, and to look at what is stored.

use super::db::TestDb;
use std::time::Duration;

impl TestDb {
    /// A raw connection to the same database, bypassing Homeward (to tamper with it).
    pub async fn raw(&self) -> Raw {
        match &self.pg {
            None => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(self.sqlite_path())
                    .busy_timeout(Duration::from_secs(30));
                Raw::Sqlite(
                    sqlx::sqlite::SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("raw sqlite connection"),
                )
            }
            Some((url, schema)) => {
                use std::str::FromStr;
                let options = sqlx::postgres::PgConnectOptions::from_str(url)
                    .expect("pg url")
                    .options([("search_path", schema.as_str())]);
                Raw::Pg(
                    sqlx::postgres::PgPoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("raw pg connection"),
                )
            }
        }
    }
}

/// A raw database connection for tampering and inspection.
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Pg(sqlx::PgPool),
}

/// One journal row as stored: the domain's entry type.
pub use homeward_domain::journal::chain::Entry as JournalRow;

impl Raw {
    /// Executes a statement written by the test; returns the number of rows it touched.
    pub async fn exec(&self, sql: &str) -> u64 {
        let safe = || sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(p) => sqlx::query(safe())
                .execute(p)
                .await
                .map(|r| r.rows_affected()),
            Raw::Pg(p) => sqlx::query(safe())
                .execute(p)
                .await
                .map(|r| r.rows_affected()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The single integer a query returns (e.g. a count).
    pub async fn int(&self, sql: &str) -> i64 {
        let safe = || sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(p) => sqlx::query_scalar::<_, i64>(safe()).fetch_one(p).await,
            Raw::Pg(p) => sqlx::query_scalar::<_, i64>(safe()).fetch_one(p).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Rows of text columns (NULL as `None`).
    pub async fn texts(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        use sqlx::Row;
        let safe = || sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(p) => sqlx::query(safe())
                .fetch_all(p)
                .await
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            (0..r.len())
                                .map(|i| r.try_get::<Option<String>, _>(i).expect("text"))
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Raw::Pg(p) => sqlx::query(safe())
                .fetch_all(p)
                .await
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            (0..r.len())
                                .map(|i| r.try_get::<Option<String>, _>(i).expect("text"))
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    pub async fn journal(&self) -> Vec<JournalRow> {
        let seqs = self.texts("SELECT CAST(seq AS TEXT), at, actor, organisation, kind, subject, payload, prev_hash, hash FROM journal ORDER BY journal.seq").await;
        seqs.into_iter()
            .map(|r| {
                let t = |i: usize| r[i].clone().unwrap_or_default();
                JournalRow {
                    seq: t(0).parse().expect("seq"),
                    at: t(1),
                    actor: t(2),
                    organisation: t(3),
                    kind: t(4),
                    subject: t(5),
                    payload: t(6),
                    prev_hash: t(7),
                    hash: t(8),
                }
            })
            .collect()
    }

    /// Inserts a journal row exactly as given (a forgery).
    pub async fn insert_journal(&self, e: &JournalRow) {
        let sql = "INSERT INTO journal (seq, at, actor, organisation, kind, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        macro_rules! bound {
            ($q:expr) => {
                $q.bind(e.seq)
                    .bind(&e.at)
                    .bind(&e.actor)
                    .bind(&e.organisation)
                    .bind(&e.kind)
                    .bind(&e.subject)
                    .bind(&e.payload)
                    .bind(&e.prev_hash)
                    .bind(&e.hash)
            };
        }
        match self {
            Raw::Sqlite(p) => bound!(sqlx::query(sql)).execute(p).await.map(|_| ()),
            Raw::Pg(p) => bound!(sqlx::query(sql)).execute(p).await.map(|_| ()),
        }
        .expect("insert forged journal row");
    }

    pub async fn close(self) {
        match self {
            Raw::Sqlite(p) => p.close().await,
            Raw::Pg(p) => p.close().await,
        }
    }
}
