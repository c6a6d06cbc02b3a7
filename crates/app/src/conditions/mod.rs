//! Return-area conditions: areas, assessments and the status they cause, the assessment form's
//! drafts, public views, the CSV/HXL table, boundaries and the map.

pub mod areas;
pub mod assessments;
pub mod boundaries;
mod export;
pub mod form;
pub mod public;
