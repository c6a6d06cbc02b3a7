//! Pages of return-area conditions: the public area pages and their map (no sign-in), and the
//! assessors' form.

pub(crate) mod assessment_form;
pub(crate) mod map;
pub(crate) mod public;
