//! Four eyes: the supervisor who approves a return is none of those who prepared it.

use homeward_domain::lifecycle::safeguards::four_eyes;

#[test]
fn the_approver_is_not_a_preparer() {
    assert!(four_eyes("sup", &["worker", "lead"]));
    assert!(!four_eyes("worker", &["worker", "lead"]));
    assert!(!four_eyes("lead", &["worker", "lead"]));
    assert!(four_eyes("sup", &[]));
}
