//! The password policy through the API: long passwords work (64 and 128 characters), a password
//! is used exactly as typed (no trimming, truncation or case folding; any script), and common
//! passwords — also padded to the minimum length — are refused, naming the field.

use super::throttle::{attempt, behind_proxy};
use crate::kit::fixtures::{PASSWORD, email};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

/// Signs in with `password` from an address of its own (so that the variants tried do not wait
/// out each other's delays); answers the status.
async fn sign_in(node: &TestNode, n: &mut u32, who: &str, password: &str) -> u16 {
    *n += 1;
    let from = format!("198.51.100.{}", *n % 250 + 1);
    attempt(node, &from, &json!({"email": who, "password": password}))
        .await
        .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_are_used_exactly_as_typed_at_any_length() {
    let mut node = behind_proxy().await;
    // An assessor's role needs no second factor: the password alone decides.
    let who = email(Role::Assessor);
    node.ensure_user(&who).await;
    let mut n = 0;
    let mut current = PASSWORD.to_owned();
    let r = attempt(
        &node,
        "192.0.2.1",
        &json!({"email": who, "password": current}),
    )
    .await;
    let token = r.json["token"].as_str().unwrap().to_owned();

    let sixty_four = "sixty-four characters of an unusual passphrase, typed one by one";
    let long = format!("{sixty_four}{}", sixty_four.to_uppercase());
    let unicode = "Ünïcödé پاسورد كلمة سرّ 🔑 ещё пароль";
    let spaced = "  leading and trailing spaces are part of it  ";
    assert_eq!(sixty_four.chars().count(), 64);
    assert_eq!(long.chars().count(), 128);
    for new in [sixty_four, long.as_str(), unicode, spaced] {
        let changed = node
            .post_json(
                "/api/v1/me/password",
                Some(&token),
                &json!({"current_password": current, "new_password": new}),
            )
            .await;
        assert_eq!(changed.status, 204, "{new:?}: {changed:#?}");
        current = new.to_owned();
        assert_eq!(sign_in(&node, &mut n, &who, new).await, 201, "{new:?}");
        // Not trimmed, truncated or case-folded: every variant is a different password.
        let chars: Vec<char> = new.chars().collect();
        let truncated: String = chars[..chars.len() - 1].iter().collect();
        let variants = [
            new.trim().to_owned(),
            truncated,
            new.to_uppercase(),
            new.to_lowercase(),
            format!("{new} "),
        ];
        for variant in variants.iter().filter(|v| v.as_str() != new) {
            assert_eq!(
                sign_in(&node, &mut n, &who, variant).await,
                401,
                "{variant:?} signed in for {new:?}"
            );
        }
    }
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn common_passwords_are_refused_even_padded_to_the_minimum_length() {
    let mut node = TestNode::start().await;
    let who = email(Role::Assessor);
    node.ensure_user(&who).await;
    let r = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": who, "password": PASSWORD}),
        )
        .await;
    let token = r.json["token"].as_str().unwrap().to_owned();
    let before = node.journal_len().await;
    // Among the most common passwords of 12 or more characters, and common ones padded.
    for common in [
        "sonyericsson",
        "leavemealone",
        "QWERTY123456",
        "Sunshine2026!!",
        "!!football!!12",
    ] {
        let r = node
            .post_json(
                "/api/v1/me/password",
                Some(&token),
                &json!({"current_password": PASSWORD, "new_password": common}),
            )
            .await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), ["/new_password"], "{common}");
        assert_eq!(r.codes(), ["error-password-common"], "{common}");
    }
    let too_long = "x".repeat(1025);
    let r = node
        .post_json(
            "/api/v1/me/password",
            Some(&token),
            &json!({"current_password": PASSWORD, "new_password": too_long}),
        )
        .await;
    r.assert_problem(422);
    assert_eq!(r.codes(), ["error-text-too-long"]);
    assert_eq!(node.journal_len().await, before, "nothing was written");
    node.stop().await;
}
