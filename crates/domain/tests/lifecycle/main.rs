//! The lifecycle's safeguard engine, through the domain's public API only: one test binary.
//!
//! - `config`: the rule-set file, and every mistake in it refused with where or which rule;
//! - `rules_*`: the engine rule by rule, a table row where each fires and the remedy that clears it;
//! - `properties_*`: random command sequences against an oracle written from the policy's words;
//! - `support`: a builder of case facts the tests share.

// This whole crate is test code: a failed expectation is a test failure.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod config;
mod properties_determinism;
mod properties_forced;
mod properties_model;
mod properties_oracle;
mod properties_withdrawal;
mod rules_children;
mod rules_coercion;
mod rules_consent;
mod rules_counselling;
mod rules_destination;
mod rules_four_eyes;
mod rules_table;
mod support;
