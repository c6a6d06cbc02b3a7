//! The safeguard engine's findings in the reader's language, as the API's answers and problem
//! documents carry them and the case page shows them.

use crate::I18N;
use homeward_domain::lifecycle::safeguards::{Evaluation, Finding};
use homeward_i18n::Lang;
use serde::Serialize;
use utoipa::ToSchema;

/// One finding, translated.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingDoc {
    pub rule: String,
    /// block, warn or alert (forced returns).
    pub severity: String,
    /// The household member concerned (1-based place), when one.
    pub member: Option<usize>,
    pub person_id: Option<String>,
    /// Why the case cannot (or can only with care) proceed.
    pub message: String,
    /// What clears it.
    pub clears: String,
}

/// Arguments that carry an area status code are shown as the status's name.
fn arg_text(lang: Lang, name: &str, value: &str) -> String {
    match name {
        "then" | "now" | "status" => I18N.t(lang, &format!("area-status-{value}")),
        _ => value.to_owned(),
    }
}

pub(crate) fn finding_doc(lang: Lang, f: &Finding) -> FindingDoc {
    let mut args: Vec<(&str, String)> = f
        .args
        .iter()
        .map(|(k, v)| (*k, arg_text(lang, k, v)))
        .collect();
    if let Some(m) = f.member {
        args.push(("member", m.to_string()));
    }
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    FindingDoc {
        rule: f.rule.as_str().to_owned(),
        severity: f.severity.as_str().to_owned(),
        member: f.member,
        person_id: f.person_id.clone(),
        message: I18N.t_with(lang, &f.message_id(), &args),
        clears: I18N.t_with(lang, &f.clears_id(), &args),
    }
}

pub(crate) fn finding_docs(lang: Lang, e: &Evaluation) -> Vec<FindingDoc> {
    e.findings.iter().map(|f| finding_doc(lang, f)).collect()
}
