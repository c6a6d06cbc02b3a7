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

/// Checks the number of members before any of them is looked at: each member would otherwise
/// be checked and sealed under a key of its own, so a list of thousands costs one comparison.
pub fn check_size(count: usize) -> Result<(), Invalid> {
    match count {
        0 => Err(Invalid::one("/members", "error-household-empty")),
        n if n > MAX_MEMBERS => Err(Invalid::one("/members", "error-household-too-large")),
        _ => Ok(()),
    }
}

/// Checks the composition of a household of a size [`check_size`] accepted: exactly one head,
/// and no child as the parent of the head.
pub fn validate_composition(members: &[(Relationship, AgeBand)]) -> Result<(), Invalid> {
    let mut errors = Errors::default();
    let heads = members
        .iter()
        .filter(|(r, _)| *r == Relationship::Head)
        .count();
    if heads != 1 {
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
    }

    #[test]
    fn a_household_has_one_to_forty_members() {
        assert_eq!(
            check_size(0).unwrap_err().0[0].code,
            "error-household-empty"
        );
        assert!(check_size(1).is_ok() && check_size(MAX_MEMBERS).is_ok());
        assert_eq!(
            check_size(MAX_MEMBERS + 1).unwrap_err().0[0].code,
            "error-household-too-large"
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
