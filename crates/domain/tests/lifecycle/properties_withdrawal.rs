//! A consent withdrawal stops the return: the case is `withdrawn`, and reaches `approved` again
//! only after a new counselling, whatever commands follow.

use crate::properties_model::{Command, command, household, kind, role, run};
use crate::support::shipped;
use homeward_domain::cases::case::CaseState;
use homeward_domain::lifecycle::road;
use homeward_domain::lifecycle::safeguards::Stamp;
use proptest::prelude::*;

// proptest's default of 256 cases (PROPTEST_CASES overrides it).
proptest! {
    /// After a withdrawal stops the return, the case is `withdrawn`, and whatever follows reaches
    /// `approved` again only after a new counselling and new consents after it.
    #[test]
    fn a_withdrawal_stops_the_return_until_counselled_and_consented_again(
        kind in kind(),
        household in household(),
        before in prop::collection::vec(command(), 0..40),
        member in 0..6usize,
        role in role(),
        after in prop::collection::vec(command(), 0..40),
    ) {
        let set = shipped();
        let mut model = run(kind, &household, &before);
        let was = (model.state, model.suspended_from);
        let stops = road::consent_withdrawal_stops(was.0, was.1);
        let had_consent = model.facts.consents.iter().any(|c| {
            c.person_id == model.member(member).id && c.role == role && c.withdrawn.is_none()
        });
        model.apply(&set, &Command::Withdraw { member, role });
        if stops && had_consent {
            prop_assert_eq!(model.state, CaseState::Withdrawn);
            let stop = model.stopped_at.expect("stopped");
            let mut approved = false;
            for command in &after {
                model.apply(&set, command);
                approved |= model.state == CaseState::Approved;
            }
            if approved {
                let newer = |a: Stamp, b: Stamp| (a.on, a.seq) > (b.on, b.seq);
                let counselled = model.facts.counselling.iter().any(|c| newer(c.stamp, stop));
                prop_assert!(counselled, "approved again without counselling after the stop");
            }
        } else {
            prop_assert_eq!(model.state == CaseState::Withdrawn, was.0 == CaseState::Withdrawn);
        }
    }
}
