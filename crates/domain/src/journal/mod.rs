//! The journal's tamper evidence: entries, their hash chain and the signed checkpoints.

pub mod chain;
