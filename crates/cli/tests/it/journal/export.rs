//! The journal export an auditor verifies offline, with nothing but the file and a key of the
//! node: every edit, a cut tail, removed heads and a foreign key are caught.

use super::tamper::node_with_events;
use crate::kit::db::{BIN, run_command};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_verifies_offline_and_detects_edits() {
    let node = node_with_events().await;
    let file = node.db.root.join("journal.jsonl");
    let path = file.to_str().expect("path").to_owned();
    let out = node.cli(&["audit", "export", "--out", &path]).await.ok();
    let entries = node.journal_len().await;
    assert!(
        out.stdout.contains(&format!("exported {entries} entries")),
        "{out:#?}"
    );
    let key = node.cli(&["audit", "public-key"]).await.ok();
    let key = key.stdout.trim().to_owned();
    assert_eq!(key, node.db.public_key);

    // Offline verification needs only the file and the key: run it without any data dir.
    let offline = |file: String, key: String| {
        let cwd = node.db.root.clone();
        async move {
            let mut cmd = tokio::process::Command::new(BIN);
            for (k, _) in std::env::vars() {
                if k.starts_with("HOMEWARD_") {
                    cmd.env_remove(k);
                }
            }
            cmd.current_dir(cwd)
                .args(["audit", "verify", "--export", &file, "--public-key", &key]);
            run_command(cmd, "").await
        }
    };
    let ok = offline(path.clone(), key.clone()).await.ok();
    assert!(ok.stdout.contains("export intact"), "{ok:#?}");
    // The export's heads are the node's, which its own verification checks.
    let after = node.cli(&["audit", "verify"]).await.ok();
    assert!(after.stdout.contains("signed heads verified"), "{after:#?}");

    let text = std::fs::read_to_string(&file).expect("read export");
    let lines: Vec<&str> = text.lines().collect();
    assert!(text.contains("XB0101"));
    // One line edited.
    let edited_at = lines
        .iter()
        .position(|l| l.contains("XB0101"))
        .expect("a line with XB0101");
    let mut edited = lines.clone();
    let replaced = lines[edited_at].replacen("XB0101", "XB0102", 1);
    edited[edited_at] = &replaced;
    let edited_file = node.db.root.join("edited.jsonl");
    std::fs::write(&edited_file, edited.join("\n") + "\n").expect("write");
    let bad = offline(edited_file.to_str().expect("path").to_owned(), key.clone()).await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    assert!(bad.stdout.contains("EXPORT NOT INTACT"), "{bad:#?}");
    // The last entry removed (truncation): the signed head no longer matches.
    let last_entry = lines
        .iter()
        .rposition(|l| l.starts_with("{\"entry\""))
        .expect("an entry line");
    let mut truncated = lines.clone();
    truncated.remove(last_entry);
    let truncated_file = node.db.root.join("truncated.jsonl");
    std::fs::write(&truncated_file, truncated.join("\n") + "\n").expect("write");
    let bad = offline(
        truncated_file.to_str().expect("path").to_owned(),
        key.clone(),
    )
    .await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    // The heads removed: nothing vouches for the entries.
    let unsigned: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.starts_with("{\"head\""))
        .collect();
    assert!(unsigned.len() < lines.len(), "no head line in the export");
    let unsigned_file = node.db.root.join("unsigned.jsonl");
    std::fs::write(&unsigned_file, unsigned.join("\n") + "\n").expect("write");
    let bad = offline(unsigned_file.to_str().expect("path").to_owned(), key).await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    // Another node's key does not verify the genuine file.
    let other = homeward_crypto::NodeKey::generate().public_base64();
    let bad = offline(path, other).await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    assert!(
        bad.stdout
            .contains("the given key never signed for this node"),
        "{bad:#?}"
    );
}
