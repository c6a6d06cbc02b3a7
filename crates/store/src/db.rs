//! One dispatch point over the two engines. Every statement is written once, with `$1`-style
//! placeholders that SQLite and PostgreSQL both accept, and bound from a small set of values.

use sqlx::{Column, Row as _, TypeInfo, ValueRef};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// A value bound to a statement.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Text(&'a str),
    OptText(Option<&'a str>),
    Int(i64),
}

/// A value read from a row: every column Homeward stores is text or a 64-bit integer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Null => String::new(),
        }
    }

    pub fn opt_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            other => Some(other.text()),
        }
    }

    pub fn int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            Value::Text(s) => s.parse().unwrap_or(0),
            Value::Null => 0,
        }
    }
}

pub type Row = Vec<Value>;

#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for a in $args {
            q = match a {
                Arg::Text(s) => q.bind(*s),
                Arg::OptText(s) => q.bind(*s),
                Arg::Int(i) => q.bind(*i),
            };
        }
        q
    }};
}

fn decode_sqlite(row: &sqlx::sqlite::SqliteRow) -> Result<Row, sqlx::Error> {
    (0..row.columns().len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Value::Null);
            }
            // SQLite reports the storage class of the value itself.
            if raw.type_info().name() == "INTEGER" {
                row.try_get::<i64, _>(i).map(Value::Int)
            } else {
                row.try_get::<String, _>(i).map(Value::Text)
            }
        })
        .collect()
}

fn decode_pg(row: &sqlx::postgres::PgRow) -> Result<Row, sqlx::Error> {
    row.columns()
        .iter()
        .map(|col| {
            let i = col.ordinal();
            if row.try_get_raw(i)?.is_null() {
                return Ok(Value::Null);
            }
            match col.type_info().name() {
                "INT8" => row.try_get::<i64, _>(i).map(Value::Int),
                "INT4" => row.try_get::<i32, _>(i).map(|v| Value::Int(v.into())),
                _ => row.try_get::<String, _>(i).map(Value::Text),
            }
        })
        .collect()
}

impl Pool {
    pub async fn fetch(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Vec<Row>, sqlx::Error> {
        match self {
            Pool::Sqlite(p) => bind_args!(sqlx::query(sql), args)
                .fetch_all(p)
                .await?
                .iter()
                .map(decode_sqlite)
                .collect(),
            Pool::Postgres(p) => bind_args!(sqlx::query(sql), args)
                .fetch_all(p)
                .await?
                .iter()
                .map(decode_pg)
                .collect(),
        }
    }

    pub async fn fetch_optional(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<Row>, sqlx::Error> {
        Ok(self.fetch(sql, args).await?.into_iter().next())
    }

    pub async fn execute(&self, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, sqlx::Error> {
        match self {
            Pool::Sqlite(p) => Ok(bind_args!(sqlx::query(sql), args)
                .execute(p)
                .await?
                .rows_affected()),
            Pool::Postgres(p) => Ok(bind_args!(sqlx::query(sql), args)
                .execute(p)
                .await?
                .rows_affected()),
        }
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// A read transaction in which every query sees the same snapshot of the database, however
    /// long it lasts and whatever commits meanwhile (used by verification on a live node).
    pub async fn begin_snapshot(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            // WAL mode: a deferred transaction reads from the snapshot taken at its first read
            // until it ends; writers carry on meanwhile.
            Pool::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Tx::Postgres(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }
}

impl Tx {
    pub async fn fetch(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Vec<Row>, sqlx::Error> {
        match self {
            Tx::Sqlite(t) => bind_args!(sqlx::query(sql), args)
                .fetch_all(&mut **t)
                .await?
                .iter()
                .map(decode_sqlite)
                .collect(),
            Tx::Postgres(t) => bind_args!(sqlx::query(sql), args)
                .fetch_all(&mut **t)
                .await?
                .iter()
                .map(decode_pg)
                .collect(),
        }
    }

    pub async fn fetch_optional(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<Row>, sqlx::Error> {
        Ok(self.fetch(sql, args).await?.into_iter().next())
    }

    pub async fn execute(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<u64, sqlx::Error> {
        match self {
            Tx::Sqlite(t) => Ok(bind_args!(sqlx::query(sql), args)
                .execute(&mut **t)
                .await?
                .rows_affected()),
            Tx::Postgres(t) => Ok(bind_args!(sqlx::query(sql), args)
                .execute(&mut **t)
                .await?
                .rows_affected()),
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

/// A comma-separated list column (roles, languages, markers, fields) as its items.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}
