//! Users and what they hold: the roles of DESIGN.md section 3.

pub mod events;
pub mod roles;
