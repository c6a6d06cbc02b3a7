//! The return lifecycle: the case file the safeguard engine reads, case records and transitions,
//! and what work lists are made of.

pub mod case_file;
pub mod work;

pub use case_file::{CaseFile, CaseRecordRow, ConsentFacts, MemberFacts, TransitionRow};
pub use work::{ForcedFindingsRow, OpenRecordRow, WaitingCaseRow};
