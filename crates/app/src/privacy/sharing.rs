//! Data-sharing agreements between organisations, and each person's consent. Together they are
//! what lets another organisation read a case (see [`crate::policy::cases`]): the agreement says
//! which fields, for which purpose, until when; the consent says which persons.

use crate::cases::reads::facts;
use crate::policy::{self, Permission, cases as scope};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::case::CaseState;
use homeward_domain::cases::person;
use homeward_domain::cases::person::AgeBand;
use homeward_domain::events::{
    AgreementConcluded, AgreementRevoked, CaseTransitioned, ConsentGiven, ConsentWithdrawn, Event,
};
use homeward_domain::lifecycle::records::{ConsentRole, TransitionReason};
use homeward_domain::lifecycle::road::{self, Move};
use homeward_domain::privacy::sharing::{self, ConsentMethod, ConsentPurpose, LegalBasis};
use homeward_domain::{Invalid, error::Errors, text};
use homeward_store::cases::CaseRow;
use homeward_store::privacy::{AgreementRow, ConsentRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgreement {
    /// The organisation that will read the actor's organisation's cases.
    pub recipient_id: String,
    /// The purpose the recipient's users must declare: case_management, supervision, monitoring.
    pub purpose: String,
    /// Shareable personal fields, each once: given_name, family_name, date_of_birth, phone,
    /// document_number, address.
    #[schema(min_items = 1, max_items = 6)]
    pub fields: Vec<String>,
    /// consent, vital_interests, public_interest, legitimate_interests, legal_obligation.
    pub legal_basis: String,
    /// YYYY-MM-DD.
    pub valid_from: String,
    /// YYYY-MM-DD, not before `valid_from` nor in the past.
    pub expires_on: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Agreement {
    pub id: String,
    pub provider_id: String,
    pub recipient_id: String,
    pub purpose: String,
    pub fields: Vec<String>,
    pub legal_basis: String,
    pub valid_from: String,
    pub expires_on: String,
    pub concluded_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsent {
    /// return, follow_up_monitoring, data_sharing.
    pub purpose: String,
    /// For data_sharing: the organisation the data may go to. Otherwise absent.
    #[serde(default)]
    pub party: Option<String>,
    /// ISO 639 code of the language the consent was explained in.
    pub language: String,
    /// written, oral, digital.
    pub method: String,
    pub interpreter: bool,
    /// YYYY-MM-DD, not in the future.
    pub given_on: String,
    /// own (an adult for themself; the default), assent (a child's own agreement), guardian
    /// (a parent or guardian for a child).
    #[serde(default)]
    pub role: Option<String>,
    /// The version of the information sheet handed over, e.g. `AVR-XB-2026-03`.
    #[serde(default)]
    pub information_sheet: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Consent {
    pub id: String,
    pub person_id: String,
    pub purpose: String,
    pub party: Option<String>,
    pub language: String,
    pub method: String,
    pub interpreter: bool,
    pub given_on: String,
    pub recorded_at: String,
    pub withdrawn_at: Option<String>,
    pub role: String,
    pub information_sheet: Option<String>,
}

/// Purposes an agreement may name: those a case reader declares.
const SHARING_PURPOSES: &[&str] = &["case_management", "supervision", "monitoring"];

fn agreement(a: AgreementRow) -> Agreement {
    Agreement {
        id: a.id,
        provider_id: a.provider_id,
        recipient_id: a.recipient_id,
        purpose: a.purpose,
        fields: a.fields,
        legal_basis: a.legal_basis,
        valid_from: a.valid_from,
        expires_on: a.expires_on,
        concluded_at: a.concluded_at,
        revoked_at: a.revoked_at,
    }
}

pub(crate) fn consent(c: ConsentRow) -> Consent {
    Consent {
        id: c.id,
        person_id: c.person_id,
        purpose: c.purpose,
        party: c.party,
        language: c.language,
        method: c.method,
        interpreter: c.interpreter,
        given_on: c.given_on,
        recorded_at: c.recorded_at,
        withdrawn_at: c.withdrawn_at,
        role: c.role,
        information_sheet: c.information_sheet,
    }
}

impl App {
    /// Concludes an agreement under which another organisation reads the actor's organisation's
    /// cases. Concluded by the providing organisation's data-protection officer.
    pub async fn conclude_agreement(&self, actor: &Actor, new: NewAgreement) -> Result<Agreement> {
        policy::require(actor, Permission::ManageAgreements)?;
        let today = crate::clock::today();
        let mut errors = Errors::default();
        let recipient = match Uuid::parse_str(new.recipient_id.trim()) {
            Ok(id) if id.to_string() == actor.organisation_id => {
                errors.push("/recipient_id", "error-own-organisation");
                None
            }
            Ok(id) if self.store.organisation(&id.to_string()).await?.is_some() => Some(id),
            _ => {
                errors.push("/recipient_id", "error-unknown-organisation");
                None
            }
        };
        let purpose = SHARING_PURPOSES
            .iter()
            .find(|p| **p == new.purpose.trim())
            .copied();
        if purpose.is_none() {
            errors.push("/purpose", "error-unknown-value");
        }
        let fields = errors.check(sharing::fields("/fields", &new.fields));
        let legal_basis = LegalBasis::parse(new.legal_basis.trim());
        if legal_basis.is_none() {
            errors.push("/legal_basis", "error-unknown-value");
        }
        let from = errors.check(person::date("/valid_from", &new.valid_from));
        let until = errors.check(person::date("/expires_on", &new.expires_on));
        if let (Some(from), Some(until)) = (from, until)
            && (until < from || until < today)
        {
            errors.push("/expires_on", "error-date-order");
        }
        errors.into_result()?;
        let (
            Some(recipient_id),
            Some(purpose),
            Some(fields),
            Some(legal_basis),
            Some(from),
            Some(until),
        ) = (recipient, purpose, fields, legal_basis, from, until)
        else {
            return Err(Invalid::one("/", "error-required").into());
        };
        let provider_id =
            Uuid::parse_str(&actor.organisation_id).map_err(|_| AppError::NotFound)?;
        let id = Uuid::now_v7();
        let event = AgreementConcluded {
            id,
            provider_id,
            recipient_id,
            purpose: purpose.to_owned(),
            fields,
            legal_basis,
            valid_from: from.to_string(),
            expires_on: until.to_string(),
        };
        self.append(actor, vec![Event::AgreementConcluded(event)])
            .await?;
        self.store
            .agreement(&id.to_string())
            .await?
            .map(agreement)
            .ok_or(AppError::NotFound)
    }

    /// Agreements the actor's organisation is a party to.
    pub async fn agreements(&self, actor: &Actor) -> Result<Vec<Agreement>> {
        policy::require(actor, Permission::ManageAgreements)?;
        Ok(self
            .store
            .agreements_of(&actor.organisation_id)
            .await?
            .into_iter()
            .map(agreement)
            .collect())
    }

    /// Ends an agreement at once. Either party's data-protection officer may revoke it.
    pub async fn revoke_agreement(&self, actor: &Actor, agreement_id: &str) -> Result<()> {
        policy::require(actor, Permission::ManageAgreements)?;
        let a = self
            .store
            .agreement(agreement_id)
            .await?
            .filter(|a| {
                a.provider_id == actor.organisation_id || a.recipient_id == actor.organisation_id
            })
            .ok_or(AppError::NotFound)?;
        if a.revoked_at.is_some() {
            return Err(AppError::Conflict("already-revoked"));
        }
        let agreement_id = Uuid::parse_str(&a.id).map_err(|_| AppError::NotFound)?;
        self.append(
            actor,
            vec![Event::AgreementRevoked(AgreementRevoked { agreement_id })],
        )
        .await
    }

    /// The person's case, when the actor reaches it within their own scope.
    async fn person_in_reach(&self, actor: &Actor, person_id: &str) -> Result<(CaseRow, bool)> {
        let (row, erased_at) = self
            .store
            .case_of_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        if !scope::reaches(actor, &teams, &facts(&row)) {
            return Err(AppError::NotFound);
        }
        Ok((row, erased_at.is_some()))
    }

    /// Records a person's consent. The case must be open.
    pub async fn record_consent(
        &self,
        actor: &Actor,
        person_id: &str,
        new: NewConsent,
    ) -> Result<Consent> {
        policy::require(actor, Permission::RecordConsent)?;
        let (row, erased) = self.person_in_reach(actor, person_id).await?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        scope::change(actor, &teams, &facts(&row), Permission::RecordConsent)?;
        if erased {
            return Err(AppError::Conflict("person-erased"));
        }
        let mut errors = Errors::default();
        let purpose = ConsentPurpose::parse(new.purpose.trim());
        if purpose.is_none() {
            errors.push("/purpose", "error-unknown-value");
        }
        let party = match (purpose, new.party.as_deref().map(str::trim)) {
            // Whether a party belongs depends on the purpose: judge it once the purpose is known.
            (None, _) => None,
            (Some(ConsentPurpose::DataSharing), Some(p)) => match Uuid::parse_str(p) {
                Ok(id) if self.store.organisation(&id.to_string()).await?.is_some() => Some(id),
                _ => {
                    errors.push("/party", "error-unknown-organisation");
                    None
                }
            },
            (Some(ConsentPurpose::DataSharing), None) => {
                errors.push("/party", "error-required");
                None
            }
            (_, Some(_)) => {
                errors.push("/party", "error-not-applicable");
                None
            }
            (_, None) => None,
        };
        let language = errors.check(text::known_language("/language", &new.language));
        let method = ConsentMethod::parse(new.method.trim());
        if method.is_none() {
            errors.push("/method", "error-unknown-value");
        }
        let given_on = errors.check(person::date("/given_on", &new.given_on));
        if given_on.is_some_and(|d| d > crate::clock::today()) {
            errors.push("/given_on", "error-date-in-future");
        }
        let role = self
            .consent_role(person_id, new.role.as_deref(), &mut errors)
            .await?;
        let information_sheet = match new.information_sheet.as_deref() {
            Some(raw) => errors.check(text::identifier("/information_sheet", raw, 40)),
            None => None,
        };
        errors.into_result()?;
        let (Some(purpose), Some(language), Some(method), Some(given_on), Some(role)) =
            (purpose, language, method, given_on, role)
        else {
            return Err(Invalid::one("/", "error-required").into());
        };
        let id = Uuid::now_v7();
        let event = ConsentGiven {
            id,
            person_id: Uuid::parse_str(person_id).map_err(|_| AppError::NotFound)?,
            purpose,
            party,
            language,
            method,
            interpreter: new.interpreter,
            given_on: given_on.to_string(),
            role,
            information_sheet,
        };
        let case_id = Uuid::parse_str(&row.id).map_err(|_| AppError::NotFound)?;
        self.append_to_case(
            actor,
            case_id,
            Permission::RecordConsent,
            vec![Event::ConsentGiven(event)],
        )
        .await?;
        self.store
            .consent(&id.to_string())
            .await?
            .map(consent)
            .ok_or(AppError::NotFound)
    }

    /// A person's consents, withdrawn ones included.
    pub async fn consents(&self, actor: &Actor, person_id: &str) -> Result<Vec<Consent>> {
        policy::require(actor, Permission::ReadCases)?;
        self.person_in_reach(actor, person_id).await?;
        Ok(self
            .store
            .consents_of_person(person_id)
            .await?
            .into_iter()
            .map(consent)
            .collect())
    }

    /// Withdraws a consent. Always possible, closed case or not, and effective at once: the
    /// next read is decided without it.
    pub async fn withdraw_consent(&self, actor: &Actor, consent_id: &str) -> Result<()> {
        policy::require(actor, Permission::RecordConsent)?;
        let c = self
            .store
            .consent(consent_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (row, _) = self.person_in_reach(actor, &c.person_id).await?;
        if c.withdrawn_at.is_some() {
            return Err(AppError::Conflict("already-withdrawn"));
        }
        let (consent_id, person_id) = (
            Uuid::parse_str(&c.id).map_err(|_| AppError::NotFound)?,
            Uuid::parse_str(&c.person_id).map_err(|_| AppError::NotFound)?,
        );
        let stops_return = c.purpose == ConsentPurpose::Return.as_str();
        let case_id = row.id.clone();
        let rules_version = self.safeguards.version.clone();
        let author = crate::author_of(Some(actor));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let file = w.case_file(&case_id).await?.ok_or(AppError::NotFound)?;
                    // Checked again inside the write: of two withdrawals at once, one lands.
                    let id = consent_id.to_string();
                    if file
                        .consents
                        .iter()
                        .any(|c| c.id == id && c.withdrawn.is_some())
                    {
                        return Err(AppError::Conflict("already-withdrawn"));
                    }
                    w.append(
                        &author,
                        &Event::ConsentWithdrawn(ConsentWithdrawn {
                            consent_id,
                            person_id,
                        }),
                    )
                    .await?;
                    // Takes effect at once: a return under way stops in the same commit, so no
                    // later step can read the case as consented.
                    let state = CaseState::parse(&file.case.state);
                    let from = file.suspended_from.as_deref().and_then(CaseState::parse);
                    if let Some(state) =
                        state.filter(|s| stops_return && road::consent_withdrawal_stops(*s, from))
                    {
                        let event = CaseTransitioned {
                            case_id: Uuid::parse_str(&case_id).map_err(|_| AppError::NotFound)?,
                            from: state,
                            to: CaseState::Withdrawn,
                            step: Move::Withdraw,
                            reason: Some(TransitionReason::ConsentWithdrawn),
                            rules_version,
                            findings: Vec::new(),
                        };
                        w.append(&author, &Event::CaseTransitioned(event)).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await
    }

    /// The consent role, checked against the person's age: adults consent for themselves;
    /// children assent, and a guardian consents for them. Pushes errors; `None` when invalid.
    async fn consent_role(
        &self,
        person_id: &str,
        raw: Option<&str>,
        errors: &mut Errors,
    ) -> Result<Option<ConsentRole>> {
        let Some(role) = raw.map_or(Some(ConsentRole::Own), |r| ConsentRole::parse(r.trim()))
        else {
            errors.push("/role", "error-unknown-value");
            return Ok(None);
        };
        let band = self
            .store
            .age_band_of_person(person_id)
            .await?
            .and_then(|b| AgeBand::parse(&b))
            .ok_or(AppError::NotFound)?;
        let fits = match role {
            ConsentRole::Own => !band.is_child(),
            ConsentRole::Assent | ConsentRole::Guardian => band.is_child(),
        };
        if !fits {
            errors.push("/role", "error-consent-role-age");
            return Ok(None);
        }
        Ok(Some(role))
    }
}
