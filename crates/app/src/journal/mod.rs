//! The journal for auditors and witnesses: verification, the offline export, and the signed
//! heads and proofs witnesses keep.

pub mod export;
mod keys;
pub mod verify;
pub mod witness;
