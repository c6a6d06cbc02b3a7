//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use crate::WebState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Homeward API", description = "Safe, voluntary and dignified return and sustainable reintegration. Errors are RFC 9457 problem documents.", license(name = "AGPL-3.0-or-later")),
    paths(
        crate::api::healthz,
        crate::api::accounts::create_session,
        crate::api::accounts::delete_session,
        crate::api::accounts::me,
        crate::api::cases::register_household,
        crate::api::cases::list_cases,
        crate::api::cases::get_case,
        crate::api::cases::case_history,
        crate::api::conditions::list_areas,
        crate::api::conditions::get_area,
        crate::api::conditions::import_areas,
        crate::api::conditions::import_boundaries,
        crate::api::privacy::erase_person,
        crate::api::privacy::person_access_log,
        crate::api::accounts::deactivate_user,
        crate::api::privacy::break_glass,
        crate::api::privacy::break_glass_grants,
        crate::api::journal::verify_journal,
        crate::api::journal::head,
        crate::api::journal::consistency,
        crate::api::journal::inclusion,
        crate::api::journal::leaves,
        crate::api::journal::keys,
        crate::api::accounts::start_second_factor,
        crate::api::accounts::confirm_second_factor,
        crate::api::accounts::my_sessions,
        crate::api::accounts::end_my_sessions,
        crate::api::accounts::change_password,
        crate::api::accounts::my_tokens,
        crate::api::accounts::create_token,
        crate::api::accounts::revoke_token,
        crate::api::accounts::list_users,
        crate::api::accounts::create_user,
        crate::api::accounts::reset_second_factor,
        crate::api::accounts::issue_enrolment_link,
        crate::api::accounts::enrol,
        crate::api::cases::list_teams,
        crate::api::cases::create_team,
        crate::api::cases::add_team_member,
        crate::api::cases::remove_team_member,
        crate::api::cases::assign_case,
        crate::api::cases::set_sensitivity,
        crate::api::cases::close_case,
        crate::api::privacy::list_agreements,
        crate::api::privacy::conclude_agreement,
        crate::api::privacy::revoke_agreement,
        crate::api::privacy::list_consents,
        crate::api::privacy::record_consent,
        crate::api::privacy::withdraw_consent,
        crate::api::conditions::criteria,
        crate::api::conditions::list_assessments,
        crate::api::conditions::submit_assessment,
        crate::api::conditions::get_assessment,
        crate::api::conditions::area_status,
        crate::api::conditions::status_table,
        crate::api::lifecycle::transition,
        crate::api::lifecycle::list_transitions,
        crate::api::lifecycle::safeguards,
        crate::api::lifecycle::list_records,
        crate::api::lifecycle::counselling,
        crate::api::lifecycle::coercion,
        crate::api::lifecycle::screening,
        crate::api::lifecycle::risk,
        crate::api::lifecycle::best_interests,
        crate::api::lifecycle::hold,
        crate::api::lifecycle::waiver,
        crate::api::lifecycle::removal,
        crate::api::lifecycle::resolve,
        crate::api::lifecycle::work,
        crate::api::lifecycle::forced_return_alerts,
        crate::api::privacy::create_subject_request,
        crate::api::privacy::list_subject_requests,
        crate::api::privacy::get_subject_request,
        crate::api::privacy::extend_subject_request,
        crate::api::privacy::complete_subject_request,
        crate::api::privacy::refuse_subject_request,
        crate::api::privacy::export_person,
    ),
    components(schemas(crate::problem::ProblemDocument, crate::problem::FieldProblem)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /api/v1/openapi.json`.
async fn openapi_json() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(document()),
    )
        .into_response()
}

pub fn routes() -> Router<Arc<WebState>> {
    Router::new().route("/api/v1/openapi.json", get(openapi_json))
}

#[cfg(test)]
mod tests {
    use super::document;
    use homeward_app::policy::Permission;
    use homeward_domain::accounts::roles::Role;
    use homeward_domain::cases::case::Sensitivity;
    use homeward_domain::cases::{household, person, team};
    use homeward_domain::conditions::criteria::MAX_CRITERIA;
    use homeward_domain::lifecycle::records::{
        CounsellingTopic, DurableSolution, MAX_FACTORS, VulnerabilityDomain,
    };
    use homeward_domain::privacy::sharing::SHAREABLE_FIELDS;
    use serde_json::Value;

    /// The schemas a request body names, and those they name in turn.
    fn request_schemas(doc: &Value) -> Vec<String> {
        let mut todo: Vec<String> = Vec::new();
        for path in doc["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for op in path.as_object().into_iter().flat_map(|o| o.values()) {
                let content = &op["requestBody"]["content"];
                for media in content.as_object().into_iter().flat_map(|c| c.values()) {
                    if let Some(r) = media["schema"]["$ref"].as_str() {
                        todo.push(r.rsplit('/').next().unwrap_or_default().to_owned());
                    }
                }
            }
        }
        let mut seen: Vec<String> = Vec::new();
        while let Some(name) = todo.pop() {
            if seen.contains(&name) {
                continue;
            }
            let text = doc["components"]["schemas"][&name].to_string();
            for part in text.split("#/components/schemas/").skip(1) {
                todo.push(part.split('"').next().unwrap_or_default().to_owned());
            }
            seen.push(name);
        }
        seen
    }

    /// The maximum the document publishes for a list, as the domain enforces it; the schema
    /// attributes carry literals (utoipa takes no constants), so this ties each to its constant.
    #[test]
    fn every_list_in_a_request_body_publishes_the_maximum_the_domain_enforces() {
        let doc = serde_json::to_value(document()).expect("document");
        let expected = [
            ("RegisterHousehold", "members", household::MAX_MEMBERS),
            ("MemberInput", "languages", person::MAX_LANGUAGES),
            ("NewTeam", "members", team::MAX_NEW_MEMBERS),
            ("SensitivityInput", "markers", Sensitivity::ALL.len()),
            ("NewAgreement", "fields", SHAREABLE_FIELDS.len()),
            ("NewToken", "scopes", Permission::ALL.len()),
            ("CreateUser", "roles", Role::ALL.len()),
            ("NewAssessment", "findings", MAX_CRITERIA),
            ("NewCounselling", "topics", CounsellingTopic::ALL.len()),
            ("NewScreening", "factors", MAX_FACTORS),
            ("NewScreening", "domains", VulnerabilityDomain::ALL.len()),
            (
                "NewBestInterests",
                "options_compared",
                DurableSolution::ALL.len(),
            ),
        ];
        let schemas = &doc["components"]["schemas"];
        for (schema, field, max) in expected {
            assert_eq!(
                schemas[schema]["properties"][field]["maxItems"].as_u64(),
                Some(max as u64),
                "{schema}.{field}"
            );
        }
        // And no list of any request body, nested ones included, is left unbounded.
        let bodies = request_schemas(&doc);
        assert!(bodies.contains(&"MemberInput".to_owned()), "{bodies:?}");
        let mut lists = 0;
        for name in bodies {
            let properties = schemas[&name]["properties"].as_object().cloned();
            for (field, schema) in properties.unwrap_or_default() {
                let is_list = schema["type"] == "array"
                    || schema["type"]
                        .as_array()
                        .is_some_and(|t| t.contains(&"array".into()));
                if is_list {
                    lists += 1;
                    let covered = expected.iter().any(|(s, f, _)| *s == name && *f == field);
                    assert!(covered, "{name}.{field} has no maximum tied to the domain");
                }
            }
        }
        assert_eq!(
            lists,
            expected.len(),
            "a list was not found in the request bodies"
        );
    }
}
