//! The safeguard engine, rule by rule (issue #5, "Must show"): for every rule a row where it fires
//! and the same facts with the remedy applied, where it clears. Public API only.

use crate::support::{
    Case, Expected, args, day, fired, of_rule, shipped, shipped_setting, shipped_with,
};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use homeward_domain::lifecycle::road::ROAD;
use homeward_domain::lifecycle::safeguards::{RuleId, RuleSet, Severity, Stamp, four_eyes};

use AgeBand::*;
use BestInterestsKind::{Assessment, Determination};
use BestInterestsOutcome::*;
use CaseState::*;
use ConsentRole::*;
use Severity::*;

/// One row: from the ready household, `breaks` makes `rule` fire with exactly `expect` at
/// `target`; `remedy`, applied on top, clears it, leaving no finding at all.
struct Row {
    name: &'static str,
    rule: RuleId,
    target: CaseState,
    breaks: fn(Case) -> Case,
    expect: fn() -> Vec<Expected>,
    remedy: fn(Case) -> Case,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "a member of unknown age blocks until the age is established",
            rule: RuleId::AgeKnown,
            target: Approved,
            breaks: |c| c.member("p5", Unknown, &["ar"], false),
            expect: || vec![(Block, Some(5), vec![])],
            remedy: |c| c.set_band("p5", From18To59).consent("p5", Own),
        },
        Row {
            name: "a case never counselled blocks",
            rule: RuleId::Counselled,
            target: Consented,
            breaks: |mut c| {
                c.facts.counselling.clear();
                c
            },
            expect: || vec![(Block, None, vec![])],
            remedy: |c| c.recounsel(),
        },
        Row {
            name: "counselling in a language an adult and an assenting child do not speak",
            rule: RuleId::CounsellingInterpreter,
            target: Consented,
            breaks: |c| c.recounsel_in("fr", false),
            // 2 speaks French; 4 is too young to assent, so is not the one who must understand.
            expect: || {
                vec![
                    (Block, Some(1), args(&[("language", "fr")])),
                    (Block, Some(3), args(&[("language", "fr")])),
                ]
            },
            remedy: |c| c.recounsel_in("fr", true),
        },
        Row {
            name: "an adult with no consent",
            rule: RuleId::ConsentReturn,
            target: Consented,
            breaks: |c| c.without_consent("p1", Own),
            expect: || vec![(Block, Some(1), args(&[("why", "missing")]))],
            remedy: |c| c.consent("p1", Own),
        },
        Row {
            name: "an adult whose consent was withdrawn",
            rule: RuleId::ConsentReturn,
            target: Consented,
            breaks: |c| c.withdraw("p2", Own),
            expect: || vec![(Block, Some(2), args(&[("why", "withdrawn")]))],
            remedy: |c| c.recounsel(),
        },
        Row {
            name: "consent again after a withdrawal, without counselling again",
            rule: RuleId::ConsentReturn,
            target: Consented,
            breaks: |c| c.withdraw("p2", Own).consent("p2", Own),
            expect: || vec![(Block, Some(2), args(&[("why", "withdrawn")]))],
            remedy: |c| c.recounsel(),
        },
        Row {
            name: "a guardian withdrew a child's consent, and consented again uncounselled",
            rule: RuleId::ConsentReturn,
            target: Consented,
            breaks: |c| c.withdraw("p4", Guardian).consent("p4", Guardian),
            expect: || vec![(Block, Some(4), args(&[("why", "withdrawn")]))],
            remedy: |c| c.recounsel(),
        },
        Row {
            name: "consents given before the latest counselling (same day, earlier seq)",
            rule: RuleId::ConsentReturn,
            target: Consented,
            breaks: |c| c.counsel("ar", false),
            expect: || {
                vec![
                    (Block, Some(1), args(&[("why", "before-counselling")])),
                    (Block, Some(2), args(&[("why", "before-counselling")])),
                ]
            },
            remedy: |c| c.recounsel(),
        },
        Row {
            name: "an adult's consent in a language they do not speak, without interpreter",
            rule: RuleId::ConsentLanguage,
            target: Consented,
            breaks: |c| {
                c.without_consent("p1", Own)
                    .consent_in("p1", Own, "fr", false)
            },
            expect: || vec![(Block, Some(1), args(&[("language", "fr")]))],
            remedy: |c| {
                c.without_consent("p1", Own)
                    .consent_in("p1", Own, "fr", true)
            },
        },
        Row {
            name: "a child's assent in a language they do not speak, without interpreter",
            rule: RuleId::ConsentLanguage,
            target: Consented,
            breaks: |c| {
                c.without_consent("p3", Assent)
                    .consent_in("p3", Assent, "en", false)
            },
            expect: || vec![(Block, Some(3), args(&[("language", "en")]))],
            remedy: |c| c.consent_in("p3", Assent, "ar", false),
        },
        Row {
            name: "a 12-17 child without their own assent",
            rule: RuleId::ChildConsent,
            target: Consented,
            breaks: |c| c.without_consent("p3", Assent),
            expect: || vec![(Block, Some(3), args(&[("why", "assent")]))],
            remedy: |c| c.consent("p3", Assent),
        },
        Row {
            name: "a child without a guardian's consent (assent does not replace it)",
            rule: RuleId::ChildConsent,
            target: Consented,
            breaks: |c| c.without_consent("p4", Guardian).consent("p4", Assent),
            expect: || vec![(Block, Some(4), args(&[("why", "guardian")]))],
            remedy: |c| c.consent("p4", Guardian),
        },
        Row {
            name: "a child's consents given before the latest counselling",
            rule: RuleId::ChildConsent,
            target: Consented,
            breaks: |c| {
                c.counsel("ar", false)
                    .consent("p1", Own)
                    .consent("p2", Own)
                    .consent("p3", Guardian)
            },
            expect: || {
                vec![
                    (Block, Some(3), args(&[("why", "assent")])),
                    (Block, Some(4), args(&[("why", "guardian")])),
                ]
            },
            remedy: |c| c.consent("p3", Assent).consent("p4", Guardian),
        },
        Row {
            name: "the destination's status changed since counselling",
            rule: RuleId::Recounselling,
            target: Approved,
            breaks: |c| c.destination(AreaStatus::Conditional),
            expect: || {
                vec![(
                    Block,
                    None,
                    args(&[("then", "safe"), ("now", "conditional")]),
                )]
            },
            // A risk assessment answers for the conditions presented at the latest counselling,
            // so it follows the new counselling.
            remedy: |c| c.recounsel().risk_assessment(false, false),
        },
        Row {
            name: "cooling-off: day 6 of 7 blocks, day 7 clears",
            rule: RuleId::CoolingOff,
            target: InTransit,
            breaks: |c| c.today(6),
            expect: || vec![(Block, None, args(&[("days", "7"), ("until", "2026-11-08")]))],
            remedy: |c| c.today(7),
        },
        Row {
            name: "cooling-off waived by a supervisor",
            rule: RuleId::CoolingOff,
            target: InTransit,
            breaks: |c| c.today(3),
            expect: || vec![(Block, None, args(&[("days", "7"), ("until", "2026-11-08")]))],
            remedy: |c| c.waive_cooling_off(),
        },
        Row {
            name: "cooling-off counts from the last consent, not the first",
            rule: RuleId::CoolingOff,
            target: InTransit,
            breaks: |c| c.day(5).consent("p1", Own).today(11),
            expect: || vec![(Block, None, args(&[("days", "7"), ("until", "2026-11-13")]))],
            remedy: |c| c.today(12),
        },
        Row {
            name: "an unsafe destination",
            rule: RuleId::DestinationUnsafe,
            target: Approved,
            breaks: |c| c.destination(AreaStatus::Unsafe).recounsel(),
            expect: || vec![(Block, None, vec![])],
            remedy: |c| c.destination(AreaStatus::Safe).recounsel(),
        },
        Row {
            name: "a conditional destination without a risk assessment",
            rule: RuleId::DestinationConditional,
            target: Approved,
            breaks: |c| c.destination(AreaStatus::Conditional).recounsel(),
            expect: || vec![(Block, None, args(&[("why", "missing")]))],
            remedy: |c| c.risk_assessment(true, true),
        },
        Row {
            name: "a conditional destination whose risk is not mitigable",
            rule: RuleId::DestinationConditional,
            target: Approved,
            breaks: |c| {
                c.destination(AreaStatus::Conditional)
                    .recounsel()
                    .risk_assessment(true, true)
                    .risk_assessment(true, false)
            },
            expect: || vec![(Block, None, args(&[("why", "not-mitigable")]))],
            remedy: |c| c.risk_assessment(true, true),
        },
        Row {
            name: "a conditional destination: a later assessment that found no risk clears",
            rule: RuleId::DestinationConditional,
            target: Approved,
            breaks: |c| {
                c.destination(AreaStatus::Conditional)
                    .recounsel()
                    .risk_assessment(true, false)
            },
            expect: || vec![(Block, None, args(&[("why", "not-mitigable")]))],
            remedy: |c| c.risk_assessment(false, false),
        },
        Row {
            name: "an unassessed destination blocks an assisted return",
            rule: RuleId::DestinationUnassessed,
            target: Approved,
            breaks: |c| c.destination(AreaStatus::Unassessed).recounsel(),
            expect: || vec![(Block, None, args(&[("status", "unassessed")]))],
            remedy: |c| c.destination(AreaStatus::Safe).recounsel(),
        },
        Row {
            name: "a stale destination blocks an assisted return",
            rule: RuleId::DestinationUnassessed,
            target: TravelScheduled,
            breaks: |c| c.destination(AreaStatus::Stale).recounsel().today(20),
            expect: || vec![(Block, None, args(&[("status", "stale")]))],
            remedy: |c| {
                c.destination(AreaStatus::Conditional)
                    .recounsel()
                    .risk_assessment(false, false)
            },
        },
        Row {
            name: "a stale destination only warns a spontaneous return",
            rule: RuleId::DestinationUnassessed,
            target: Approved,
            breaks: |c| {
                c.kind(CaseKind::SpontaneousReturn)
                    .destination(AreaStatus::Stale)
                    .recounsel()
            },
            expect: || vec![(Warn, None, args(&[("status", "stale")]))],
            remedy: |c| c.destination(AreaStatus::Safe).recounsel(),
        },
        Row {
            name: "an open coercion indicator",
            rule: RuleId::CoercionOpen,
            target: Approved,
            breaks: |c| c.coercion(Some("p1"), false).coercion(None, false),
            expect: || vec![(Block, None, args(&[("count", "2")]))],
            remedy: |c| c.review_coercion(),
        },
        Row {
            name: "an open hold with suspensive effect",
            rule: RuleId::SuspensiveHold,
            target: Approved,
            breaks: |c| c.holds(1),
            expect: || vec![(Block, None, args(&[("count", "1")]))],
            remedy: |c| c.holds(0),
        },
        Row {
            name: "a child without a best-interests record",
            rule: RuleId::BestInterests,
            target: Approved,
            breaks: |c| c.without_best_interests("p4"),
            expect: || vec![(Block, Some(4), args(&[("why", "missing")]))],
            remedy: |c| c.best_interests("p4", Assessment, ReturnInBestInterests),
        },
        Row {
            name: "a best-interests procedure that found return not in the child's interests",
            rule: RuleId::BestInterests,
            target: Approved,
            breaks: |c| c.best_interests("p3", Assessment, ReturnNotInBestInterests),
            expect: || vec![(Block, Some(3), args(&[("why", "not-in-favour")]))],
            remedy: |c| c.best_interests("p3", Assessment, ReturnInBestInterests),
        },
        Row {
            name: "a deferred best-interests decision",
            rule: RuleId::BestInterests,
            target: Approved,
            breaks: |c| c.best_interests("p4", Assessment, Deferred),
            expect: || vec![(Block, Some(4), args(&[("why", "not-in-favour")]))],
            remedy: |c| c.best_interests("p4", Assessment, ReturnInBestInterests),
        },
        Row {
            name: "an unaccompanied child with an assessment instead of a determination",
            rule: RuleId::BestInterests,
            target: Approved,
            breaks: |c| c.set_unaccompanied("p3"),
            expect: || vec![(Block, Some(3), args(&[("why", "needs-determination")]))],
            remedy: |c| c.best_interests("p3", Determination, ReturnInBestInterests),
        },
        Row {
            name: "an unaccompanied child whose determination is not in favour",
            rule: RuleId::BestInterests,
            target: Approved,
            breaks: |c| {
                c.set_unaccompanied("p3").best_interests(
                    "p3",
                    Determination,
                    ReturnNotInBestInterests,
                )
            },
            expect: || vec![(Block, Some(3), args(&[("why", "not-in-favour")]))],
            remedy: |c| c.best_interests("p3", Determination, ReturnInBestInterests),
        },
        Row {
            name: "a detention record of a child (the alert stays after review; see below)",
            rule: RuleId::ChildDetention,
            target: Approved,
            breaks: |c| c.coercion(Some("p4"), true).review_coercion(),
            expect: || vec![(Warn, Some(4), vec![])],
            // The record was about the wrong person: it is corrected to the adult it concerns.
            remedy: |mut c| {
                c.facts.coercion[0].person_id = Some("p1".to_owned());
                c
            },
        },
        Row {
            name: "a follow-up vulnerability screening due",
            rule: RuleId::ScreeningDue,
            target: Approved,
            breaks: |c| c.screenings_due(2),
            expect: || vec![(Warn, None, args(&[("count", "2")]))],
            remedy: |c| c.screenings_due(0),
        },
    ]
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

