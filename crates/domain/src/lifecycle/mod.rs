//! The return lifecycle: the road of states, the records the safeguards read, and the safeguard
//! engine that decides whether a case may move.

pub mod events;
pub mod records;
pub mod road;
pub mod safeguards;
