//! What the record forms of the case page post: each checks the CSRF token, calls the one service
//! the API calls too, and answers — back to the records, or the form's errors, which the case page
//! (`pages/cases`) shows beside their fields.

use crate::WebState;
use crate::pages::layout;
use crate::pages::lifecycle::form::{FormState, pairs};
use crate::pages::lifecycle::panel::{Answer, Feedback};
use crate::pages::{FormBody, PageSession, app_error, encode_segment};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::lifecycle::record_inputs::{
    FactorInput, NewBestInterests, NewCoercionIndicator, NewCounselling, NewHold,
    NewRemovalDecision, NewRiskAssessment, NewScreening, NewWaiver,
};
use homeward_app::lifecycle::records::Resolution;
use homeward_app::privacy::sharing::NewConsent;
use homeward_domain::lifecycle::records::{FactorKind, FactorLevel, VulnerabilityFactor};

/// What a record service answered: back to the case, or the form's errors for the case page to
/// show beside its fields.
fn answer<T>(
    session: &PageSession,
    id: &str,
    form: FormState,
    result: Result<T, AppError>,
) -> Answer {
    let ctx = session.ctx();
    let here = format!("/cases/{}", encode_segment(id));
    match result {
        Ok(_) => Ok(Redirect::to(&format!("{here}#records")).into_response()),
        Err(AppError::Invalid(invalid)) => Err(Box::new(Feedback {
            status: Some(StatusCode::UNPROCESSABLE_ENTITY),
            form: Some(form.with_errors(&invalid.0)),
            ..Feedback::default()
        })),
        Err(AppError::Conflict(code)) => Err(Box::new(Feedback {
            status: Some(StatusCode::CONFLICT),
            message: Some(format!("lc-conflict-{code}"))
                .filter(|m| crate::I18N.has_everywhere(m))
                .or(Some("problem-conflict".to_owned())),
            ..Feedback::default()
        })),
        Err(e) => Ok(app_error(&ctx, &here, e)),
    }
}

/// The posted fields, when they carry the session's CSRF token.
fn checked(session: &PageSession, key: &str, body: FormBody) -> Option<FormState> {
    let values = pairs(body);
    let csrf = values
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str());
    session
        .csrf_matches(csrf)
        .then(|| FormState::new(key, values))
}

/// A form posted without this session's CSRF token (forged, or expired).
fn forged(session: &PageSession, id: &str) -> Response {
    let here = format!("/cases/{}", encode_segment(id));
    layout::error_page(&session.ctx(), &here, StatusCode::FORBIDDEN, "problem-csrf")
}

