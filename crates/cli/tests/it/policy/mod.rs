//! Authorisation: access denied by default, the matrix of every route × every role, its rows, and
//! the need-to-know scope matrix of every case route × role × state.

mod denial;
pub mod matrix;
pub mod routes;
pub mod scope_matrix;
