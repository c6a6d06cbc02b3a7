//! The tree hashing checked independently: a few lines of Python's hashlib, written from
//! RFC 9162 section 2.1.1 alone, compute the root of the node's journal from its entries' hashes
//! and must agree with the head the node signed.

use super::tamper::node_with_events;
use std::process::Stdio;
use tokio::io::AsyncWriteExt;

const RFC_9162_ROOT: &str = r#"
import hashlib, sys
def mth(d):
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()
leaves = [bytes.fromhex(line.strip()) for line in sys.stdin if line.strip()]
for size in map(int, sys.argv[1:]):
    print(size, mth(leaves[:size]).hex())
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pythons_hashlib_computes_the_roots_the_node_signed() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let hashes: Vec<String> = raw.journal().await.into_iter().map(|r| r.hash).collect();
    let heads = raw
        .texts(
            "SELECT CAST(size AS TEXT), root FROM tree_heads WHERE tree = 'journal' ORDER BY tree_heads.size",
        )
        .await;
    assert!(heads.len() > 3, "a head per commit");
    let sizes: Vec<String> = heads.iter().map(|h| h[0].clone().expect("size")).collect();
    let mut python = tokio::process::Command::new("python3")
        .arg("-c")
        .arg(RFC_9162_ROOT)
        .args(&sizes)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut stdin = python.stdin.take().expect("stdin");
    stdin
        .write_all(hashes.join("\n").as_bytes())
        .await
        .expect("write hashes");
    drop(stdin);
    let out = python.wait_with_output().await.expect("python3 ends");
    assert!(out.status.success(), "{out:?}");
    let computed = String::from_utf8(out.stdout).expect("utf-8");
    let expected: Vec<String> = heads
        .iter()
        .map(|h| {
            format!(
                "{} {}",
                h[0].clone().expect("size"),
                h[1].clone().expect("root")
            )
        })
        .collect();
    assert_eq!(computed.lines().collect::<Vec<_>>(), expected);
    let served = node.get("/api/v1/journal/head", None).await;
    assert_eq!(
        served.json["root"].as_str(),
        expected.last().and_then(|l| l.split(' ').nth(1))
    );
}
