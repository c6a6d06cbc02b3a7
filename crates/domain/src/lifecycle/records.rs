//! The records the safeguard engine reads (DESIGN.md section 4, METHODS.md sections 3–5): the
//! codes each one is made of. Codes, never free text, travel in the journal's clear fields; notes
//! and evidence are sealed like other personal data.

use crate::macros::string_enum;

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

impl Default for ConsentRole {
    /// Consents recorded before roles existed were a person's own.
    fn default() -> Self {
        ConsentRole::Own
    }
}

string_enum! {
    /// What a counselling session covered; the questions asked, in the returnee's own words, go
    /// in the sealed note.
    CounsellingTopic {
        SafetyAtDestination = "safety_at_destination",
        AreaStatus = "area_status",
        Housing = "housing",
        Livelihoods = "livelihoods",
        Documentation = "documentation",
        HealthCare = "health_care",
        Education = "education",
        ReintegrationAssistance = "reintegration_assistance",
        Alternatives = "alternatives",
        RightToWithdraw = "right_to_withdraw",
        Travel = "travel",
    }
}

string_enum! {
    /// Risk and protective factors of IOM's determinants model (METHODS.md 3).
    VulnerabilityFactor {
        UnaccompaniedOrSeparatedChild = "unaccompanied_or_separated_child",
        Pregnancy = "pregnancy",
        GbvSurvivor = "gbv_survivor",
        TraffickingVictim = "trafficking_victim",
        SeriousMedicalCondition = "serious_medical_condition",
        Disability = "disability",
        OlderPerson = "older_person",
        Lgbti = "lgbti",
        ViolenceInTransit = "violence_in_transit",
        InternationalProtectionNeeds = "international_protection_needs",
        FamilySupport = "family_support",
        CommunityTies = "community_ties",
        Livelihood = "livelihood",
        DocumentsHeld = "documents_held",
        Other = "other",
    }
}

impl VulnerabilityFactor {
    /// Where a factor usually sits in IOM's determinants model (level, risk or protective), for
    /// screens that tick factors without weighing each: a Homeward reading of METHODS.md
    /// section 3 [ours]. The API takes the screener's own level and kind when they differ.
    pub fn usual_weight(self) -> (FactorLevel, FactorKind) {
        use VulnerabilityFactor::*;
        match self {
            FamilySupport | Livelihood => (FactorLevel::Household, FactorKind::Protective),
            CommunityTies => (FactorLevel::Community, FactorKind::Protective),
            DocumentsHeld => (FactorLevel::Individual, FactorKind::Protective),
            InternationalProtectionNeeds => (FactorLevel::Structural, FactorKind::Risk),
            UnaccompaniedOrSeparatedChild
            | Pregnancy
            | GbvSurvivor
            | TraffickingVictim
            | SeriousMedicalCondition
            | Disability
            | OlderPerson
            | Lgbti
            | ViolenceInTransit
            | Other => (FactorLevel::Individual, FactorKind::Risk),
        }
    }
}

/// The most factors one screening lists: each factor at most once at each level (a factor
/// both a risk and a protection at one level says nothing).
pub const MAX_FACTORS: usize = VulnerabilityFactor::ALL.len() * FactorLevel::ALL.len();

string_enum! {
    ScreeningStage {
        /// A short screen at intake; a positive one opens a follow-up screening.
        Rapid = "rapid",
        Full = "full",
    }
}

string_enum! {
    /// The durable solutions a best-interests procedure compares.
    DurableSolution {
        Return = "return",
        LocalIntegration = "local_integration",
        Resettlement = "resettlement",
        FamilyReunification = "family_reunification",
    }
}

string_enum! {
    CoolingOffWaiverReason {
        MedicalUrgency = "medical_urgency",
        FamilyReunification = "family_reunification",
        SafetyInHostCountry = "safety_in_host_country",
        ReturneeRequestAfterCounselling = "returnee_request_after_counselling",
    }
}

