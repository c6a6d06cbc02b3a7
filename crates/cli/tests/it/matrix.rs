//! The authorisation matrix: every API route × every role × the object's owner (the user's own
//! organisation or another), plus no session at all, asserting allow **and** deny. Expected
//! answers come from the route's declared permission and the role table; the test proves that
//! each route enforces them. A route in the OpenAPI document but not in this table fails the test,
//! so a new route cannot be added without its row.

use crate::kit::{B_CASEWORKER, TestNode, add_user, household, random_hex};
use homeward_app::policy::{Permission, allows};
use homeward_domain::roles::Role;
use serde_json::{Value, json};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Owner {
    Own,
    Other,
}

/// A route's row: method, template, what it needs, whether it acts on an object that belongs to
/// an organisation, and what it answers when allowed on its own organisation's object.
pub(crate) struct Route {
    pub(crate) method: &'static str,
    pub(crate) template: &'static str,
    needs: Option<Permission>,
    object: bool,
    ok: u16,
}

pub(crate) const ROUTES: &[Route] = &[
    Route {
        method: "GET",
        template: "/api/v1/me",
        needs: None,
        object: false,
        ok: 200,
    },
    Route {
        method: "GET",
        template: "/api/v1/cases",
        needs: Some(Permission::ReadCases),
        object: false,
        ok: 200,
    },
    Route {
        method: "GET",
        template: "/api/v1/cases/{id}",
        needs: Some(Permission::ReadCases),
        object: true,
        ok: 200,
    },
    Route {
        method: "GET",
        template: "/api/v1/cases/{id}/history",
        needs: Some(Permission::ReadCases),
        object: true,
        ok: 200,
    },
    // Break-glass is for other organisations' cases: on one's own it is refused as not needed.
    Route {
        method: "POST",
        template: "/api/v1/cases/{id}/break-glass",
        needs: Some(Permission::ReadCases),
        object: true,
        ok: 409,
    },
    Route {
        method: "POST",
        template: "/api/v1/households",
        needs: Some(Permission::RegisterCases),
        object: false,
        ok: 201,
    },
    Route {
        method: "GET",
        template: "/api/v1/areas",
        needs: Some(Permission::ReadAreas),
        object: false,
        ok: 200,
    },
    Route {
        method: "GET",
        template: "/api/v1/areas/{pcode}",
        needs: Some(Permission::ReadAreas),
        object: false,
        ok: 200,
    },
    Route {
        method: "POST",
        template: "/api/v1/areas/import",
        needs: Some(Permission::ImportAreas),
        object: false,
        ok: 201,
    },
    Route {
        method: "POST",
        template: "/api/v1/persons/{id}/erasure",
        needs: Some(Permission::ErasePersons),
        object: true,
        ok: 204,
    },
    Route {
        method: "GET",
        template: "/api/v1/persons/{id}/access-log",
        needs: Some(Permission::ReadAccessLog),
        object: true,
        ok: 200,
    },
    Route {
        method: "GET",
        template: "/api/v1/break-glass",
        needs: Some(Permission::ReadAccessLog),
        object: false,
        ok: 200,
    },
    Route {
        method: "POST",
        template: "/api/v1/users/{id}/deactivation",
        needs: Some(Permission::ManageUsers),
        object: true,
        ok: 204,
    },
    Route {
        method: "POST",
        template: "/api/v1/journal/verifications",
        needs: Some(Permission::Audit),
        object: false,
        ok: 200,
    },
    Route {
        method: "DELETE",
        template: "/api/v1/session",
        needs: None,
        object: false,
        ok: 204,
    },
    // Every test user already enrolled (the kit does it at first sign-in): starting or confirming
    // again is a conflict.
    Route {
        method: "POST",
        template: "/api/v1/me/second-factor",
        needs: None,
        object: false,
        ok: 409,
    },
    Route {
        method: "POST",
        template: "/api/v1/me/second-factor/confirmation",
        needs: None,
        object: false,
        ok: 409,
    },
    Route {
        method: "GET",
        template: "/api/v1/me/sessions",
        needs: None,
        object: false,
        ok: 200,
    },
    Route {
        method: "DELETE",
        template: "/api/v1/me/sessions",
        needs: None,
        object: false,
        ok: 204,
    },
    // A wrong current password: allowed, and refused as invalid (the change itself is tested in
    // tokens.rs).
    Route {
        method: "POST",
        template: "/api/v1/me/password",
        needs: None,
        object: false,
        ok: 422,
    },
    Route {
        method: "GET",
        template: "/api/v1/me/tokens",
        needs: None,
        object: false,
        ok: 200,
    },
    Route {
        method: "POST",
        template: "/api/v1/me/tokens",
        needs: None,
        object: false,
        ok: 201,
    },
    // "Other": a token of another user (of the other organisation) answers 404.
    Route {
        method: "DELETE",
        template: "/api/v1/me/tokens/{id}",
        needs: None,
        object: true,
        ok: 204,
    },
    Route {
        method: "GET",
        template: "/api/v1/users",
        needs: Some(Permission::ManageUsers),
        object: false,
        ok: 200,
    },
    Route {
        method: "POST",
        template: "/api/v1/users",
        needs: Some(Permission::ManageUsers),
        object: false,
        ok: 201,
    },
    Route {
        method: "DELETE",
        template: "/api/v1/users/{id}/second-factor",
        needs: Some(Permission::ManageUsers),
        object: true,
        ok: 204,
    },
];

