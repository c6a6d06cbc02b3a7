//! RFC 9457 problem documents: every error the API returns, naming the offending fields.

use crate::I18N;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use homeward_app::AppError;
use homeward_domain::FieldError;
use homeward_i18n::Lang;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    /// Message id of the title; also the last part of the `type` URI.
    pub key: &'static str,
    pub errors: Vec<FieldError>,
    /// For a transition the safeguards block: every finding, translated.
    pub findings: Vec<crate::findings::FindingDoc>,
    /// The safeguard rule-set version the refusal was judged by.
    pub rules_version: Option<String>,
    /// For a conflict: which one (`case-closed`, `already-resolved`, …), stable for clients.
    pub code: Option<&'static str>,
    /// What a client needs to try again: when (429), or how much less (413).
    pub hint: Option<Hint>,
}

/// The figure a 429 or a 413 carries (kept small: problems travel in every `Result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Seconds until trying again makes sense (also sent as `Retry-After`).
    RetryAfter(u32),
    /// The largest body the route takes, in bytes.
    MaxBytes(u32),
}

/// The body of a problem response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemDocument {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// One entry per offending field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For a blocked transition: why it cannot proceed and what clears each reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<crate::findings::FindingDoc>,
    /// For a blocked transition: the safeguard rule-set version it was judged by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_version: Option<String>,
    /// For a conflict: a stable code naming which one (`case-closed`, `already-resolved`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For 429: seconds until trying again makes sense; the `Retry-After` header says the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
    /// For 413: the largest request body this route takes, in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// JSON pointer (RFC 6901) into the request body, or the query parameter as `/name`.
    pub pointer: String,
    /// Stable message id, for clients that translate.
    pub code: String,
    /// The message in English.
    pub detail: String,
    /// The record the error is about when the pointer alone does not say it (the P-code of a
    /// GeoJSON feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, key: &'static str) -> Self {
        Problem {
            status,
            key,
            errors: Vec::new(),
            findings: Vec::new(),
            rules_version: None,
            code: None,
            hint: None,
        }
    }

    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            key: "problem-invalid",
            errors,
            findings: Vec::new(),
            rules_version: None,
            code: None,
            hint: None,
        }
    }

    pub fn field(status: StatusCode, pointer: impl Into<String>, code: &'static str) -> Self {
        Problem {
            status,
            key: "problem-invalid",
            errors: vec![FieldError::new(pointer, code)],
            findings: Vec::new(),
            rules_version: None,
            code: None,
            hint: None,
        }
    }

    /// The same problem under another title.
    pub fn titled(self, key: &'static str) -> Self {
        Problem { key, ..self }
    }

    /// 429: refused for now; try again in `seconds` (at least one).
    pub fn too_many(key: &'static str, seconds: i64) -> Self {
        let seconds = u32::try_from(seconds.max(1)).unwrap_or(u32::MAX);
        Problem {
            hint: Some(Hint::RetryAfter(seconds)),
            ..Problem::new(StatusCode::TOO_MANY_REQUESTS, key)
        }
    }

    /// 413: the body is larger than the route's `limit`.
    pub fn too_large(limit: usize) -> Self {
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        Problem {
            hint: Some(Hint::MaxBytes(limit)),
            ..Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "problem-too-large")
        }
    }

    pub fn document(&self) -> ProblemDocument {
        ProblemDocument {
            kind: format!(
                "urn:homeward:problem:{}",
                self.key.trim_start_matches("problem-")
            ),
            title: I18N.t(Lang::En, self.key),
            status: self.status.as_u16(),
            errors: self
                .errors
                .iter()
                .map(|e| FieldProblem {
                    pointer: e.pointer.clone(),
                    code: e.code.to_owned(),
                    detail: I18N.t(Lang::En, e.code),
                    subject: e.subject.clone(),
                })
                .collect(),
            findings: self.findings.clone(),
            rules_version: self.rules_version.clone(),
            code: self.code.map(str::to_owned),
            retry_after: match self.hint {
                Some(Hint::RetryAfter(s)) => Some(s),
                _ => None,
            },
            max_bytes: match self.hint {
                Some(Hint::MaxBytes(b)) => Some(b),
                _ => None,
            },
        }
    }

    /// The problem for an application error, with a blocked transition's findings in `lang`.
    pub fn from_app(e: AppError, lang: Lang) -> Self {
        match e {
            AppError::Blocked(evaluation) => Problem {
                status: StatusCode::CONFLICT,
                key: "problem-safeguards-blocked",
                errors: Vec::new(),
                findings: crate::findings::finding_docs(lang, &evaluation),
                rules_version: Some(evaluation.version.clone()),
                code: None,
                hint: None,
            },
            other => Problem::from(other),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.document())).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        if let Some(Hint::RetryAfter(seconds)) = self.hint {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthenticated => {
                Problem::new(StatusCode::UNAUTHORIZED, "problem-unauthenticated")
            }
            AppError::Forbidden => Problem::new(StatusCode::FORBIDDEN, "problem-forbidden"),
            AppError::SecondFactorEnrolmentRequired => Problem::new(
                StatusCode::FORBIDDEN,
                "problem-second-factor-enrolment-required",
            ),
            AppError::NotFound => Problem::new(StatusCode::NOT_FOUND, "problem-not-found"),
            AppError::Invalid(i) => Problem::invalid(i.0),
            AppError::Conflict(code) => Problem {
                code: Some(code),
                ..Problem::new(StatusCode::CONFLICT, "problem-conflict")
            },
            blocked @ AppError::Blocked(_) => Problem::from_app(blocked, Lang::En),
            AppError::Config(err) => {
                tracing::error!(error = %err, "configuration failure");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "problem-internal")
            }
            AppError::Io(err) => {
                tracing::error!(error = %err, "output failure");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "problem-internal")
            }
            AppError::Store(err) => {
                // The error names tables and constraints, never values: safe to log.
                tracing::error!(error = %err, "storage failure");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "problem-internal")
            }
        }
    }
}

/// A known path asked with a method it does not take.
pub async fn method_not_allowed() -> Problem {
    Problem::new(StatusCode::METHOD_NOT_ALLOWED, "problem-method-not-allowed")
}

pub async fn not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "problem-not-found")
}

#[cfg(test)]
mod tests {
    use crate::I18N;
    use std::path::Path;

    /// The `"error-…"` literals of every source file under `dir`.
    fn error_ids(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                error_ids(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                for literal in text.split('"').skip(1).step_by(2) {
                    let is_id = literal.starts_with("error-")
                        && !literal.ends_with('-')
                        && literal
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if is_id {
                        out.push(literal.to_owned());
                    }
                }
            }
        }
    }

    /// Every field error the domain and the services can answer is a message in every language:
    /// problem documents and the pages translate the code, and an untranslated one would reach
    /// the reader as a bare id.
    #[test]
    fn every_field_error_is_translated_everywhere() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut ids = Vec::new();
        for room in ["domain/src", "app/src"] {
            error_ids(&crates.join(room), &mut ids);
        }
        ids.sort();
        ids.dedup();
        assert!(ids.len() > 50, "found {}", ids.len());
        let missing: Vec<&String> = ids.iter().filter(|id| !I18N.has_everywhere(id)).collect();
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}
