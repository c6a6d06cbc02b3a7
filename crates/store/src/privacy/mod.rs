//! Personal data's protection: the access log, break-glass grants, data keys and erasure,
//! data-sharing agreements and consent, data-subject requests and retention.

pub mod access_log;
pub mod break_glass;
pub mod keys;
mod retention;
pub mod sharing;
pub mod subject_requests;

pub use access_log::{Access, AccessRow};
pub use break_glass::BreakGlassRow;
pub use sharing::{AgreementRow, ConsentRow};
pub use subject_requests::SubjectRequestRow;
