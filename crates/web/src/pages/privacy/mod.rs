//! Pages of personal data's protection: the data-protection officer's overview and break-glass
//! grants, data-subject requests, and opening a case by breaking the glass.

pub(crate) mod break_glass;
pub(crate) mod data_protection;
pub(crate) mod subject_requests;
