//! The authorisation matrix: every API route × every role × the object's owner (the user's own
//! organisation or another), plus no session at all, asserting allow **and** deny. Expected
//! answers come from the route's declared permission and the role table; the test proves that
//! each route enforces them. A route in the OpenAPI document but not in this table fails the test,
//! so a new route cannot be added without its row.

use crate::kit::fixtures::{
    PASSWORD, add_user, assessment_body, household, random_below, random_hex,
};
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_app::accounts::organisations::Admin;
use homeward_app::policy::allows;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

use super::routes::{ROUTES, Route};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Owner {
    Own,
    Other,
}

/// Routes outside the matrix: public by design.
const PUBLIC: &[&str] = &[
    "/healthz",
    "/api/v1/session",
    "/api/v1/criteria",
    "/api/v1/areas/{pcode}/status",
    "/api/v1/area-status.csv",
    // What witnesses read: sizes, hashes and keys, never personal data (journal/witness.rs).
    "/api/v1/journal/head",
    "/api/v1/journal/proof/consistency",
    "/api/v1/journal/proof/inclusion",
    "/api/v1/journal/leaves",
    "/api/v1/journal/keys",
];

/// Who makes the objects of each organisation: A's users by role, and B's.
pub(crate) struct Makers {
    cw_a: String,
    /// The user id of A's case worker, to whom the assignment cells give cases.
    cw_a_id: String,
    cw_b: String,
    admin: [String; 2],
    dpo: [String; 2],
    /// A third organisation, party to none of A's agreements.
    org_c: String,
    assessor: String,
}

