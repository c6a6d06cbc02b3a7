//! Teams: the groups of workers a case can be given to.

/// The most users a team can be created with at once (more join one by one): a team shares a
/// case load, it is not an organisation's staff list.
pub const MAX_NEW_MEMBERS: usize = 100;
