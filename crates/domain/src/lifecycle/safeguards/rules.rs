//! What each rule checks, in the words of DESIGN.md section 4 and METHODS.md sections 3–5. Each
//! function returns one raw finding per member (or one for the case) that the rule faults;
//! `evaluate` adds the severity from the rule set.

use super::facts::{CaseFacts, Member, Stamp};
use super::{RuleId, RuleSet};
use crate::cases::person::AgeBand;
use crate::conditions::status::AreaStatus;
use crate::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};

pub(super) struct Raw<'a> {
    pub member: Option<&'a Member>,
    pub args: Vec<(&'static str, String)>,
    /// The rule holds but, for this case, only warns (an unassessed destination for a return
    /// kind the rule set does not block).
    pub softened: bool,
}

fn about<'a>(member: &'a Member, args: Vec<(&'static str, String)>) -> Raw<'a> {
    Raw {
        member: Some(member),
        args,
        softened: false,
    }
}

fn case_wide<'a>(args: Vec<(&'static str, String)>) -> Raw<'a> {
    Raw {
        member: None,
        args,
        softened: false,
    }
}

fn why(reason: &str) -> Vec<(&'static str, String)> {
    vec![("why", reason.to_owned())]
}

pub(super) fn check<'a>(id: RuleId, set: &RuleSet, facts: &'a CaseFacts) -> Vec<Raw<'a>> {
    match id {
        RuleId::AgeKnown => age_known(facts),
        RuleId::Counselled => counselled(facts),
        RuleId::CounsellingInterpreter => counselling_interpreter(set, facts),
        RuleId::ConsentReturn => consent_return(facts),
        RuleId::ConsentLanguage => consent_language(facts),
        RuleId::ChildConsent => child_consent(set, facts),
        RuleId::Recounselling => recounselling(facts),
        RuleId::CoolingOff => cooling_off(set, facts),
        RuleId::DestinationUnsafe => destination_unsafe(facts),
        RuleId::DestinationConditional => destination_conditional(facts),
        RuleId::DestinationUnassessed => destination_unassessed(set, facts),
        RuleId::CoercionOpen => coercion_open(facts),
        RuleId::SuspensiveHold => suspensive_hold(facts),
        RuleId::BestInterests => best_interests(facts),
        RuleId::ChildDetention => child_detention(facts),
        RuleId::ScreeningDue => screening_due(facts),
    }
}

/// Children's safeguards must not be escaped by an unknown age: it is established first.
fn age_known(facts: &CaseFacts) -> Vec<Raw<'_>> {
    facts
        .members
        .iter()
        .filter(|m| m.age_band == AgeBand::Unknown)
        .map(|m| about(m, Vec::new()))
        .collect()
}

/// The household was counselled — since the case last went back to counselling, if it did.
fn counselled(facts: &CaseFacts) -> Vec<Raw<'_>> {
    match (facts.latest_counselling(), facts.restarted) {
        (Some(c), Some(restart)) if c.stamp < restart => vec![case_wide(Vec::new())],
        (Some(_), _) => Vec::new(),
        (None, _) => vec![case_wide(Vec::new())],
    }
}

/// Everyone who decides (adults, and children old enough to assent) understood the latest
/// counselling: it was in a language they speak, or an interpreter was there.
fn counselling_interpreter<'a>(set: &RuleSet, facts: &'a CaseFacts) -> Vec<Raw<'a>> {
    let Some(latest) = facts.latest_counselling() else {
        return Vec::new();
    };
    if latest.interpreter {
        return Vec::new();
    }
    facts
        .members
        .iter()
        .filter(|m| decides(set, m) && !m.languages.contains(&latest.language))
        .map(|m| about(m, vec![("language", latest.language.clone())]))
        .collect()
}

/// Adults, and children from the age band that gives its own assent.
fn decides(set: &RuleSet, member: &Member) -> bool {
    member.age_band.is_adult() || (member.age_band.is_child() && member.age_band >= set.assent_from)
}

