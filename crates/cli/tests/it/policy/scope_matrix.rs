//! The need-to-know matrix: every case route × every role × every state a case can be in
//! relative to the reader (assigned to them, their team's, another team's, no team's, another
//! organisation's, shared by agreement with and without consent, sensitive, closed). The
//! expected answers are written out below from the policy in plain words (docs/SECURITY.md),
//! not computed from the policy code, so the test checks the code against the words. The world
//! of cases in every state also serves the data-sharing tests in `privacy/sharing.rs`.

use crate::kit::fixtures::{B_CASEWORKER, add_user, email, random_hex};
use crate::kit::http::Resp;
use crate::kit::node::TestNode;
use homeward_app::accounts::organisations::Admin;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Assigned to the reader, held by a team the reader is not in.
    Own,
    /// Assigned to a colleague, held by the reader's team.
    SameTeam,
    OtherTeam,
    /// Assigned to a colleague, held by no team.
    NoTeam,
    /// Another organisation's, with no agreement.
    OtherOrganisation,
    /// Another organisation's, under an agreement, the head consented to sharing.
    SharedWithConsent,
    SharedWithoutConsent,
    /// The reader's team's, assigned to a colleague, marked gender-based violence.
    Sensitive,
    /// Assigned to the reader, closed.
    Closed,
}

const STATES: &[State] = &[
    State::Own,
    State::SameTeam,
    State::OtherTeam,
    State::NoTeam,
    State::OtherOrganisation,
    State::SharedWithConsent,
    State::SharedWithoutConsent,
    State::Sensitive,
    State::Closed,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// GET /api/v1/cases: is the case listed?
    List,
    Read,
    History,
    Consents,
    Assign,
    MarkSensitive,
    Close,
    RecordConsent,
    BreakGlass,
}

const OPS: &[Op] = &[
    Op::List,
    Op::Read,
    Op::History,
    Op::Consents,
    Op::Assign,
    Op::MarkSensitive,
    Op::Close,
    Op::RecordConsent,
    Op::BreakGlass,
];

/// What a call should answer: a status, and for reads whether names are shown (`Some(n)`: the
/// number of members shown with a given name; the family name only when all fields are shared).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Expect {
    status: u16,
    names: Option<usize>,
}

const fn code(status: u16) -> Expect {
    Expect {
        status,
        names: None,
    }
}

/// The policy in plain words, as a table.
fn expected(role: Role, state: State, op: Op) -> Expect {
    use Role::*;
    use State::*;
    let reads_cases = matches!(role, Caseworker | Supervisor | Monitor | ProgrammeManager);
    // Within the organisation: who reaches the case at all.
    let reaches = match state {
        Own | SameTeam | Sensitive | Closed => reads_cases,
        OtherTeam => matches!(role, Monitor | ProgrammeManager),
        NoTeam => matches!(role, Supervisor | Monitor | ProgrammeManager),
        OtherOrganisation | SharedWithConsent | SharedWithoutConsent => false,
    };
    // Whose names they see where they reach: the household has two members.
    let names = match (role, state) {
        (ProgrammeManager, _) => 0,
        (Caseworker | Monitor, Sensitive) => 0,
        _ => 2,
    };
    // Only a case worker declares the agreement's purpose (case management) by default.
    let shared = state == SharedWithConsent && role == Caseworker;
    let change = |allowed: bool| match (allowed, reaches, state) {
        (false, _, _) => code(403),
        (true, true, Closed) => code(409),
        (true, true, _) => code(204),
        (true, false, _) => code(404),
    };
    match op {
        Op::List => match (reads_cases, reaches) {
            (false, _) => code(403),
            (true, listed) => Expect {
                status: 200,
                names: listed.then_some(usize::from(names > 0)),
            },
        },
        Op::Read => match (reads_cases, reaches, shared) {
            (false, _, _) => code(403),
            (true, true, _) => Expect {
                status: 200,
                names: Some(names),
            },
            // The consenting head only, with the one field the agreement lists.
            (true, false, true) => Expect {
                status: 200,
                names: Some(1),
            },
            (true, false, false) => code(404),
        },
        Op::History | Op::Consents => match (reads_cases, reaches) {
            (false, _) => code(403),
            (true, true) => code(200),
            (true, false) => code(404),
        },
        Op::Assign | Op::Close => change(role == Supervisor),
        Op::MarkSensitive | Op::RecordConsent => {
            let out = change(matches!(role, Caseworker | Supervisor));
            if op == Op::RecordConsent && out.status == 204 {
                code(201)
            } else {
                out
            }
        }
        Op::BreakGlass => match (reads_cases, reaches) {
            (false, _) => code(403),
            (true, true) => code(409),
            (true, false) => code(201),
        },
    }
}

