//! Work lists: each user sees the tasks their role can act on, on the cases they reach — a case
//! worker the follow-up screening due, a supervisor the indicators to review and the approvals
//! waiting (never of a case they prepared), and whoever moves the case the cooling-off ending.

use crate::kit::fixtures::household;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

fn days_ago(n: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string()
}

fn tasks(list: &Value, case_id: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|t| t["case_id"] == case_id)
        .map(|t| t["task"].as_str().unwrap().to_owned())
        .collect()
}

async fn post(node: &TestNode, token: &str, path: &str, body: Value) -> Value {
    let r = node.post_json(path, Some(token), &body).await;
    assert!(r.status == 200 || r.status == 201, "{path}: {r:#?}");
    r.json
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_user_sees_the_tasks_they_can_act_on() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let sup = node.login_as(Role::Supervisor).await;
    let monitor = node.login_as(Role::Monitor).await;
    // An unassessed destination only warns for a spontaneous return: the case can be approved.
    let mut body = household("Work", "List");
    body["case"]["kind"] = json!("spontaneous_return");
    let case = node.register(&cw, &body).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let head = case["members"][0]["id"].as_str().unwrap().to_owned();
    let work = |token: String| {
        let node = &node;
        async move { node.get("/api/v1/work", Some(&token)).await }
    };

    // A positive rapid screen puts the full screening on the case worker's list, due in 14 days.
    let screen = post(
        &node,
        &cw,
        &format!("/api/v1/cases/{id}/screenings"),
        json!({"person_id": head, "screened_on": days_ago(1), "stage": "rapid",
               "factors": [{"level": "individual", "kind": "risk", "code": "disability"}],
               "rating": "medium"}),
    )
    .await;
    let list = work(cw.clone()).await.json;
    assert_eq!(tasks(&list, &id), ["screening_due"]);
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["case_id"] == id.as_str())
        .unwrap();
    assert_eq!(item["due_on"], days_ago(-13));
    assert_eq!(item["record_id"], screen["id"]);
    // The full screening that follows it up takes it off.
    post(
        &node,
        &cw,
        &format!("/api/v1/cases/{id}/screenings"),
        json!({"person_id": head, "screened_on": days_ago(0), "stage": "full",
               "rating": "low", "follows": screen["id"]}),
    )
    .await;
    assert!(tasks(&work(cw.clone()).await.json, &id).is_empty());

    // An open coercion indicator: the supervisor's to review, not the case worker's.
    let indicator = post(
        &node,
        &cw,
        &format!("/api/v1/cases/{id}/coercion-indicators"),
        json!({"code": "time_pressure", "observed_on": days_ago(0)}),
    )
    .await;
    assert_eq!(
        tasks(&work(sup.clone()).await.json, &id),
        ["indicator_to_review"]
    );
    assert!(tasks(&work(cw.clone()).await.json, &id).is_empty());
    post(
        &node,
        &sup,
        &format!(
            "/api/v1/cases/{id}/records/{}/resolve",
            indicator["id"].as_str().unwrap()
        ),
        json!({"note": "Reviewed with the family: no pressure found."}),
    )
    .await;
    assert!(tasks(&work(sup.clone()).await.json, &id).is_empty());

    // Counselled, consented five days ago, put forward: waiting for the supervisor's approval.
    post(
        &node,
        &cw,
        &format!("/api/v1/cases/{id}/counselling"),
        json!({"held_on": days_ago(6), "language": "ar", "interpreter": false,
               "information_sheet": "AVR-2026-03", "topics": ["safety_at_destination"]}),
    )
    .await;
    post(
        &node,
        &cw,
        &format!("/api/v1/persons/{head}/consents"),
        json!({"purpose": "return", "language": "ar", "method": "written",
               "interpreter": false, "given_on": days_ago(5)}),
    )
    .await;
    for to in ["counselling", "consented", "assessment"] {
        post(
            &node,
            &cw,
            &format!("/api/v1/cases/{id}/transitions"),
            json!({"to": to}),
        )
        .await;
    }
    assert_eq!(
        tasks(&work(sup.clone()).await.json, &id),
        ["approval_waiting"]
    );
    assert!(
        tasks(&work(cw.clone()).await.json, &id).is_empty(),
        "case workers do not approve"
    );
    // Monitors hold no task-giving permission.
    assert_eq!(work(monitor.clone()).await.json, json!([]));

    // Approved: the cooling-off (7 days from consent) ends in two days, on the case worker's list.
    post(
        &node,
        &sup,
        &format!("/api/v1/cases/{id}/transitions"),
        json!({"to": "approved"}),
    )
    .await;
    let list = work(cw.clone()).await.json;
    assert_eq!(tasks(&list, &id), ["cooling_off_ending"]);
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["case_id"] == id.as_str())
        .unwrap();
    assert_eq!(item["due_on"], days_ago(-2));
    assert!(tasks(&work(sup.clone()).await.json, &id).contains(&"cooling_off_ending".to_owned()));

    // Without a session: 401.
    assert_eq!(node.get("/api/v1/work", None).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screening_that_flags_a_child_opens_the_best_interests_procedure() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let mut body = household("Child", "Flag");
    body["members"].as_array_mut().unwrap().push(json!({
        "relationship": "child", "sex": "male", "given_name": "Sami", "family_name": "Flag",
        "date_of_birth": "2015-03-01", "languages": ["ar"]
    }));
    let case = node.register(&cw, &body).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let child = case["members"][1]["id"].as_str().unwrap().to_owned();
    let work = || node.get("/api/v1/work", Some(&cw));
    assert!(tasks(&work().await.json, &id).is_empty());
    let screen = post(
        &node,
        &cw,
        &format!("/api/v1/cases/{id}/screenings"),
        json!({"person_id": child, "screened_on": days_ago(2), "stage": "full",
               "domains": ["child"], "rating": "low"}),
    )
    .await;
    let list = work().await.json;
    assert_eq!(tasks(&list, &id), ["best_interests_due"]);
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["case_id"] == id.as_str())
        .unwrap();
    assert_eq!(item["record_id"], screen["id"]);
    assert_eq!(item["due_on"], days_ago(-12));
    post(
        &node,
        &cw,
        &format!("/api/v1/cases/{id}/best-interests"),
        json!({"person_id": child, "decided_on": days_ago(0), "kind": "assessment",
               "outcome": "deferred", "child_heard": true, "legal_representation": false,
               "options_compared": ["return", "local_integration"]}),
    )
    .await;
    assert!(
        tasks(&work().await.json, &id).is_empty(),
        "the procedure is open"
    );
}
