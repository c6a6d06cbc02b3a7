//! The current area-status table as CSV with an HXL hashtag row, for humanitarian data tools.

use crate::{App, AppError, Result};
use std::collections::HashMap;

/// The header and HXL rows, column by column.
const COLUMNS: &[(&str, &str)] = &[
    ("adm1_pcode", "#adm1+code"),
    ("adm2_pcode", "#adm2+code"),
    ("pcode", "#loc+code"),
    ("name", "#loc+name"),
    ("level", "#loc+type"),
    ("status", "#status"),
    ("evidence_date", "#date+assessed"),
    ("status_since", "#date+updated"),
];

impl App {
    /// Every area below country level with its status (`unassessed` when never assessed), as
    /// stored by the last recomputation (`homeward areas recompute` runs it daily).
    pub async fn area_status_csv(&self) -> Result<String> {
        let lines = self.store.area_status_table().await?;
        let index: HashMap<&str, (&str, Option<&str>)> = lines
            .iter()
            .map(|l| (l.pcode.as_str(), (l.level.as_str(), l.parent.as_deref())))
            .collect();
        // The ancestor (or the area itself) at `level`.
        let at_level = |pcode: &str, level: &str| -> String {
            let mut current = Some(pcode);
            // The hierarchy is checked on import; the bound guards against a cycle regardless.
            for _ in 0..8 {
                let Some(code) = current else { break };
                match index.get(code) {
                    Some((l, _)) if *l == level => return code.to_owned(),
                    Some((_, parent)) => current = *parent,
                    None => break,
                }
            }
            String::new()
        };
        let mut out = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| AppError::Io(e.to_string());
        out.write_record(COLUMNS.iter().map(|(h, _)| *h))
            .map_err(io)?;
        out.write_record(COLUMNS.iter().map(|(_, t)| *t))
            .map_err(io)?;
        for l in lines.iter().filter(|l| l.level != "country") {
            out.write_record([
                at_level(&l.pcode, "adm1").as_str(),
                at_level(&l.pcode, "adm2").as_str(),
                &l.pcode,
                &neutralise(&l.name),
                &l.level,
                l.status.as_deref().unwrap_or("unassessed"),
                l.evidence_on.as_deref().unwrap_or(""),
                l.changed_at
                    .as_deref()
                    .map(|t| t.get(..10).unwrap_or(t))
                    .unwrap_or(""),
            ])
            .map_err(io)?;
        }
        let bytes = out.into_inner().map_err(|e| AppError::Io(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| AppError::Io(e.to_string()))
    }
}

/// Keeps a spreadsheet from reading a cell as a formula (OWASP CSV injection).
fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}
