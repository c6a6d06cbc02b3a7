//! No plaintext personal data at rest: unique canary strings in every personal field never
//! appear in the database files (SQLite: database, WAL and shared memory, before and after a
//! checkpoint) or in any table (PostgreSQL), nor in a journal export; yet an authorised
//! caseworker reads them back.

use crate::kit::db::Engine;
use crate::kit::fixtures::random_hex;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;
use std::path::Path;

/// The date of birth used as a canary; searched for as it is written.
const DOB: &str = "1987-03-14";

struct Canaries {
    given: String,
    family: String,
    phone: String,
    document: String,
    address: String,
    notes: String,
    child_given: String,
}

impl Canaries {
    fn new() -> Self {
        let c = |what: &str| format!("Canary{what}{}", random_hex(8));
        Canaries {
            given: c("Given"),
            family: c("Family"),
            phone: c("Phone"),
            document: c("Doc"),
            address: c("Address"),
            notes: c("Notes"),
            child_given: c("Child"),
        }
    }

    /// Every string that must never be found at rest.
    fn all(&self) -> Vec<&str> {
        vec![
            &self.given,
            &self.family,
            &self.phone,
            &self.document,
            &self.address,
            &self.notes,
            &self.child_given,
            DOB,
        ]
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty() && haystack.windows(n.len()).any(|w| w == n)
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

/// Asserts no canary is in any file of the data directory, and that `control` (a value stored
/// in clear) is, which proves the scan reads where the data is.
fn scan_files(dir: &Path, canaries: &Canaries, control: &str, when: &str) {
    let found = files(dir);
    assert!(
        found
            .iter()
            .any(|(name, _)| name.ends_with("homeward.sqlite")),
        "{when}: no database file in {}",
        dir.display()
    );
    for (name, bytes) in &found {
        for c in canaries.all() {
            assert!(!contains(bytes, c), "{when}: {c:?} in clear in {name}");
        }
    }
    assert!(
        found.iter().any(|(_, b)| contains(b, control)),
        "{when}: the control value {control:?} was not found: the scan misses the data"
    );
}

/// The text of every row of every table in the test's PostgreSQL schema.
async fn dump_schema(node: &TestNode) -> (Vec<String>, String) {
    let (_, schema) = node.db.pg.clone().expect("postgres");
    let raw = node.db.raw().await;
    let tables: Vec<String> = raw
        .texts(&format!(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = '{schema}' ORDER BY table_name"
        ))
        .await
        .into_iter()
        .filter_map(|r| r[0].clone())
        .collect();
    let mut text = String::new();
    for t in &tables {
        assert!(
            t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{t}"
        );
        for row in raw
            .texts(&format!("SELECT CAST(t AS TEXT) FROM {schema}.{t} t"))
            .await
        {
            text.push_str(row[0].as_deref().unwrap_or(""));
            text.push('\n');
        }
    }
    raw.close().await;
    (tables, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_fields_are_never_at_rest_in_clear() {
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let k = Canaries::new();
    let body = json!({
        "members": [
            {
                "relationship": "head", "sex": "male",
                "given_name": k.given, "family_name": k.family, "date_of_birth": DOB,
                "phone": k.phone, "document_number": k.document,
                "address": k.address, "notes": k.notes, "languages": ["so"]
            },
            {
                "relationship": "child", "sex": "female",
                "given_name": k.child_given, "family_name": k.family, "age_band": "5-11"
            }
        ],
        "case": {
            "kind": "spontaneous_return", "host_country": "XA",
            "origin_country": "XB", "destination_area": "XB0101"
        }
    });
    let created = node.register(&cw, &body).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let reference = created["reference"].as_str().expect("reference").to_owned();

    // The caseworker reads every field back.
    let r = node.get(&format!("/api/v1/cases/{id}"), Some(&cw)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let head = &r.json["members"][0];
    assert_eq!(head["given_name"], k.given.as_str());
    assert_eq!(head["family_name"], k.family.as_str());
    assert_eq!(head["date_of_birth"], DOB);
    assert_eq!(head["phone"], k.phone.as_str());
    assert_eq!(head["document_number"], k.document.as_str());
    assert_eq!(head["address"], k.address.as_str());
    assert_eq!(head["notes"], k.notes.as_str());
    assert_eq!(r.json["members"][1]["given_name"], k.child_given.as_str());
    // A programme manager does not, in the case or in the list.
    let pm = node.login_as(Role::ProgrammeManager).await;
    for path in [format!("/api/v1/cases/{id}"), "/api/v1/cases".to_owned()] {
        let r = node.get(&path, Some(&pm)).await;
        assert_eq!(r.status, 200);
        for c in k.all() {
            assert!(!r.text.contains(c), "{c} shown to a programme manager");
        }
    }

    // The journal export carries ciphertext only, and no credentials.
    let export = node.db.root.join("export.jsonl");
    node.cli(&["audit", "export", "--out", export.to_str().expect("path")])
        .await
        .ok();
    let exported = std::fs::read(&export).expect("export");
    for c in k.all() {
        assert!(!contains(&exported, c), "{c} in clear in the export");
    }
    assert!(
        !contains(&exported, "$argon2"),
        "password hash in the export"
    );
    assert!(contains(&exported, &reference), "export misses the case");

    match node.db.engine {
        Engine::Sqlite => {
            let dir = node.db.data_dir.clone();
            scan_files(&dir, &k, &reference, "before checkpoint");
            let raw = node.db.raw().await;
            raw.exec("PRAGMA wal_checkpoint(TRUNCATE)").await;
            raw.close().await;
            scan_files(&dir, &k, &reference, "after checkpoint");
            node.stop().await;
            scan_files(&dir, &k, &reference, "after close");
        }
        Engine::Postgres => {
            let (tables, text) = dump_schema(&node).await;
            for t in ["journal", "persons", "person_keys", "cases", "sessions"] {
                assert!(tables.iter().any(|x| x == t), "{t} not dumped: {tables:?}");
            }
            for c in k.all() {
                assert!(!text.contains(c), "{c} in clear in the database");
            }
            assert!(text.contains(&reference), "the dump misses the case");
            node.stop().await;
        }
    }
}
