//! Data-sharing agreements and consent (to return, to share, to follow-up): their projection and
//! the reads need-to-know decisions use.

use crate::db::{Arg, Row, Tx, split_list};
use crate::{Store, StoreError};
use homeward_domain::events::Event;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRow {
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRow {
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
    /// own, assent, guardian.
    pub role: String,
    pub information_sheet: Option<String>,
}

fn agreement(r: &Row) -> AgreementRow {
    AgreementRow {
        id: r[0].text(),
        provider_id: r[1].text(),
        recipient_id: r[2].text(),
        purpose: r[3].text(),
        fields: split_list(&r[4].text()),
        legal_basis: r[5].text(),
        valid_from: r[6].text(),
        expires_on: r[7].text(),
        concluded_at: r[8].text(),
        revoked_at: r[9].opt_text(),
    }
}

fn consent(r: &Row) -> ConsentRow {
    ConsentRow {
        id: r[0].text(),
        person_id: r[1].text(),
        purpose: r[2].text(),
        party: r[3].opt_text(),
        language: r[4].text(),
        method: r[5].text(),
        interpreter: r[6].int() != 0,
        given_on: r[7].text(),
        recorded_at: r[8].text(),
        withdrawn_at: r[9].opt_text(),
        role: r[10].text(),
        information_sheet: r[11].opt_text(),
    }
}

impl Store {
    /// Agreements under which `recipient` may read `provider`'s cases for `purpose` on `today`
    /// (YYYY-MM-DD): concluded, not revoked, within their dates.
    pub async fn live_agreements(
        &self,
        provider: &str,
        recipient: &str,
        purpose: &str,
        today: &str,
    ) -> Result<Vec<AgreementRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements \
                 WHERE provider_id = $1 AND recipient_id = $2 AND purpose = $3 AND revoked_at IS NULL AND valid_from <= $4 AND expires_on >= $4 ORDER BY id",
                &[Arg::Text(provider), Arg::Text(recipient), Arg::Text(purpose), Arg::Text(today)],
            )
            .await?;
        Ok(rows.iter().map(agreement).collect())
    }

    /// Agreements an organisation is a party to, newest first.
    pub async fn agreements_of(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<AgreementRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements \
                 WHERE provider_id = $1 OR recipient_id = $1 ORDER BY concluded_at DESC, id LIMIT 500",
                &[Arg::Text(organisation_id)],
            )
            .await?;
        Ok(rows.iter().map(agreement).collect())
    }

    pub async fn agreement(&self, id: &str) -> Result<Option<AgreementRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(agreement))
    }

    /// A person's consents, oldest first, withdrawn ones included.
    pub async fn consents_of_person(&self, person_id: &str) -> Result<Vec<ConsentRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, withdrawn_at, role, information_sheet FROM consents \
                 WHERE person_id = $1 ORDER BY recorded_at, id",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(rows.iter().map(consent).collect())
    }

    pub async fn consent(&self, id: &str) -> Result<Option<ConsentRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, withdrawn_at, role, information_sheet FROM consents WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.as_ref().map(consent))
    }

    /// The members of a household who consent, now, to their data being shared with `party`.
    pub async fn sharing_consents(
        &self,
        household_id: &str,
        party: &str,
    ) -> Result<Vec<String>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT DISTINCT c.person_id FROM consents c JOIN persons p ON p.id = c.person_id \
                 WHERE p.household_id = $1 AND c.purpose = 'data_sharing' AND c.party = $2 AND c.withdrawn_at IS NULL ORDER BY c.person_id",
                &[Arg::Text(household_id), Arg::Text(party)],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].text()).collect())
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[
    (
        "agreements",
        "SELECT id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at, revoked_at FROM agreements ORDER BY id",
    ),
    (
        "consents",
        "SELECT id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, withdrawn_at, role, information_sheet, seq, withdrawn_seq FROM consents ORDER BY id",
    ),
];

/// How data-sharing agreements and consents change the tables.
pub(crate) async fn apply(
    tx: &mut Tx,
    seq: i64,
    at: &str,
    event: &Event,
) -> Result<(), StoreError> {
    match event {
        Event::AgreementConcluded(a) => {
            let (id, provider, recipient) = (
                a.id.to_string(),
                a.provider_id.to_string(),
                a.recipient_id.to_string(),
            );
            let fields = a.fields.join(",");
            tx.execute(
                "INSERT INTO agreements (id, provider_id, recipient_id, purpose, fields, legal_basis, valid_from, expires_on, concluded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    Arg::Text(&id),
                    Arg::Text(&provider),
                    Arg::Text(&recipient),
                    Arg::Text(&a.purpose),
                    Arg::Text(&fields),
                    Arg::Text(a.legal_basis.as_str()),
                    Arg::Text(&a.valid_from),
                    Arg::Text(&a.expires_on),
                    Arg::Text(at),
                ],
            )
            .await?;
        }
        Event::AgreementRevoked(r) => {
            let id = r.agreement_id.to_string();
            tx.execute(
                "UPDATE agreements SET revoked_at = $1 WHERE id = $2",
                &[Arg::Text(at), Arg::Text(&id)],
            )
            .await?;
        }
        Event::ConsentGiven(c) => {
            let (id, person) = (c.id.to_string(), c.person_id.to_string());
            let party = c.party.map(|p| p.to_string());
            tx.execute(
                "INSERT INTO consents (id, person_id, purpose, party, language, method, interpreter, given_on, recorded_at, role, information_sheet, seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    Arg::Text(&id),
                    Arg::Text(&person),
                    Arg::Text(c.purpose.as_str()),
                    Arg::OptText(party.as_deref()),
                    Arg::Text(&c.language),
                    Arg::Text(c.method.as_str()),
                    Arg::Int(i64::from(c.interpreter)),
                    Arg::Text(&c.given_on),
                    Arg::Text(at),
                    Arg::Text(c.role.as_str()),
                    Arg::OptText(c.information_sheet.as_deref()),
                    Arg::Int(seq),
                ],
            )
            .await?;
        }
        Event::ConsentWithdrawn(w) => {
            let id = w.consent_id.to_string();
            tx.execute(
                "UPDATE consents SET withdrawn_at = $1, withdrawn_seq = $2 WHERE id = $3",
                &[Arg::Text(at), Arg::Int(seq), Arg::Text(&id)],
            )
            .await?;
        }
        other => {
            return Err(StoreError::Corrupt(format!(
                "{} is not a sharing event",
                other.kind()
            )));
        }
    }
    Ok(())
}
