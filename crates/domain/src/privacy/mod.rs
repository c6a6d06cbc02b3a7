//! Personal data's own rules: consent to share and data-sharing agreements, data-subject requests
//! and their deadlines, retention.

pub mod events;
pub mod retention;
pub mod sharing;
pub mod subject_request;
