//! The rule set as configuration with provenance (`config/safeguards.toml`): which rules are on,
//! how severe each is, from which state it guards, and the thresholds. Every evaluation carries
//! the version it used, so a decision can be explained later against the rules then in force.

use super::RuleId;
use crate::cases::case::{CaseKind, CaseState};
use crate::cases::person::AgeBand;
use crate::macros::string_enum;
use serde::Deserialize;

string_enum! {
    Severity {
        /// The transition is refused until the finding clears.
        Block = "block",
        /// Shown and stored with the transition; nothing is refused.
        Warn = "warn",
        /// A forced return's finding: Homeward monitors forced returns and never manages them,
        /// so nothing is refused and everything is flagged and counted.
        Alert = "alert",
    }
}

/// Rules a deployment may not switch off or soften: without them a return is not voluntary,
/// informed and safe (DESIGN.md section 4). The file may still move the state they guard from.
pub const FLOOR: &[RuleId] = &[
    RuleId::ConsentReturn,
    RuleId::DestinationUnsafe,
    RuleId::CoercionOpen,
    RuleId::SuspensiveHold,
    RuleId::BestInterests,
];

/// Rules that must raise their alerts for forced returns too: children's best interests and
/// detention, an unsafe destination and a pending appeal are rights risks whoever runs the return.
pub const FORCED_FLOOR: &[RuleId] = &[
    RuleId::DestinationUnsafe,
    RuleId::SuspensiveHold,
    RuleId::BestInterests,
    RuleId::ChildDetention,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleConfig {
    pub id: RuleId,
    pub enabled: bool,
    pub severity: Severity,
    /// The first state of the road this rule guards; it guards every state from there to
    /// departure (`in_transit`).
    pub from: CaseState,
    /// Whether a forced return raises this rule's finding as an alert.
    pub forced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    pub version: String,
    pub source: String,
    pub cooling_off_days: u32,
    /// Days after a positive rapid screen by which the full screening is due.
    pub follow_up_screening_days: u32,
    /// Children from this age band give their own assent besides a guardian's consent.
    pub assent_from: AgeBand,
    /// Case kinds for which an `unassessed` or `stale` destination blocks; others are warned.
    pub unassessed_blocks: Vec<CaseKind>,
    pub rules: Vec<RuleConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    source: String,
    cooling_off_days: u32,
    follow_up_screening_days: u32,
    assent_from: String,
    unassessed_blocks: Vec<String>,
    rule: Vec<RuleLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleLine {
    id: String,
    enabled: bool,
    severity: String,
    from: String,
    forced: bool,
}

/// The longest cooling-off a file may set: longer is a typing error, not a policy.
const MAX_COOLING_OFF_DAYS: u32 = 90;

impl RuleSet {
    /// Parses and checks the file. Errors name the line (TOML errors) or the rule at fault.
    pub fn parse(text: &str) -> Result<RuleSet, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            // Lines before the error's start, plus its own: counting `lines()` of the text before
            // it would miss the line of an error that starts a line (an unknown key).
            let line = e.span().map(|s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1
            });
            match line {
                Some(l) => format!("line {l}: {}", e.message()),
                None => e.message().to_owned(),
            }
        })?;
        if file.version.trim().is_empty() || file.source.trim().is_empty() {
            return Err("version and source must say which rules these are and why".into());
        }
        if file.cooling_off_days > MAX_COOLING_OFF_DAYS {
            return Err(format!(
                "cooling_off_days {} is more than {MAX_COOLING_OFF_DAYS}",
                file.cooling_off_days
            ));
        }
        if !(1..=MAX_COOLING_OFF_DAYS).contains(&file.follow_up_screening_days) {
            return Err(format!(
                "follow_up_screening_days {} is not between 1 and {MAX_COOLING_OFF_DAYS}",
                file.follow_up_screening_days
            ));
        }
        let assent_from = AgeBand::parse(&file.assent_from)
            .filter(|b| b.is_child())
            .ok_or_else(|| format!("assent_from {:?} is not a child age band", file.assent_from))?;
        let unassessed_blocks = file
            .unassessed_blocks
            .iter()
            .map(|k| CaseKind::parse(k).ok_or_else(|| format!("{k:?} is not a case kind")))
            .collect::<Result<Vec<_>, _>>()?;
        let mut rules: Vec<RuleConfig> = Vec::new();
        for line in file.rule {
            let rule = rule_config(&line)?;
            if rules.iter().any(|r| r.id == rule.id) {
                return Err(format!("rule {:?} is listed twice", line.id));
            }
            rules.push(rule);
        }
        if let Some(missing) = RuleId::ALL
            .iter()
            .find(|id| !rules.iter().any(|r| r.id == **id))
        {
            return Err(format!(
                "rule {:?} is missing: list every rule, with enabled = false to switch one off",
                missing.as_str()
            ));
        }
        Ok(RuleSet {
            version: file.version,
            source: file.source,
            cooling_off_days: file.cooling_off_days,
            follow_up_screening_days: file.follow_up_screening_days,
            assent_from,
            unassessed_blocks,
            rules,
        })
    }

    pub fn rule(&self, id: RuleId) -> Option<&RuleConfig> {
        self.rules.iter().find(|r| r.id == id)
    }
}

fn rule_config(line: &RuleLine) -> Result<RuleConfig, String> {
    let name = &line.id;
    let id = RuleId::parse(name).ok_or_else(|| format!("{name:?} is not a rule Homeward knows"))?;
    let severity = Severity::parse(&line.severity)
        .filter(|s| *s != Severity::Alert)
        .ok_or_else(|| format!("rule {name:?}: severity must be block or warn"))?;
    let from = CaseState::parse(&line.from)
        .filter(|s| crate::lifecycle::road::before_arrival(*s) && *s != CaseState::Registered)
        .ok_or_else(|| {
            format!("rule {name:?}: from must be a state between counselling and in_transit")
        })?;
    let guards_approval = !crate::lifecycle::road::at_or_after(from, CaseState::TravelScheduled);
    if FLOOR.contains(&id) && (!line.enabled || severity != Severity::Block || !guards_approval) {
        return Err(format!(
            "rule {name:?} cannot be switched off, softened or moved past approval: it is the \
             floor of a voluntary, informed and safe return"
        ));
    }
    if FORCED_FLOOR.contains(&id) && (!line.enabled || !line.forced) {
        return Err(format!(
            "rule {name:?} cannot be switched off or silenced for forced returns: it flags a \
             rights risk whoever carries out the return"
        ));
    }
    Ok(RuleConfig {
        id,
        enabled: line.enabled,
        severity,
        from,
        forced: line.forced,
    })
}