/// Whether a consent counts: given after the latest counselling (when there is one).
fn after_counselling(facts: &CaseFacts, stamp: Stamp) -> bool {
    facts.latest_counselling().is_some_and(|c| stamp > c.stamp)
}

/// Whether a consent about the person (in any role) was withdrawn since the latest counselling,
/// or at all when there is none. A withdrawal stops the return; whoever decides again starts from
/// counselling, so a consent given after the withdrawal without new counselling does not count.
fn withdrawn_since_counselling(facts: &CaseFacts, person_id: &str) -> bool {
    let latest = facts.latest_counselling().map(|c| c.stamp);
    facts
        .consents
        .iter()
        .filter(|c| c.person_id == person_id)
        .filter_map(|c| c.withdrawn)
        .any(|w| latest.is_none_or(|l| w > l))
}

/// Every adult consents to return, after the latest counselling; and no one's consent was
/// withdrawn since that counselling.
fn consent_return(facts: &CaseFacts) -> Vec<Raw<'_>> {
    facts
        .members
        .iter()
        .filter_map(|m| {
            if withdrawn_since_counselling(facts, &m.id) {
                return Some(about(m, why("withdrawn")));
            }
            // An unknown age counts as an adult here: nobody's consent is skipped for want of a
            // date of birth (the children's rules treat it as a child's).
            if m.age_band.is_child() {
                return None;
            }
            match facts.active_consent(&m.id, ConsentRole::Own) {
                None => Some(about(m, why("missing"))),
                Some(c) if !after_counselling(facts, c.stamp) => {
                    Some(about(m, why("before-counselling")))
                }
                Some(_) => None,
            }
        })
        .collect()
}

/// A person's own consent or assent was given in a language they speak, or through an
/// interpreter.
fn consent_language(facts: &CaseFacts) -> Vec<Raw<'_>> {
    facts
        .members
        .iter()
        .filter_map(|m| {
            let wrong = [ConsentRole::Own, ConsentRole::Assent]
                .into_iter()
                .filter_map(|role| facts.active_consent(&m.id, role))
                .find(|c| !c.interpreter && !m.languages.contains(&c.language))?;
            Some(about(m, vec![("language", wrong.language.clone())]))
        })
        .collect()
}

/// Every child has a guardian's consent, and from the configured age band their own assent,
/// both after the latest counselling.
fn child_consent<'a>(set: &RuleSet, facts: &'a CaseFacts) -> Vec<Raw<'a>> {
    let mut out = Vec::new();
    for m in facts.members.iter().filter(|m| m.age_band.is_child()) {
        let mut needs = vec![(ConsentRole::Guardian, "guardian")];
        if m.age_band >= set.assent_from {
            needs.push((ConsentRole::Assent, "assent"));
        }
        for (role, reason) in needs {
            let given = facts
                .active_consent(&m.id, role)
                .is_some_and(|c| after_counselling(facts, c.stamp));
            if !given {
                out.push(about(m, why(reason)));
            }
        }
    }
    out
}

/// Counselling presented the destination's status as it is now; if it changed, counsel again.
fn recounselling(facts: &CaseFacts) -> Vec<Raw<'_>> {
    match facts.latest_counselling() {
        Some(c) if c.destination_status != facts.destination => vec![case_wide(vec![
            ("then", c.destination_status.as_str().to_owned()),
            ("now", facts.destination.as_str().to_owned()),
        ])],
        _ => Vec::new(),
    }
}

/// Departure waits the cooling-off period after the last consent, unless a supervisor waived it.
fn cooling_off<'a>(set: &RuleSet, facts: &'a CaseFacts) -> Vec<Raw<'a>> {
    if facts.cooling_off_waived {
        return Vec::new();
    }
    let last = facts
        .consents
        .iter()
        .filter(|c| c.withdrawn.is_none() && c.role != ConsentRole::Assent)
        .map(|c| c.stamp.on)
        .max();
    let Some(last) = last else {
        return Vec::new();
    };
    let until = last + time::Duration::days(i64::from(set.cooling_off_days));
    if facts.today >= until {
        return Vec::new();
    }
    vec![case_wide(vec![
        ("days", set.cooling_off_days.to_string()),
        ("until", until.to_string()),
    ])]
}

