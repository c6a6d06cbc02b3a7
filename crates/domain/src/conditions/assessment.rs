//! One assessor's findings on one area for one date, checked against the criteria in force.

use super::criteria::Criteria;
use super::status::CriterionStatus;
use crate::error::Errors;
use crate::macros::string_enum;
use crate::{Invalid, text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

string_enum! {
    /// Where the evidence comes from.
    SourceType {
        KeyInformant = "key_informant",
        HouseholdSurvey = "household_survey",
        FieldVisit = "field_visit",
        SecondaryData = "secondary_data",
    }
}

/// One criterion's finding, as journaled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub criterion: String,
    pub status: CriterionStatus,
    /// Sub-item id → what the assessor observed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub observations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// A finding as a client sends it (statuses still text).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FindingInput {
    pub criterion: String,
    pub status: String,
    pub observations: BTreeMap<String, String>,
    pub evidence: String,
}

/// Longest evidence or observation text accepted.
pub const MAX_TEXT: usize = 4000;

/// Checks findings against the criteria: every criterion exactly once, in any order, known
/// statuses and sub-items, text without control characters. Returns them in the criteria's order.
pub fn findings(criteria: &Criteria, input: &[FindingInput]) -> Result<Vec<Finding>, Invalid> {
    crate::error::at_most("/findings", input.len(), criteria.criteria.len())?;
    let mut errors = Errors::default();
    let mut out: Vec<(usize, Finding)> = Vec::with_capacity(input.len());
    for (i, f) in input.iter().enumerate() {
        let base = format!("/findings/{i}");
        let Some(position) = criteria.criteria.iter().position(|c| c.id == f.criterion) else {
            errors.push(format!("{base}/criterion"), "error-unknown-value");
            continue;
        };
        if out.iter().any(|(p, _)| *p == position) {
            errors.push(format!("{base}/criterion"), "error-duplicate");
            continue;
        }
        let status = CriterionStatus::parse(f.status.trim());
        if status.is_none() {
            errors.push(format!("{base}/status"), "error-unknown-value");
        }
        let criterion = &criteria.criteria[position];
        let mut observations = BTreeMap::new();
        let observed = format!("{base}/observations");
        if !errors.within(&observed, f.observations.len(), criterion.items.len()) {
            continue;
        }
        for (item, note) in &f.observations {
            let pointer = format!("{base}/observations/{item}");
            if !criterion.items.iter().any(|it| &it.id == item) {
                errors.push(pointer, "error-unknown-field");
            } else if let Some(note) = errors.check(text::free_text(&pointer, note, MAX_TEXT))
                && !note.is_empty()
            {
                observations.insert(item.clone(), note);
            }
        }
        let evidence = errors
            .check(text::free_text(
                &format!("{base}/evidence"),
                &f.evidence,
                MAX_TEXT,
            ))
            .unwrap_or_default();
        if let Some(status) = status {
            out.push((
                position,
                Finding {
                    criterion: criterion.id.clone(),
                    status,
                    observations,
                    evidence,
                },
            ));
        }
    }
    if errors.is_empty() && out.len() != criteria.criteria.len() {
        errors.push("/findings", "error-criteria-missing");
    }
    errors.into_result()?;
    out.sort_by_key(|(p, _)| *p);
    Ok(out.into_iter().map(|(_, f)| f).collect())
}

#[cfg(test)]
mod tests {
    use super::super::criteria::tests::shipped;
    use super::*;

    fn all(status: &str) -> Vec<FindingInput> {
        shipped()
            .criteria
            .iter()
            .rev()
            .map(|c| FindingInput {
                criterion: c.id.clone(),
                status: status.into(),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn every_criterion_once_in_the_criteria_order() {
        let f = findings(&shipped(), &all("met")).unwrap();
        assert_eq!(f.len(), 8);
        assert_eq!(f[0].criterion, "safety");
        let mut short = all("met");
        short.pop();
        assert_eq!(
            findings(&shipped(), &short).unwrap_err().0[0].pointer,
            "/findings"
        );
        let mut long = all("met");
        long.extend(all("nonsense"));
        let e = findings(&shipped(), &long).unwrap_err().0;
        assert_eq!((e.len(), e[0].code), (1, "error-list-too-long"));
        let mut twice = all("met");
        twice[1].criterion = twice[0].criterion.clone();
        assert_eq!(
            findings(&shipped(), &twice).unwrap_err().0[0].pointer,
            "/findings/1/criterion"
        );
    }

    #[test]
    fn statuses_items_and_text_are_checked_where_they_are() {
        let mut bad = all("met");
        bad[0].status = "mostly".into();
        bad[7]
            .observations
            .insert("no_such_item".into(), "x".into());
        bad[7].evidence = "bad \u{202e} text".into();
        let pointers: Vec<String> = findings(&shipped(), &bad)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.pointer)
            .collect();
        assert_eq!(
            pointers,
            [
                "/findings/0/status",
                "/findings/7/observations/no_such_item",
                "/findings/7/evidence"
            ]
        );
    }
}
