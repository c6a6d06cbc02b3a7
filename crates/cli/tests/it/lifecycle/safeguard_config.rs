//! The safeguard rule set is the deployment's file: `serve --safeguards FILE` refuses to start on
//! a file it cannot use, naming the line or the rule at fault, and never lets the floor go.

use crate::kit::db::{CliOutput, TestDb};

async fn serve_with(db: &TestDb, text: String) -> CliOutput {
    let file = db.root.join("safeguards.toml");
    std::fs::write(&file, text).unwrap();
    db.cli(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--safeguards",
        file.to_str().unwrap(),
    ])
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_safeguards_file_stops_the_server_naming_the_line_or_the_rule() {
    let db = TestDb::new().await;
    let shipped = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/safeguards.toml"
    ));
    let line = shipped
        .lines()
        .position(|l| l.starts_with("cooling_off_days"))
        .unwrap()
        + 1;
    let out = serve_with(
        &db,
        shipped.replace("cooling_off_days = 7\n", "cooling_off_days = \"seven\"\n"),
    )
    .await;
    assert!(!out.success(), "{out:#?}");
    assert!(
        out.stderr
            .contains(&format!("safeguards.toml: line {line}")),
        "{out:#?}"
    );
    // The floor: consent to return cannot be switched off.
    let off = shipped.replacen(
        "id = \"consent_return\"\nenabled = true",
        "id = \"consent_return\"\nenabled = false",
        1,
    );
    assert_ne!(
        off, shipped,
        "the shipped file lists consent_return as expected"
    );
    let out = serve_with(&db, off).await;
    assert!(!out.success(), "{out:#?}");
    assert!(
        out.stderr
            .contains("\"consent_return\" cannot be switched off"),
        "{out:#?}"
    );
}
