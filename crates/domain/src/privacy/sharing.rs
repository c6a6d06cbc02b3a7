//! Data-sharing agreements and consent: the two facts that let one organisation read another's
//! case. An agreement alone is not enough; each person must have consented to sharing with that
//! organisation, and only the fields the agreement lists are shown.

use crate::Invalid;
use crate::macros::string_enum;

string_enum! {
    /// What a person consents to (DESIGN.md section 4). Sharing names a party.
    ConsentPurpose {
        Return = "return",
        FollowUpMonitoring = "follow_up_monitoring",
        DataSharing = "data_sharing",
    }
}

string_enum! {
    ConsentMethod {
        Written = "written",
        Oral = "oral",
        Digital = "digital",
    }
}

string_enum! {
    /// GDPR article 6 / the 2018 UNHCR data-protection policy's legitimate bases.
    LegalBasis {
        Consent = "consent",
        VitalInterests = "vital_interests",
        PublicInterest = "public_interest",
        LegitimateInterests = "legitimate_interests",
        LegalObligation = "legal_obligation",
    }
}

/// The personal fields an agreement may list. Free-text notes are never shareable: they are
/// where case workers write what a person told them in confidence.
pub const SHAREABLE_FIELDS: &[&str] = &[
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "document_number",
    "address",
];

/// Checks an agreement's field list: known, shareable, no duplicates, at least one (so at most
/// as many as there are shareable fields).
pub fn fields(pointer: &str, fields: &[String]) -> Result<Vec<String>, Invalid> {
    if fields.is_empty() {
        return Err(Invalid::one(pointer, "error-required"));
    }
    crate::error::at_most(pointer, fields.len(), SHAREABLE_FIELDS.len())?;
    let mut out: Vec<String> = Vec::with_capacity(fields.len());
    for (i, f) in fields.iter().enumerate() {
        let f = f.trim();
        if !SHAREABLE_FIELDS.contains(&f) {
            return Err(Invalid::one(
                format!("{pointer}/{i}"),
                "error-field-not-shareable",
            ));
        }
        if out.iter().any(|o| o == f) {
            return Err(Invalid::one(format!("{pointer}/{i}"), "error-duplicate"));
        }
        out.push(f.to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_never_shareable_and_lists_are_checked() {
        let ok = fields("/fields", &["given_name".into(), "family_name".into()]).unwrap();
        assert_eq!(ok, ["given_name", "family_name"]);
        let e = fields("/fields", &["given_name".into(), "notes".into()]).unwrap_err();
        assert_eq!(e.0[0].pointer, "/fields/1");
        assert!(fields("/fields", &[]).is_err());
        assert!(fields("/fields", &["phone".into(), "phone".into()]).is_err());
        let e = fields("/fields", &vec!["notes".to_owned(); 1_000]).unwrap_err();
        assert_eq!((e.0.len(), e.0[0].code), (1, "error-list-too-long"));
    }
}
