//! The journal: tamper drills on the chain and the tables, signed heads, the export, the witness
//! drills and the witness itself against a live node, the tree hashing checked independently,
//! durability across `kill -9`, and concurrent appends.

mod concurrency;
mod crash;
mod drills;
mod export;
mod heads;
mod interop;
mod tamper;
mod witness;
