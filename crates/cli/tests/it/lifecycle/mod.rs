//! The return lifecycle: transitions along the road, the safeguards that gate them, the records
//! the safeguards read, and work lists.

mod children;
mod destination;
mod records;
mod safeguard_config;
mod transitions;
mod work;
