//! Homeward's integration tests: one binary, run once per storage engine
//! (`HOMEWARD_TEST_ENGINE=sqlite|postgres`). Each test builds its own node (data directory,
//! keys, database or PostgreSQL schema) so tests never depend on each other.
//!
//! The tests are grouped by capability, one folder each, as the production code is; `kit/` is
//! the harness they share, and `cli.rs` and `lists.rs` hold what belongs to no one capability.

// This whole crate is test code: a failed expectation is a test failure. (clippy.toml allows
// these inside `#[test]` functions only, and the kit's helpers are not.)
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod kit;

mod accounts;
mod cases;
mod cli;
mod conditions;
mod http;
mod journal;
mod lifecycle;
mod lists;
mod policy;
mod privacy;
