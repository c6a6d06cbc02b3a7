//! The destination rules, row by row (see `rules_table.rs`): an unsafe area blocks, a conditional
//! one needs a risk assessment that found the risk mitigable, an unassessed or stale one blocks
//! an assisted return and only warns a spontaneous one.

use crate::rules_table::Row;
use crate::support::args;
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::safeguards::{RuleId, Severity};

use CaseState::*;
use Severity::*;

pub(crate) fn rows() -> Vec<Row> {
    vec![
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
    ]
}
