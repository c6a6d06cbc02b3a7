//! Pages of cases: the case list, the case page (which answers the forms it shows), and
//! registering a household.

pub(crate) mod household_form;
pub(crate) mod page;
pub(crate) mod register;
