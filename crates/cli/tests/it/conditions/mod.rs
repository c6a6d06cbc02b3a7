//! Return-area conditions: the criteria, assessments, the computed area status, the public area
//! pages and CSV, boundaries and the map.

pub mod assessments;
pub mod boundaries;
