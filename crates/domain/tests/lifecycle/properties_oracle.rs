//! The oracle, and the property it is the check of: no sequence of commands gets past a block.
//! The oracle is written here from the policy's words (DESIGN.md section 4, METHODS.md 4–5), not
//! from the engine; the model (`properties_model.rs`) asks it of every state the case enters from
//! `approved` up to departure.

use crate::properties_model::{command, household, kind, run};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use homeward_domain::lifecycle::safeguards::{CaseFacts, Member, Stamp};
use proptest::prelude::*;
use time::Duration;

const COOLING_OFF_DAYS: i64 = 7;

/// `approved` up to departure: the states that need every block rule clear.
pub(crate) fn guarded_by_approval(state: CaseState) -> bool {
    matches!(
        state,
        CaseState::Approved | CaseState::TravelScheduled | CaseState::InTransit
    )
}

/// The policy, in its own words: what must hold of a case entering `approved`, `travel_scheduled`
/// or `in_transit` under the shipped rule set. Returns what does not hold.
pub(crate) fn oracle(
    facts: &CaseFacts,
    stopped_at: Option<Stamp>,
    to: CaseState,
) -> Result<(), String> {
    let speaks = |m: &Member, language: &str| m.languages.iter().any(|l| l == language);
    // The person's consent in the role that stands: the newest one not withdrawn.
    let standing = |m: &Member, role: ConsentRole| {
        facts
            .consents
            .iter()
            .filter(|c| c.person_id == m.id && c.role == role && c.withdrawn.is_none())
            .max_by_key(|c| (c.stamp.on, c.stamp.seq))
    };
    let Some(counselled) = facts
        .counselling
        .iter()
        .max_by_key(|c| (c.stamp.on, c.stamp.seq))
    else {
        return Err("never counselled".into());
    };
    let newer = |a: Stamp, b: Stamp| (a.on, a.seq) > (b.on, b.seq);
    if let Some(stop) = stopped_at
        && !newer(counselled.stamp, stop)
    {
        return Err("not counselled again since a withdrawal stopped the return".into());
    }
    // "every adult member has an active consent to return, given after the latest counselling,
    // in a language they speak; an interpreter is recorded where needed" — and a child's
    // guardian consents, and from 12 the child assents too.
    for m in &facts.members {
        if m.age_band == AgeBand::Unknown {
            return Err(format!("the age of {} is unknown", m.id));
        }
        let child = matches!(
            m.age_band,
            AgeBand::Under5 | AgeBand::From5To11 | AgeBand::From12To17
        );
        let assents = m.age_band == AgeBand::From12To17;
        let needed: &[ConsentRole] = match (child, assents) {
            (false, _) => &[ConsentRole::Own],
            (true, false) => &[ConsentRole::Guardian],
            (true, true) => &[ConsentRole::Guardian, ConsentRole::Assent],
        };
        for role in needed {
            let Some(c) = standing(m, *role) else {
                return Err(format!("{} has no {role} consent", m.id));
            };
            if !newer(c.stamp, counselled.stamp) {
                return Err(format!("{}'s {role} consent predates counselling", m.id));
            }
            if *role != ConsentRole::Guardian && !c.interpreter && !speaks(m, &c.language) {
                return Err(format!(
                    "{} consented in a language they do not speak",
                    m.id
                ));
            }
        }
        let decides = !child || assents;
        if decides && !counselled.interpreter && !speaks(m, &counselled.language) {
            return Err(format!("{} did not understand the counselling", m.id));
        }
        if child {
            let Some(b) = facts
                .best_interests
                .iter()
                .filter(|b| b.person_id == m.id)
                .max_by_key(|b| (b.stamp.on, b.stamp.seq))
            else {
                return Err(format!("{} has no best-interests procedure", m.id));
            };
            if b.outcome != BestInterestsOutcome::ReturnInBestInterests {
                return Err(format!("{}'s best interests are not return", m.id));
            }
            if m.unaccompanied && b.kind != BestInterestsKind::Determination {
                return Err(format!("{} is unaccompanied without a determination", m.id));
            }
        }
    }
    // "counselling presented the destination area's current status; if the status changed
    // since, counsel again"
    if counselled.destination_status != facts.destination {
        return Err("the destination's status changed since counselling".into());
    }
    // "destination area unsafe blocks; conditional needs an individual risk assessment that
    // found the risk mitigable; unassessed or stale blocks assisted returns"
    match facts.destination {
        AreaStatus::Unsafe => return Err("the destination is unsafe".into()),
        AreaStatus::Conditional => {
            let latest = facts
                .risk_assessments
                .iter()
                .max_by_key(|r| (r.stamp.on, r.stamp.seq));
            match latest {
                None => return Err("conditional destination, no risk assessment".into()),
                Some(r) if r.risk_found && !r.mitigable => {
                    return Err("conditional destination, risk not mitigable".into());
                }
                Some(_) => {}
            }
        }
        AreaStatus::Unassessed | AreaStatus::Stale if facts.kind != CaseKind::SpontaneousReturn => {
            return Err("assisted return to an unassessed or stale destination".into());
        }
        _ => {}
    }
    // "no open coercion indicator; no pending appeal or grievance with suspensive effect"
    if facts.coercion.iter().any(|c| c.open) {
        return Err("a coercion indicator is open".into());
    }
    if facts.open_holds > 0 {
        return Err("a suspensive hold is open".into());
    }
    // "a cooling-off period between consent and departure; a waiver needs a supervisor"
    if to == CaseState::InTransit && !facts.cooling_off_waived {
        let last = facts
            .consents
            .iter()
            .filter(|c| c.withdrawn.is_none() && c.role != ConsentRole::Assent)
            .map(|c| c.stamp.on)
            .max();
        if let Some(last) = last
            && facts.today < last + Duration::days(COOLING_OFF_DAYS)
        {
            return Err("departure within the cooling-off period".into());
        }
    }
    Ok(())
}

// proptest's default of 256 cases (PROPTEST_CASES overrides it).
proptest! {
    /// No sequence of commands enters `approved` or a later state before departure while any
    /// block rule of the policy holds (checked by the oracle inside `attempt`), and a consent
    /// withdrawal from `consented` on stops the return at once.
    #[test]
    fn no_sequence_gets_past_a_block(
        kind in kind(),
        household in household(),
        commands in prop::collection::vec(command(), 0..80),
    ) {
        run(kind, &household, &commands);
    }
}
