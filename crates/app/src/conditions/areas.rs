//! Administrative areas: import from CSV, browse.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::conditions::area::{self, AreaLevel};
use homeward_domain::events::{AreaImported, Event};
use homeward_domain::text;
use homeward_store::conditions::AreaRow;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaView {
    pub pcode: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

impl From<AreaRow> for AreaView {
    fn from(r: AreaRow) -> Self {
        AreaView {
            pcode: r.pcode,
            name: r.name,
            level: r.level,
            parent: r.parent,
        }
    }
}

/// The most rows one import may carry; larger hierarchies are imported in parts.
pub const MAX_IMPORT_ROWS: usize = 200_000;

impl App {
    /// Imports areas from CSV with the header `pcode,name,level,parent`. Parents may appear in
    /// the same file (before their children) or already exist. The whole file is checked before
    /// anything is written; errors name the line (`/rows/N/column`, N counting the header as 1).
    pub async fn import_areas_csv(&self, actor: Option<&Actor>, csv_text: &str) -> Result<usize> {
        if let Some(a) = actor {
            policy::require(a, Permission::ImportAreas)?;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|_| Invalid::one("/rows/1", "error-csv"))?
            .clone();
        let expected = ["pcode", "name", "level", "parent"];
        if headers.iter().collect::<Vec<_>>() != expected {
            return Err(Invalid::one("/rows/1", "error-csv-header").into());
        }
        let mut known: HashMap<String, AreaLevel> = HashMap::new();
        let mut events = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            if events.len() >= MAX_IMPORT_ROWS {
                return Err(Invalid::one(format!("/rows/{line}"), "error-too-many-rows").into());
            }
            let record = record.map_err(|_| Invalid::one(format!("/rows/{line}"), "error-csv"))?;
            let get = |n: usize| record.get(n).unwrap_or("");
            let pcode = area::pcode(&format!("/rows/{line}/pcode"), get(0))?;
            let name = text::name(&format!("/rows/{line}/name"), get(1))?;
            let level = AreaLevel::parse(get(2)).ok_or_else(|| {
                Invalid::one(format!("/rows/{line}/level"), "error-unknown-value")
            })?;
            let parent = match get(3) {
                "" => None,
                p => Some(area::pcode(&format!("/rows/{line}/parent"), p)?),
            };
            let parent_level = match &parent {
                None => None,
                Some(p) => match known.get(p) {
                    Some(l) => Some(*l),
                    None => self
                        .store
                        .area(p)
                        .await?
                        .and_then(|a| AreaLevel::parse(&a.level)),
                },
            };
            if parent.is_some() && parent_level.is_none() {
                return Err(
                    Invalid::one(format!("/rows/{line}/parent"), "error-pcode-unknown").into(),
                );
            }
            area::check_hierarchy(level, &pcode, parent.as_deref().zip(parent_level)).map_err(
                |Invalid(errs)| {
                    Invalid(
                        errs.into_iter()
                            .map(|e| {
                                homeward_domain::FieldError::new(
                                    format!("/rows/{line}{}", e.pointer),
                                    e.code,
                                )
                            })
                            .collect(),
                    )
                },
            )?;
            if known.contains_key(&pcode) || self.store.area(&pcode).await?.is_some() {
                return Err(
                    Invalid::one(format!("/rows/{line}/pcode"), "error-pcode-duplicate").into(),
                );
            }
            known.insert(pcode.clone(), level);
            events.push(Event::AreaImported(AreaImported {
                pcode,
                name,
                level,
                parent,
            }));
        }
        let author = crate::author_of(actor);
        let count = events.len();
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
            .map_err(|e| match e {
                homeward_store::StoreError::Conflict => AppError::Conflict("pcode-duplicate"),
                other => other.into(),
            })?;
        Ok(count)
    }

    /// Names of areas by P-code, for showing them (unknown codes are left out).
    pub async fn area_names(
        &self,
        pcodes: impl IntoIterator<Item = String>,
    ) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        for pcode in pcodes
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
        {
            if let Some(area) = self.store.area(&pcode).await? {
                out.insert(pcode, area.name);
            }
        }
        Ok(out)
    }

    /// Areas under a parent (countries when `None`).
    pub async fn areas(&self, actor: &Actor, parent: Option<&str>) -> Result<Vec<AreaView>> {
        policy::require(actor, Permission::ReadAreas)?;
        Ok(self
            .store
            .areas_under(parent)
            .await?
            .into_iter()
            .map(AreaView::from)
            .collect())
    }

    pub async fn area(&self, actor: &Actor, pcode: &str) -> Result<AreaView> {
        policy::require(actor, Permission::ReadAreas)?;
        Ok(self
            .store
            .area(pcode)
            .await?
            .ok_or(AppError::NotFound)?
            .into())
    }

    /// Areas that a case can return to (the lowest imported level), for forms.
    pub async fn destination_choices(&self, actor: &Actor) -> Result<Vec<AreaView>> {
        policy::require(actor, Permission::RegisterCases)?;
        for level in ["adm3", "adm2", "adm1"] {
            let rows = self.store.areas_at_level(level).await?;
            if !rows.is_empty() {
                return Ok(rows.into_iter().map(AreaView::from).collect());
            }
        }
        Ok(Vec::new())
    }
}