/// Consent and counselling on the same date are ordered by their journal position.
#[test]
fn consent_counts_only_after_the_latest_counselling_by_seq_on_the_same_day() {
    let set = shipped();
    let mut case = Case::new(CaseKind::AssistedVoluntaryReturn)
        .member("p1", From18To59, &["ar"], false)
        .counsel("ar", false)
        .consent("p1", Own);
    let stamp = |seq| Stamp { on: day(0), seq };
    case.facts.counselling[0].stamp = stamp(20);
    case.facts.consents[0].stamp = stamp(19);
    assert_eq!(
        of_rule(&case.evaluate(&set, Consented), RuleId::ConsentReturn),
        vec![(Block, Some(1), args(&[("why", "before-counselling")]))]
    );
    case.facts.consents[0].stamp = stamp(21);
    assert_eq!(case.evaluate(&set, Consented).findings, vec![]);
    // A later date wins over a higher seq.
    case.facts.consents[0].stamp = Stamp {
        on: day(-1),
        seq: 99,
    };
    assert!(case.evaluate(&set, Consented).blocked());
}

#[test]
fn assent_is_needed_from_the_configured_band() {
    let case = Case::ready();
    // Shipped: from 12-17, so the 5-11 child (4) needs none and the household is clear.
    assert_eq!(case.evaluate(&shipped(), Consented).findings, vec![]);
    let younger = RuleSet::parse(&shipped_setting("assent_from", "\"5-11\"")).unwrap();
    assert_eq!(
        of_rule(&case.evaluate(&younger, Consented), RuleId::ChildConsent),
        vec![(Block, Some(4), args(&[("why", "assent")]))]
    );
    // The 0-4 band: every child assents, and a toddler's missing assent blocks too.
    let youngest = RuleSet::parse(&shipped_setting("assent_from", "\"0-4\"")).unwrap();
    let with_baby = case
        .member("p5", Under5, &[], false)
        .consent("p5", Guardian);
    assert_eq!(
        of_rule(
            &with_baby.evaluate(&youngest, Consented),
            RuleId::ChildConsent
        ),
        vec![
            (Block, Some(4), args(&[("why", "assent")])),
            (Block, Some(5), args(&[("why", "assent")])),
        ]
    );
}

