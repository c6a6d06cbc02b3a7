//! The consent rules, row by row (see `rules_table.rs`): every adult's consent to return, given
//! after the latest counselling, not withdrawn, in a language they speak or with an interpreter;
//! and a member of unknown age, who blocks until the age is established.

use crate::rules_table::Row;
use crate::support::{Case, args, day, of_rule, shipped};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::lifecycle::records::ConsentRole;
use homeward_domain::lifecycle::safeguards::{RuleId, Severity, Stamp};

use AgeBand::*;
use CaseState::*;
use ConsentRole::*;
use Severity::*;

pub(crate) fn rows() -> Vec<Row> {
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
    ]
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
