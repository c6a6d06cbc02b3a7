//! Whether each member's relationship to the head of household is plausible for their ages —
//! a "child" forty years older than the head, a spouse aged four, a parent younger than the
//! head are typing errors far more often than families — with the thresholds as configuration
//! with provenance (`config/household.toml`), checked here.
//!
//! A rule refuses only what is certain. Ages come from the date of birth when it is known and
//! from the age band otherwise; a rule is broken only when every age the members could have
//! breaks it, so overlapping bands and unknown ages pass. A relationship that breaks a rule is
//! still registered when the registering user confirms it as unusual (a step-child, a child
//! marriage): the confirmation is recorded, the relationship is not silently changed.

use crate::cases::household::Relationship;
use crate::cases::person::{AgeBand, age_on};
use crate::{Invalid, error::Errors};
use serde::Deserialize;
use time::Date;

/// The thresholds, as the deployment configured them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRules {
    pub version: String,
    pub source: String,
    /// A child of the head is at least this many years younger than the head.
    pub child_min_gap_years: i32,
    /// A grandchild of the head is at least this many years younger than the head.
    pub grandchild_min_gap_years: i32,
    /// A parent of the head is at least this many years older than the head.
    pub parent_min_gap_years: i32,
    /// A spouse or partner is at least this old.
    pub spouse_min_age_years: i32,
}

/// A rules file that cannot be used, with the line it failed on when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct HouseholdRulesError {
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    source: String,
    child_min_gap_years: i64,
    grandchild_min_gap_years: i64,
    parent_min_gap_years: i64,
    spouse_min_age_years: i64,
}

/// The largest gap accepted: a rule demanding more would refuse ordinary families.
const MAX_GAP_YEARS: i64 = 60;
/// The highest minimum age of a spouse accepted.
const MAX_SPOUSE_AGE_YEARS: i64 = 30;

/// The message ids of the rules: what the page answers with a confirmation box.
pub const UNUSUAL: &[&str] = &[
    "error-household-child-age",
    "error-household-grandchild-age",
    "error-household-parent-age",
    "error-household-spouse-age",
];

impl HouseholdRules {
    pub fn parse(text: &str) -> Result<HouseholdRules, HouseholdRulesError> {
        let line_of = |offset: usize| Some(text[..offset.min(text.len())].lines().count().max(1));
        let file: File = toml::from_str(text).map_err(|e| HouseholdRulesError {
            line: e.span().and_then(|s| line_of(s.start)),
            message: e.message().to_owned(),
        })?;
        if file.version.trim().is_empty() || file.source.trim().is_empty() {
            return Err(HouseholdRulesError {
                line: None,
                message: "version and source must say where the thresholds come from".into(),
            });
        }
        // TOML spans are lost after deserialising: a value out of range is named by the line
        // of its key.
        let within = |key: &str, value: i64, max: i64| {
            if (0..=max).contains(&value) {
                Ok(value as i32)
            } else {
                Err(HouseholdRulesError {
                    line: text
                        .lines()
                        .position(|l| l.trim_start().starts_with(key))
                        .map(|i| i + 1),
                    message: format!("{key} must be 0..={max}"),
                })
            }
        };
        Ok(HouseholdRules {
            child_min_gap_years: within(
                "child_min_gap_years",
                file.child_min_gap_years,
                MAX_GAP_YEARS,
            )?,
            grandchild_min_gap_years: within(
                "grandchild_min_gap_years",
                file.grandchild_min_gap_years,
                MAX_GAP_YEARS,
            )?,
            parent_min_gap_years: within(
                "parent_min_gap_years",
                file.parent_min_gap_years,
                MAX_GAP_YEARS,
            )?,
            spouse_min_age_years: within(
                "spouse_min_age_years",
                file.spouse_min_age_years,
                MAX_SPOUSE_AGE_YEARS,
            )?,
            version: file.version,
            source: file.source,
        })
    }
}

/// What is known of a member's age: the date of birth, or only the band (perhaps unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Born(Date),
    Band(AgeBand),
}