/// `POST /cases/{id}/records/{kind}`.
pub(crate) async fn record(
    state: &WebState,
    session: &PageSession,
    id: &str,
    kind: &str,
    body: FormBody,
) -> Answer {
    let Some(f) = checked(session, kind, body) else {
        return Ok(forged(session, id));
    };
    let (app, a) = (&state.app, &session.actor);
    let result = match kind {
        "counselling" => {
            app.record_on_case(
                a,
                id,
                NewCounselling {
                    held_on: f.string("held_on"),
                    language: f.string("language"),
                    interpreter: f.flag("interpreter"),
                    information_sheet: f.string("information_sheet"),
                    topics: f.all("topics"),
                    questions: f.text("questions"),
                },
            )
            .await
        }
        "coercion" => {
            app.record_on_case(
                a,
                id,
                NewCoercionIndicator {
                    code: f.string("code"),
                    person_id: f.text("person_id"),
                    observed_on: f.string("observed_on"),
                    note: f.text("note"),
                },
            )
            .await
        }
        "screening" => {
            app.record_on_case(
                a,
                id,
                NewScreening {
                    person_id: f.string("person_id"),
                    screened_on: f.string("screened_on"),
                    stage: f.string("stage"),
                    factors: f
                        .all("factors")
                        .iter()
                        .map(|c| {
                            // An unknown code keeps the usual weight of a risk; the service
                            // then refuses the code itself, naming the field.
                            let (level, kind) = VulnerabilityFactor::parse(c)
                                .map(VulnerabilityFactor::usual_weight)
                                .unwrap_or((FactorLevel::Individual, FactorKind::Risk));
                            FactorInput {
                                level: level.as_str().to_owned(),
                                kind: kind.as_str().to_owned(),
                                code: c.clone(),
                            }
                        })
                        .collect(),
                    domains: f.all("domains"),
                    rating: f.string("rating"),
                    follows: f.text("follows"),
                    note: f.text("note"),
                },
            )
            .await
        }
        "risk" => {
            app.record_on_case(
                a,
                id,
                NewRiskAssessment {
                    assessed_on: f.string("assessed_on"),
                    risk_found: f.flag("risk_found"),
                    mitigable: f.flag("mitigable"),
                    mitigation: f.text("mitigation"),
                },
            )
            .await
        }
        "best-interests" => {
            app.record_on_case(
                a,
                id,
                NewBestInterests {
                    person_id: f.string("person_id"),
                    decided_on: f.string("decided_on"),
                    kind: f.string("kind"),
                    outcome: f.string("outcome"),
                    panel_members: f.string("panel_members").parse().unwrap_or(0),
                    child_heard: f.flag("child_heard"),
                    legal_representation: f.flag("legal_representation"),
                    options_compared: f.all("options_compared"),
                    review_on: f.text("review_on"),
                    note: f.text("note"),
                },
            )
            .await
        }
        "hold" => {
            app.record_on_case(
                a,
                id,
                NewHold {
                    kind: f.string("kind"),
                    suspensive: f.flag("suspensive"),
                    placed_on: f.string("placed_on"),
                    note: f.text("note"),
                },
            )
            .await
        }
        "waiver" => {
            app.record_on_case(
                a,
                id,
                NewWaiver {
                    reason: f.string("reason"),
                    note: f.string("note"),
                },
            )
            .await
        }
        "removal" => {
            app.record_on_case(
                a,
                id,
                NewRemovalDecision {
                    decided_on: f.string("decided_on"),
                    appeal_pending: f.flag("appeal_pending"),
                    note: f.text("note"),
                },
            )
            .await
        }
        _ => Err(AppError::NotFound),
    };
    answer(session, id, f, result)
}

/// `POST /cases/{id}/members/{person}/consents`: a member's consent to return.
pub(crate) async fn consent(
    state: &WebState,
    session: &PageSession,
    id: &str,
    person: &str,
    body: FormBody,
) -> Answer {
    let values = pairs(body);
    let key = values
        .iter()
        .find(|(k, _)| k == "form")
        .map(|(_, v)| v.clone())
        .filter(|k| k.starts_with("consent-"))
        .unwrap_or_else(|| "consent-0".to_owned());
    let Some(f) = checked(session, &key, Ok(axum::Form(values))) else {
        return Ok(forged(session, id));
    };
    let input = NewConsent {
        purpose: "return".to_owned(),
        party: None,
        language: f.string("language"),
        method: f.string("method"),
        interpreter: f.flag("interpreter"),
        given_on: f.string("given_on"),
        role: f.text("role"),
        information_sheet: f.text("information_sheet"),
    };
    let result = state
        .app
        .record_consent(&session.actor, person, input)
        .await;
    answer(session, id, f, result)
}

/// `POST /cases/{id}/consents/{consent}/withdrawal`: withdraws a consent, at once.
pub(crate) async fn withdraw(
    state: &WebState,
    session: &PageSession,
    id: &str,
    consent: &str,
    body: FormBody,
) -> Answer {
    let Some(f) = checked(session, "withdraw", body) else {
        return Ok(forged(session, id));
    };
    let result = state.app.withdraw_consent(&session.actor, consent).await;
    answer(session, id, f, result)
}

/// `POST /cases/{id}/records/{record}/resolution`: a supervisor reviews an indicator or lifts a
/// hold, with a note.
pub(crate) async fn resolve(
    state: &WebState,
    session: &PageSession,
    id: &str,
    record: &str,
    body: FormBody,
) -> Answer {
    let Some(f) = checked(session, &format!("resolve-{record}"), body) else {
        return Ok(forged(session, id));
    };
    let input = Resolution {
        note: f.string("note"),
    };
    let result = state
        .app
        .resolve_record(&session.actor, id, record, input)
        .await;
    answer(session, id, f, result)
}
