//! The counselling rules, row by row (see `rules_table.rs`): counselled at all, understood by
//! who must understand it, again after the destination's status changed; and the cooling-off
//! between consent and departure, its configured days and its waiver.

use crate::rules_table::Row;
use crate::support::{Case, args, shipped_setting};
use homeward_domain::cases::case::CaseState;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::ConsentRole;
use homeward_domain::lifecycle::safeguards::{RuleId, RuleSet, Severity};

use CaseState::*;
use ConsentRole::*;
use Severity::*;

pub(crate) fn rows() -> Vec<Row> {
    vec![
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
    ]
}

#[test]
fn cooling_off_follows_the_configured_days() {
    let three = RuleSet::parse(&shipped_setting("cooling_off_days", "3")).unwrap();
    assert!(Case::ready().today(2).evaluate(&three, InTransit).blocked());
    assert!(!Case::ready().today(3).evaluate(&three, InTransit).blocked());
    let none = RuleSet::parse(&shipped_setting("cooling_off_days", "0")).unwrap();
    assert!(!Case::ready().today(0).evaluate(&none, InTransit).blocked());
}
