//! Area boundaries: imported from GeoJSON through the journal, drawn on the public map.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::conditions::geo::{self, Geometry};
use homeward_domain::conditions::map;
use homeward_domain::conditions::status::{self, AreaStatus};
use homeward_domain::events::{AreaBoundarySet, Event};
use std::collections::{HashMap, HashSet};

/// One area on a map.
#[derive(Debug, Clone)]
pub struct MapArea {
    pub pcode: String,
    pub name: String,
    /// Its own status, or for an area with sub-areas the worst of theirs.
    pub status: String,
    /// SVG path data in the map's view box.
    pub path: String,
}

/// A map of areas, ready to draw.
#[derive(Debug, Clone)]
pub struct MapView {
    pub width: i32,
    pub height: i32,
    pub areas: Vec<MapArea>,
    /// The statuses shown, from safest to least safe (for the legend).
    pub statuses: Vec<String>,
    /// Whether the areas are coloured by their sub-areas' worst status.
    pub rolled_up: bool,
    /// Whether each area is its own link with its own title; otherwise the map draws one shape
    /// per status (too many areas to link each within the page budget).
    pub linked: bool,
}

/// Bytes the map may take on a page meant for a slow phone (the page's budget is 100 KB).
pub const MAP_BUDGET: usize = 60_000;
/// Markup around one linked area's path: the link, the path element, its title.
const LINKED_OVERHEAD: usize = 120;
/// How far (in view-box units) a simplified outline may stray, finest first: the first that
/// fits the budget is used.
const TOLERANCES: [f64; 4] = [0.5, 0.9, 1.4, 2.0];

/// Path data within the budget, and whether there is room to link each area.
fn fitted(geometries: &[&Geometry]) -> Option<(Vec<String>, bool)> {
    let mut coarsest = None;
    for tolerance in TOLERANCES {
        let paths = map::paths(geometries, tolerance)?;
        let bytes: usize = paths.iter().map(String::len).sum();
        if bytes + LINKED_OVERHEAD * paths.len() <= MAP_BUDGET {
            return Some((paths, true));
        }
        if bytes <= MAP_BUDGET {
            return Some((paths, false));
        }
        coarsest = Some(paths);
    }
    coarsest.map(|p| (p, false))
}

impl App {
    /// Imports boundaries from a GeoJSON FeatureCollection whose features name an imported area
    /// (`properties.pcode`, or HDX's `ADM*_PCODE`). The whole file is checked before anything is
    /// written; each boundary is one `area.boundary_set` event, replacing any earlier one.
    pub async fn import_boundaries(
        &self,
        actor: Option<&Actor>,
        geojson: &str,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<usize> {
        if let Some(a) = actor {
            policy::require(a, Permission::ImportAreas)?;
        }
        let known: HashSet<String> = self.store.area_pcodes().await?.into_iter().collect();
        let boundaries = geo::parse_feature_collection(geojson, &|p| known.contains(p))?;
        let total = boundaries.len() as i64;
        progress(0, total);
        let events: Vec<Event> = boundaries
            .into_iter()
            .map(|b| {
                Event::AreaBoundarySet(AreaBoundarySet {
                    pcode: b.pcode,
                    polygons: b.polygons,
                })
            })
            .collect();
        let author = crate::author_of(actor);
        self.store
            .write(move |w| {
                Box::pin(async move {
                    for e in &events {
                        w.append(&author, e).await?;
                    }
                    Ok::<_, homeward_store::StoreError>(())
                })
            })
            .await
            .map_err(AppError::from)?;
        progress(total, total);
        Ok(total as usize)
    }

    /// The map of the areas under `parent` (the provinces of every country when `None`), or
    /// nothing when none of them has a boundary.
    pub async fn area_map(&self, parent: Option<&str>) -> Result<Option<MapView>> {
        let rows = self.store.map_areas(parent).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut below: HashMap<String, Vec<AreaStatus>> = HashMap::new();
        for (area, s) in self.store.map_sub_statuses(parent).await? {
            below.entry(area).or_default().push(
                s.and_then(|s| AreaStatus::parse(&s))
                    .unwrap_or(AreaStatus::Unassessed),
            );
        }
        let mut geometries: Vec<Geometry> = Vec::with_capacity(rows.len());
        for r in &rows {
            geometries.push(
                serde_json::from_str(&r.polygons)
                    .map_err(|e| homeward_store::StoreError::Corrupt(e.to_string()))?,
            );
        }
        let refs: Vec<&Geometry> = geometries.iter().collect();
        let Some((paths, linked)) = fitted(&refs) else {
            return Ok(None);
        };
        let mut shown = HashSet::new();
        let mut areas = Vec::with_capacity(rows.len());
        let rolled_up = !below.is_empty();
        for (r, path) in rows.into_iter().zip(paths) {
            if path.is_empty() {
                continue;
            }
            let status = match status::roll_up(below.get(&r.pcode).map_or(&[][..], Vec::as_slice)) {
                Some(rolled) => rolled.worst,
                None => r
                    .status
                    .as_deref()
                    .and_then(AreaStatus::parse)
                    .unwrap_or(AreaStatus::Unassessed),
            };
            shown.insert(status);
            areas.push(MapArea {
                pcode: r.pcode,
                name: r.name,
                status: status.as_str().to_owned(),
                path,
            });
        }
        Ok(Some(MapView {
            width: map::VIEW_WIDTH,
            height: map::VIEW_HEIGHT,
            areas,
            statuses: AreaStatus::ALL
                .iter()
                .filter(|s| shown.contains(*s))
                .map(|s| s.as_str().to_owned())
                .collect(),
            rolled_up,
            linked,
        }))
    }
}
