//! Who signs in and how: organisations and users, sign-in and sessions, the throttle, second
//! factors, passwords, a user's own account and API tokens, enrolment links and known devices.

pub mod enrolment;
pub mod known_devices;
pub mod organisations;
pub mod own_account;
mod passwords;
pub mod second_factor;
pub mod sign_in;
pub mod throttle;
