//! The area status of METHODS.md section 2, computed from an area's assessments. Pure: the
//! caller passes the assessments and today's date; the answer says the status and why.
//!
//! The rules, in order:
//! 1. no assessment at all → `unassessed`;
//! 2. the newest is older than `max_age_days` → `stale`;
//! 3. among the assessments within `max_age_days`, the latest (by date; on the same date, any of
//!    them) marks the safety criterion `not_met` → `unsafe`;
//! 4. at least two different organisations, each in its own latest current assessment, find
//!    every criterion required for safe `met` → `safe`;
//! 5. otherwise → `conditional`.
//!
//! An assessment corrected by a later one no longer counts. Organisations are never averaged:
//! each organisation's latest current assessment is reported beside the verdict.

use super::criteria::Criteria;
use crate::macros::string_enum;
use std::collections::BTreeMap;
use time::Date;

string_enum! {
    CriterionStatus {
        Met = "met",
        Partly = "partly",
        NotMet = "not_met",
        Unknown = "unknown",
    }
}

string_enum! {
    /// Ordered from safest to least safe, so `max` is the worst.
    AreaStatus {
        Safe = "safe",
        Conditional = "conditional",
        Stale = "stale",
        Unassessed = "unassessed",
        Unsafe = "unsafe",
    }
}

string_enum! {
    /// Why an area has its status; shown to readers in their language.
    StatusReason {
        NoAssessment = "no_assessment",
        EvidenceTooOld = "evidence_too_old",
        SafetyNotMet = "safety_not_met",
        ConfirmedByTwoOrganisations = "confirmed_by_two_organisations",
        NotConfirmedByTwoOrganisations = "not_confirmed_by_two_organisations",
    }
}

/// What the computation needs of one assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentFacts {
    pub id: String,
    pub organisation_id: String,
    pub assessed_on: Date,
    /// Journal position: orders assessments of the same date.
    pub seq: i64,
    pub criteria: BTreeMap<String, CriterionStatus>,
    /// The assessment this one corrects.
    pub corrects: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: AreaStatus,
    pub reason: StatusReason,
    /// Date of the newest evidence counted (or, when stale, of the newest there is).
    pub evidence_on: Option<Date>,
    /// Each organisation's latest current assessment, newest first: the side-by-side view.
    pub by_organisation: Vec<String>,
}

/// The assessments still in force: those no later assessment corrects.
fn in_force(all: &[AssessmentFacts]) -> Vec<&AssessmentFacts> {
    all.iter()
        .filter(|a| {
            !all.iter()
                .any(|b| b.corrects.as_deref() == Some(a.id.as_str()))
        })
        .collect()
}

fn newest_first(a: &&AssessmentFacts, b: &&AssessmentFacts) -> std::cmp::Ordering {
    (b.assessed_on, b.seq).cmp(&(a.assessed_on, a.seq))
}

pub fn area_status(criteria: &Criteria, assessments: &[AssessmentFacts], today: Date) -> Verdict {
    let mut current = in_force(assessments);
    current.sort_by(newest_first);
    let Some(newest) = current.first().copied() else {
        return Verdict {
            status: AreaStatus::Unassessed,
            reason: StatusReason::NoAssessment,
            evidence_on: None,
            by_organisation: Vec::new(),
        };
    };
    let oldest_counted = today - time::Duration::days(i64::from(criteria.max_age_days));
    let recent: Vec<&AssessmentFacts> = current
        .iter()
        .copied()
        .filter(|a| a.assessed_on >= oldest_counted)
        .collect();
    if recent.is_empty() {
        return Verdict {
            status: AreaStatus::Stale,
            reason: StatusReason::EvidenceTooOld,
            evidence_on: Some(newest.assessed_on),
            by_organisation: Vec::new(),
        };
    }
    let mut by_organisation: Vec<&AssessmentFacts> = Vec::new();
    for a in &recent {
        if !by_organisation
            .iter()
            .any(|b| b.organisation_id == a.organisation_id)
        {
            by_organisation.push(a);
        }
    }
    let evidence_on = Some(recent[0].assessed_on);
    let ids = by_organisation.iter().map(|a| a.id.clone()).collect();
    let latest_date = recent[0].assessed_on;
    let safety = criteria.safety();
    let unsafe_now = recent
        .iter()
        .take_while(|a| a.assessed_on == latest_date)
        .any(|a| a.criteria.get(safety) == Some(&CriterionStatus::NotMet));
    let verdict = |status, reason| Verdict {
        status,
        reason,
        evidence_on,
        by_organisation: ids,
    };
    if unsafe_now {
        return verdict(AreaStatus::Unsafe, StatusReason::SafetyNotMet);
    }
    let confirming = by_organisation
        .iter()
        .filter(|a| {
            criteria
                .criteria
                .iter()
                .filter(|c| c.required_for_safe)
                .all(|c| a.criteria.get(&c.id) == Some(&CriterionStatus::Met))
        })
        .count();
    if confirming >= 2 {
        verdict(AreaStatus::Safe, StatusReason::ConfirmedByTwoOrganisations)
    } else {
        verdict(
            AreaStatus::Conditional,
            StatusReason::NotConfirmedByTwoOrganisations,
        )
    }
}

/// A parent area's view of its children: the worst status and how many children have each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollUp {
    pub worst: AreaStatus,
    pub counts: BTreeMap<AreaStatus, usize>,
}

/// Rolls children's statuses up; `None` for an area without children.
pub fn roll_up(children: &[AreaStatus]) -> Option<RollUp> {
    let worst = children.iter().copied().max()?;
    let mut counts = BTreeMap::new();
    for s in children {
        *counts.entry(*s).or_insert(0) += 1;
    }
    Some(RollUp { worst, counts })
}

