//! Accounts: sign-in, sessions, second factors, the sign-in throttle, API tokens, users and
//! organisations.

mod second_factor;
mod sessions;
mod throttle;
mod tokens;
mod users;
