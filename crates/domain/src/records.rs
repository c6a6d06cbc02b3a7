//! The records the safeguard engine reads (DESIGN.md section 4, METHODS.md sections 3–5): the
//! codes each one is made of. Codes, never free text, travel in the journal's clear fields; notes
//! and evidence are sealed like other personal data.

use crate::roles::string_enum;

string_enum! {
    /// Who gives a consent to return. A child's assent never replaces a guardian's consent.
    ConsentRole {
        /// The person, for themself.
        Own = "own",
        /// A child agreeing in their own words; required from the age band the rule set names.
        Assent = "assent",
        /// A parent or legal guardian consenting for a child.
        Guardian = "guardian",
    }
}

string_enum! {
    /// Coercion indicators (METHODS.md section 5). Each stays open until a supervisor reviews it.
    CoercionCode {
        DecisionInDetention = "decision_in_detention",
        TimePressure = "time_pressure",
        ThreatsOrLossOfBenefits = "threats_or_loss_of_benefits",
        ConditionalIncentives = "conditional_incentives",
        Misinformation = "misinformation",
        FamilyOrCommunityPressure = "family_or_community_pressure",
        NoAlternativesExplained = "no_alternatives_explained",
        CapacityInDoubt = "capacity_in_doubt",
    }
}

string_enum! {
    /// IOM's determinants of migrant vulnerability are weighed at four levels (METHODS.md 3).
    FactorLevel {
        Individual = "individual",
        Household = "household",
        Community = "community",
        Structural = "structural",
    }
}

string_enum! {
    FactorKind {
        Risk = "risk",
        Protective = "protective",
    }
}

string_enum! {
    /// The UNHCR–IDC screening domains (METHODS.md 3).
    VulnerabilityDomain {
        Child = "child",
        SexGenderOrientation = "sex_gender_orientation",
        HealthAndWelfare = "health_and_welfare",
        ProtectionNeeds = "protection_needs",
        Other = "other",
    }
}

string_enum! {
    /// The interviewer's rating of the intervention needed: no formula (METHODS.md 3).
    InterventionRating {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

string_enum! {
    /// A best-interests assessment (BIA) serves most children; an unaccompanied or separated
    /// child's durable solution needs a determination (BID) by a panel (METHODS.md 4).
    BestInterestsKind {
        Assessment = "assessment",
        Determination = "determination",
    }
}

string_enum! {
    BestInterestsOutcome {
        ReturnInBestInterests = "return_in_best_interests",
        ReturnNotInBestInterests = "return_not_in_best_interests",
        Deferred = "deferred",
    }
}

string_enum! {
    /// A record that suspends a return while it is open. The grievance work adds appeals; this
    /// generic hold already lets a case worker or supervisor stop a return for a pending decision.
    HoldKind {
        PendingAppeal = "pending_appeal",
        PendingCourtDecision = "pending_court_decision",
        Grievance = "grievance",
        Other = "other",
    }
}

/// The least a determination panel may be: a decision by several people from several disciplines.
pub const MIN_PANEL_MEMBERS: usize = 3;