impl Age {
    /// The band the member is in today.
    fn band(self, today: Date) -> AgeBand {
        match self {
            Age::Born(birth) => AgeBand::from_age(age_on(birth, today)),
            Age::Band(band) => band,
        }
    }

    /// The youngest and oldest the member can be today, in completed years.
    fn span(self, today: Date) -> Option<(i32, i32)> {
        match self {
            Age::Born(birth) => {
                let years = age_on(birth, today);
                Some((years, years))
            }
            Age::Band(band) => band.years(),
        }
    }
}

/// The most whole years by which `older` can be older than `younger`; `None` when an age is
/// unknown. Two dates of birth give the exact figure (negative when `older` was born later).
fn most_years_between(older: Age, younger: Age, today: Date) -> Option<i32> {
    match (older, younger) {
        (Age::Born(o), Age::Born(y)) if o <= y => Some(age_on(o, y)),
        (Age::Born(o), Age::Born(y)) => Some(-age_on(y, o) - 1),
        _ => {
            let (_, oldest) = older.span(today)?;
            let (youngest, _) = younger.span(today)?;
            Some(oldest - youngest)
        }
    }
}

/// One member as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub relationship: Relationship,
    pub age: Age,
    /// The registering user confirmed the relationship as unusual.
    pub confirmed: bool,
}

/// The rule a member's relationship breaks, if it certainly breaks one.
fn broken(rules: &HouseholdRules, head: Age, member: &Member, today: Date) -> Option<&'static str> {
    let short = |gap: Option<i32>, min: i32| gap.is_some_and(|g| g < min);
    match member.relationship {
        Relationship::Child
            if short(
                most_years_between(head, member.age, today),
                rules.child_min_gap_years,
            ) =>
        {
            Some("error-household-child-age")
        }
        Relationship::Grandchild
            if short(
                most_years_between(head, member.age, today),
                rules.grandchild_min_gap_years,
            ) =>
        {
            Some("error-household-grandchild-age")
        }
        // A parent who is a child is refused outright, unconfirmable, by
        // `household::validate_composition`: this rule is for adults too young for it.
        Relationship::Parent
            if !member.age.band(today).is_child()
                && short(
                    most_years_between(member.age, head, today),
                    rules.parent_min_gap_years,
                ) =>
        {
            Some("error-household-parent-age")
        }
        Relationship::Spouse
            if member
                .age
                .span(today)
                .is_some_and(|(_, oldest)| oldest < rules.spouse_min_age_years) =>
        {
            Some("error-household-spouse-age")
        }
        _ => None,
    }
}

