//! The test kit: a fresh database of the engine named by `HOMEWARD_TEST_ENGINE` (`sqlite`, the
//! default, or `postgres`), the node's keys in a temporary data directory that the `homeward`
//! binary can use too, and a real HTTP server on a random port.
//!
//! PostgreSQL isolation: every test gets its own schema (`hwt_<random hex>`), dropped at the end.
//! The command-line binary reaches the same schema through the connection URL
//! (`?options=-c search_path=<schema>`), which PostgreSQL applies to every connection.

mod db;
pub mod factor;
pub mod lifecycle;

pub use db::*;
