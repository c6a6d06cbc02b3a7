//! Return-area conditions (METHODS.md section 2): the areas and their P-codes, the criteria an
//! area is assessed against, the area status computed from the assessments, and the boundaries
//! and map the public pages draw.

pub mod area;
pub mod assessment;
pub mod criteria;
pub mod events;
pub mod geo;
pub mod map;
pub mod severity;
pub mod status;
