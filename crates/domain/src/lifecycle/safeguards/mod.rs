//! The safeguard engine (DESIGN.md section 4): pure functions of a case's facts that say whether
//! a return may move forward, and if not, why and what would clear it. A transition the engine
//! blocks is refused; a forced return is never blocked, only flagged.

mod config;
mod facts;
mod rules;

pub use config::{FLOOR, FORCED_FLOOR, RuleConfig, RuleSet, Severity};
pub use facts::{
    BestInterests, CaseFacts, Coercion, Consent, Counselling, Member, RiskAssessment, Stamp,
};

use crate::cases::case::{CaseKind, CaseState};
use crate::lifecycle::road;
use crate::macros::string_enum;

string_enum! {
    /// Every rule Homeward knows. The rule set file switches them on and off and sets their
    /// severity; what each one checks is written in `rules.rs`.
    RuleId {
        AgeKnown = "age_known",
        Counselled = "counselled",
        CounsellingInterpreter = "counselling_interpreter",
        ConsentReturn = "consent_return",
        ConsentLanguage = "consent_language",
        ChildConsent = "child_consent",
        Recounselling = "recounselling",
        CoolingOff = "cooling_off",
        DestinationUnsafe = "destination_unsafe",
        DestinationConditional = "destination_conditional",
        DestinationUnassessed = "destination_unassessed",
        CoercionOpen = "coercion_open",
        SuspensiveHold = "suspensive_hold",
        BestInterests = "best_interests",
        ChildDetention = "child_detention",
        ScreeningDue = "screening_due",
    }
}

/// One reason a case may not (or may only with care) proceed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// The member concerned, when the finding is about one person.
    pub person_id: Option<String>,
    /// That member's 1-based place in the household: messages name places, never names.
    pub member: Option<usize>,
    /// Values the translated message and remedy insert, e.g. `days`, `until`, `status`, `why`.
    pub args: Vec<(&'static str, String)>,
}

impl Finding {
    /// The Fluent id of the message: `safeguard-consent-return`.
    pub fn message_id(&self) -> String {
        format!("safeguard-{}", self.rule.as_str().replace('_', "-"))
    }

    /// The Fluent id of what clears it: `safeguard-consent-return-clears`.
    pub fn clears_id(&self) -> String {
        format!("{}-clears", self.message_id())
    }
}

/// The engine's answer for one prospective transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The rule-set version used, stored with every decision.
    pub version: String,
    pub target: CaseState,
    pub findings: Vec<Finding>,
}

impl Evaluation {
    pub fn blocked(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Block)
    }
}

/// Evaluates every rule that guards `target` over the facts. Deterministic: the same facts and
/// rule set give the same findings in the same order (the rule set's order, then members').
pub fn evaluate(set: &RuleSet, facts: &CaseFacts, target: CaseState) -> Evaluation {
    let forced = facts.kind == CaseKind::ForcedReturn;
    let mut findings = Vec::new();
    for rule in &set.rules {
        let guards = road::at_or_after(target, rule.from) && road::before_arrival(target);
        if !rule.enabled || !guards || (forced && !rule.forced) {
            continue;
        }
        for raw in rules::check(rule.id, set, facts) {
            let severity = match (forced, raw.softened) {
                (true, _) => Severity::Alert,
                (false, true) => Severity::Warn,
                (false, false) => rule.severity,
            };
            findings.push(Finding {
                rule: rule.id,
                severity,
                person_id: raw.member.map(|m| m.id.clone()),
                member: raw.member.map(|m| m.position),
                args: raw.args,
            });
        }
    }
    Evaluation {
        version: set.version.clone(),
        target,
        findings,
    }
}

/// Four eyes: the approver of a return is not anyone who prepared it (the assigned case worker
/// or whoever put it forward for approval). Not configurable: it is how the gate stays a gate.
pub fn four_eyes(approver: &str, preparers: &[&str]) -> bool {
    !preparers.contains(&approver)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/safeguards.toml"
    ));

    #[test]
    fn the_shipped_rule_set_parses_and_lists_every_rule() {
        let set = RuleSet::parse(SHIPPED).unwrap();
        assert_eq!(set.rules.len(), RuleId::ALL.len());
        assert_eq!(set.cooling_off_days, 7);
    }
}
