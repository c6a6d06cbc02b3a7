//! Sign-in abuse: the throttle holds per account (≤ 100 evaluated guesses a day) and per client
//! address (spraying many accounts), persists across restarts, holds known and unknown accounts
//! alike, and never locks out the real user, who signs in with their second factor.

use crate::kit::fixtures::{PASSWORD, email};
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_app::accounts::throttle::{ACCOUNT_PER_DAY, account_key, address_key};
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// A node that believes `X-Forwarded-For` from the loopback peer, so the test can speak from
/// many addresses.
async fn behind_proxy() -> TestNode {
    TestNode::start_with(
        homeward_app::Settings::default(),
        vec!["127.0.0.1".parse().unwrap()],
    )
    .await
}

async fn attempt(node: &TestNode, from: &str, body: &Value) -> u16 {
    send(
        node.client
            .post(node.url("/api/v1/session"))
            .header("x-forwarded-for", from)
            .json(body),
    )
    .await
    .status
}

async fn failures(node: &TestNode, key: &str) -> i64 {
    let raw = node.db.raw().await;
    // The key is a hex digest with a fixed prefix: safe to put in the statement.
    let n = raw
        .int(&format!(
            "SELECT COUNT(*) FROM sign_in_failures WHERE throttle_key = '{key}'"
        ))
        .await;
    raw.close().await;
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brute_force_is_held_to_the_daily_budget_and_the_real_user_still_signs_in() {
    let mut node = behind_proxy().await;
    let victim = email(Role::Caseworker);
    // The real user has a second factor (the kit enrols it at first sign-in).
    node.login(&victim).await;

    // 300 wrong guesses from ten addresses, in 30 bursts of 10; between bursts the recorded
    // failures are moved 15 minutes into the past, as if the attacker waited out each window.
    let mut evaluated = 0;
    let mut throttled = 0;
    for burst in 0..30 {
        for i in 0..10 {
            let from = format!("198.51.100.{}", (burst * 10 + i) % 10 + 1);
            let guess = json!({"email": victim, "password": format!("guess number {burst}-{i}")});
            match attempt(&node, &from, &guess).await {
                401 => evaluated += 1,
                429 => throttled += 1,
                other => panic!("unexpected {other}"),
            }
        }
        let raw = node.db.raw().await;
        raw.exec("UPDATE sign_in_failures SET at = at - 901").await;
        raw.close().await;
    }
    let recorded = failures(&node, &account_key(&victim)).await;
    println!(
        "brute force: 300 guesses, {evaluated} evaluated, {throttled} refused unevaluated, {recorded} recorded for the account"
    );
    assert_eq!(evaluated, ACCOUNT_PER_DAY as usize);
    assert!(recorded <= ACCOUNT_PER_DAY, "{recorded}");
    assert_eq!(evaluated + throttled, 300);

    // Past the budget the right password alone is not even looked at, nor with a wrong code.
    let right = json!({"email": victim, "password": PASSWORD});
    assert_eq!(attempt(&node, "198.51.100.1", &right).await, 429);
    let mut wrong_code = right.clone();
    wrong_code["code"] = json!("000000");
    assert_eq!(attempt(&node, "198.51.100.1", &wrong_code).await, 429);
    assert_eq!(failures(&node, &account_key(&victim)).await, recorded);

    // The real user, with password and a fresh code, signs in — from any address.
    let mut real = right.clone();
    real["code"] = json!(node.next_code(&victim).await.unwrap());
    let r = send(
        node.client
            .post(node.url("/api/v1/session"))
            .header("x-forwarded-for", "192.0.2.44")
            .json(&real),
    )
    .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(r.json["second_factor"], "passed");

    // The budget is in the database: a restarted node keeps it.
    let restarted = node.db.open_app().await;
    let again = restarted
        .sign_in(homeward_app::accounts::sign_in::SignIn {
            email: &victim,
            password: PASSWORD,
            code: None,
            client: Some("192.0.2.45"),
        })
        .await
        .unwrap();
    assert_eq!(
        again.err(),
        Some(homeward_app::accounts::sign_in::SignInRefused::Throttled)
    );
    restarted.store().close().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_spraying_many_accounts_is_stopped_after_fifty() {
    let mut node = behind_proxy().await;
    let sprayer = "203.0.113.7";
    let mut statuses = Vec::new();
    for i in 0..60 {
        let body = json!({"email": format!("user{i}@a.test"), "password": "Spring2026!!"});
        statuses.push(attempt(&node, sprayer, &body).await);
    }
    assert!(statuses[..50].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[50..].iter().all(|s| *s == 429), "{statuses:?}");
    assert_eq!(failures(&node, &address_key(sprayer)).await, 50);
    // Another address is not affected.
    let body = json!({"email": "user0@a.test", "password": "Spring2026!!"});
    assert_eq!(attempt(&node, "203.0.113.8", &body).await, 401);
    // A real user behind the sprayer's address (a shared NAT) still signs in with their code.
    let who = email(Role::Monitor);
    node.login(&who).await;
    let real =
        json!({"email": who, "password": PASSWORD, "code": node.next_code(&who).await.unwrap()});
    assert_eq!(attempt(&node, sprayer, &real).await, 201);
    // No email or address is stored in clear.
    let raw = node.db.raw().await;
    let keys = raw.texts("SELECT throttle_key FROM sign_in_failures").await;
    assert!(keys.iter().all(|k| {
        let k = k[0].clone().unwrap();
        !k.contains('@') && !k.contains("203.0.113")
    }));
    raw.close().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_are_ignored_unless_the_peer_is_a_trusted_proxy() {
    let mut node = TestNode::start().await;
    let mut last = 0;
    for i in 0..51 {
        let body = json!({"email": format!("user{i}@a.test"), "password": "Spring2026!!"});
        // Each request claims another address; the node believes none of them.
        last = attempt(&node, &format!("198.51.100.{}", i + 1), &body).await;
    }
    assert_eq!(last, 429, "the peer address was not throttled");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_sign_ins_are_throttled_alike_for_known_and_unknown_accounts() {
    let mut node = TestNode::start().await;
    let known = email(Role::Caseworker);
    node.ensure_user(&known).await;
    let attempt = |who: String, password: &'static str| {
        let node = &node;
        async move {
            node.post_json(
                "/api/v1/session",
                None,
                &json!({"email": who, "password": password}),
            )
            .await
        }
    };
    for who in [known.clone(), "ghost@a.test".to_owned()] {
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(attempt(who.clone(), "wrong password, again").await.status);
        }
        assert!(
            statuses[..10].iter().all(|s| *s == 401),
            "{who}: {statuses:?}"
        );
        assert!(
            statuses[10..].iter().all(|s| *s == 429),
            "{who}: {statuses:?}"
        );
    }
    // While throttled, even the right password is refused, so guessing stops paying.
    attempt(known.clone(), PASSWORD).await.assert_problem(429);
    // Other accounts are unaffected.
    node.login_as(Role::Supervisor).await;
    node.stop().await;
}
