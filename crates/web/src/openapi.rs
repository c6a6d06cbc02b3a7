//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Homeward API", description = "Safe, voluntary and dignified return and sustainable reintegration. Errors are RFC 9457 problem documents.", license(name = "AGPL-3.0-or-later")),
    paths(
        crate::api::healthz,
        crate::api::create_session,
        crate::api::delete_session,
        crate::api::me,
        crate::api::register_household,
        crate::api::list_cases,
        crate::api::get_case,
        crate::api::case_history,
        crate::api::list_areas,
        crate::api::get_area,
        crate::api::import_areas,
        crate::api::import_boundaries,
        crate::api::erase_person,
        crate::api::person_access_log,
        crate::api::deactivate_user,
        crate::api::break_glass,
        crate::api::break_glass_grants,
        crate::api::verify_journal,
        crate::api_accounts::start_second_factor,
        crate::api_accounts::confirm_second_factor,
        crate::api_accounts::my_sessions,
        crate::api_accounts::end_my_sessions,
        crate::api_accounts::change_password,
        crate::api_accounts::my_tokens,
        crate::api_accounts::create_token,
        crate::api_accounts::revoke_token,
        crate::api_accounts::list_users,
        crate::api_accounts::create_user,
        crate::api_accounts::reset_second_factor,
        crate::api_scope::list_teams,
        crate::api_scope::create_team,
        crate::api_scope::add_team_member,
        crate::api_scope::remove_team_member,
        crate::api_scope::assign_case,
        crate::api_scope::set_sensitivity,
        crate::api_scope::close_case,
        crate::api_scope::list_agreements,
        crate::api_scope::conclude_agreement,
        crate::api_scope::revoke_agreement,
        crate::api_scope::list_consents,
        crate::api_scope::record_consent,
        crate::api_scope::withdraw_consent,
        crate::api_conditions::criteria,
        crate::api_conditions::list_assessments,
        crate::api_conditions::submit_assessment,
        crate::api_conditions::get_assessment,
        crate::api_conditions::area_status,
        crate::api_conditions::status_table,
        crate::api_lifecycle::transition,
        crate::api_lifecycle::list_transitions,
        crate::api_lifecycle::safeguards,
        crate::api_lifecycle::list_records,
        crate::api_lifecycle::counselling,
        crate::api_lifecycle::coercion,
        crate::api_lifecycle::screening,
        crate::api_lifecycle::risk,
        crate::api_lifecycle::best_interests,
        crate::api_lifecycle::hold,
        crate::api_lifecycle::waiver,
        crate::api_lifecycle::removal,
        crate::api_lifecycle::resolve,
        crate::api_lifecycle::work,
        crate::api_lifecycle::forced_return_alerts,
        crate::api_subject_requests::create_subject_request,
        crate::api_subject_requests::list_subject_requests,
        crate::api_subject_requests::get_subject_request,
        crate::api_subject_requests::extend_subject_request,
        crate::api_subject_requests::complete_subject_request,
        crate::api_subject_requests::refuse_subject_request,
        crate::api_subject_requests::export_person,
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
