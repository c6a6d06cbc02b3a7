//! Pages of accounts: sign-in and second factor, one's own account, the administrator's users,
//! and the enrolment link's page.

pub(crate) mod account;
pub(crate) mod enrol;
pub(crate) mod sign_in;
pub(crate) mod users;