#[test]
fn the_children_who_must_understand_counselling_follow_the_assent_band() {
    let case = Case::ready()
        .set_band("p1", From12To17)
        .consent("p1", Guardian)
        .consent("p1", Assent)
        .recounsel_in("fr", false);
    let who = |set: &RuleSet| -> Vec<Option<usize>> {
        of_rule(
            &case.evaluate(set, Consented),
            RuleId::CounsellingInterpreter,
        )
        .into_iter()
        .map(|(_, m, _)| m)
        .collect()
    };
    assert_eq!(who(&shipped()), vec![Some(1), Some(3)]);
    let younger = RuleSet::parse(&shipped_setting("assent_from", "\"5-11\"")).unwrap();
    assert_eq!(who(&younger), vec![Some(1), Some(3), Some(4)]);
}

#[test]
fn a_child_detention_alert_persists_after_review() {
    let set = shipped();
    let open = Case::ready().coercion(Some("p3"), true);
    let eval = open.evaluate(&set, Approved);
    assert_eq!(
        fired(&eval),
        vec![RuleId::CoercionOpen, RuleId::ChildDetention]
    );
    assert_eq!(
        of_rule(&eval, RuleId::ChildDetention),
        vec![(Warn, Some(3), vec![])]
    );
    let reviewed = open.review_coercion();
    let eval = reviewed.evaluate(&set, Approved);
    assert_eq!(
        of_rule(&eval, RuleId::ChildDetention),
        vec![(Warn, Some(3), vec![])]
    );
    assert!(
        !eval.blocked(),
        "the alert warns; review cleared the coercion block"
    );
    // Detention of an adult is a coercion indicator, not a child detention.
    let adult = Case::ready().coercion(Some("p1"), true).review_coercion();
    assert_eq!(adult.evaluate(&set, Approved).findings, vec![]);
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
fn cooling_off_follows_the_configured_days() {
    let three = RuleSet::parse(&shipped_setting("cooling_off_days", "3")).unwrap();
    assert!(Case::ready().today(2).evaluate(&three, InTransit).blocked());
    assert!(!Case::ready().today(3).evaluate(&three, InTransit).blocked());
    let none = RuleSet::parse(&shipped_setting("cooling_off_days", "0")).unwrap();
    assert!(!Case::ready().today(0).evaluate(&none, InTransit).blocked());
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

#[test]
fn the_approver_is_not_a_preparer() {
    assert!(four_eyes("sup", &["worker", "lead"]));
    assert!(!four_eyes("worker", &["worker", "lead"]));
    assert!(!four_eyes("lead", &["worker", "lead"]));
    assert!(four_eyes("sup", &[]));
}