/// The id a route's `{id}` (and `{user_id}`) stand for, made fresh for every call so that
/// destructive calls (erasure, closure, revocation, withdrawal) always find their object.
pub(crate) async fn objects(
    node: &TestNode,
    owner: Owner,
    route: &Route,
    m: &Makers,
    actor: Option<&str>,
) -> (String, String) {
    let i = usize::from(owner == Owner::Other);
    let org = [&node.org_a, &node.org_b][i];
    let new_user = |org: String| async move {
        add_user(
            &node.app,
            &org,
            &[Role::Monitor],
            &format!("target-{}@a.test", random_hex(6)),
        )
        .await
    };
    let t = route.template;
    if t == "/api/v1/users/{id}/second-factor" {
        // A user with a second factor to reset: the kit enrols one at sign-in.
        let target = format!("target-{}@a.test", random_hex(6));
        let id = add_user(&node.app, org, &[Role::Monitor], &target).await;
        node.login(&target).await;
        return (id, String::new());
    }
    if t == "/api/v1/me/tokens/{id}" {
        // One's own token, or one of a user of the other organisation.
        let owner_token = match owner {
            Owner::Own => actor.unwrap_or(&m.cw_a),
            Owner::Other => &m.cw_b,
        };
        let made = node
            .post_json(
                "/api/v1/me/tokens",
                Some(owner_token),
                &json!({"name": "Matrix", "scopes": ["view_dashboard"], "expires_in_days": 1}),
            )
            .await;
        assert_eq!(made.status, 201, "{made:#?}");
        return (made.json["id"].as_str().unwrap().to_owned(), String::new());
    }
    if t.starts_with("/api/v1/users/") {
        return (new_user(org.clone()).await, String::new());
    }
    if t.starts_with("/api/v1/teams/") {
        let user = new_user(org.clone()).await;
        let team = node
            .post_json(
                "/api/v1/teams",
                Some(&m.admin[i]),
                &json!({"name": "Matrix team", "members": [user]}),
            )
            .await;
        assert_eq!(team.status, 201, "{team:#?}");
        // Adding needs a user who is not a member yet; removing, one who is.
        let user = if route.method == "POST" {
            new_user(org.clone()).await
        } else {
            user
        };
        return (team.json["id"].as_str().unwrap().to_owned(), user);
    }
    if t.starts_with("/api/v1/assessments/") {
        let r = node
            .post_json(
                "/api/v1/areas/XB0101/assessments",
                Some(&m.assessor),
                &assessment_body("2026-01-10", "partly"),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        return (r.json["id"].as_str().unwrap().to_owned(), String::new());
    }
    if t.starts_with("/api/v1/agreements/") {
        let recipient = [&node.org_b, &m.org_c][i];
        let r = node
            .post_json(
                "/api/v1/agreements",
                Some(&m.dpo[i]),
                &agreement_body(recipient),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        return (r.json["id"].as_str().unwrap().to_owned(), String::new());
    }
    let token = [&m.cw_a, &m.cw_b][i];
    let mut body = household("Matrix", "Cell");
    if t.ends_with("/removal-decision") {
        body["case"]["kind"] = json!("forced_return");
    }
    if t.ends_with("/best-interests") {
        body["members"].as_array_mut().unwrap().push(json!({
            "relationship": "child", "sex": "male", "given_name": "Matrix", "family_name": "Child",
            "date_of_birth": "2019-03-01", "languages": ["ar"],
        }));
    }
    let case = node.register(token, &body).await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let person = case["members"][0]["id"].as_str().unwrap().to_owned();
    if t.ends_with("/best-interests") {
        let child = case["members"][1]["id"].as_str().unwrap().to_owned();
        return (case_id, child);
    }
    if t.ends_with("/resolve") {
        let r = node
            .post_json(
                &format!("/api/v1/cases/{case_id}/coercion-indicators"),
                Some(token),
                &json!({"code": "time_pressure", "observed_on": today()}),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        return (case_id, r.json["id"].as_str().unwrap().to_owned());
    }
    if t.starts_with("/api/v1/cases/") {
        return (case_id, person);
    }
    if t.starts_with("/api/v1/consents/") {
        let r = node
            .post_json(
                &format!("/api/v1/persons/{person}/consents"),
                Some(token),
                &consent_body(),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        return (r.json["id"].as_str().unwrap().to_owned(), String::new());
    }
    if t.starts_with("/api/v1/persons/") || t == "/api/v1/subject-requests" {
        return (person, String::new());
    }
    if t.starts_with("/api/v1/subject-requests/") {
        // An erasure request received today, logged by the DPO of the person's organisation.
        let today = time::OffsetDateTime::now_utc().date().to_string();
        let r = node
            .post_json(
                "/api/v1/subject-requests",
                Some(&m.dpo[i]),
                &json!({"person_id": person, "kind": "erasure", "received_on": today}),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        return (r.json["id"].as_str().unwrap().to_owned(), String::new());
    }
    (case_id, String::new())
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

fn agreement_body(recipient: &str) -> Value {
    json!({
        "recipient_id": recipient,
        "purpose": "case_management",
        "fields": ["given_name", "family_name"],
        "legal_basis": "consent",
        "valid_from": "2026-01-01",
        "expires_on": "2099-12-31",
    })
}

fn consent_body() -> Value {
    json!({
        "purpose": "return",
        "language": "ar",
        "method": "oral",
        "interpreter": false,
        "given_on": "2026-01-15",
    })
}

pub(crate) async fn call(
    node: &TestNode,
    route: &Route,
    token: Option<&str>,
    ids: &(String, String),
    m: &Makers,
) -> u16 {
    let path = route
        .template
        .replace("{id}", &ids.0)
        .replace("{user_id}", &ids.1)
        .replace("{record_id}", &ids.1)
        .replace("{pcode}", "XB0101");
    let mut req = node
        .client
        .request(route.method.parse().unwrap(), node.url(&path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let body: Option<Value> = match route.template {
        "/api/v1/households" => Some(household("Matrix", "Row")),
        "/api/v1/persons/{id}/erasure" => Some(json!({"reason": "data_subject_request"})),
        "/api/v1/cases/{id}/break-glass" => {
            Some(json!({"justification": "Authorisation matrix test of the break-glass route"}))
        }
        "/api/v1/teams" => Some(json!({"name": "Matrix"})),
        "/api/v1/teams/{id}/members" => Some(json!({"user_id": ids.1})),
        "/api/v1/cases/{id}/assignment" => Some(json!({"assigned_to": m.cw_a_id})),
        "/api/v1/cases/{id}/sensitivity" => Some(json!({"markers": ["gbv"]})),
        "/api/v1/cases/{id}/closure" => Some(json!({"reason": "duplicate"})),
        "/api/v1/agreements" => Some(agreement_body(&node.org_b)),
        "/api/v1/areas/{pcode}/assessments" if route.method == "POST" => {
            Some(assessment_body("2026-01-10", "met"))
        }
        "/api/v1/persons/{id}/consents" if route.method == "POST" => Some(consent_body()),
        "/api/v1/areas/import" => None,
        "/api/v1/cases/{id}/transitions" if route.method == "POST" => {
            Some(json!({"to": "counselling"}))
        }
        "/api/v1/cases/{id}/counselling" => Some(json!({
            "held_on": today(), "language": "ar", "interpreter": false,
            "information_sheet": "AVR-XB-2026-03", "topics": ["safety_at_destination"],
        })),
        "/api/v1/cases/{id}/coercion-indicators" => {
            Some(json!({"code": "time_pressure", "observed_on": today()}))
        }
        "/api/v1/cases/{id}/screenings" => Some(json!({
            "person_id": ids.1, "screened_on": today(), "stage": "rapid", "rating": "low",
        })),
        "/api/v1/cases/{id}/risk-assessments" => {
            Some(json!({"assessed_on": today(), "risk_found": false, "mitigable": false}))
        }
        "/api/v1/cases/{id}/best-interests" => Some(json!({
            "person_id": ids.1, "decided_on": today(), "kind": "assessment",
            "outcome": "return_in_best_interests", "child_heard": true,
            "legal_representation": false, "options_compared": ["return", "local_integration"],
        })),
        "/api/v1/cases/{id}/holds" => {
            Some(json!({"kind": "pending_appeal", "suspensive": true, "placed_on": today()}))
        }
        "/api/v1/cases/{id}/cooling-off-waiver" => {
            Some(json!({"reason": "medical_urgency", "note": "Treatment at home cannot wait"}))
        }
        "/api/v1/cases/{id}/removal-decision" => {
            Some(json!({"decided_on": today(), "appeal_pending": false}))
        }
        "/api/v1/cases/{id}/records/{record_id}/resolve" => {
            Some(json!({"note": "Reviewed with the family: no pressure found"}))
        }
        "/api/v1/subject-requests" if route.method == "POST" => Some(json!({
            "person_id": ids.0,
            "kind": "access",
            "received_on": time::OffsetDateTime::now_utc().date().to_string(),
        })),
        "/api/v1/subject-requests/{id}/extension" => {
            Some(json!({"days": 30, "reason": "complexity"}))
        }
        "/api/v1/subject-requests/{id}/refusal" => Some(json!({"reason": "excessive"})),
        "/api/v1/me/second-factor/confirmation" => Some(json!({"code": "123456"})),
        "/api/v1/me/password" => Some(
            json!({"current_password": "not the password", "new_password": "a new passphrase here"}),
        ),
        "/api/v1/me/tokens" if route.method == "POST" => {
            Some(json!({"name": "Matrix", "scopes": ["view_dashboard"], "expires_in_days": 7}))
        }
        "/api/v1/users" if route.method == "POST" => Some(json!({
            "email": format!("new-{}@a.test", random_hex(6)),
            "display_name": "Matrix New",
            "roles": ["monitor"],
            "password": PASSWORD,
        })),
        _ if route.method == "POST" => Some(json!({})),
        _ => None,
    };
    req = match (route.template, body) {
        ("/api/v1/areas/import", _) => {
            let code = format!("XB{}", (100 + random_below(899)) * 100 + random_below(99));
            req.header("content-type", "text/csv").body(format!(
                "pcode,name,level,parent\nXB{},Matrix,adm1,XB\n",
                &code[2..]
            ))
        }
        ("/api/v1/areas/boundaries", _) => req
            .header("content-type", "application/geo+json")
            .body(crate::conditions::boundaries::collection(&[("XB0101", 0.0)]).to_string()),
        (_, Some(b)) => req.json(&b),
        (_, None) => req,
    };
    send(req).await.status
}

/// The roles whose users in A make objects.
const MAKER_ROLES: [Role; 4] = [Role::Caseworker, Role::Admin, Role::Dpo, Role::Assessor];

/// The makers of the objects, signed in.
pub(crate) async fn makers(node: &TestNode) -> Makers {
    let b_admin = format!("admin-{}@b.test", random_hex(6));
    add_user(&node.app, &node.org_b, &[Role::Admin, Role::Dpo], &b_admin).await;
    let org_c = node
        .app
        .create_organisation(Admin::Operator, "Org C", "XB")
        .await
        .expect("org C")
        .id;
    let b_token = node.login(&b_admin).await;
    // A's makers are the role users themselves (case workers reach only their own cases); the
    // test signs them in again after a route that ends all of a user's sessions.
    let mut a = Vec::new();
    for role in MAKER_ROLES {
        a.push(node.login_as(role).await);
    }
    let cw_a_id = node.get("/api/v1/me", Some(&a[0])).await.json["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b_cw = format!("maker-caseworker-{}@b.test", random_hex(6));
    add_user(&node.app, &node.org_b, &[Role::Caseworker], &b_cw).await;
    Makers {
        cw_a: a[0].clone(),
        cw_a_id,
        cw_b: node.login(&b_cw).await,
        admin: [a[1].clone(), b_token.clone()],
        dpo: [a[2].clone(), b_token],
        org_c,
        assessor: a[3].clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_every_role_own_and_other_organisation() {
    let mut node = TestNode::start().await;
    let mut m = makers(&node).await;
    let mut sessions: std::collections::HashMap<Role, String> = Default::default();

    // The table covers the API as documented.
    let doc = node.get("/api/v1/openapi.json", None).await;
    for (template, ops) in doc.json["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let listed = ROUTES
                .iter()
                .any(|r| r.template == template && r.method.eq_ignore_ascii_case(method))
                || PUBLIC.contains(&template.as_str());
            assert!(
                listed,
                "{method} {template} has no row in the authorisation matrix"
            );
        }
    }

    let mut cells = 0;
    let mut allowed_cells = 0;
    for route in ROUTES {
        // No session: always 401.
        let ids = objects(&node, Owner::Own, route, &m, None).await;
        assert_eq!(
            call(&node, route, None, &ids, &m).await,
            401,
            "{} {} without a session",
            route.method,
            route.template
        );
        cells += 1;
        for role in Role::ALL {
            let owners: &[Owner] = if route.object {
                &[Owner::Own, Owner::Other]
            } else {
                &[Owner::Own]
            };
            for owner in owners {
                // One session per role, renewed after the routes that end it (a sign-in costs a
                // time step of the user's second factor, so the kit cannot make one per cell).
                let token = match sessions.get(role) {
                    Some(t) => t.clone(),
                    None => node.login_as(*role).await,
                };
                let ends_session = route.method == "DELETE"
                    && matches!(route.template, "/api/v1/session" | "/api/v1/me/sessions");
                if ends_session {
                    sessions.remove(role);
                } else {
                    sessions.insert(*role, token.clone());
                }
                let ids = objects(&node, *owner, route, &m, Some(&token)).await;
                let granted = route.needs.is_none_or(|p| allows(*role, p));
                let expected = match (granted, owner) {
                    (false, _) => 403,
                    (true, Owner::Own) => route.ok,
                    // Break-glass exists precisely for other organisations' cases.
                    (true, Owner::Other) if route.template.ends_with("/break-glass") => 201,
                    (true, Owner::Other) => 404,
                };
                let got = call(&node, route, Some(&token), &ids, &m).await;
                if route.method == "DELETE" && route.template == "/api/v1/me/sessions" {
                    // The role's maker session ended too.
                    let fresh = node.login_as(*role).await;
                    match role {
                        Role::Caseworker => m.cw_a = fresh,
                        Role::Admin => m.admin[0] = fresh,
                        Role::Dpo => m.dpo[0] = fresh,
                        Role::Assessor => m.assessor = fresh,
                        _ => {}
                    }
                }
                assert_eq!(
                    got, expected,
                    "{} {} as {role} on {owner:?} organisation's object",
                    route.method, route.template
                );
                cells += 1;
                allowed_cells += usize::from(expected < 400);
            }
        }
    }
    println!(
        "authorisation matrix: {cells} cells ({allowed_cells} allowed, {} denied) over {} routes and {} roles",
        cells - allowed_cells,
        ROUTES.len(),
        Role::ALL.len()
    );
    node.stop().await;
}
