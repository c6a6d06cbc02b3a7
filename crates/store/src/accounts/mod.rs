//! Organisations, users and their credentials.

pub mod credentials;
pub mod enrolment_links;
pub mod known_devices;
pub mod users;

pub use credentials::{ApiTokenRow, NewSessionRow, SecondFactorRow, SessionRow};
pub use enrolment_links::EnrolmentLinkRow;
pub use known_devices::KnownDeviceRow;
pub use users::{OrganisationRow, UserRow};
