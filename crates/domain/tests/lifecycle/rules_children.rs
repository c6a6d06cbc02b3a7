//! The children's rules, row by row (see `rules_table.rs`): a guardian's consent and, from the
//! configured band, the child's own assent; a best-interests procedure in favour of return (a
//! determination for an unaccompanied child); and a child's detention, whose alert outlives the
//! review.

use crate::rules_table::Row;
use crate::support::{Case, args, fired, of_rule, shipped, shipped_setting};
use homeward_domain::cases::case::CaseState;
use homeward_domain::cases::person::AgeBand;
use homeward_domain::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use homeward_domain::lifecycle::safeguards::{RuleId, RuleSet, Severity};

use AgeBand::*;
use BestInterestsKind::{Assessment, Determination};
use BestInterestsOutcome::*;
use CaseState::*;
use ConsentRole::*;
use Severity::*;

pub(crate) fn rows() -> Vec<Row> {
    vec![
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
    ]
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
