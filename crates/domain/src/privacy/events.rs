//! The journal events of personal data's protection: break-glass, erasure, data-sharing
//! agreements, consent, corrections and data-subject requests.

use crate::cases::person::AgeBand;
use crate::lifecycle::records::ConsentRole;
use crate::privacy::sharing::{ConsentMethod, ConsentPurpose, LegalBasis};
use crate::privacy::subject_request::RequestKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassOpened {
    pub id: Uuid,
    pub user_id: Uuid,
    pub case_id: Uuid,
    /// Typed by the user; read by the data-protection officer.
    pub justification: String,
    /// RFC 3339 UTC; the grant ends then.
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonErased {
    pub person_id: Uuid,
    /// A reason code (e.g. `data_subject_request`, `retention`), never free text about the person.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementConcluded {
    pub id: Uuid,
    /// The organisation that holds the cases.
    pub provider_id: Uuid,
    /// The organisation that may read them.
    pub recipient_id: Uuid,
    /// The access-log purpose the recipient must declare to read under this agreement.
    pub purpose: String,
    pub fields: Vec<String>,
    pub legal_basis: LegalBasis,
    /// YYYY-MM-DD, inclusive.
    pub valid_from: String,
    /// YYYY-MM-DD, inclusive.
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementRevoked {
    pub agreement_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentGiven {
    pub id: Uuid,
    pub person_id: Uuid,
    pub purpose: ConsentPurpose,
    /// The organisation data may be shared with (data sharing only).
    pub party: Option<Uuid>,
    /// ISO 639 code of the language the consent was explained in.
    pub language: String,
    pub method: ConsentMethod,
    pub interpreter: bool,
    /// YYYY-MM-DD.
    pub given_on: String,
    /// Own consent, a child's assent, or a guardian's consent for a child.
    #[serde(default)]
    pub role: ConsentRole,
    /// The version of the information sheet the person was given.
    #[serde(default)]
    pub information_sheet: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentWithdrawn {
    pub consent_id: Uuid,
    pub person_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonCorrected {
    pub person_id: Uuid,
    /// The request that asked for the correction.
    pub request_id: Uuid,
    /// The age band, which follows a corrected date of birth.
    pub age_band: AgeBand,
    /// Field name → ciphertext under the person's data key: the whole corrected set.
    pub sealed: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRequestReceived {
    pub id: Uuid,
    /// The organisation holding the person; its data-protection officer answers.
    pub organisation_id: Uuid,
    pub person_id: Uuid,
    pub kind: RequestKind,
    /// YYYY-MM-DD.
    pub received_on: String,
    /// YYYY-MM-DD: the day the answer is due.
    pub deadline: String,
    pub handled_by: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRequestExtended {
    pub id: Uuid,
    /// The new deadline, YYYY-MM-DD.
    pub deadline: String,
    /// A code from `subject_request::EXTENSION_REASONS`.
    pub reason: String,
    pub handled_by: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRequestRef {
    pub id: Uuid,
    pub handled_by: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRequestClosed {
    pub id: Uuid,
    /// An outcome code (completion) or a refusal reason code, never free text.
    pub outcome: String,
    pub handled_by: Uuid,
}
