//! Forced returns are monitored, never managed: whatever is recorded, no evaluation of one is
//! blocked.

use crate::properties_model::{Model, command, household};
use crate::support::shipped;
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::lifecycle::safeguards::evaluate;
use proptest::prelude::*;

// proptest's default of 256 cases (PROPTEST_CASES overrides it).
proptest! {
    /// Forced returns are monitored, never managed: no evaluation of one is ever blocked, and
    /// every move the road allows goes ahead.
    #[test]
    fn forced_returns_are_never_blocked(
        household in household(),
        commands in prop::collection::vec(command(), 0..80),
    ) {
        let set = shipped();
        let mut model = Model::new(CaseKind::ForcedReturn, &household);
        for command in &commands {
            model.apply(&set, command);
            for target in CaseState::ALL {
                prop_assert!(!evaluate(&set, &model.facts, *target).blocked());
            }
        }
    }
}
