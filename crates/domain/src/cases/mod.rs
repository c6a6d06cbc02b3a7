//! Households, the persons in them and the cases that follow their return.

pub mod case;
pub mod events;
pub mod household;
pub mod person;
pub mod plausibility;
pub mod team;
