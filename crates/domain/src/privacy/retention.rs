//! Retention rules: how long each kind of record is kept, and what happens when the time is up.
//! Configuration with provenance (`config/retention.toml`), checked here; applied by the
//! application's retention run.

use crate::macros::string_enum;
use serde::Deserialize;

string_enum! {
    /// The kinds of record a rule can govern.
    RecordKind {
        /// The persons of a case, counted from the case's closure.
        ClosedCase = "closed_case",
        /// A sign-in session, counted from its expiry.
        ExpiredSession = "expired_session",
    }
}

string_enum! {
    RetentionAction {
        /// Destroy the personal fields for good (the person's key), keep the statistics.
        Anonymise = "anonymise",
        /// Delete the record (operational records outside the journal only).
        Delete = "delete",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub record: RecordKind,
    pub after_days: u32,
    pub action: RetentionAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRules {
    pub version: String,
    pub source: String,
    pub rules: Vec<Rule>,
}

/// A rules file that cannot be used, with the line it failed on when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct RulesError {
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    source: String,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    record: String,
    after_days: i64,
    action: String,
}

/// Which actions make sense for which records: personal data in the journal can only be
/// anonymised (the journal is append-only); operational records can be deleted.
fn allowed(record: RecordKind, action: RetentionAction) -> bool {
    matches!(
        (record, action),
        (RecordKind::ClosedCase, RetentionAction::Anonymise)
            | (RecordKind::ExpiredSession, RetentionAction::Delete)
    )
}

/// The longest period accepted: a hundred years is a typo, not a policy.
const MAX_DAYS: i64 = 36_500;

impl RetentionRules {
    pub fn parse(text: &str) -> Result<RetentionRules, RulesError> {
        let line_of = |offset: usize| Some(text[..offset.min(text.len())].lines().count().max(1));
        let file: File = toml::from_str(text).map_err(|e| RulesError {
            line: e.span().and_then(|s| line_of(s.start)),
            message: e.message().to_owned(),
        })?;
        // Rules are reported by their position, counted from one, since TOML spans are lost
        // after deserialising.
        let at = |i: usize, message: String| RulesError {
            line: rule_line(text, i),
            message,
        };
        let mut rules: Vec<Rule> = Vec::with_capacity(file.rule.len());
        for (i, raw) in file.rule.into_iter().enumerate() {
            let record = RecordKind::parse(&raw.record)
                .ok_or_else(|| at(i, format!("unknown record {:?}", raw.record)))?;
            let action = RetentionAction::parse(&raw.action)
                .ok_or_else(|| at(i, format!("unknown action {:?}", raw.action)))?;
            if !allowed(record, action) {
                return Err(at(i, format!("{record} records cannot be {action}d")));
            }
            if !(1..=MAX_DAYS).contains(&raw.after_days) {
                return Err(at(i, format!("after_days must be 1..={MAX_DAYS}")));
            }
            if rules.iter().any(|r| r.record == record) {
                return Err(at(i, format!("a second rule for {record}")));
            }
            rules.push(Rule {
                record,
                after_days: raw.after_days as u32,
                action,
            });
        }
        if file.version.trim().is_empty() || file.source.trim().is_empty() {
            return Err(RulesError {
                line: None,
                message: "version and source must say where the rules come from".into(),
            });
        }
        Ok(RetentionRules {
            version: file.version,
            source: file.source,
            rules,
        })
    }

    pub fn rule(&self, record: RecordKind) -> Option<&Rule> {
        self.rules.iter().find(|r| r.record == record)
    }
}

/// The line of the `n`th `[[rule]]` header.
fn rule_line(text: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[rule]]")
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The moment before which a record is due: `after_days` before `today`.
pub fn cutoff(today: time::Date, after_days: u32) -> time::Date {
    today.saturating_sub(time::Duration::days(i64::from(after_days)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/retention.toml"
    ));

    #[test]
    fn the_shipped_rules_parse_and_say_where_they_come_from() {
        let rules = RetentionRules::parse(SHIPPED).unwrap();
        assert!(rules.source.contains("UNHCR"));
        assert_eq!(
            rules.rule(RecordKind::ClosedCase).unwrap().action,
            RetentionAction::Anonymise
        );
    }

    #[test]
    fn bad_files_name_the_line() {
        let bad = SHIPPED.replace("after_days = 30", "after_days = 0");
        let e = RetentionRules::parse(&bad).unwrap_err();
        assert_eq!(e.line, rule_line(SHIPPED, 1));
        assert!(e.to_string().starts_with("line "), "{e}");
        let bad = SHIPPED.replace("action = \"anonymise\"", "action = \"delete\"");
        assert!(RetentionRules::parse(&bad).is_err());
        let e = RetentionRules::parse("version = \"x\"\nsource = \"y\"\n[[rule]]\nrecord = 3\n")
            .unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(RetentionRules::parse("version = \"\"\nsource = \"\"\n").is_err());
    }

    #[test]
    fn the_cutoff_is_whole_days_before_today() {
        let today = time::macros::date!(2026 - 03 - 01);
        assert_eq!(cutoff(today, 1), time::macros::date!(2026 - 02 - 28));
    }
}
