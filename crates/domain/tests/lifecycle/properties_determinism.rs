//! The engine is deterministic: the same facts and rule set give the same evaluation, and the
//! order of the records does not change the findings.

use crate::properties_model::{command, household, run};
use crate::support::shipped;
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::lifecycle::safeguards::{Evaluation, evaluate};
use proptest::prelude::*;

// proptest's default of 256 cases (PROPTEST_CASES overrides it).
proptest! {
    /// The same facts and rule set give the same evaluation; the order of the records does not
    /// change the findings.
    #[test]
    fn evaluation_is_deterministic_and_ignores_record_order(
        kind in prop::sample::select(CaseKind::ALL),
        household in household(),
        commands in prop::collection::vec(command(), 0..80),
        seed in any::<u64>(),
        target in prop::sample::select(CaseState::ALL),
    ) {
        let set = shipped();
        let model = run(kind, &household, &commands);
        let once = evaluate(&set, &model.facts, target);
        let twice = evaluate(&set, &model.facts, target);
        prop_assert_eq!(&once, &twice);
        let mut shuffled = model.facts.clone();
        let mut rng = seed;
        shuffle(&mut shuffled.members, &mut rng);
        shuffle(&mut shuffled.counselling, &mut rng);
        shuffle(&mut shuffled.consents, &mut rng);
        shuffle(&mut shuffled.coercion, &mut rng);
        shuffle(&mut shuffled.risk_assessments, &mut rng);
        shuffle(&mut shuffled.best_interests, &mut rng);
        let other = evaluate(&set, &shuffled, target);
        prop_assert_eq!(&other.version, &once.version);
        prop_assert_eq!(other.blocked(), once.blocked());
        prop_assert_eq!(sorted(&other), sorted(&once));
    }
}

type Key = (
    String,
    &'static str,
    Option<String>,
    Option<usize>,
    Vec<(&'static str, String)>,
);

fn sorted(eval: &Evaluation) -> Vec<Key> {
    let mut keys: Vec<Key> = eval
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str().to_owned(),
                f.severity.as_str(),
                f.person_id.clone(),
                f.member,
                f.args.clone(),
            )
        })
        .collect();
    keys.sort();
    keys
}

/// Fisher–Yates with a small xorshift, so a failing case replays from its seed.
fn shuffle<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
