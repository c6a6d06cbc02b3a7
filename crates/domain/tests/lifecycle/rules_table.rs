//! The safeguard engine, rule by rule (issue #5, "Must show"): for every rule a row where it fires
//! and the same facts with the remedy applied, where it clears (the rows are in the `rules_*`
//! files, one per family of rules). Here the table as a whole: every rule has a row, the ready
//! household is clear, the worst cases fire every rule, each rule guards from its state up to
//! departure, forced returns are flagged and never blocked, and a rule set may switch a rule
//! off, move or soften it. Public API only.

use crate::support::{Case, Expected, args, fired, of_rule, shipped, shipped_with};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::ConsentRole;
use homeward_domain::lifecycle::road::ROAD;
use homeward_domain::lifecycle::safeguards::{RuleId, RuleSet, Severity};

use AgeBand::*;
use CaseState::*;
use ConsentRole::*;
use Severity::*;

/// One row: from the ready household, `breaks` makes `rule` fire with exactly `expect` at
/// `target`; `remedy`, applied on top, clears it, leaving no finding at all. Each family of rules
/// keeps its rows in its own file.
pub(crate) struct Row {
    pub(crate) name: &'static str,
    pub(crate) rule: RuleId,
    pub(crate) target: CaseState,
    pub(crate) breaks: fn(Case) -> Case,
    pub(crate) expect: fn() -> Vec<Expected>,
    pub(crate) remedy: fn(Case) -> Case,
}

