//! Validation errors that name the offending field.

use serde::Serialize;

/// One problem with one field of a request. `pointer` is a JSON pointer (RFC 6901) into the
/// request body; `code` is a stable message key that front ends translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub pointer: String,
    pub code: &'static str,
    /// The record the error is about when the pointer alone does not say it (the P-code of a
    /// GeoJSON feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl FieldError {
    pub fn new(pointer: impl Into<String>, code: &'static str) -> Self {
        Self {
            pointer: pointer.into(),
            code,
            subject: None,
        }
    }

    /// An error about a named record.
    pub fn about(pointer: impl Into<String>, code: &'static str, subject: Option<String>) -> Self {
        Self {
            pointer: pointer.into(),
            code,
            subject,
        }
    }
}

/// A request that failed validation. It always carries at least one field error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| match &e.subject {
    Some(s) => format!("{} ({}, {s})", e.pointer, e.code),
    None => format!("{} ({})", e.pointer, e.code),
}).collect::<Vec<_>>().join(", "))]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(pointer: impl Into<String>, code: &'static str) -> Self {
        Self(vec![FieldError::new(pointer, code)])
    }
}

/// Refuses a list of more than `max` entries at `pointer`. Called before any entry is looked
/// at, so a list of 20,000 entries costs one comparison and one error, not 20,000 of each.
/// Every list a request body carries has such a maximum, kept next to the type of its entries
/// and published as `maxItems` in the OpenAPI document.
pub fn at_most(pointer: &str, len: usize, max: usize) -> Result<(), Invalid> {
    if len > max {
        Err(Invalid::one(pointer, "error-list-too-long"))
    } else {
        Ok(())
    }
}

/// Collects field errors while a whole request is checked, so the caller hears about every
/// problem at once instead of one per round trip.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, pointer: impl Into<String>, code: &'static str) {
        self.0.push(FieldError::new(pointer, code));
    }

    /// Runs a check and records its error, returning the value when it passed.
    pub fn check<T>(&mut self, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(Invalid(errs)) => {
                self.0.extend(errs);
                None
            }
        }
    }

    /// Records [`at_most`]'s error and says whether the list is within bounds, so the caller
    /// skips the entries of a list already refused.
    pub fn within(&mut self, pointer: &str, len: usize, max: usize) -> bool {
        self.check(at_most(pointer, len, max)).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.0))
        }
    }
}
