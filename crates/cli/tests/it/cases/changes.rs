//! Changes to a case re-check scope and closure inside the write: of many concurrent closures
//! exactly one lands, and nothing changes a case once it is closed.

use crate::kit::fixtures::household;
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_closures_close_once_and_nothing_follows() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let sup = node.login_as(Role::Supervisor).await;
    let case = node.register(&cw, &household("Race", "Closure")).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let journal = node.journal_len().await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..12 {
        let (client, sup) = (node.client.clone(), sup.clone());
        let url = if i % 2 == 0 {
            node.url(&format!("/api/v1/cases/{id}/closure"))
        } else {
            node.url(&format!("/api/v1/cases/{id}/sensitivity"))
        };
        let body = if i % 2 == 0 {
            json!({"reason": "duplicate"})
        } else {
            json!({"markers": ["gbv"]})
        };
        tasks.spawn(async move {
            let r = send(client.post(url).bearer_auth(sup).json(&body)).await;
            (i % 2 == 0, r.status)
        });
    }
    let mut closed = 0;
    let mut marked = 0;
    while let Some(r) = tasks.join_next().await {
        let (closure, status) = r.unwrap();
        assert!(status == 204 || status == 409, "{status}");
        match (closure, status) {
            (true, 204) => closed += 1,
            (false, 204) => marked += 1,
            _ => {}
        }
    }
    assert_eq!(closed, 1, "exactly one closure lands");
    assert_eq!(node.journal_len().await, journal + 1 + marked);
    // Every journaled marking came before the closure.
    let kinds: Vec<String> = node
        .db
        .raw()
        .await
        .journal()
        .await
        .into_iter()
        .skip(journal as usize)
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds.last().map(String::as_str),
        Some("case.closed"),
        "{kinds:?}"
    );
    let after = node
        .post_json(
            &format!("/api/v1/cases/{id}/assignment"),
            Some(&sup),
            &json!({"assigned_to": null, "team_id": null}),
        )
        .await;
    after.assert_problem(409);
}
