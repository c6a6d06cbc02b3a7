//! Return-area conditions: areas, assessments and area status, boundaries and the map's reads.

pub mod areas;
pub mod assessments;
pub mod boundaries;

pub use areas::AreaRow;
pub use assessments::{AreaStatusLine, AssessmentRow, StatusRow};
pub use boundaries::MapAreaRow;
