//! Sign-in abuse: the throttle holds per account (≤ 100 evaluated guesses a day), per client
//! address (spraying many accounts) and per account and address (a graduated delay), persists
//! across restarts, holds known and unknown accounts alike, and answers every refusal with 429,
//! `Retry-After` and a problem document. That it never locks the holder out is `lockout.rs`.

use crate::kit::fixtures::{PASSWORD, email};
use crate::kit::http::{Resp, send};
use crate::kit::node::TestNode;
use homeward_app::accounts::throttle::{
    ACCOUNT_PER_DAY, ADDRESS_PER_WINDOW, account_key, address_key,
};
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// A node that believes `X-Forwarded-For` from the loopback peer, so the test can speak from
/// many addresses.
pub(super) async fn behind_proxy() -> TestNode {
    TestNode::start_with(
        homeward_app::Settings::default(),
        vec!["127.0.0.1".parse().unwrap()],
    )
    .await
}

/// A sign-in attempt from `from`.
pub(super) async fn attempt(node: &TestNode, from: &str, body: &Value) -> Resp {
    send(
        node.client
            .post(node.url("/api/v1/session"))
            .header("x-forwarded-for", from)
            .json(body),
    )
    .await
}

/// Failures recorded under a throttle key.
pub(super) async fn failures(node: &TestNode, key: &str) -> i64 {
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

/// Moves every recorded failure `seconds` into the past, as if the client had waited that long.
pub(super) async fn wait_out(node: &TestNode, seconds: i64) {
    let raw = node.db.raw().await;
    raw.exec(&format!("UPDATE sign_in_failures SET at = at - {seconds}"))
        .await;
    raw.close().await;
}

/// Asserts a refusal: 429, a problem document, and a `Retry-After` of whole seconds (also in the
/// document) within `range`; returns the seconds.
pub(super) fn assert_throttled(r: &Resp, range: std::ops::RangeInclusive<i64>) -> i64 {
    r.assert_problem(429);
    let seconds: i64 = r
        .header("retry-after")
        .parse()
        .unwrap_or_else(|_| panic!("no Retry-After in seconds: {r:#?}"));
    assert!(range.contains(&seconds), "Retry-After {seconds}: {r:#?}");
    assert_eq!(r.json["retry_after"], json!(seconds), "{r:#?}");
    seconds
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
            let from = format!("198.51.100.{}", i + 1);
            let guess = json!({"email": victim, "password": format!("guess number {burst}-{i}")});
            let r = attempt(&node, &from, &guess).await;
            match r.status {
                401 => evaluated += 1,
                429 => {
                    assert_throttled(&r, 1..=86_400);
                    throttled += 1
                }
                other => panic!("unexpected {other}"),
            }
        }
        wait_out(&node, 901).await;
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
    assert_throttled(&attempt(&node, "198.51.100.1", &right).await, 1..=86_400);
    let mut wrong_code = right.clone();
    wrong_code["code"] = json!("000000");
    assert_throttled(
        &attempt(&node, "198.51.100.1", &wrong_code).await,
        1..=86_400,
    );
    assert_eq!(failures(&node, &account_key(&victim)).await, recorded);

    // The real user, with password and a fresh code, signs in — from any address.
    let mut real = right.clone();
    real["code"] = json!(node.next_code(&victim).await.unwrap());
    let r = attempt(&node, "192.0.2.44", &real).await;
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
            device: None,
        })
        .await
        .unwrap();
    assert!(
        matches!(
            again,
            Err(homeward_app::accounts::sign_in::SignInRefused::Throttled { retry_after })
                if retry_after > 0
        ),
        "{again:?}"
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
        let r = attempt(&node, sprayer, &body).await;
        if r.status == 429 {
            // The oldest of the fifty leaves the 15-minute window first.
            assert_throttled(&r, 1..=900);
        }
        statuses.push(r.status);
    }
    let limit = ADDRESS_PER_WINDOW as usize;
    assert!(statuses[..limit].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[limit..].iter().all(|s| *s == 429), "{statuses:?}");
    assert_eq!(failures(&node, &address_key(sprayer)).await, 50);
    // Another address is not affected.
    let body = json!({"email": "user0@a.test", "password": "Spring2026!!"});
    assert_eq!(attempt(&node, "203.0.113.8", &body).await.status, 401);
    // A real user behind the sprayer's address (a shared NAT) still signs in with their code.
    let who = email(Role::Monitor);
    node.login(&who).await;
    let real =
        json!({"email": who, "password": PASSWORD, "code": node.next_code(&who).await.unwrap()});
    assert_eq!(attempt(&node, sprayer, &real).await.status, 201);
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
        last = attempt(&node, &format!("198.51.100.{}", i + 1), &body)
            .await
            .status;
    }
    assert_eq!(last, 429, "the peer address was not throttled");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_sign_ins_are_slowed_alike_for_known_and_unknown_accounts() {
    let mut node = behind_proxy().await;
    let known = email(Role::Assessor);
    node.ensure_user(&known).await;
    let from = "198.51.100.20";
    let mut answers = Vec::new();
    for who in [known.clone(), "ghost@a.test".to_owned()] {
        let guess = json!({"email": who, "password": "wrong password, again"});
        // The first failure is answered; the next guess from the same address must wait.
        let first = attempt(&node, from, &guess).await;
        first.assert_problem(401);
        let second = attempt(&node, from, &guess).await;
        let wait = assert_throttled(&second, 1..=1);
        // Waiting it out, the guesser is evaluated again — and slowed a little more each time
        // (Kanidm's schedule: 1 s, 1 s, then 3 s).
        wait_out(&node, wait).await;
        attempt(&node, from, &guess).await.assert_problem(401);
        wait_out(&node, 1).await;
        attempt(&node, from, &guess).await.assert_problem(401);
        let third_wait = assert_throttled(&attempt(&node, from, &guess).await, 2..=3);
        answers.push((first.json, second.json["title"].clone(), third_wait));
        wait_out(&node, 86_400).await;
    }
    // Nothing tells a known account from an unknown one.
    assert_eq!(answers[0], answers[1]);

    // The holder who mistyped waits a second, not a day: then the right password signs in.
    let typo = json!({"email": known, "password": "correct horse battery stapel"});
    attempt(&node, from, &typo).await.assert_problem(401);
    let right = json!({"email": known, "password": PASSWORD});
    assert_throttled(&attempt(&node, from, &right).await, 1..=1);
    wait_out(&node, 1).await;
    assert_eq!(attempt(&node, from, &right).await.status, 201);
    node.stop().await;
}
