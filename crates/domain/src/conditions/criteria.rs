//! The return-area criteria as configuration (`config/area-criteria.toml`): ids, labels and
//! meanings in every language, sub-items, which criteria a safe area must meet, and how old
//! evidence may be. Checked completely at start; a bad file names its line.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The languages every label must have.
pub const LANGUAGES: &[&str] = &["en", "fr", "ar"];

/// The most criteria a configuration may hold, and the most sub-items one criterion may have:
/// an assessment lists one finding per criterion and one observation per sub-item, so these
/// bound every assessment whatever the deployment's file says (the shipped file has 8
/// criteria of at most 5 sub-items).
pub const MAX_CRITERIA: usize = 32;
pub const MAX_ITEMS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criteria {
    pub version: String,
    pub source: String,
    pub max_age_days: u32,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub id: String,
    /// Counted among the criteria both organisations must find `met` for `safe`.
    pub required_for_safe: bool,
    /// Language code → text.
    pub label: BTreeMap<String, String>,
    pub meaning: BTreeMap<String, String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub label: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct CriteriaError {
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    source: String,
    max_age_days: i64,
    criterion: Vec<RawCriterion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: String,
    required_for_safe: bool,
    label: BTreeMap<String, String>,
    meaning: BTreeMap<String, String>,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    label: BTreeMap<String, String>,
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn check_texts(what: &str, texts: &BTreeMap<String, String>) -> Result<(), String> {
    for lang in LANGUAGES {
        if texts.get(*lang).is_none_or(|t| t.trim().is_empty()) {
            return Err(format!("{what} has no {lang} text"));
        }
    }
    match texts.keys().find(|k| !LANGUAGES.contains(&k.as_str())) {
        Some(extra) => Err(format!("{what} has a text in unknown language {extra:?}")),
        None => Ok(()),
    }
}

/// The line where `[[criterion]]` number `n` (from zero) begins.
fn criterion_line(text: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[criterion]]")
        .nth(n)
        .map(|(i, _)| i + 1)
}

impl Criteria {
    pub fn parse(text: &str) -> Result<Criteria, CriteriaError> {
        let file: File = toml::from_str(text).map_err(|e| CriteriaError {
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1)),
            message: e.message().to_owned(),
        })?;
        let whole = |message: String| CriteriaError {
            line: None,
            message,
        };
        if file.version.trim().is_empty() || file.source.trim().is_empty() {
            return Err(whole(
                "version and source must say where the criteria come from".into(),
            ));
        }
        if !(1..=3650).contains(&file.max_age_days) {
            return Err(whole("max_age_days must be 1..=3650".into()));
        }
        if file.criterion.len() > MAX_CRITERIA {
            return Err(whole(format!("more than {MAX_CRITERIA} criteria")));
        }
        let mut criteria: Vec<Criterion> = Vec::with_capacity(file.criterion.len());
        for (n, raw) in file.criterion.into_iter().enumerate() {
            let at = |message: String| CriteriaError {
                line: criterion_line(text, n),
                message,
            };
            if !is_identifier(&raw.id) {
                return Err(at(format!(
                    "criterion id {:?} is not a lower-case identifier",
                    raw.id
                )));
            }
            if criteria.iter().any(|c| c.id == raw.id) {
                return Err(at(format!("criterion {} appears twice", raw.id)));
            }
            check_texts(&format!("criterion {} label", raw.id), &raw.label).map_err(at)?;
            check_texts(&format!("criterion {} meaning", raw.id), &raw.meaning).map_err(at)?;
            if raw.items.len() > MAX_ITEMS {
                return Err(at(format!("{} has more than {MAX_ITEMS} items", raw.id)));
            }
            let mut items: Vec<Item> = Vec::with_capacity(raw.items.len());
            for item in raw.items {
                if !is_identifier(&item.id) || items.iter().any(|i| i.id == item.id) {
                    return Err(at(format!(
                        "item {:?} of {} is not a new identifier",
                        item.id, raw.id
                    )));
                }
                check_texts(&format!("item {} label", item.id), &item.label).map_err(at)?;
                items.push(Item {
                    id: item.id,
                    label: item.label,
                });
            }
            criteria.push(Criterion {
                id: raw.id,
                required_for_safe: raw.required_for_safe,
                label: raw.label,
                meaning: raw.meaning,
                items,
            });
        }
        if !criteria.iter().any(|c| c.required_for_safe) {
            return Err(whole(
                "no criterion is required for safe: every area would be safe".into(),
            ));
        }
        if let Some(first) = criteria.first()
            && !first.required_for_safe
        {
            // The first criterion is the one whose `not_met` makes an area unsafe (safety).
            return Err(whole(format!(
                "the first criterion ({}) must be required for safe",
                first.id
            )));
        }
        Ok(Criteria {
            version: file.version,
            source: file.source,
            max_age_days: file.max_age_days as u32,
            criteria,
        })
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The criterion whose `not_met` alone makes an area unsafe: the first (safety).
    pub fn safety(&self) -> &str {
        self.criteria
            .first()
            .map(|c| c.id.as_str())
            .unwrap_or_default()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const SHIPPED: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/area-criteria.toml"
    ));

    pub fn shipped() -> Criteria {
        Criteria::parse(SHIPPED).unwrap()
    }

    #[test]
    fn the_shipped_criteria_are_the_eight_of_the_iasc_framework() {
        let c = shipped();
        assert_eq!(c.criteria.len(), 8);
        assert_eq!(c.safety(), "safety");
        let required: Vec<&str> = c
            .criteria
            .iter()
            .filter(|c| c.required_for_safe)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            required,
            [
                "safety",
                "standard_of_living",
                "livelihoods",
                "housing_land_property"
            ]
        );
        assert_eq!(c.max_age_days, 90);
        assert!(c.source.contains("IASC"));
    }

    #[test]
    fn bad_files_name_the_line() {
        let missing_ar = SHIPPED.replacen(", ar = \"حرية التنقل\"", "", 1);
        let e = Criteria::parse(&missing_ar).unwrap_err();
        assert_eq!(e.line, criterion_line(SHIPPED, 0));
        assert!(e.message.contains("no ar text"), "{e}");
        let e = Criteria::parse(&SHIPPED.replace("max_age_days = 90", "max_age_days = \"90\""))
            .unwrap_err();
        assert_eq!(e.line, Some(13), "{e}");
        let too_many = format!(
            "{SHIPPED}{}",
            (0..MAX_CRITERIA).fold(String::new(), |text, i| {
                let texts = "{ en = \"x\", fr = \"x\", ar = \"x\" }";
                format!(
                    "{text}\n[[criterion]]\nid = \"extra_{i}\"\nrequired_for_safe = false\n\
                     label = {texts}\nmeaning = {texts}\n"
                )
            })
        );
        let e = Criteria::parse(&too_many).unwrap_err();
        assert!(e.message.contains("more than 32 criteria"), "{e}");
        let dup = SHIPPED.replace("id = \"livelihoods\"", "id = \"safety\"");
        let e = Criteria::parse(&dup).unwrap_err();
        assert_eq!(e.line, criterion_line(SHIPPED, 2));
        assert!(
            Criteria::parse(
                &SHIPPED.replace("required_for_safe = true", "required_for_safe = false")
            )
            .is_err()
        );
    }
}
