//! `kill -9` under write load: the real binary is killed at a random moment while four writers
//! register households; after a restart on the same data every acknowledged write is there and
//! the journal verifies. `HOMEWARD_CRASH_TRIALS` sets the number of trials (default 20).

use crate::kit::db::TestDb;
use crate::kit::fixtures::{household, random_below};
use crate::kit::http::http_client;
use crate::kit::served::{Server, fresh_node, start_server};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WRITERS: usize = 4;
const PAUSE: Duration = Duration::from_millis(20);

/// What one trial's writers saw.
struct Trial {
    /// Case ids whose 201 answer arrived in full.
    acked: Vec<String>,
    /// Requests under way (sent or being sent, not yet answered) when the server was killed.
    in_flight_at_kill: usize,
}

/// Runs writers until the server dies. Any answer other than 201 (before the connection dies)
/// fails the test.
async fn write_until_killed(
    client: &reqwest::Client,
    server: &mut Server,
    token: &str,
    trial: usize,
) -> Trial {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let unexpected = Arc::new(Mutex::new(Vec::new()));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..WRITERS {
        let (client, acked, unexpected, in_flight) = (
            client.clone(),
            acked.clone(),
            unexpected.clone(),
            in_flight.clone(),
        );
        let url = format!("{}/api/v1/households", server.base);
        let token = token.to_owned();
        writers.spawn(async move {
            for i in 0.. {
                let body = household(&format!("Crash{trial}x{w}x{i}"), "Durable");
                in_flight.fetch_add(1, Ordering::SeqCst);
                let res = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await;
                let Ok(res) = res else { break };
                let status = res.status().as_u16();
                // An answer counts as acknowledged only once its body has arrived in full.
                let Ok(text) = res.text().await else { break };
                in_flight.fetch_sub(1, Ordering::SeqCst);
                if status == 201 {
                    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
                    acked
                        .lock()
                        .expect("lock")
                        .push(v["id"].as_str().expect("id").to_owned());
                } else {
                    unexpected
                        .lock()
                        .expect("lock")
                        .push(format!("{status}: {text}"));
                    break;
                }
                // A short pause between one writer's requests (people type between
                // registrations); it keeps the journal, and so each verification, small
                // enough for CI while four writers still overlap.
                tokio::time::sleep(PAUSE).await;
            }
        });
    }
    let delay = 200 + random_below(1301);
    tokio::time::sleep(Duration::from_millis(delay)).await;
    let in_flight_at_kill = in_flight.load(Ordering::SeqCst);
    // SIGKILL: no shutdown, no flush, no goodbye.
    server.child.kill().await.expect("kill -9 the server");
    while let Some(r) = writers.join_next().await {
        r.expect("writer");
    }
    let acked = std::mem::take(&mut *acked.lock().expect("lock"));
    let unexpected = unexpected.lock().expect("lock").clone();
    assert!(
        unexpected.is_empty(),
        "answers other than 201: {unexpected:?}"
    );
    Trial {
        acked,
        in_flight_at_kill,
    }
}

/// Reads every case back; returns the ids that are missing.
async fn missing(client: &reqwest::Client, base: &str, token: &str, ids: &[String]) -> Vec<String> {
    let mut lost = Vec::new();
    for chunk in ids.chunks(16) {
        let mut reads = tokio::task::JoinSet::new();
        for id in chunk {
            let (client, url, token, id) = (
                client.clone(),
                format!("{base}/api/v1/cases/{id}"),
                token.to_owned(),
                id.clone(),
            );
            reads.spawn(async move {
                let status = client
                    .get(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .expect("read back")
                    .status()
                    .as_u16();
                (id, status)
            });
        }
        while let Some(r) = reads.join_next().await {
            let (id, status) = r.expect("reader");
            match status {
                200 => {}
                404 => lost.push(id),
                other => panic!("reading {id} back answered {other}"),
            }
        }
    }
    lost
}

/// Checks what a node acknowledged across its trials, then stops it.
async fn finish_node(
    client: &reqwest::Client,
    db: &TestDb,
    mut server: Server,
    token: &str,
    acked: &[String],
) {
    let lost = missing(client, &server.base, token, acked).await;
    assert!(lost.is_empty(), "lost at the end: {lost:?}");
    let raw = db.raw().await;
    let cases = raw.int("SELECT COUNT(*) FROM cases").await;
    raw.close().await;
    // Writes cut off by the kill may have committed without being acknowledged; never fewer.
    assert!(cases >= acked.len() as i64, "{cases} cases stored");
    server.child.kill().await.expect("stop the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    let trials: usize = std::env::var("HOMEWARD_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    // Verification replays the whole journal after every trial, so a long run moves to a
    // fresh database now and then to keep each trial's cost flat.
    let per_node: usize = std::env::var("HOMEWARD_CRASH_TRIALS_PER_NODE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(25);
    let started = Instant::now();
    let client = http_client();
    let mut all_acked: Vec<String> = Vec::new();
    let mut in_flight_at_kills = 0;
    let mut engine = None;
    let mut trial = 0;
    while trial < trials {
        let (db, mut server, token) = fresh_node(&client).await;
        engine = Some(db.engine);
        let mut node_acked = Vec::new();
        for _ in 0..per_node.min(trials - trial) {
            let t = write_until_killed(&client, &mut server, &token, trial).await;
            in_flight_at_kills += t.in_flight_at_kill;
            server = start_server(&db, &client).await;
            // The session survived too: it was acknowledged before the first crash.
            let lost = missing(&client, &server.base, &token, &t.acked).await;
            assert!(
                lost.is_empty(),
                "trial {trial}: {} of {} acknowledged writes lost: {lost:?}",
                lost.len(),
                t.acked.len()
            );
            let out = db.cli(&["audit", "verify"]).await;
            assert!(out.success(), "trial {trial}: journal broken: {out:#?}");
            node_acked.extend(t.acked);
            trial += 1;
        }
        // Finally, everything acknowledged on this node in every trial is still there.
        finish_node(&client, &db, server, &token, &node_acked).await;
        all_acked.extend(node_acked);
    }
    let unique: std::collections::HashSet<&String> = all_acked.iter().collect();
    assert_eq!(unique.len(), all_acked.len());
    if trials > 0 {
        assert!(!all_acked.is_empty(), "no write was acknowledged");
        assert!(
            in_flight_at_kills > 0,
            "no kill ever hit a write under way: the test tested nothing"
        );
    }
    println!(
        "kill -9 durability ({}): {trials} trials, {} acknowledged writes, {in_flight_at_kills} writes under way at the kills, 0 lost, {:.1} s",
        engine.map(|e| format!("{e:?}")).unwrap_or_default(),
        all_acked.len(),
        started.elapsed().as_secs_f64()
    );
}