/// Two adults: the head, who consents to sharing in the shared states, and her brother.
pub(crate) fn household() -> Value {
    let member = |given: &str, relationship: &str, sex: &str| {
        json!({
            "relationship": relationship, "sex": sex, "given_name": given,
            "family_name": "Scope", "date_of_birth": "1985-03-02",
        })
    };
    json!({
        "members": [member("Head", "head", "female"), member("Brother", "sibling", "male")],
        "case": {"kind": "assisted_voluntary_return", "host_country": "XA",
                 "origin_country": "XB", "destination_area": "XB0101"},
    })
}

pub(crate) struct World {
    /// A supervisor of A in both teams, who registers, assigns, marks and closes A's cases.
    registrar: String,
    colleague_id: String,
    team1: String,
    team2: String,
    pub(crate) cw_b: String,
    cw_c: String,
    org_a: String,
}

impl World {
    pub(crate) async fn new(node: &TestNode) -> World {
        let admin = node.login_as(Role::Admin).await;
        let tag = random_hex(4);
        let registrar = format!("registrar-{tag}@a.test");
        let registrar_id = add_user(&node.app, &node.org_a, &[Role::Supervisor], &registrar).await;
        let colleague_id = add_user(
            &node.app,
            &node.org_a,
            &[Role::Caseworker],
            &format!("colleague-{tag}@a.test"),
        )
        .await;
        // Every role's reader of A is in team 1 with the colleague; team 2 is someone else's.
        let mut members = vec![colleague_id.clone(), registrar_id.clone()];
        for role in Role::ALL {
            node.ensure_user(&email(*role)).await;
            let me = node
                .get("/api/v1/me", Some(&node.login_as(*role).await))
                .await;
            members.push(me.json["user_id"].as_str().unwrap().to_owned());
        }
        let team = |members: Vec<String>, name: &'static str| {
            let admin = admin.clone();
            async move {
                let r = node
                    .post_json(
                        "/api/v1/teams",
                        Some(&admin),
                        &json!({"name": name, "members": members}),
                    )
                    .await;
                assert_eq!(r.status, 201, "{r:#?}");
                r.json["id"].as_str().unwrap().to_owned()
            }
        };
        let team1 = team(members, "Team one").await;
        let team2 = team(vec![registrar_id], "Team two").await;

        // B shares with A for case management, given names only.
        let dpo_b = format!("dpo-{tag}@b.test");
        add_user(&node.app, &node.org_b, &[Role::Dpo], &dpo_b).await;
        let r = node
            .post_json(
                "/api/v1/agreements",
                Some(&node.login(&dpo_b).await),
                &json!({"recipient_id": node.org_a, "purpose": "case_management",
                        "fields": ["given_name"], "legal_basis": "consent",
                        "valid_from": "2026-01-01", "expires_on": "2099-12-31"}),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");

        let org_c = node
            .app
            .create_organisation(Admin::Operator, "Org C", "XB")
            .await
            .expect("org C")
            .id;
        let cw_c = format!("caseworker-{tag}@c.test");
        add_user(&node.app, &org_c, &[Role::Caseworker], &cw_c).await;
        World {
            registrar: node.login(&registrar).await,
            colleague_id,
            team1,
            team2,
            cw_b: node.login(B_CASEWORKER).await,
            cw_c: node.login(&cw_c).await,
            org_a: node.org_a.clone(),
        }
    }

    /// A fresh case in `state` relative to the reader `reader_id`; returns (case id, head id).
    pub(crate) async fn case(
        &self,
        node: &TestNode,
        state: State,
        reader_id: &str,
    ) -> (String, String) {
        use State::*;
        let registrant = match state {
            OtherOrganisation => &self.cw_c,
            SharedWithConsent | SharedWithoutConsent => &self.cw_b,
            _ => &self.registrar,
        };
        let case = node.register(registrant, &household()).await;
        let id = case["id"].as_str().unwrap().to_owned();
        let head = case["members"][0]["id"].as_str().unwrap().to_owned();
        let ok = |r: Resp, what: &str| assert!(r.status < 300, "{what}: {r:#?}");
        let assignment = match state {
            Own => Some(json!({"assigned_to": reader_id, "team_id": self.team2})),
            SameTeam | Sensitive => {
                Some(json!({"assigned_to": self.colleague_id, "team_id": self.team1}))
            }
            OtherTeam => Some(json!({"assigned_to": self.colleague_id, "team_id": self.team2})),
            NoTeam => Some(json!({"assigned_to": self.colleague_id, "team_id": null})),
            Closed => Some(json!({"assigned_to": reader_id, "team_id": self.team1})),
            _ => None,
        };
        // The registrar is in both teams, so she reaches the case before and after assigning.
        if state == Sensitive {
            let path = format!("/api/v1/cases/{id}/sensitivity");
            let body = json!({"markers": ["gbv"]});
            ok(
                node.post_json(&path, Some(&self.registrar), &body).await,
                "mark",
            );
        }
        if let Some(body) = assignment {
            let path = format!("/api/v1/cases/{id}/assignment");
            ok(
                node.post_json(&path, Some(&self.registrar), &body).await,
                "assign",
            );
        }
        if state == Closed {
            // The reader is in team 1, and so is the registrar.
            let path = format!("/api/v1/cases/{id}/closure");
            let body = json!({"reason": "duplicate"});
            ok(
                node.post_json(&path, Some(&self.registrar), &body).await,
                "close",
            );
        }
        if state == SharedWithConsent {
            let path = format!("/api/v1/persons/{head}/consents");
            let body = json!({"purpose": "data_sharing", "party": self.org_a, "language": "ar",
                              "method": "written", "interpreter": true, "given_on": "2026-02-01"});
            ok(
                node.post_json(&path, Some(&self.cw_b), &body).await,
                "consent",
            );
        }
        (id, head)
    }
}

