//! Crypto-shredding: erasing a person destroys their data key. Their fields can never be read
//! again, not even from the journal with every key the node still holds, while the anonymous
//! statistics and the journal's verification survive.

use crate::kit::fixtures::add_user;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The sealed fields of `person` in the journal entry that registered their household.
async fn sealed_in_journal(
    node: &TestNode,
    household: &str,
    person: &str,
) -> BTreeMap<String, String> {
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    raw.close().await;
    let entry = rows
        .iter()
        .find(|r| r.kind == "household.registered" && r.subject == household)
        .expect("registration entry");
    let payload: Value = serde_json::from_str(&entry.payload).expect("payload");
    let member = payload["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["id"] == person)
        .expect("member in the entry");
    serde_json::from_value(member["sealed"].clone()).expect("sealed map")
}

/// Every (person id, wrapped key) the node still holds.
async fn wrapped_keys(node: &TestNode) -> Vec<(String, String)> {
    let raw = node.db.raw().await;
    let rows = raw
        .texts("SELECT person_id, wrapped FROM person_keys ORDER BY person_id")
        .await;
    raw.close().await;
    rows.into_iter()
        .map(|r| {
            (
                r[0].clone().expect("person_id"),
                r[1].clone().expect("wrapped"),
            )
        })
        .collect()
}

/// How many of `sealed`'s fields open with any key in `keys`.
fn openable(
    node: &TestNode,
    keys: &[(String, String)],
    person: &str,
    sealed: &BTreeMap<String, String>,
) -> usize {
    let master = node.db.master();
    let mut opened = 0;
    for (owner, wrapped) in keys {
        let key = master
            .unwrap_key(wrapped, owner)
            .expect("unwrap a live key");
        for (field, ciphertext) in sealed {
            if homeward_crypto::open(&key, person, field, ciphertext).is_ok() {
                opened += 1;
            }
        }
    }
    opened
}

fn member<'a>(case: &'a Value, person: &str) -> &'a Value {
    case["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["id"] == person)
        .expect("member")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erased_persons_are_unreadable_for_good_and_statistics_survive() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let dpo = node.login_as(Role::Dpo).await;
    add_user(&node.app, &node.org_b, &[Role::Dpo], "dpo@b.test").await;
    let dpo_b = node.login("dpo@b.test").await;

    let case = node
        .register(
            &cw,
            &json!({
                "members": [
                    {"relationship": "head", "sex": "female", "given_name": "Erase", "family_name": "Me",
                     "date_of_birth": "1980-01-02", "phone": "+999 555 0101", "notes": "to be erased"},
                    {"relationship": "spouse", "sex": "male", "given_name": "Erase", "family_name": "Too",
                     "date_of_birth": "1979-05-06"},
                    {"relationship": "child", "sex": "female", "given_name": "Keep", "family_name": "Me",
                     "date_of_birth": "2012-07-08"}
                ],
                "case": {"kind": "assisted_voluntary_return", "host_country": "XA",
                         "origin_country": "XB", "destination_area": "XB0101"}
            }),
        )
        .await;
    let case_id = case["id"].as_str().expect("id").to_owned();
    let household = case["household_id"].as_str().expect("household").to_owned();
    let head = case["members"][0]["id"].as_str().expect("head").to_owned();
    let spouse = case["members"][1]["id"]
        .as_str()
        .expect("spouse")
        .to_owned();
    let child = case["members"][2]["id"].as_str().expect("child").to_owned();
    let stats_before = node
        .app
        .store()
        .persons_by_sex_and_age()
        .await
        .expect("stats");

    // Before erasure the journal's ciphertext opens with the head's own key: the check below
    // would notice a key that still works.
    let head_sealed = sealed_in_journal(&node, &household, &head).await;
    assert!(head_sealed.len() >= 4, "{head_sealed:?}");
    let keys = wrapped_keys(&node).await;
    let own: Vec<_> = keys.iter().filter(|(p, _)| *p == head).cloned().collect();
    assert_eq!(
        openable(&node, &own, &head, &head_sealed),
        head_sealed.len()
    );

    // Who may erase: not a caseworker (403), not the DPO of another organisation (404).
    let erase = |person: String, token: String| {
        let node = &node;
        async move {
            node.post_json(
                &format!("/api/v1/persons/{person}/erasure"),
                Some(&token),
                &json!({"reason": "data_subject_request"}),
            )
            .await
        }
    };
    let before = node.journal_len().await;
    erase(head.clone(), cw.clone()).await.assert_problem(403);
    erase(head.clone(), dpo_b.clone()).await.assert_problem(404);
    erase("01900000-0000-7000-8000-000000000000".into(), dpo.clone())
        .await
        .assert_problem(404);
    let bad_reason = node
        .post_json(
            &format!("/api/v1/persons/{head}/erasure"),
            Some(&dpo),
            &json!({"reason": "because"}),
        )
        .await;
    bad_reason.assert_problem(422);
    assert_eq!(bad_reason.pointers(), vec!["/reason"]);
    assert_eq!(node.journal_len().await, before, "a refused erasure wrote");
    assert_eq!(wrapped_keys(&node).await.len(), keys.len());

    // The DPO erases the head over the API; the operator erases the spouse at the command line.
    let r = erase(head.clone(), dpo.clone()).await;
    assert_eq!(r.status, 204, "{r:#?}");
    let out = node.cli(&["person", "erase", &spouse]).await.ok();
    assert!(out.stdout.contains("erased"), "{out:#?}");
    assert_eq!(
        node.journal_len().await,
        before + 2,
        "one person.erased each"
    );
    // Twice is a conflict, over the API and at the command line, and writes nothing.
    erase(head.clone(), dpo.clone()).await.assert_problem(409);
    let again = node.cli(&["person", "erase", &spouse]).await;
    assert!(!again.success(), "{again:#?}");
    assert_eq!(node.journal_len().await, before + 2);

    // The case shows the erased members without names; the child is untouched.
    let r = node
        .get(&format!("/api/v1/cases/{case_id}"), Some(&cw))
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    for p in [&head, &spouse] {
        let m = member(&r.json, p);
        assert_eq!(m["erased"], true);
        for f in [
            "given_name",
            "family_name",
            "date_of_birth",
            "phone",
            "notes",
        ] {
            assert!(m[f].is_null(), "{f} of an erased person: {m}");
        }
        assert!(!m["sex"].is_null() && !m["age_band"].is_null());
    }
    assert!(!r.text.contains("Erase") && !r.text.contains("to be erased"));
    let kept = member(&r.json, &child);
    assert_eq!(kept["erased"], false);
    assert_eq!(kept["given_name"], "Keep");
    let list = node.get("/api/v1/cases", Some(&cw)).await;
    assert!(
        list.json["items"][0]["head_name"].is_null(),
        "{}",
        list.text
    );

    // The wrapped keys are gone; the projection no longer holds the ciphertext.
    let keys_after = wrapped_keys(&node).await;
    assert!(keys_after.iter().all(|(p, _)| *p != head && *p != spouse));
    assert!(keys_after.iter().any(|(p, _)| *p == child));
    assert_eq!(keys_after.len(), keys.len() - 2);
    let raw = node.db.raw().await;
    let sealed = raw
        .texts(&format!(
            "SELECT sealed, erased_at FROM persons WHERE id IN ('{head}', '{spouse}')"
        ))
        .await;
    raw.close().await;
    assert_eq!(sealed.len(), 2);
    for row in &sealed {
        assert!(row[0].is_none(), "ciphertext left in the projection");
        assert!(row[1].is_some(), "erased_at not set");
    }

    // The journal still holds the ciphertext, and no remaining key opens any of it.
    for p in [&head, &spouse] {
        let sealed = sealed_in_journal(&node, &household, p).await;
        assert!(!sealed.is_empty());
        assert_eq!(
            openable(&node, &keys_after, p, &sealed),
            0,
            "a remaining key opens erased data"
        );
    }

    // Anonymous statistics are unchanged and the journal verifies.
    let stats_after = node
        .app
        .store()
        .persons_by_sex_and_age()
        .await
        .expect("stats");
    assert_eq!(stats_before, stats_after);
    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains("journal intact"), "{out:#?}");
}