string_enum! {
    /// Why a case was suspended, withdrawn or sent back to counselling: a code, never free text.
    TransitionReason {
        ReturneeRequest = "returnee_request",
        ConsentWithdrawn = "consent_withdrawn",
        SafetyConcern = "safety_concern",
        DestinationStatusChanged = "destination_status_changed",
        MedicalReasons = "medical_reasons",
        PendingDecision = "pending_decision",
        DocumentsMissing = "documents_missing",
        Other = "other",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub level: FactorLevel,
    pub kind: FactorKind,
    pub code: VulnerabilityFactor,
}

/// One record on a case as the journal holds it: codes and flags only. Free text (questions
/// asked, evidence, mitigation) travels beside it, sealed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseRecord {
    Counselling {
        language: String,
        interpreter: bool,
        /// The version of the information sheet handed over, e.g. `AVR-XB-2026-03`.
        information_sheet: String,
        /// The destination's status as the system showed it at the session (not typed in).
        destination_status: crate::conditions::status::AreaStatus,
        topics: Vec<CounsellingTopic>,
    },
    CoercionIndicator {
        code: CoercionCode,
    },
    VulnerabilityScreening {
        stage: ScreeningStage,
        factors: Vec<Factor>,
        domains: Vec<VulnerabilityDomain>,
        rating: InterventionRating,
        /// The rapid screen this full screening follows up.
        follows: Option<uuid::Uuid>,
    },
    RiskAssessment {
        risk_found: bool,
        mitigable: bool,
    },
    BestInterests {
        kind: BestInterestsKind,
        outcome: BestInterestsOutcome,
        /// Determination only: the panel's size, whether the child was heard and represented.
        panel_members: u32,
        child_heard: bool,
        legal_representation: bool,
        options_compared: Vec<DurableSolution>,
        /// YYYY-MM-DD by which the outcome is reviewed.
        review_on: Option<String>,
    },
    Hold {
        hold: HoldKind,
        suspensive: bool,
    },
    CoolingOffWaiver {
        reason: CoolingOffWaiverReason,
    },
    /// A forced return's removal decision: recorded to monitor it, never to carry it out.
    RemovalDecision {
        /// YYYY-MM-DD.
        decided_on: String,
        appeal_pending: bool,
    },
}

impl CaseRecord {
    /// The record's type as stored beside it.
    pub fn type_name(&self) -> &'static str {
        match self {
            CaseRecord::Counselling { .. } => "counselling",
            CaseRecord::CoercionIndicator { .. } => "coercion_indicator",
            CaseRecord::VulnerabilityScreening { .. } => "vulnerability_screening",
            CaseRecord::RiskAssessment { .. } => "risk_assessment",
            CaseRecord::BestInterests { .. } => "best_interests",
            CaseRecord::Hold { .. } => "hold",
            CaseRecord::CoolingOffWaiver { .. } => "cooling_off_waiver",
            CaseRecord::RemovalDecision { .. } => "removal_decision",
        }
    }

    /// Whether the record is a screening that flags the child domain, which opens the
    /// best-interests procedure for the person screened (METHODS.md section 3).
    pub fn flags_child(&self) -> bool {
        matches!(self, CaseRecord::VulnerabilityScreening { domains, .. }
            if domains.contains(&VulnerabilityDomain::Child))
    }

    /// Whether the record stays open until someone resolves it: coercion indicators until a
    /// supervisor reviews them, holds until lifted, a positive rapid screen until followed up.
    pub fn opens(&self) -> bool {
        match self {
            CaseRecord::CoercionIndicator { .. } | CaseRecord::Hold { .. } => true,
            CaseRecord::VulnerabilityScreening {
                stage: ScreeningStage::Rapid,
                factors,
                rating,
                ..
            } => {
                *rating != InterventionRating::Low
                    || factors.iter().any(|f| f.kind == FactorKind::Risk)
            }
            _ => false,
        }
    }
}
