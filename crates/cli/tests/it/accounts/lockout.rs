//! Lock-out cannot be caused from outside (issue #11): a guesser from many addresses uses up
//! every budget the throttle keeps for two accounts — one without a second factor (an assessor,
//! whose role needs none), one with — and each holder still signs in from a device they signed in
//! with before, while the guesser stays refused and slowed.

use super::throttle::{assert_throttled, attempt, behind_proxy, failures};
use crate::kit::fixtures::{PASSWORD, email};
use crate::kit::http::Resp;
use crate::kit::node::TestNode;
use homeward_app::accounts::throttle::{
    ACCOUNT_PER_DAY, CODES_PER_DAY, DEVICE_PER_DAY, account_key, code_key,
};
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// The guesser's next address: a new one for every guess, so no per-address budget holds them.
fn guesser(n: usize) -> String {
    format!("10.{}.{}.{}", n / 65_536 % 256, n / 256 % 256, n % 256)
}

/// Signs in and answers the device token the client is given.
async fn device_of(node: &TestNode, from: &str, body: &Value) -> String {
    let r = attempt(node, from, body).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.json["device_token"]
        .as_str()
        .expect("a device token")
        .to_owned()
}

/// `tries` wrong passwords for `who`, each from a new address; answers how many were
/// evaluated (401) — every other one must be a 429 with `Retry-After`.
async fn guess_passwords(node: &TestNode, who: &str, next: &mut usize, tries: usize) -> usize {
    let mut evaluated = 0;
    for i in 0..tries {
        *next += 1;
        let guess = json!({"email": who, "password": format!("guess {i} of many")});
        let r = attempt(node, &guesser(*next), &guess).await;
        match r.status {
            401 => evaluated += 1,
            429 => {
                assert_throttled(&r, 1..=86_400);
            }
            _ => panic!("unexpected answer: {r:#?}"),
        }
    }
    evaluated
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guesser_from_many_addresses_cannot_lock_the_holder_out() {
    let mut node = behind_proxy().await;
    // The holder without a second factor: an assessor (the role needs none) who signed in once,
    // on this device, from their office.
    let assessor = email(Role::Assessor);
    node.ensure_user(&assessor).await;
    let office = "192.0.2.10";
    let password_only = json!({"email": assessor, "password": PASSWORD});
    let assessor_device = device_of(&node, office, &password_only).await;
    // The holder with one: a case worker, enrolled by the kit, who signed in on their device.
    let caseworker = email(Role::Caseworker);
    node.login(&caseworker).await;
    let code = node.next_code(&caseworker).await.unwrap();
    let with_code = json!({"email": caseworker, "password": PASSWORD, "code": code});
    let caseworker_device = device_of(&node, office, &with_code).await;

    // The guesser: 150 wrong passwords at each account, every one from a new address.
    let mut next = 0;
    for who in [&assessor, &caseworker] {
        let evaluated = guess_passwords(&node, who, &mut next, 150).await;
        assert_eq!(evaluated, ACCOUNT_PER_DAY as usize, "{who}");
        assert_eq!(failures(&node, &account_key(who)).await, ACCOUNT_PER_DAY);
    }
    // … then, past the budget, 120 wrong second-factor codes at the case worker: the first
    // hundred are counted, none is let through, and then codes are not even tried.
    for i in 0..120 {
        next += 1;
        // Not a valid code by any chance: a recovery code that was never issued.
        let guess = json!({"email": caseworker, "password": "any", "code": format!("none-{i}")});
        assert_throttled(&attempt(&node, &guesser(next), &guess).await, 1..=86_400);
    }
    assert_eq!(failures(&node, &code_key(&caseworker)).await, CODES_PER_DAY);

    // Every budget is used up: an unknown client, even with the right password — and even with
    // a valid code — is refused for the rest of the day, without anything being looked at.
    next += 1;
    let stranger = guesser(next);
    let refused = attempt(&node, &stranger, &password_only).await;
    let day = assert_throttled(&refused, 1..=86_400);
    assert!(day > 80_000, "the account's day: {day}");
    let mut valid_code = with_code.clone();
    valid_code["code"] = json!(node.next_code(&caseworker).await.unwrap());
    assert_throttled(&attempt(&node, &stranger, &valid_code).await, 1..=86_400);

    // The holders sign in from the device they signed in with before — from anywhere, even
    // from an address the guesser used — without and with a second factor.
    let mut known = password_only.clone();
    known["device_token"] = json!(assessor_device);
    let r = attempt(&node, &guesser(1), &known).await;
    assert_eq!(r.status, 201, "the assessor is locked out: {r:#?}");
    assert_eq!(r.json["second_factor"], "not_enrolled");
    let mut known = with_code.clone();
    known["code"] = json!(node.next_code(&caseworker).await.unwrap());
    known["device_token"] = json!(caseworker_device);
    let r = attempt(&node, "198.51.100.99", &known).await;
    assert_eq!(r.status, 201, "the case worker is locked out: {r:#?}");
    assert_eq!(r.json["second_factor"], "passed");
    // Still a second factor is required of the case worker: a known device is not one.
    let mut no_code = known.clone();
    no_code.as_object_mut().unwrap().remove("code");
    no_code["device_token"] = r.json["device_token"].clone();
    attempt(&node, office, &no_code).await.assert_problem(401);

    // The guesser is still refused and slowed: nothing more is evaluated, however long they
    // keep at it, and each refusal says to wait.
    let before = failures(&node, &account_key(&assessor)).await;
    assert_eq!(guess_passwords(&node, &assessor, &mut next, 20).await, 0);
    assert_eq!(failures(&node, &account_key(&assessor)).await, before);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stolen_device_token_buys_few_guesses_and_is_replaced_at_each_sign_in() {
    let mut node = behind_proxy().await;
    let assessor = email(Role::Assessor);
    node.ensure_user(&assessor).await;
    let right = json!({"email": assessor, "password": PASSWORD});
    let first = device_of(&node, "192.0.2.10", &right).await;
    // Signing in again with it hands out a new token; the old one no longer counts.
    let mut again = right.clone();
    again["device_token"] = json!(first);
    let second = device_of(&node, "192.0.2.10", &again).await;
    assert_ne!(first, second);
    // The guesser uses up the account's day from many addresses.
    let mut next = 0;
    guess_passwords(&node, &assessor, &mut next, 110).await;
    let mut stale = right.clone();
    stale["device_token"] = json!(first);
    assert_throttled(&attempt(&node, "192.0.2.10", &stale).await, 1..=86_400);

    // Whoever copied the current token gets DEVICE_PER_DAY guesses with it, then it is refused
    // like any stranger (the holder signs in again once the day has passed, or with a link).
    let mut stolen = json!({"email": assessor, "password": "a guess with a stolen token"});
    stolen["device_token"] = json!(second);
    let mut answers: Vec<u16> = Vec::new();
    for _ in 0..DEVICE_PER_DAY + 2 {
        // Back to back: a known device skips the address's delay; its own count stops it.
        let r: Resp = attempt(&node, "203.0.113.66", &stolen).await;
        answers.push(r.status);
    }
    let allowed = DEVICE_PER_DAY as usize;
    assert!(answers[..allowed].iter().all(|s| *s == 401), "{answers:?}");
    assert!(answers[allowed..].iter().all(|s| *s == 429), "{answers:?}");
    node.stop().await;
}
