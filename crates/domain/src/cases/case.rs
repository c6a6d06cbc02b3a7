//! Cases: one return process for a household.

use crate::Invalid;
use crate::macros::string_enum;

string_enum! {
    CaseKind {
        AssistedVoluntaryReturn = "assisted_voluntary_return",
        VoluntaryRepatriation = "voluntary_repatriation",
        SpontaneousReturn = "spontaneous_return",
        /// Monitored, never managed: Homeward records forced returns to watch for rights risks.
        ForcedReturn = "forced_return",
    }
}

string_enum! {
    /// The lifecycle of DESIGN.md section 4. Transitions arrive with the safeguard engine; the
    /// foundation opens every case in `registered`.
    CaseState {
        Registered = "registered",
        Counselling = "counselling",
        Consented = "consented",
        Assessment = "assessment",
        Approved = "approved",
        TravelScheduled = "travel_scheduled",
        InTransit = "in_transit",
        Arrived = "arrived",
        Reintegration = "reintegration",
        FollowUp = "follow_up",
        Closed = "closed",
        Suspended = "suspended",
        Withdrawn = "withdrawn",
    }
}

string_enum! {
    /// Markers that restrict who may read a case's names (DESIGN.md principle 4): only the
    /// assigned worker and the supervisors of the case's team, never a sharing agreement.
    Sensitivity {
        ChildProtection = "child_protection",
        /// A survivor of gender-based violence.
        Gbv = "gbv",
        Trafficking = "trafficking",
    }
}

string_enum! {
    /// Why a case was closed. A code, never free text, so the journal holds no personal data.
    ClosureReason {
        ReturnedAndReintegrated = "returned_and_reintegrated",
        WithdrawnByReturnee = "withdrawn_by_returnee",
        NotEligible = "not_eligible",
        Duplicate = "duplicate",
        LostContact = "lost_contact",
        Deceased = "deceased",
        TransferredToAnotherOrganisation = "transferred_to_another_organisation",
    }
}

/// The human reference of a case, e.g. `HW-2026-000123`: year of registration and a number that
/// counts up within the node.
pub fn reference(year: i32, number: u64) -> String {
    format!("HW-{year}-{number:06}")
}

/// Accepts a full or partial reference typed in a search box; returns the upper-cased text when
/// it contains only the characters a reference can contain.
pub fn reference_query(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let v = raw.trim().to_uppercase();
    if v.len() <= 20 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(v)
    } else {
        Err(Invalid::one(pointer, "error-reference"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_zero_padded() {
        assert_eq!(reference(2026, 123), "HW-2026-000123");
        assert_eq!(reference(2026, 1_234_567), "HW-2026-1234567");
    }

    #[test]
    fn reference_queries_refuse_wildcards() {
        assert_eq!(
            reference_query("/q", "hw-2026-0001").unwrap(),
            "HW-2026-0001"
        );
        assert!(reference_query("/q", "HW%").is_err());
        assert!(reference_query("/q", "HW_1").is_err());
    }
}
