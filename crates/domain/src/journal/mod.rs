//! The journal's tamper evidence: entries and their hash chain, the Merkle trees over the journal
//! and the access log, signed tree heads and the keys that sign them.

pub mod chain;
pub mod events;
pub mod heads;
pub mod merkle;
pub mod witness;
