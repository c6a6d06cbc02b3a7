//! The return lifecycle on the case page: the road and "why can't this case proceed?", the
//! safeguard records and their forms, what those forms post, and the work list.

pub(crate) mod form;
pub(crate) mod panel;
pub(crate) mod record_posts;
pub(crate) mod records;
pub(crate) mod work;