/// Checks every member's relationship to the head. An implausible relationship the user did not
/// confirm is an error at `/members/{i}/relationship`; the answer says, for each member, whether
/// its relationship is unusual and was confirmed (what the journal records). A household without
/// exactly one head is [`crate::cases::household::validate_composition`]'s to refuse.
pub fn check(
    rules: &HouseholdRules,
    members: &[Member],
    today: Date,
) -> Result<Vec<bool>, Invalid> {
    let mut heads = members
        .iter()
        .filter(|m| m.relationship == Relationship::Head);
    let (Some(head), None) = (heads.next(), heads.next()) else {
        return Ok(vec![false; members.len()]);
    };
    let mut errors = Errors::default();
    let mut unusual = Vec::with_capacity(members.len());
    for (i, member) in members.iter().enumerate() {
        let rule = broken(rules, head.age, member, today);
        if let (Some(code), false) = (rule, member.confirmed) {
            errors.push(format!("/members/{i}/relationship"), code);
        }
        unusual.push(rule.is_some());
    }
    errors.into_result()?;
    Ok(unusual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgeBand::*;
    use Relationship::*;
    use time::macros::date;

    const SHIPPED: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/household.toml"
    ));
    const TODAY: Date = date!(2026 - 11 - 22);

    fn rules() -> HouseholdRules {
        HouseholdRules::parse(SHIPPED).unwrap()
    }

    fn member(relationship: Relationship, age: Age) -> Member {
        Member {
            relationship,
            age,
            confirmed: false,
        }
    }

    fn born(d: Date) -> Age {
        Age::Born(d)
    }

    /// The message id each member's relationship is refused with ("" for none).
    fn refusals(members: &[Member]) -> Vec<&'static str> {
        let mut out = vec![""; members.len()];
        if let Err(Invalid(errors)) = check(&rules(), members, TODAY) {
            for e in errors {
                let i: usize = e.pointer.split('/').nth(2).unwrap().parse().unwrap();
                assert_eq!(e.pointer, format!("/members/{i}/relationship"));
                out[i] = e.code;
            }
        }
        out
    }

    #[test]
    fn the_shipped_thresholds_parse_and_say_where_they_come_from() {
        let r = rules();
        assert_eq!(
            (
                r.child_min_gap_years,
                r.grandchild_min_gap_years,
                r.parent_min_gap_years,
                r.spouse_min_age_years
            ),
            (12, 24, 12, 18)
        );
        assert!(r.source.contains("CRC"), "{}", r.source);
    }

    #[test]
    fn bad_files_name_the_line() {
        let bad = SHIPPED.replace("parent_min_gap_years = 12", "parent_min_gap_years = 99");
        let e = HouseholdRules::parse(&bad).unwrap_err();
        let line = SHIPPED
            .lines()
            .position(|l| l.starts_with("parent_min_gap_years"))
            .unwrap()
            + 1;
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.to_string().starts_with(&format!("line {line}: ")), "{e}");
        let bad = SHIPPED.replace("spouse_min_age_years = 18", "spouse_min_age_years = \"18\"");
        let e = HouseholdRules::parse(&bad).unwrap_err();
        assert!(e.line.is_some(), "{e}");
        let bad = SHIPPED.replace("child_min_gap_years = 12\n", "");
        assert!(HouseholdRules::parse(&bad).is_err());
        let bad = SHIPPED.replace("version = \"2026-11-household-1\"", "version = \" \"");
        assert!(HouseholdRules::parse(&bad).is_err());
    }

    #[test]
    fn the_households_of_the_issue_are_refused() {
        // A head of 10 with a "child" of 40, a spouse of 4 and a parent younger than the head.
        let household = [
            member(Head, born(date!(2016 - 01 - 10))),
            member(Child, born(date!(1986 - 05 - 01))),
            member(Spouse, born(date!(2022 - 03 - 03))),
            member(Parent, born(date!(2018 - 07 - 07))),
        ];
        // The parent of 8 is a child: `validate_composition` refuses that, unconfirmable.
        assert_eq!(
            refusals(&household),
            [
                "",
                "error-household-child-age",
                "error-household-spouse-age",
                ""
            ]
        );
        // A parent of 25 to a head of 30 is an adult, and too young to be the head's parent.
        let younger_parent = [
            member(Head, born(date!(1996 - 01 - 10))),
            member(Parent, born(date!(2001 - 05 - 01))),
        ];
        assert_eq!(
            refusals(&younger_parent),
            ["", "error-household-parent-age"]
        );
    }

    #[test]
    fn ordinary_households_pass() {
        let household = [
            member(Head, born(date!(1985 - 01 - 01))),
            member(Spouse, born(date!(1988 - 02 - 02))),
            member(Child, born(date!(2012 - 03 - 01))),
            member(Grandchild, Age::Band(Under5)),
            member(Parent, Age::Band(From60)),
            member(Sibling, born(date!(1990 - 01 - 01))),
            member(OtherRelative, born(date!(1950 - 01 - 01))),
            member(Unrelated, Age::Band(Under5)),
        ];
        assert_eq!(check(&rules(), &household, TODAY).unwrap(), [false; 8]);
    }

    #[test]
    fn gaps_count_from_the_dates_of_birth_to_the_day() {
        let head = born(date!(2000 - 06 - 15));
        // Twelve years to the day: plausible; a day less: not.
        let at = [
            member(Head, head),
            member(Child, born(date!(2012 - 06 - 15))),
        ];
        assert_eq!(refusals(&at), ["", ""]);
        let under = [
            member(Head, head),
            member(Child, born(date!(2012 - 06 - 14))),
        ];
        assert_eq!(refusals(&under), ["", "error-household-child-age"]);
        // A spouse of 18 today passes; one who turns 18 tomorrow does not.
        let spouse = |d| [member(Head, head), member(Spouse, born(d))];
        assert_eq!(refusals(&spouse(date!(2008 - 11 - 22))), ["", ""]);
        assert_eq!(
            refusals(&spouse(date!(2008 - 11 - 23))),
            ["", "error-household-spouse-age"]
        );
    }

    #[test]
    fn bands_refuse_only_what_every_age_in_them_breaks() {
        // 12-17 and 5-11 can be twelve years apart (17 and 5): passes.
        let close = [
            member(Head, Age::Band(From12To17)),
            member(Child, Age::Band(From5To11)),
        ];
        assert_eq!(refusals(&close), ["", ""]);
        // 5-11 and 18-59 cannot: the "child" is older.
        let older = [
            member(Head, Age::Band(From5To11)),
            member(Child, Age::Band(From18To59)),
        ];
        assert_eq!(refusals(&older), ["", "error-household-child-age"]);
        // Overlapping adult bands pass, as does a spouse of 18-59.
        let adults = [
            member(Head, Age::Band(From18To59)),
            member(Child, Age::Band(From18To59)),
            member(Spouse, Age::Band(From18To59)),
            member(Parent, Age::Band(From18To59)),
        ];
        assert_eq!(refusals(&adults), ["", "", "", ""]);
        // A spouse of 12-17 is a child whatever the day.
        let child_spouse = [
            member(Head, Age::Band(From18To59)),
            member(Spouse, Age::Band(From12To17)),
        ];
        assert_eq!(refusals(&child_spouse), ["", "error-household-spouse-age"]);
        // A date of birth against a band: a head of 30 and a grandchild of 12-17 cannot be
        // 24 years apart.
        let grand = [
            member(Head, born(date!(1996 - 01 - 01))),
            member(Grandchild, Age::Band(From12To17)),
        ];
        assert_eq!(refusals(&grand), ["", "error-household-grandchild-age"]);
    }

    #[test]
    fn an_unknown_age_is_never_refused() {
        let unknown = Age::Band(AgeBand::Unknown);
        for relationship in [Child, Grandchild, Parent, Spouse] {
            let with_unknown_head = [
                member(Head, unknown),
                member(relationship, Age::Band(From60)),
            ];
            assert_eq!(refusals(&with_unknown_head), ["", ""], "{relationship}");
            let with_unknown_member = [
                member(Head, Age::Band(Under5)),
                member(relationship, unknown),
            ];
            assert_eq!(refusals(&with_unknown_member), ["", ""], "{relationship}");
        }
    }

    #[test]
    fn a_confirmed_relationship_passes_and_is_reported_unusual() {
        let mut step_child = [
            member(Head, born(date!(1996 - 01 - 01))),
            member(Child, born(date!(2000 - 01 - 01))),
            member(Child, born(date!(2020 - 01 - 01))),
        ];
        assert!(check(&rules(), &step_child, TODAY).is_err());
        step_child[1].confirmed = true;
        assert_eq!(
            check(&rules(), &step_child, TODAY).unwrap(),
            [false, true, false]
        );
        // A confirmation where none is needed records nothing.
        step_child[2].confirmed = true;
        assert_eq!(
            check(&rules(), &step_child, TODAY).unwrap(),
            [false, true, false]
        );
    }

    #[test]
    fn a_rule_set_to_zero_still_refuses_a_child_older_than_the_head() {
        let off = HouseholdRules {
            child_min_gap_years: 0,
            spouse_min_age_years: 0,
            ..rules()
        };
        let head = born(date!(2000 - 06 - 15));
        let same_age = [
            member(Head, head),
            member(Child, born(date!(2000 - 06 - 15))),
        ];
        assert!(check(&off, &same_age, TODAY).is_ok());
        let older = [
            member(Head, head),
            member(Child, born(date!(2000 - 03 - 01))),
        ];
        assert!(check(&off, &older, TODAY).is_err());
        let spouse = [member(Head, head), member(Spouse, Age::Band(Under5))];
        assert!(check(&off, &spouse, TODAY).is_ok());
    }
}