fn destination_unsafe(facts: &CaseFacts) -> Vec<Raw<'_>> {
    if facts.destination == AreaStatus::Unsafe {
        vec![case_wide(Vec::new())]
    } else {
        Vec::new()
    }
}

/// A conditional destination needs an individual risk assessment, the latest of which found no
/// risk or a risk that can be mitigated.
fn destination_conditional(facts: &CaseFacts) -> Vec<Raw<'_>> {
    if facts.destination != AreaStatus::Conditional {
        return Vec::new();
    }
    // Only an assessment since the latest counselling (which presented the status as it is
    // now, or `recounselling` fires) answers for the conditions of today.
    let since = facts.latest_counselling().map(|c| c.stamp);
    let current = facts
        .risk_assessments
        .iter()
        .filter(|r| since.is_none_or(|s| r.stamp > s));
    match current.max_by_key(|r| r.stamp) {
        None => vec![case_wide(why("missing"))],
        Some(r) if r.risk_found && !r.mitigable => vec![case_wide(why("not-mitigable"))],
        Some(_) => Vec::new(),
    }
}

fn destination_unassessed<'a>(set: &RuleSet, facts: &'a CaseFacts) -> Vec<Raw<'a>> {
    if !matches!(
        facts.destination,
        AreaStatus::Unassessed | AreaStatus::Stale
    ) {
        return Vec::new();
    }
    vec![Raw {
        member: None,
        args: vec![("status", facts.destination.as_str().to_owned())],
        softened: !set.unassessed_blocks.contains(&facts.kind),
    }]
}

fn coercion_open(facts: &CaseFacts) -> Vec<Raw<'_>> {
    let open = facts.coercion.iter().filter(|c| c.open).count();
    if open == 0 {
        return Vec::new();
    }
    vec![case_wide(vec![("count", open.to_string())])]
}

fn suspensive_hold(facts: &CaseFacts) -> Vec<Raw<'_>> {
    if facts.open_holds == 0 {
        return Vec::new();
    }
    vec![case_wide(vec![("count", facts.open_holds.to_string())])]
}

/// Every child's latest best-interests record finds return in their interests; an
/// unaccompanied or separated child's is a formal determination.
fn best_interests(facts: &CaseFacts) -> Vec<Raw<'_>> {
    facts
        .members
        .iter()
        .filter(|m| m.age_band.is_child())
        .filter_map(|m| {
            let reason = match facts.latest_best_interests(&m.id) {
                None => "missing",
                Some(b) if m.unaccompanied && b.kind != BestInterestsKind::Determination => {
                    "needs-determination"
                }
                Some(b) if b.outcome != BestInterestsOutcome::ReturnInBestInterests => {
                    "not-in-favour"
                }
                Some(_) => return None,
            };
            Some(about(m, why(reason)))
        })
        .collect()
}

/// Immigration detention of a child always breaches the best-interests principle: every record
/// of it raises an alert, reviewed or not.
fn child_detention(facts: &CaseFacts) -> Vec<Raw<'_>> {
    facts
        .members
        .iter()
        .filter(|m| m.age_band.is_child())
        .filter(|m| {
            facts
                .coercion
                .iter()
                .any(|c| c.detention && c.person_id.as_deref() == Some(m.id.as_str()))
        })
        .map(|m| about(m, Vec::new()))
        .collect()
}

fn screening_due(facts: &CaseFacts) -> Vec<Raw<'_>> {
    if facts.screenings_due == 0 {
        return Vec::new();
    }
    vec![case_wide(vec![("count", facts.screenings_due.to_string())])]
}
