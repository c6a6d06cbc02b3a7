//! Retention through the command line, as cron would run it: what is due is anonymised once,
//! nothing else is touched, a second run does nothing, and the journal still verifies.

use crate::kit::fixtures::household;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

/// Rules that make a case closed two days before `--as-of` due.
const ONE_DAY: &str = "version = \"test-1\"\nsource = \"integration test\"\n\
[[rule]]\nrecord = \"closed_case\"\nafter_days = 1\naction = \"anonymise\"\n\
[[rule]]\nrecord = \"expired_session\"\nafter_days = 1\naction = \"delete\"\n";

fn in_days(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_cases_are_anonymised_once_when_due_and_the_journal_still_verifies() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let sup = node.login_as(Role::Supervisor).await;
    let closed = node.register(&cw, &household("Closed", "Longago")).await;
    let open = node.register(&cw, &household("Still", "Open")).await;
    let closed_id = closed["id"].as_str().unwrap();
    let r = node
        .post_json(
            &format!("/api/v1/cases/{closed_id}/closure"),
            Some(&sup),
            &json!({"reason": "returned_and_reintegrated"}),
        )
        .await;
    assert_eq!(r.status, 204, "{r:#?}");
    let rules = node.db.root.join("rules.toml");
    std::fs::write(&rules, ONE_DAY).unwrap();
    let rules = rules.to_str().unwrap();
    let journal = node.journal_len().await;

    // Today nothing is due: the case closed today.
    let out = node.cli(&["retention", "run", "--rules", rules]).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains(": 0 persons anonymised"), "{out:#?}");

    // A rehearsal two days on counts without changing anything.
    let later = in_days(2);
    let dry = [
        "retention",
        "run",
        "--rules",
        rules,
        "--as-of",
        &later,
        "--dry-run",
    ];
    let out = node.cli(&dry).await;
    assert!(out.success(), "{out:#?}");
    assert!(
        out.stdout.contains("1 persons anonymised (due)"),
        "{out:#?}"
    );
    assert_eq!(
        node.journal_len().await,
        journal,
        "a dry run writes nothing"
    );

    let run = ["retention", "run", "--rules", rules, "--as-of", &later];
    let out = node.cli(&run).await;
    assert!(out.success(), "{out:#?}");
    assert!(
        out.stdout.contains("1 persons anonymised (done)"),
        "{out:#?}"
    );
    assert!(out.stdout.contains("rules test-1"), "{out:#?}");
    assert_eq!(node.journal_len().await, journal + 1);
    let last = node.db.raw().await.journal().await.pop().unwrap();
    assert_eq!(last.kind, "person.erased");
    assert!(last.payload.contains("\"retention\""), "{}", last.payload);

    // The closed case's head is anonymised: no names, the statistics stay.
    let read = node
        .get(&format!("/api/v1/cases/{closed_id}"), Some(&sup))
        .await;
    assert_eq!(read.status, 200, "{read:#?}");
    let head = &read.json["members"][0];
    assert_eq!(head["erased"], true);
    assert!(head["given_name"].is_null());
    assert_eq!(head["sex"], "female");
    // The open case is untouched.
    let open_id = open["id"].as_str().unwrap();
    let read = node
        .get(&format!("/api/v1/cases/{open_id}"), Some(&cw))
        .await;
    assert_eq!(read.json["members"][0]["given_name"], "Still");

    // Idempotent: a second run finds nothing to do.
    let out = node.cli(&run).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains(": 0 persons anonymised"), "{out:#?}");
    assert_eq!(node.journal_len().await, journal + 1);

    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains("journal intact"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_rules_and_past_dates_are_refused_before_anything_changes() {
    let node = TestNode::start().await;
    let journal = node.journal_len().await;
    let bad = node.db.root.join("bad.toml");
    std::fs::write(
        &bad,
        ONE_DAY.replace(
            "after_days = 1\naction = \"delete\"",
            "after_days = 0\naction = \"delete\"",
        ),
    )
    .unwrap();
    let out = node
        .cli(&["retention", "run", "--rules", bad.to_str().unwrap()])
        .await;
    assert!(!out.success(), "{out:#?}");
    assert!(out.stderr.contains("line 7"), "{out:#?}");

    let yesterday = in_days(-1);
    let out = node.cli(&["retention", "run", "--as-of", &yesterday]).await;
    assert!(!out.success(), "{out:#?}");
    assert!(out.stderr.contains("before today"), "{out:#?}");
    assert_eq!(node.journal_len().await, journal);

    // The shipped rules say where they come from.
    let out = node.cli(&["retention", "rules"]).await;
    assert!(out.success(), "{out:#?}");
    assert!(
        out.stdout
            .contains("closed_case: anonymise after 1825 days"),
        "{out:#?}"
    );
    assert!(out.stdout.contains("source: UNHCR"), "{out:#?}");
}
