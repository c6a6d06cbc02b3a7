//! The test kit: a fresh database of the engine named by `HOMEWARD_TEST_ENGINE` (`sqlite`, the
//! default, or `postgres`), the node's keys in a temporary data directory that the `homeward`
//! binary can use too, and a real HTTP server on a random port.
//!
//! PostgreSQL isolation: every test gets its own schema (`hwt_<random hex>`), dropped at the end.
//! The command-line binary reaches the same schema through the connection URL
//! (`?options=-c search_path=<schema>`), which PostgreSQL applies to every connection.
//!
//! - [`db`]: the database, the keys and runs of the binary;
//! - [`node`]: the server on it and the requests a test sends;
//! - [`http`]: sending a request and reading the answer;
//! - [`raw`]: raw SQL behind Homeward's back;
//! - [`factor`]: signing in with a second factor, as an honest client;
//! - [`fixtures`]: test users, areas, households and assessments;
//! - [`lifecycle`]: moving a case along the road and recording what the safeguards read;
//! - [`served`]: the real binary serving the database, to kill and restart;
//! - [`forge`]: what a forger with the database (and perhaps the signing key) does to the journal.

pub mod db;
pub mod factor;
pub mod fixtures;
pub mod forge;
pub mod http;
pub mod lifecycle;
pub mod node;
pub mod raw;
pub mod served;
