//! Organisations, users and their credentials.

pub mod credentials;
pub mod users;

pub use credentials::{ApiTokenRow, NewSessionRow, SecondFactorRow, SessionRow};
pub use users::{OrganisationRow, UserRow};
