//! The coercion and hold rules, row by row (see `rules_table.rs`): an open coercion indicator and
//! a hold with suspensive effect block; a follow-up vulnerability screening due warns.

use crate::rules_table::Row;
use crate::support::args;
use homeward_domain::cases::case::CaseState;
use homeward_domain::lifecycle::safeguards::{RuleId, Severity};

use CaseState::*;
use Severity::*;

pub(crate) fn rows() -> Vec<Row> {
    vec![
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
            name: "a follow-up vulnerability screening due",
            rule: RuleId::ScreeningDue,
            target: Approved,
            breaks: |c| c.screenings_due(2),
            expect: || vec![(Warn, None, args(&[("count", "2")]))],
            remedy: |c| c.screenings_due(0),
        },
    ]
}
