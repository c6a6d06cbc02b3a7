//! What the public area pages show: areas with their status, one level at a time, so that a
//! page stays small however many areas a deployment has.

use crate::conditions::assessments::RollUpView;
use crate::{App, Result};
use homeward_domain::conditions::status::{self, AreaStatus};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct AreaLine {
    pub pcode: String,
    pub name: String,
    pub level: String,
    /// `unassessed` when never assessed.
    pub status: String,
    pub evidence_on: Option<String>,
    /// For areas with sub-areas: their roll-up.
    pub children: Option<RollUpView>,
}

impl App {
    /// The areas under `parent` (countries when `None`) with their status and, for each, the
    /// roll-up of its own sub-areas.
    pub async fn area_lines(&self, parent: Option<&str>) -> Result<Vec<AreaLine>> {
        let lines = self.store.area_lines_under(parent).await?;
        // The sub-areas of every listed area, fetched at once rather than one query per line.
        let mut below: HashMap<String, Vec<AreaStatus>> = HashMap::new();
        for (area, status) in self.store.grandchild_statuses(parent).await? {
            below.entry(area).or_default().push(
                status
                    .and_then(|s| AreaStatus::parse(&s))
                    .unwrap_or(AreaStatus::Unassessed),
            );
        }
        let mut out = Vec::with_capacity(lines.len());
        for l in lines {
            let children = below.remove(&l.pcode).unwrap_or_default();
            out.push(AreaLine {
                children: status::roll_up(&children).map(RollUpView::from),
                status: l.status.unwrap_or_else(|| "unassessed".to_owned()),
                pcode: l.pcode,
                name: l.name,
                level: l.level,
                evidence_on: l.evidence_on,
            });
        }
        Ok(out)
    }

    /// An area's name and parent, if it exists (for breadcrumbs).
    pub async fn area_heading(&self, pcode: &str) -> Result<Option<(String, Option<String>)>> {
        Ok(self.store.area(pcode).await?.map(|a| (a.name, a.parent)))
    }
}