/// Performs `op`; returns the status and, for reads, how many members showed a given name.
async fn perform(
    node: &TestNode,
    token: &str,
    op: Op,
    case: &(String, String),
    team1: &str,
) -> (u16, Option<usize>) {
    let (id, head) = case;
    let r = match op {
        Op::List => node.get("/api/v1/cases?limit=200", Some(token)).await,
        Op::Read => node.get(&format!("/api/v1/cases/{id}"), Some(token)).await,
        Op::History => {
            node.get(&format!("/api/v1/cases/{id}/history"), Some(token))
                .await
        }
        Op::Consents => {
            node.get(&format!("/api/v1/persons/{head}/consents"), Some(token))
                .await
        }
        Op::Assign => {
            let body = json!({"assigned_to": null, "team_id": team1});
            node.post_json(
                &format!("/api/v1/cases/{id}/assignment"),
                Some(token),
                &body,
            )
            .await
        }
        Op::MarkSensitive => {
            let body = json!({"markers": ["trafficking"]});
            node.post_json(
                &format!("/api/v1/cases/{id}/sensitivity"),
                Some(token),
                &body,
            )
            .await
        }
        Op::Close => {
            let body = json!({"reason": "lost_contact"});
            node.post_json(&format!("/api/v1/cases/{id}/closure"), Some(token), &body)
                .await
        }
        Op::RecordConsent => {
            let body = json!({"purpose": "return", "language": "ar", "method": "oral",
                              "interpreter": false, "given_on": "2026-02-01"});
            node.post_json(
                &format!("/api/v1/persons/{head}/consents"),
                Some(token),
                &body,
            )
            .await
        }
        Op::BreakGlass => {
            let body = json!({"justification": "Need-to-know matrix: emergency access check"});
            node.post_json(
                &format!("/api/v1/cases/{id}/break-glass"),
                Some(token),
                &body,
            )
            .await
        }
    };
    let names = match (op, r.status) {
        (Op::Read, 200) => {
            let members = r.json["members"].as_array().unwrap();
            let named = members
                .iter()
                .filter(|m| m["given_name"].is_string())
                .count();
            // Under the agreement only the given name is shared, and only the consenting head
            // appears at all.
            if r.json["access"] == "agreement" {
                assert_eq!(members.len(), 1, "only consenting members are shared");
                assert!(members.iter().all(|m| m["family_name"].is_null()));
            }
            Some(named)
        }
        (Op::List, 200) => {
            let items = r.json["items"].as_array().unwrap();
            items
                .iter()
                .find(|c| c["id"] == id.as_str())
                .map(|c| usize::from(c["head_name"].is_string()))
        }
        _ => None,
    };
    (r.status, names)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_case_route_every_role_every_state() {
    let mut node = TestNode::start().await;
    let world = World::new(&node).await;
    let mut cells = 0;
    let mut allowed = 0;
    for role in Role::ALL {
        let token = node.login_as(*role).await;
        let me = node.get("/api/v1/me", Some(&token)).await;
        let reader_id = me.json["user_id"].as_str().unwrap().to_owned();
        for state in STATES {
            // Reads share one case per state; every change gets a fresh one.
            let shared_case = world.case(&node, *state, &reader_id).await;
            for op in OPS {
                let case = if matches!(op, Op::List | Op::Read | Op::History | Op::Consents) {
                    shared_case.clone()
                } else {
                    world.case(&node, *state, &reader_id).await
                };
                let want = expected(*role, *state, *op);
                let got = perform(&node, &token, *op, &case, &world.team1).await;
                assert_eq!(
                    got,
                    (want.status, want.names),
                    "{op:?} as {role} on a case in state {state:?}"
                );
                cells += 1;
                allowed += usize::from(want.status < 400);
            }
        }
    }
    println!(
        "need-to-know matrix: {cells} cells ({allowed} allowed, {} denied) = {} roles x {} states x {} operations",
        cells - allowed,
        Role::ALL.len(),
        STATES.len(),
        OPS.len()
    );
    node.stop().await;
}
