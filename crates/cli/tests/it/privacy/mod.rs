//! Privacy: sealed personal fields, the access log, break-glass, data sharing and its consent,
//! data-subject requests and exports, retention, crypto-shredding, and the personal-data canary.

mod access_log;
mod break_glass;
mod canary;
mod encryption;
mod retention;
mod sharing;
mod shredding;
mod subject_requests;
