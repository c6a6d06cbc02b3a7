//! The pure domain core of Homeward.
//!
//! Invariant: this crate does no I/O. It holds the nouns of the domain, the rules that validate
//! them, the events that record every change, and the hash chain that makes the journal
//! tamper-evident. Everything here is a function of its arguments, so it can be tested without a
//! database, a clock or a network.

pub mod accounts;
pub mod cases;
pub mod conditions;
pub mod error;
pub mod events;
pub mod iso639;
pub mod journal;
pub mod lifecycle;
mod macros;
pub mod privacy;
pub mod text;

pub use error::{FieldError, Invalid};
