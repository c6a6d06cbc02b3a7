//! The auditor's tools over the journal: verification and the offline export.

pub mod export;
pub mod verify;
