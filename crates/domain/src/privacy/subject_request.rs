//! Data-subject requests (GDPR articles 12 and 15 to 21): what a person asks of the
//! organisation that holds their data, and the clock the organisation must answer within.
//!
//! A request holds codes and dates only, never free text: the reasons are codes so that the
//! journal holds nothing personal in clear.

use crate::Invalid;
use crate::cases::person;
use crate::macros::string_enum;
use time::{Date, Duration};

string_enum! {
    /// What the person asks for.
    RequestKind {
        /// A copy of everything held about them (art. 15).
        Access = "access",
        /// Their personal fields corrected (art. 16).
        Correction = "correction",
        /// Their personal fields erased (art. 17).
        Erasure = "erasure",
        /// Processing restricted (art. 18).
        Restriction = "restriction",
        /// An objection to processing (art. 21).
        Objection = "objection",
    }
}

string_enum! {
    /// Where a request stands. `open` and `extended` are pending; the others are closed.
    RequestStatus {
        Open = "open",
        Extended = "extended",
        Completed = "completed",
        Refused = "refused",
    }
}

impl RequestStatus {
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::Extended)
    }
}

impl RequestKind {
    /// The outcome code recorded when a request of this kind is completed.
    pub fn outcome(self) -> &'static str {
        match self {
            Self::Access => "data_provided",
            Self::Correction => "corrected",
            Self::Erasure => "erased",
            Self::Restriction => "processing_restricted",
            Self::Objection => "objection_upheld",
        }
    }
}

/// Why the deadline may be extended: art. 12(3) allows it for the complexity and the number of
/// requests.
pub const EXTENSION_REASONS: &[&str] = &["complexity", "number_of_requests"];

/// Why a request may be refused: art. 12(5) (manifestly unfounded or excessive), art. 12(6)
/// (identity not established), art. 23 and national law (a legal exemption applies).
pub const REFUSAL_REASONS: &[&str] = &[
    "manifestly_unfounded",
    "excessive",
    "identity_not_verified",
    "legal_exemption",
];

/// The default time to answer: one month, counted as 30 days (art. 12(3)).
pub const DEFAULT_DAYS: i64 = 30;

/// The longest extension: two further months, counted as 60 days (art. 12(3)).
pub const MAX_EXTENSION_DAYS: i64 = 60;

/// The day a request was received: a real date, not in the future, and not more than ten
/// years ago (an older date is a typing error).
pub fn received_on(pointer: &str, raw: &str, today: Date) -> Result<Date, Invalid> {
    let d = person::date(pointer, raw)?;
    if d > today {
        return Err(Invalid::one(pointer, "error-date-in-future"));
    }
    if person::age_on(d, today) >= 10 {
        return Err(Invalid::one(pointer, "error-date-too-old"));
    }
    Ok(d)
}

/// The answer is due `days` after the day of receipt.
pub fn deadline(received: Date, days: i64) -> Date {
    received.saturating_add(Duration::days(days))
}

/// An extension of 1 to 60 days for a known reason; returns the new deadline.
pub fn extend(current: Date, days: i64, reason: &str) -> Result<Date, Invalid> {
    let mut errors = crate::error::Errors::default();
    if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
        errors.push("/days", "error-extension-days");
    }
    if !EXTENSION_REASONS.contains(&reason) {
        errors.push("/reason", "error-unknown-value");
    }
    errors.into_result()?;
    Ok(current.saturating_add(Duration::days(days)))
}

/// Days from `today` until `deadline`: negative once it has passed.
pub fn days_left(deadline: Date, today: Date) -> i64 {
    (deadline - today).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn received_dates_are_real_and_not_in_the_future() {
        let today = date!(2026 - 11 - 23);
        assert!(received_on("/r", "2026-11-23", today).is_ok());
        assert_eq!(
            received_on("/r", "2026-11-24", today).unwrap_err().0[0].code,
            "error-date-in-future"
        );
        assert_eq!(
            received_on("/r", "2026-02-30", today).unwrap_err().0[0].code,
            "error-date"
        );
        assert_eq!(
            received_on("/r", "2001-01-01", today).unwrap_err().0[0].code,
            "error-date-too-old"
        );
    }

    #[test]
    fn deadlines_count_days_and_extend_once_by_up_to_sixty() {
        let received = date!(2026 - 01 - 31);
        let due = deadline(received, DEFAULT_DAYS);
        assert_eq!(due, date!(2026 - 03 - 02));
        assert_eq!(
            extend(due, 60, "complexity").unwrap(),
            date!(2026 - 05 - 01)
        );
        let refused = extend(due, 61, "because").unwrap_err();
        let pointers: Vec<_> = refused.0.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/days", "/reason"]);
        assert!(extend(due, 0, "complexity").is_err());
        assert_eq!(days_left(due, date!(2026 - 03 - 03)), -1);
        assert_eq!(days_left(due, date!(2026 - 02 - 28)), 2);
    }

    #[test]
    fn every_kind_has_an_outcome_and_only_pending_requests_are_pending() {
        for k in RequestKind::ALL {
            assert!(!k.outcome().is_empty());
        }
        assert!(RequestStatus::Extended.is_pending());
        assert!(!RequestStatus::Refused.is_pending());
    }
}
