//! Pages of accounts: sign-in and second factor, one's own account, the administrator's users.

pub(crate) mod account;
pub(crate) mod sign_in;
pub(crate) mod users;
