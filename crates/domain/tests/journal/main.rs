//! The journal's Merkle tree through the domain's public API: every proof it makes verifies, and
//! any changed byte, size or index makes it fail.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod proofs;