/// Every family's rows.
fn rows() -> Vec<Row> {
    [
        crate::rules_consent::rows(),
        crate::rules_counselling::rows(),
        crate::rules_children::rows(),
        crate::rules_destination::rows(),
        crate::rules_coercion::rows(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[test]
fn the_ready_household_is_clear_for_every_state_of_the_road() {
    let set = shipped();
    for target in ROAD {
        let eval = Case::ready().evaluate(&set, *target);
        assert_eq!(eval.findings, vec![], "{target}");
        assert!(!eval.blocked());
        assert_eq!(eval.version, "2026-11-design-4");
        assert_eq!(eval.target, *target);
    }
}

#[test]
fn every_rule_fires_and_clears() {
    let set = shipped();
    let rows = rows();
    for id in RuleId::ALL {
        assert!(rows.iter().any(|r| r.rule == *id), "no row for {id}");
    }
    for row in rows {
        let broken = (row.breaks)(Case::ready());
        let eval = broken.evaluate(&set, row.target);
        assert_eq!(
            of_rule(&eval, row.rule),
            (row.expect)(),
            "fires: {}",
            row.name
        );
        if (row.expect)().iter().any(|(s, _, _)| *s == Block) {
            assert!(eval.blocked(), "{}", row.name);
        }
        let fixed = (row.remedy)(broken);
        let eval = fixed.evaluate(&set, row.target);
        assert_eq!(eval.findings, vec![], "clears: {}", row.name);
        assert!(!eval.blocked(), "{}", row.name);
    }
}

/// A case where every rule that can fire together fires: one without counselling (for
/// `counselled`), one with bad counselling (for the rules that need one).
fn everything_wrong() -> [Case; 2] {
    let bad = |c: Case| {
        c.member("p5", Unknown, &["ar"], false)
            .set_unaccompanied("p4")
            .without_consent("p1", Own)
            .without_consent("p3", Assent)
            .without_consent("p2", Own)
            .consent_in("p2", Own, "en", false)
            .destination(AreaStatus::Conditional)
            .coercion(Some("p4"), true)
            .holds(1)
            .screenings_due(1)
            .today(1)
    };
    let uncounselled = {
        let mut c = bad(Case::ready());
        c.facts.counselling.clear();
        c
    };
    let miscounselled = bad(Case::ready().recounsel_in("fr", false));
    [uncounselled, miscounselled]
}

#[test]
fn the_worst_cases_fire_every_rule_but_unsafe_and_unassessed() {
    let set = shipped();
    let mut all: Vec<RuleId> = everything_wrong()
        .iter()
        .flat_map(|c| fired(&c.evaluate(&set, InTransit)))
        .collect();
    all.sort();
    all.dedup();
    let missing: Vec<RuleId> = RuleId::ALL
        .iter()
        .copied()
        .filter(|r| !all.contains(r))
        .collect();
    assert_eq!(
        missing,
        vec![RuleId::DestinationUnsafe, RuleId::DestinationUnassessed]
    );
}

/// The states a rule guards, from its `from` to departure, written out from the road.
fn guarded(from: CaseState) -> Vec<CaseState> {
    let start = ROAD.iter().position(|s| *s == from).expect("on the road");
    let end = ROAD
        .iter()
        .position(|s| *s == InTransit)
        .expect("on the road");
    ROAD[start..=end].to_vec()
}

#[test]
fn each_rule_guards_from_its_state_up_to_departure_and_no_further() {
    let set = shipped();
    let mut cases: Vec<Case> = everything_wrong().into();
    cases.push(Case::ready().destination(AreaStatus::Unsafe));
    cases.push(Case::ready().destination(AreaStatus::Unassessed));
    let every_state = CaseState::ALL;
    for rule in &set.rules {
        let case = cases
            .iter()
            .find(|c| fired(&c.evaluate(&set, InTransit)).contains(&rule.id))
            .unwrap_or_else(|| panic!("no case fires {}", rule.id));
        let fires_for: Vec<CaseState> = every_state
            .iter()
            .copied()
            .filter(|t| fired(&case.evaluate(&set, *t)).contains(&rule.id))
            .collect();
        assert_eq!(fires_for, guarded(rule.from), "{}", rule.id);
    }
    // In words: cooling-off guards departure only; nothing guards arrival or later, nor the
    // moves off the road.
    let worst = &everything_wrong()[1];
    assert!(!fired(&worst.evaluate(&set, Approved)).contains(&RuleId::CoolingOff));
    assert!(!fired(&worst.evaluate(&set, TravelScheduled)).contains(&RuleId::CoolingOff));
    assert!(fired(&worst.evaluate(&set, InTransit)).contains(&RuleId::CoolingOff));
    for t in [
        Arrived,
        Reintegration,
        FollowUp,
        Closed,
        Suspended,
        Withdrawn,
        Counselling,
        Registered,
    ] {
        assert_eq!(worst.evaluate(&set, t).findings, vec![], "{t}");
    }
}

#[test]
fn forced_returns_are_flagged_never_blocked() {
    let set = shipped();
    for case in everything_wrong() {
        let voluntary = case.evaluate(&set, InTransit);
        let forced = case
            .clone()
            .kind(CaseKind::ForcedReturn)
            .evaluate(&set, InTransit);
        assert!(voluntary.blocked());
        assert!(!forced.blocked());
        assert!(forced.findings.iter().all(|f| f.severity == Alert));
        // Exactly the voluntary findings of the rules marked `forced = true`, as alerts.
        let expected: Vec<_> = voluntary
            .findings
            .iter()
            .filter(|f| set.rule(f.rule).is_some_and(|r| r.forced))
            .map(|f| (f.rule, Alert, f.member, f.args.clone()))
            .collect();
        let got: Vec<_> = forced
            .findings
            .iter()
            .map(|f| (f.rule, f.severity, f.member, f.args.clone()))
            .collect();
        assert_eq!(got, expected);
        assert!(fired(&forced).contains(&RuleId::BestInterests));
        assert!(!fired(&forced).contains(&RuleId::ConsentReturn));
        assert!(!fired(&forced).contains(&RuleId::CoercionOpen));
    }
    // An unassessed destination is an alert for a forced return, whatever the rule set blocks.
    let unassessed = Case::ready()
        .kind(CaseKind::ForcedReturn)
        .destination(AreaStatus::Unassessed)
        .evaluate(&set, Approved);
    assert_eq!(
        of_rule(&unassessed, RuleId::DestinationUnassessed),
        vec![(Alert, None, args(&[("status", "unassessed")]))]
    );
}

#[test]
fn a_disabled_rule_does_not_fire() {
    let off = RuleSet::parse(&shipped_with("screening_due", "enabled", "false")).unwrap();
    let case = Case::ready().screenings_due(1);
    assert_eq!(
        fired(&case.evaluate(&shipped(), Approved)),
        vec![RuleId::ScreeningDue]
    );
    assert_eq!(case.evaluate(&off, Approved).findings, vec![]);
    let off = RuleSet::parse(&shipped_with("cooling_off", "enabled", "false")).unwrap();
    assert_eq!(
        Case::ready().today(1).evaluate(&off, InTransit).findings,
        vec![]
    );
}

#[test]
fn a_rule_moved_earlier_or_later_guards_from_there() {
    let earlier = RuleSet::parse(&shipped_with("cooling_off", "from", "\"approved\"")).unwrap();
    let case = Case::ready().today(1);
    assert!(case.evaluate(&earlier, Approved).blocked());
    assert!(!case.evaluate(&earlier, CaseState::Assessment).blocked());
    let later = RuleSet::parse(&shipped_with("coercion_open", "from", "\"consented\"")).unwrap();
    assert!(
        Case::ready()
            .coercion(None, false)
            .evaluate(&later, Consented)
            .blocked()
    );
    let softer = RuleSet::parse(&shipped_with("age_known", "severity", "\"warn\"")).unwrap();
    // An unknown age counts as an adult for consent: p5 consents like the adults.
    let eval = Case::ready()
        .member("p5", Unknown, &["ar"], false)
        .recounsel()
        .evaluate(&softer, Approved);
    assert_eq!(
        of_rule(&eval, RuleId::AgeKnown),
        vec![(Warn, Some(5), vec![])]
    );
    assert!(!eval.blocked());
}

#[test]
fn findings_name_their_messages() {
    let eval = Case::ready().holds(1).evaluate(&shipped(), Approved);
    let f = &eval.findings[0];
    assert_eq!(f.message_id(), "safeguard-suspensive-hold");
    assert_eq!(f.clears_id(), "safeguard-suspensive-hold-clears");
    let eval = Case::ready()
        .without_consent("p1", Own)
        .evaluate(&shipped(), Approved);
    assert_eq!(eval.findings[0].person_id.as_deref(), Some("p1"));
}
