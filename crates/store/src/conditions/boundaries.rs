//! Area boundaries: their projection, and the reads the public map draws from.

use crate::db::{Arg, Tx};
use crate::{Store, StoreError};
use homeward_domain::events::AreaBoundarySet;

/// An area drawn on a map: its stored status and its boundary as journaled (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapAreaRow {
    pub pcode: String,
    pub name: String,
    pub status: Option<String>,
    pub polygons: String,
}

/// The most areas one map draws.
const MAP_LIMIT: i64 = 2_000;

pub(crate) async fn apply_boundary_set(
    tx: &mut Tx,
    seq: i64,
    b: &AreaBoundarySet,
) -> Result<(), StoreError> {
    let polygons =
        serde_json::to_string(&b.polygons).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // Two statements rather than an upsert: the same text must run on both engines.
    tx.execute(
        "DELETE FROM area_boundaries WHERE pcode = $1",
        &[Arg::Text(&b.pcode)],
    )
    .await?;
    tx.execute(
        "INSERT INTO area_boundaries (pcode, polygons, set_seq) VALUES ($1, $2, $3)",
        &[Arg::Text(&b.pcode), Arg::Text(&polygons), Arg::Int(seq)],
    )
    .await?;
    Ok(())
}

impl Store {
    /// Every imported P-code (to check a boundary file against).
    pub async fn area_pcodes(&self) -> Result<Vec<String>, StoreError> {
        let rows = self.pool().fetch("SELECT pcode FROM areas", &[]).await?;
        Ok(rows.iter().map(|r| r[0].text()).collect())
    }

    /// The areas with a boundary directly under `parent`, or, when `parent` is `None`, under
    /// every country (the provinces).
    pub async fn map_areas(&self, parent: Option<&str>) -> Result<Vec<MapAreaRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.pcode, a.name, s.status, b.polygons FROM areas a JOIN area_boundaries b ON b.pcode = a.pcode \
                 LEFT JOIN area_status s ON s.pcode = a.pcode \
                 WHERE ($1 IS NULL AND a.parent IN (SELECT pcode FROM areas WHERE parent IS NULL)) OR a.parent = $1 \
                 ORDER BY a.pcode LIMIT $2",
                &[Arg::OptText(parent), Arg::Int(MAP_LIMIT)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| MapAreaRow {
                pcode: r[0].text(),
                name: r[1].text(),
                status: r[2].opt_text(),
                polygons: r[3].text(),
            })
            .collect())
    }

    /// For every area `map_areas` may draw, the stored statuses of its own sub-areas, in one
    /// query: (area, status or `None` when never assessed).
    pub async fn map_sub_statuses(
        &self,
        parent: Option<&str>,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.parent, s.status FROM areas a LEFT JOIN area_status s ON s.pcode = a.pcode \
                 WHERE a.parent IN (SELECT m.pcode FROM areas m JOIN area_boundaries b ON b.pcode = m.pcode \
                   WHERE ($1 IS NULL AND m.parent IN (SELECT pcode FROM areas WHERE parent IS NULL)) OR m.parent = $1)",
                &[Arg::OptText(parent)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r[0].text(), r[1].opt_text()))
            .collect())
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[(
    "area_boundaries",
    "SELECT pcode, polygons, set_seq FROM area_boundaries ORDER BY pcode",
)];
