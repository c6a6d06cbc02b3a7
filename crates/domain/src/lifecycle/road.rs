//! The return lifecycle (DESIGN.md section 4): which state may follow which, and what kind of
//! move each step is. Whether a move may go ahead *now* is the safeguard engine's question
//! (`safeguards`); this module only knows the shape of the road.

use crate::cases::case::CaseState;
use crate::macros::string_enum;

/// The forward road, in order. `closed` ends it through a closure with a reason, not through a
/// transition.
pub const ROAD: &[CaseState] = &[
    CaseState::Registered,
    CaseState::Counselling,
    CaseState::Consented,
    CaseState::Assessment,
    CaseState::Approved,
    CaseState::TravelScheduled,
    CaseState::InTransit,
    CaseState::Arrived,
    CaseState::Reintegration,
    CaseState::FollowUp,
];

string_enum! {
    /// What kind of step a transition is; recorded with it.
    Move {
        /// One step along the road.
        Forward = "forward",
        /// Back to counselling: the person must be counselled, and consent, again.
        Recounsel = "recounsel",
        /// Paused; resumes to the state it left.
        Suspend = "suspend",
        Resume = "resume",
        /// The return stops. Always possible before arrival.
        Withdraw = "withdraw",
    }
}

/// Why a transition is not on the road. Each is a code translated for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOnRoad {
    /// Closed cases move no more.
    Closed,
    /// `closed` is reached by closing the case with a reason.
    UseClosure,
    /// The case is already in that state.
    SameState,
    /// Any other pair of states.
    NoSuchStep,
}

impl NotOnRoad {
    pub fn code(self) -> &'static str {
        match self {
            Self::Closed => "error-case-closed",
            Self::UseClosure => "error-transition-use-closure",
            Self::SameState => "error-transition-same-state",
            Self::NoSuchStep => "error-transition-not-allowed",
        }
    }
}

fn position(state: CaseState) -> Option<usize> {
    ROAD.iter().position(|s| *s == state)
}

/// States before arrival: the return has not happened yet, so it can still be stopped.
pub fn before_arrival(state: CaseState) -> bool {
    position(state).is_some_and(|p| p < position_of_arrival())
}

fn position_of_arrival() -> usize {
    ROAD.iter()
        .position(|s| *s == CaseState::Arrived)
        .unwrap_or(ROAD.len())
}

/// Whether `later` comes at or after `earlier` on the road (false when either is off it).
pub fn at_or_after(later: CaseState, earlier: CaseState) -> bool {
    matches!((position(later), position(earlier)), (Some(l), Some(e)) if l >= e)
}

/// Decides whether `from → to` is a step of the lifecycle. `suspended_from` is the state a
/// suspended case left, the only one it may resume to.
pub fn step(
    from: CaseState,
    to: CaseState,
    suspended_from: Option<CaseState>,
) -> Result<Move, NotOnRoad> {
    use CaseState::*;
    if from == Closed {
        return Err(NotOnRoad::Closed);
    }
    if to == Closed {
        return Err(NotOnRoad::UseClosure);
    }
    if from == to {
        return Err(NotOnRoad::SameState);
    }
    match (from, to) {
        (Suspended, _) if Some(to) == suspended_from => Ok(Move::Resume),
        (Suspended, Withdrawn) => Ok(Move::Withdraw),
        (Suspended, _) => Err(NotOnRoad::NoSuchStep),
        (_, Suspended) if from != Withdrawn => Ok(Move::Suspend),
        (_, Withdrawn) if before_arrival(from) => Ok(Move::Withdraw),
        // A person who withdrew may change their mind again: they start from counselling.
        (Withdrawn, Counselling) => Ok(Move::Recounsel),
        (Consented | Assessment | Approved | TravelScheduled, Counselling) => Ok(Move::Recounsel),
        _ => match (position(from), position(to)) {
            (Some(f), Some(t)) if t == f + 1 => Ok(Move::Forward),
            _ => Err(NotOnRoad::NoSuchStep),
        },
    }
}

/// The state a forward move from `state` leads to, if any: what "proceed" means on the case page.
pub fn next(state: CaseState) -> Option<CaseState> {
    position(state).and_then(|p| ROAD.get(p + 1).copied())
}

/// Whether withdrawing a person's consent to return stops this case: true from `consented` until
/// departure, including a suspended case that had come that far. The withdrawal and the stop are
/// one write, so no later step can read the case as consented.
pub fn consent_withdrawal_stops(state: CaseState, suspended_from: Option<CaseState>) -> bool {
    let stops = |s: CaseState| at_or_after(s, CaseState::Consented) && before_arrival(s);
    match state {
        CaseState::Suspended => suspended_from.is_some_and(stops),
        s => stops(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;

    #[test]
    fn the_road_goes_one_step_at_a_time() {
        for pair in ROAD.windows(2) {
            assert_eq!(step(pair[0], pair[1], None), Ok(Move::Forward));
        }
        assert_eq!(step(Registered, Approved, None), Err(NotOnRoad::NoSuchStep));
        assert_eq!(step(Approved, Consented, None), Err(NotOnRoad::NoSuchStep));
        assert_eq!(step(FollowUp, Closed, None), Err(NotOnRoad::UseClosure));
        assert_eq!(step(Closed, Registered, None), Err(NotOnRoad::Closed));
        assert_eq!(step(Approved, Approved, None), Err(NotOnRoad::SameState));
    }

    #[test]
    fn suspension_resumes_only_where_it_left() {
        assert_eq!(step(Approved, Suspended, None), Ok(Move::Suspend));
        assert_eq!(step(Suspended, Approved, Some(Approved)), Ok(Move::Resume));
        assert_eq!(
            step(Suspended, TravelScheduled, Some(Approved)),
            Err(NotOnRoad::NoSuchStep)
        );
        assert_eq!(
            step(Suspended, Withdrawn, Some(Approved)),
            Ok(Move::Withdraw)
        );
        assert_eq!(step(Withdrawn, Suspended, None), Err(NotOnRoad::NoSuchStep));
    }

    #[test]
    fn withdrawal_is_possible_until_arrival() {
        for s in &ROAD[..7] {
            assert_eq!(step(*s, Withdrawn, None), Ok(Move::Withdraw), "{s}");
        }
        assert_eq!(step(Arrived, Withdrawn, None), Err(NotOnRoad::NoSuchStep));
        assert_eq!(step(Withdrawn, Counselling, None), Ok(Move::Recounsel));
        assert_eq!(step(Approved, Counselling, None), Ok(Move::Recounsel));
    }

    #[test]
    fn consent_withdrawal_stops_returns_under_way() {
        assert!(!consent_withdrawal_stops(Counselling, None));
        for s in [Consented, Assessment, Approved, TravelScheduled, InTransit] {
            assert!(consent_withdrawal_stops(s, None), "{s}");
        }
        assert!(!consent_withdrawal_stops(Arrived, None));
        assert!(consent_withdrawal_stops(Suspended, Some(Approved)));
        assert!(!consent_withdrawal_stops(Suspended, Some(Registered)));
        assert_eq!(next(Consented), Some(Assessment));
        assert_eq!(next(FollowUp), None);
    }
}
