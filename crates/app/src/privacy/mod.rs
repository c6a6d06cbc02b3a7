//! Personal data's protection: sealing, the access log, break-glass, consent and data-sharing
//! agreements, data-subject requests with erasure and export, retention.

pub mod access_log;
pub mod break_glass;
pub mod erasure;
pub mod export;
pub mod retention;
pub(crate) mod sealing;
pub mod sharing;
pub mod subject_requests;
