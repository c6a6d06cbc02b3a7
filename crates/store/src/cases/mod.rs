//! Households, persons, cases and teams: how their events change the tables, and their reads.

pub(crate) mod projection;
pub mod reads;
pub mod teams;

pub use reads::{CaseRow, CaseScope, Counts, PersonRow};
pub use teams::TeamRow;
