//! The return lifecycle: transitions judged by the safeguard engine, the records it reads, and
//! each user's work list.

pub mod record_inputs;
pub mod records;
pub mod safeguards;
pub mod transitions;
pub mod work;
