//! The journal: the serialised write path that appends hash-chained entries and applies them to
//! the projections, the group-commit writer, reading entries back, and verification by replay.

mod append;
pub mod heads;
pub(crate) mod keys;
pub mod reads;
pub(crate) mod tree;
pub(crate) mod tx;
pub mod verify;
pub mod write;
pub(crate) mod writer;
