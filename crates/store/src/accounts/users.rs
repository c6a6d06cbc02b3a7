//! Organisations and users: their projection and their reads. Credentials live apart, in
//! [`super::credentials`].

use crate::db::{Arg, Row, Tx, split_list};
use crate::{Store, StoreError};
use homeward_domain::events::Event;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub password_hash: Option<String>,
    /// False once the user was deactivated.
    pub active: bool,
    /// Whether the user has a confirmed second factor.
    pub second_factor: bool,
}

fn user(r: &Row) -> UserRow {
    UserRow {
        id: r[0].text(),
        organisation_id: r[1].text(),
        email: r[2].text(),
        display_name: r[3].text(),
        roles: split_list(&r[4].text()),
        password_hash: r[5].opt_text(),
        active: r[6].int() != 0,
        second_factor: r[7].int() != 0,
    }
}

impl Store {
    pub async fn organisations(&self) -> Result<Vec<OrganisationRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, name, country FROM organisations ORDER BY name",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| OrganisationRow {
                id: r[0].text(),
                name: r[1].text(),
                country: r[2].text(),
            })
            .collect())
    }

    pub async fn organisation(&self, id: &str) -> Result<Option<OrganisationRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, name, country FROM organisations WHERE id = $1",
                &[Arg::Text(id)],
            )
            .await?;
        Ok(row.map(|r| OrganisationRow {
            id: r[0].text(),
            name: r[1].text(),
            country: r[2].text(),
        }))
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional("SELECT u.id, u.organisation_id, u.email, u.display_name, u.roles, c.password_hash, u.active, u.second_factor FROM users u LEFT JOIN credentials c ON c.user_id = u.id WHERE u.email = $1", &[Arg::Text(email)])
            .await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn user(&self, id: &str) -> Result<Option<UserRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional("SELECT u.id, u.organisation_id, u.email, u.display_name, u.roles, c.password_hash, u.active, u.second_factor FROM users u LEFT JOIN credentials c ON c.user_id = u.id WHERE u.id = $1", &[Arg::Text(id)])
            .await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn users_of(&self, organisation_id: &str) -> Result<Vec<UserRow>, StoreError> {
        let rows = self
            .pool()
            .fetch("SELECT u.id, u.organisation_id, u.email, u.display_name, u.roles, NULL, u.active, u.second_factor FROM users u WHERE u.organisation_id = $1 ORDER BY u.email", &[Arg::Text(organisation_id)])
            .await?;
        Ok(rows.iter().map(user).collect())
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[
    (
        "organisations",
        "SELECT id, name, country FROM organisations ORDER BY id",
    ),
    (
        "users",
        "SELECT id, organisation_id, email, display_name, roles, active, second_factor FROM users ORDER BY id",
    ),
];

/// How the organisation and user events change the tables.
pub(crate) async fn apply(tx: &mut Tx, event: &Event) -> Result<(), StoreError> {
    match event {
        Event::OrganisationCreated(o) => {
            let id = o.id.to_string();
            tx.execute(
                "INSERT INTO organisations (id, name, country) VALUES ($1, $2, $3)",
                &[Arg::Text(&id), Arg::Text(&o.name), Arg::Text(&o.country)],
            )
            .await?;
        }
        Event::UserCreated(u) => {
            let (id, org) = (u.id.to_string(), u.organisation_id.to_string());
            let roles = u
                .roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(",");
            tx.execute(
                "INSERT INTO users (id, organisation_id, email, display_name, roles) VALUES ($1, $2, $3, $4, $5)",
                &[Arg::Text(&id), Arg::Text(&org), Arg::Text(&u.email), Arg::Text(&u.display_name), Arg::Text(&roles)],
            )
            .await?;
        }
        Event::UserDeactivated(u) => {
            let id = u.user_id.to_string();
            tx.execute(
                "UPDATE users SET active = 0 WHERE id = $1",
                &[Arg::Text(&id)],
            )
            .await?;
        }
        Event::UserSecondFactorEnrolled(u) | Event::UserSecondFactorReset(u) => {
            let id = u.user_id.to_string();
            let on = i64::from(matches!(event, Event::UserSecondFactorEnrolled(_)));
            tx.execute(
                "UPDATE users SET second_factor = $1 WHERE id = $2",
                &[Arg::Int(on), Arg::Text(&id)],
            )
            .await?;
        }
        // Credentials are operational state; the event is the accountable record of the change.
        Event::UserPasswordSet(_) | Event::UserEnrolmentLinkIssued(_) => {}
        other => {
            return Err(StoreError::Corrupt(format!(
                "{} is not an account event",
                other.kind()
            )));
        }
    }
    Ok(())
}
