//! Households, persons and cases: registration, reading through the need-to-know policy, teams,
//! assignment, sensitivity and closure.

pub mod changes;
pub mod households;
pub mod reads;
pub mod teams;
