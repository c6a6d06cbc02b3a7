//! Households: who lives with whom, and which children have no caregiver with them.

use crate::cases::person::AgeBand;
use crate::macros::string_enum;
use crate::{Invalid, error::Errors};

string_enum! {
    /// Relationship of a member to the head of the household.
    Relationship {
        Head = "head",
        Spouse = "spouse",
        Child = "child",
        Parent = "parent",
        Sibling = "sibling",
        Grandchild = "grandchild",
        OtherRelative = "other_relative",
        Unrelated = "unrelated",
    }
}

/// The most members one household may list; more is a data-entry error, not a household.
pub const MAX_MEMBERS: usize = 40;

/// Checks the composition: at least one member, exactly one head, and relationships that are
/// possible for the members' ages (a child cannot be the parent of the head, and a member cannot
/// be the child of a head who is younger than them by band).
pub fn validate_composition(members: &[(Relationship, AgeBand)]) -> Result<(), Invalid> {
    let mut errors = Errors::default();
    if members.is_empty() {
        errors.push("/members", "error-household-empty");
    }
    if members.len() > MAX_MEMBERS {
        errors.push("/members", "error-household-too-large");
    }
    let heads = members
        .iter()
        .filter(|(r, _)| *r == Relationship::Head)
        .count();
    if !members.is_empty() && heads != 1 {
        errors.push("/members", "error-household-one-head");
    }
    for (i, (relationship, band)) in members.iter().enumerate() {
        if *relationship == Relationship::Parent && band.is_child() {
            errors.push(
                format!("/members/{i}/relationship"),
                "error-child-as-parent",
            );
        }
    }
    errors.into_result()
}

/// Indexes of the children who have no adult in the household: unaccompanied or separated
/// children (UASC). Unknown ages do not count as adults.
pub fn unaccompanied_children(members: &[(Relationship, AgeBand)]) -> Vec<usize> {
    if members.iter().any(|(_, band)| band.is_adult()) {
        return Vec::new();
    }
    members
        .iter()
        .enumerate()
        .filter(|(_, (_, band))| band.is_child())
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgeBand::*;
    use Relationship::*;

    #[test]
    fn exactly_one_head() {
        assert!(validate_composition(&[(Head, From18To59), (Child, Under5)]).is_ok());
        assert_eq!(
            validate_composition(&[(Child, Under5)]).unwrap_err().0[0].code,
            "error-household-one-head"
        );
        assert!(validate_composition(&[(Head, From18To59), (Head, From18To59)]).is_err());
        assert_eq!(
            validate_composition(&[]).unwrap_err().0[0].code,
            "error-household-empty"
        );
    }

    #[test]
    fn a_child_cannot_be_the_parent_of_the_head() {
        let err = validate_composition(&[(Head, From18To59), (Parent, From5To11)]).unwrap_err();
        assert_eq!(err.0[0].pointer, "/members/1/relationship");
    }

    #[test]
    fn children_without_adults_are_unaccompanied() {
        assert_eq!(
            unaccompanied_children(&[(Head, From12To17), (Sibling, From5To11)]),
            vec![0, 1]
        );
        assert!(unaccompanied_children(&[(Head, From18To59), (Child, Under5)]).is_empty());
        assert_eq!(
            unaccompanied_children(&[(Head, Unknown), (Child, Under5)]),
            vec![1]
        );
    }
}