/// Routes outside the matrix: public by design.
const PUBLIC: &[&str] = &["/healthz", "/api/v1/session"];

/// The objects one call acts on; destructive calls get fresh ones. `actor` is the token of the
/// user making the call (for objects that belong to a user rather than an organisation).
pub(crate) async fn objects(
    node: &TestNode,
    route: &Route,
    owner: Owner,
    actor: Option<&str>,
    cw_a: &str,
    cw_b: &str,
) -> (String, String, String) {
    let token = if owner == Owner::Own { cw_a } else { cw_b };
    let case = node.register(token, &household("Matrix", "Cell")).await;
    let org = if owner == Owner::Own {
        &node.org_a
    } else {
        &node.org_b
    };
    let target = format!("target-{}@a.test", random_hex(6));
    let mut user = add_user(&node.app, org, &[Role::Monitor], &target).await;
    if route.template == "/api/v1/users/{id}/second-factor" {
        // A user with a second factor to reset: the kit enrols one at sign-in.
        node.login(&target).await;
    }
    if route.template == "/api/v1/me/tokens/{id}" {
        let owner_token = match owner {
            Owner::Own => actor.unwrap_or(cw_a),
            Owner::Other => cw_b,
        };
        let made = node
            .post_json(
                "/api/v1/me/tokens",
                Some(owner_token),
                &json!({"name": "Matrix", "scopes": ["view_dashboard"], "expires_in_days": 1}),
            )
            .await;
        // Without a session (the 401 cell) any id will do.
        user = made.json["id"].as_str().unwrap_or(&user).to_owned();
    }
    (
        case["id"].as_str().unwrap().to_owned(),
        case["members"][0]["id"].as_str().unwrap().to_owned(),
        user,
    )
}

pub(crate) async fn call(
    node: &TestNode,
    route: &Route,
    token: Option<&str>,
    ids: &(String, String, String),
) -> u16 {
    let id = if route.template.contains("/persons/") {
        &ids.1
    } else if route.template.contains("/users/") || route.template.contains("/tokens/") {
        &ids.2
    } else {
        &ids.0
    };
    let path = route
        .template
        .replace("{id}", id)
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
        "/api/v1/areas/import" => None,
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
            "password": crate::kit::PASSWORD,
        })),
        _ if route.method == "POST" => Some(json!({})),
        _ => None,
    };
    req = match (route.template, body) {
        ("/api/v1/areas/import", _) => {
            let code = format!(
                "XB{}",
                (100 + crate::kit::random_below(899)) * 100 + crate::kit::random_below(99)
            );
            req.header("content-type", "text/csv").body(format!(
                "pcode,name,level,parent\nXB{},Matrix,adm1,XB\n",
                &code[2..]
            ))
        }
        (_, Some(b)) => req.json(&b),
        (_, None) => req,
    };
    crate::kit::send(req).await.status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_every_role_own_and_other_organisation() {
    let mut node = TestNode::start().await;
    // The objects' makers are users of their own, so that routes which end the caller's sessions
    // do not end theirs.
    add_user(
        &node.app,
        &node.org_a,
        &[Role::Caseworker],
        "objects@a.test",
    )
    .await;
    add_user(
        &node.app,
        &node.org_b,
        &[Role::Caseworker],
        "objects@b.test",
    )
    .await;
    let cw_a = node.login("objects@a.test").await;
    let cw_b = node.login("objects@b.test").await;
    let _ = B_CASEWORKER;
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
        let ids = objects(&node, route, Owner::Own, None, &cw_a, &cw_b).await;
        assert_eq!(
            call(&node, route, None, &ids).await,
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
                let ids = objects(&node, route, *owner, Some(&token), &cw_a, &cw_b).await;
                let granted = route.needs.is_none_or(|p| allows(*role, p));
                let expected = match (granted, owner) {
                    (false, _) => 403,
                    (true, Owner::Own) => route.ok,
                    // Break-glass exists precisely for other organisations' cases.
                    (true, Owner::Other) if route.template.ends_with("/break-glass") => 201,
                    (true, Owner::Other) => 404,
                };
                let got = call(&node, route, Some(&token), &ids).await;
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
