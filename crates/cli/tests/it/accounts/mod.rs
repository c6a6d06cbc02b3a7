//! Accounts: sign-in, sessions, second factors, the sign-in throttle and lock-out, the password
//! policy, enrolment links, API tokens, users and organisations.

mod enrolment;
mod lockout;
mod passwords;
mod second_factor;
mod sessions;
mod throttle;
mod tokens;
mod users;
