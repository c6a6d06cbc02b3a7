//! Names that only look like names: made of fillers, blanks and invisible format characters, or
//! broken over lines, are refused like empty ones in every name field, and nothing is written;
//! real names that need joiners and direction marks between their letters are kept exactly.

use crate::kit::fixtures::household;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

/// Blank-looking names: Hangul fillers, the Braille blank, zero-width and joining characters,
/// the word joiner, soft hyphens, the combining grapheme joiner, variation selectors, the
/// Mongolian vowel separator, tag characters and direction marks, alone or together.
const BLANKS: [&str; 12] = [
    "\u{3164}",
    "\u{115F}\u{1160}",
    "\u{FFA0}\u{FFA0}",
    "\u{2800}\u{2800}\u{2800}",
    "\u{200B}\u{200C}\u{200D}",
    "\u{2060}",
    "\u{00AD}\u{00AD}",
    "\u{034F}",
    "\u{FE0F}\u{E0100}",
    "\u{180E}",
    "\u{200F}\u{200E}\u{061C}",
    "\u{3164} \u{2800}\u{3000}\u{200B}",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blank_looking_names_are_refused_in_every_name_field() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let admin = node.login_as(Role::Admin).await;
    for blank in BLANKS {
        for field in ["given_name", "family_name"] {
            let mut body = household("Amal", "Haddad");
            body["members"][0][field] = json!(blank);
            node.refuses(
                "/api/v1/households",
                &cw,
                &body,
                &format!("/members/0/{field}"),
                "error-required",
            )
            .await;
        }
        node.refuses(
            "/api/v1/teams",
            &admin,
            &json!({"name": blank}),
            "/name",
            "error-required",
        )
        .await;
        node.refuses(
            "/api/v1/users",
            &admin,
            &json!({"email": "blank@a.test", "display_name": blank, "roles": ["caseworker"]}),
            "/display_name",
            "error-required",
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_and_numbers_stay_on_one_line_and_hide_nothing() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let admin = node.login_as(Role::Admin).await;
    for broken in ["Amal\u{2028}Haddad", "Amal\u{2029}Haddad", "Amal\nHaddad"] {
        let mut body = household("Amal", "Haddad");
        body["members"][0]["given_name"] = json!(broken);
        node.refuses(
            "/api/v1/households",
            &cw,
            &body,
            "/members/0/given_name",
            "error-text-single-line",
        )
        .await;
        node.refuses(
            "/api/v1/teams",
            &admin,
            &json!({"name": broken}),
            "/name",
            "error-text-single-line",
        )
        .await;
    }
    for (field, value) in [
        ("phone", "+999 123\u{2028}4567"),
        ("document_number", "P123\n4567"),
    ] {
        let mut body = household("Amal", "Haddad");
        body["members"][0][field] = json!(value);
        node.refuses(
            "/api/v1/households",
            &cw,
            &body,
            &format!("/members/0/{field}"),
            "error-text-single-line",
        )
        .await;
    }
    // Tag characters carry text no one sees; they have no place in a name.
    let mut body = household("Amal", "Haddad");
    body["members"][0]["family_name"] = json!("Haddad\u{E0049}\u{E0047}\u{E004E}");
    node.refuses(
        "/api/v1/households",
        &cw,
        &body,
        "/members/0/family_name",
        "error-text-control-characters",
    )
    .await;
    // An address may span lines.
    let mut body = household("Amal", "Haddad");
    body["members"][0]["address"] = json!("12 Olive Street\nRiverside");
    node.register(&cw, &body).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joiners_and_marks_inside_real_names_are_kept() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let names = [
        // Persian: a ZWNJ inside a compound given name.
        ("فاطمه\u{200C}زهرا", "رحیمی"),
        // Sinhala: the ZWJ that forms "Sri".
        ("ශ්\u{200D}රී", "පෙරේරා"),
        // Devanagari: a ZWNJ keeping the half form; Arabic with a right-to-left mark.
        ("क्\u{200C}षमा", "\u{200F}الحسن"),
    ];
    for (given, family) in names {
        let created = node.register(&cw, &household(given, family)).await;
        let id = created["id"].as_str().expect("id");
        let case = node.get(&format!("/api/v1/cases/{id}"), Some(&cw)).await;
        assert_eq!(case.status, 200, "{case:#?}");
        assert_eq!(case.json["members"][0]["given_name"], given);
        assert_eq!(case.json["members"][0]["family_name"], family);
    }
}
