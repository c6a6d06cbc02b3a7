//! Cases: households and their persons, cases, teams, assignment, sensitivity and closure.

mod bad_input;
mod changes;
mod languages;
mod names;
mod plausibility;
mod registration;
