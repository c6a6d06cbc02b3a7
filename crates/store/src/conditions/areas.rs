//! The areas (P-codes in a hierarchy): their projection and their reads.

use crate::db::{Arg, Row, Tx};
use crate::{Store, StoreError};
use homeward_domain::events::AreaImported;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRow {
    pub pcode: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

fn area(r: &Row) -> AreaRow {
    AreaRow {
        pcode: r[0].text(),
        name: r[1].text(),
        level: r[2].text(),
        parent: r[3].opt_text(),
    }
}

impl Store {
    pub async fn area(&self, pcode: &str) -> Result<Option<AreaRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT pcode, name, level, parent FROM areas WHERE pcode = $1",
                &[Arg::Text(pcode)],
            )
            .await?;
        Ok(row.as_ref().map(area))
    }

    /// The areas directly under `parent`, or the countries when `parent` is `None`.
    pub async fn areas_under(&self, parent: Option<&str>) -> Result<Vec<AreaRow>, StoreError> {
        let rows = match parent {
            Some(p) => self.pool().fetch("SELECT pcode, name, level, parent FROM areas WHERE parent = $1 ORDER BY pcode", &[Arg::Text(p)]).await?,
            None => self.pool().fetch("SELECT pcode, name, level, parent FROM areas WHERE parent IS NULL ORDER BY pcode", &[]).await?,
        };
        Ok(rows.iter().map(area).collect())
    }

    /// Every area whose level is `level`, in P-code order (for pickers).
    pub async fn areas_at_level(&self, level: &str) -> Result<Vec<AreaRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT pcode, name, level, parent FROM areas WHERE level = $1 ORDER BY pcode",
                &[Arg::Text(level)],
            )
            .await?;
        Ok(rows.iter().map(area).collect())
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[(
    "areas",
    "SELECT pcode, name, level, parent FROM areas ORDER BY pcode",
)];

pub(crate) async fn apply_imported(tx: &mut Tx, a: &AreaImported) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO areas (pcode, name, level, parent) VALUES ($1, $2, $3, $4)",
        &[
            Arg::Text(&a.pcode),
            Arg::Text(&a.name),
            Arg::Text(a.level.as_str()),
            Arg::OptText(a.parent.as_deref()),
        ],
    )
    .await?;
    Ok(())
}
