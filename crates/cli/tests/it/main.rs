//! Homeward's integration tests: one binary, run once per storage engine
//! (`HOMEWARD_TEST_ENGINE=sqlite|postgres`). Each test builds its own node (data directory,
//! keys, database or PostgreSQL schema) so tests never depend on each other.

// This whole crate is test code: a failed expectation is a test failure. (clippy.toml allows
// these inside `#[test]` functions only, and the kit's helpers are not.)
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod kit;
mod kit_factor;

mod access_log;
mod accounts;
mod api;
mod boundaries;
mod break_glass;
mod canary;
mod case_changes;
mod cli;
mod concurrency;
mod conditions;
mod crash;
mod encryption;
mod lifecycle;
mod lifecycle_destination;
mod lifecycle_kit;
mod lifecycle_records;
mod matrix;
mod matrix_routes;
mod retention;
mod safeguard_config;
mod scope_matrix;
mod second_factor;
mod shredding;
mod subject_requests;
mod tamper;
mod throttle;
mod tokens;
mod work;
