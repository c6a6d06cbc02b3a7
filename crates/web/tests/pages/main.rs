//! The server-rendered pages, driven in process through the router on a temporary SQLite node:
//! one test binary, a module per capability, and `common` for what they share.

// This whole crate is test code: a failed expectation is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

mod accounts;
mod cases;
mod common;
mod journal;
mod lifecycle;
mod privacy;
