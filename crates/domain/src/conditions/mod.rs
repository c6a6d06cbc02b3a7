//! Return-area conditions (METHODS.md section 2): the criteria an area is assessed against and
//! the area status computed from the assessments.

pub mod assessment;
pub mod criteria;
pub mod severity;
pub mod status;