#[cfg(test)]
mod tests {
    use super::super::criteria::tests::shipped;
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 06 - 30);
    const REQUIRED: [&str; 4] = [
        "safety",
        "standard_of_living",
        "livelihoods",
        "housing_land_property",
    ];

    fn assessment(
        id: &str,
        org: &str,
        on: Date,
        seq: i64,
        status: CriterionStatus,
    ) -> AssessmentFacts {
        AssessmentFacts {
            id: id.into(),
            organisation_id: org.into(),
            assessed_on: on,
            seq,
            criteria: REQUIRED.iter().map(|c| (c.to_string(), status)).collect(),
            corrects: None,
        }
    }

    fn status(all: &[AssessmentFacts]) -> (AreaStatus, StatusReason) {
        let v = area_status(&shipped(), all, TODAY);
        (v.status, v.reason)
    }

    use AreaStatus::*;
    use CriterionStatus::*;

    #[test]
    fn nothing_assessed_is_unassessed() {
        assert_eq!(status(&[]), (Unassessed, StatusReason::NoAssessment));
    }

    #[test]
    fn two_organisations_make_safe_one_does_not() {
        let a = assessment("a", "org1", date!(2026 - 06 - 01), 1, Met);
        assert_eq!(status(std::slice::from_ref(&a)).0, Conditional);
        let same_org = assessment("b", "org1", date!(2026 - 06 - 02), 2, Met);
        assert_eq!(status(&[a.clone(), same_org]).0, Conditional);
        let other = assessment("c", "org2", date!(2026 - 06 - 03), 3, Met);
        assert_eq!(
            status(&[a, other]),
            (Safe, StatusReason::ConfirmedByTwoOrganisations)
        );
    }

    #[test]
    fn one_required_criterion_only_partly_met_keeps_it_conditional() {
        let a = assessment("a", "org1", date!(2026 - 06 - 01), 1, Met);
        let mut b = assessment("b", "org2", date!(2026 - 06 - 02), 2, Met);
        b.criteria.insert("livelihoods".into(), Partly);
        assert_eq!(status(&[a.clone(), b]).0, Conditional);
        // The other four criteria do not count for safe.
        let mut c = assessment("c", "org2", date!(2026 - 06 - 02), 2, Met);
        c.criteria.insert("participation".into(), NotMet);
        assert_eq!(status(&[a, c]).0, Safe);
    }

    #[test]
    fn the_latest_safety_not_met_makes_unsafe_whatever_came_before() {
        let a = assessment("a", "org1", date!(2026 - 06 - 01), 1, Met);
        let b = assessment("b", "org2", date!(2026 - 06 - 02), 2, Met);
        let mut c = assessment("c", "org3", date!(2026 - 06 - 10), 3, Met);
        c.criteria.insert("safety".into(), NotMet);
        assert_eq!(
            status(&[a.clone(), b.clone(), c.clone()]),
            (Unsafe, StatusReason::SafetyNotMet)
        );
        // An older "not met" followed by a newer "met" is not unsafe.
        let mut old = c.clone();
        old.assessed_on = date!(2026 - 05 - 01);
        assert_eq!(status(&[old, a, b]).0, Safe);
    }

    #[test]
    fn conflicting_assessments_on_the_same_day_err_towards_unsafe_and_are_both_shown() {
        let a = assessment("a", "org1", date!(2026 - 06 - 10), 1, Met);
        let mut b = assessment("b", "org2", date!(2026 - 06 - 10), 2, Met);
        b.criteria.insert("safety".into(), NotMet);
        let v = area_status(&shipped(), &[a, b], TODAY);
        assert_eq!(v.status, Unsafe);
        assert_eq!(v.by_organisation, ["b", "a"]);
    }

    #[test]
    fn staleness_is_counted_to_the_day() {
        // 90 days before 30 June is 1 April: evidence of that day still counts, of the day before
        // it does not.
        let on_boundary = assessment("a", "org1", date!(2026 - 04 - 01), 1, Met);
        assert_eq!(status(&[on_boundary]).0, Conditional);
        let day_before = assessment("a", "org1", date!(2026 - 03 - 31), 1, Met);
        let v = area_status(&shipped(), &[day_before], TODAY);
        assert_eq!(
            (v.status, v.evidence_on),
            (Stale, Some(date!(2026 - 03 - 31)))
        );
        // An old confirmation does not count towards safe beside a recent one.
        let old = assessment("o", "org2", date!(2026 - 01 - 01), 1, Met);
        let new = assessment("n", "org1", date!(2026 - 06 - 01), 2, Met);
        assert_eq!(status(&[old, new]).0, Conditional);
    }

    #[test]
    fn corrected_assessments_no_longer_count() {
        let a = assessment("a", "org1", date!(2026 - 06 - 01), 1, Met);
        let mut wrong = assessment("w", "org2", date!(2026 - 06 - 05), 2, Met);
        wrong.criteria.insert("safety".into(), NotMet);
        assert_eq!(status(&[a.clone(), wrong.clone()]).0, Unsafe);
        let mut fix = assessment("f", "org2", date!(2026 - 06 - 05), 3, Met);
        fix.corrects = Some("w".into());
        assert_eq!(status(&[a, wrong, fix]).0, Safe);
    }

    #[test]
    fn roll_up_shows_the_worst_and_the_distribution() {
        let r = roll_up(&[Safe, Conditional, Safe, Unassessed]).unwrap();
        assert_eq!(r.worst, Unassessed);
        assert_eq!(r.counts[&Safe], 2);
        assert_eq!(roll_up(&[Safe, Unsafe, Stale]).unwrap().worst, Unsafe);
        assert!(roll_up(&[]).is_none());
    }
}
