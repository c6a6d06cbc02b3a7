//! Reading both logs back in one snapshot: each chain recomputed, each tree rebuilt from the
//! entries' hashes and compared with the leaves the node stored, the roots noted at every size a
//! head (the node's or a witness's) names, the journal replayed into the scratch database, and
//! the access log's person index checked.

use super::Failure;
use crate::db::{Arg, Tx};
use crate::journal::reads::entry;
use crate::{Store, StoreError, projection};
use homeward_domain::events::Event;
use homeward_domain::journal::chain::{ChainVerifier, Entry};
use homeward_domain::journal::heads::{ACCESS_LOG, JOURNAL, Rotation, entry_leaf};
use homeward_domain::journal::merkle::{Frontier, Hash, from_hex};
use std::collections::{BTreeMap, BTreeSet};

const PAGE: i64 = 2000;

/// What reading one log found.
pub(super) struct Log {
    pub(super) size: i64,
    /// The chain's last hash.
    pub(super) head: String,
    pub(super) leaves: Vec<Hash>,
    /// The tree's root at each size of interest.
    pub(super) roots: BTreeMap<i64, Hash>,
    /// When each entry after the last head was written (for an interval's unsigned tail).
    pub(super) times: BTreeMap<i64, String>,
    /// Key hand-overs found in the journal.
    pub(super) rotations: Vec<Rotation>,
}

const JOURNAL_PAGE: &str = "SELECT seq, at, actor, organisation, kind, subject, payload, prev_hash, hash FROM journal WHERE seq > $1 ORDER BY seq LIMIT $2";
const ACCESS_PAGE: &str = "SELECT seq, at, actor, organisation, kind, subject, payload, prev_hash, hash FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2";
const LEAVES_PAGE: &str = "SELECT idx, hash FROM merkle_nodes WHERE tree = $1 AND level = 0 AND idx >= $2 ORDER BY idx LIMIT $3";

/// Reads `tree`'s log. `wanted`: sizes whose root to note; `after_head`: entries past this size
/// have their times noted; `scratch`: where the journal is replayed.
pub(super) async fn read(
    live: &mut Tx,
    tree: &'static str,
    wanted: &BTreeSet<i64>,
    after_head: i64,
    scratch: Option<&Store>,
    progress: &(dyn Fn(i64, i64) + Sync),
    total: i64,
) -> Result<Result<Log, Failure>, StoreError> {
    let query = if tree == JOURNAL {
        JOURNAL_PAGE
    } else {
        ACCESS_PAGE
    };
    let mut chain = ChainVerifier::default();
    let mut frontier = Frontier::default();
    let mut log = Log {
        size: 0,
        head: String::new(),
        leaves: Vec::new(),
        roots: BTreeMap::new(),
        times: BTreeMap::new(),
        rotations: Vec::new(),
    };
    let mut index = AccessIndex::default();
    loop {
        let page: Vec<Entry> = live
            .fetch(query, &[Arg::Int(log.size), Arg::Int(PAGE)])
            .await?
            .iter()
            .map(entry)
            .collect();
        if page.is_empty() {
            break;
        }
        let stored = stored_leaves(live, tree, log.size, page.len() as i64).await?;
        let mut replay = match scratch {
            Some(s) => Some(crate::journal::tx::begin_tx(s.pool()).await?),
            None => None,
        };
        for e in &page {
            if let Err(b) = chain.push(e) {
                return Ok(Err(if tree == JOURNAL {
                    Failure::Chain(b)
                } else {
                    Failure::AccessLog(b)
                }));
            }
            let Some(leaf) = entry_leaf(&e.hash) else {
                return Ok(Err(Failure::Leaf {
                    tree: tree.into(),
                    seq: e.seq,
                    missing: false,
                }));
            };
            match stored.get(&(e.seq - 1)) {
                Some(s) if *s == leaf => {}
                found => {
                    return Ok(Err(Failure::Leaf {
                        tree: tree.into(),
                        seq: e.seq,
                        missing: found.is_none(),
                    }));
                }
            }
            frontier.push(leaf);
            log.leaves.push(leaf);
            if wanted.contains(&e.seq) {
                log.roots.insert(e.seq, frontier.root());
            }
            if e.seq > after_head {
                log.times.insert(e.seq, e.at.clone());
            }
            if tree == ACCESS_LOG {
                if let Err(seq) = index.expect(e) {
                    return Ok(Err(Failure::AccessIndex { seq }));
                }
                continue;
            }
            let Ok(event) = Event::from_parts(&e.kind, &e.payload) else {
                return Ok(Err(Failure::Payload {
                    seq: e.seq,
                    kind: e.kind.clone(),
                }));
            };
            if let Event::NodeKeyRotated(r) = &event {
                log.rotations.push(Rotation {
                    seq: e.seq,
                    previous_key_id: r.previous_key_id.clone(),
                    key_id: r.key_id.clone(),
                    public_key: r.public_key.clone(),
                    endorsement: r.endorsement.clone(),
                });
            }
            if let Some(tx) = replay.as_mut() {
                projection::apply(tx, e.seq, &e.at, &e.actor, &event).await?;
            }
        }
        if let Some(tx) = replay {
            tx.commit().await?;
        }
        log.size = page.last().map(|e| e.seq).unwrap_or(log.size);
        if tree == JOURNAL {
            progress(log.size, total);
        }
    }
    if let Some(seq) = extra_leaf(live, tree, log.size).await? {
        return Ok(Err(Failure::Leaf {
            tree: tree.into(),
            seq,
            missing: true,
        }));
    }
    if tree == ACCESS_LOG
        && let Err(seq) = index.check(live).await?
    {
        return Ok(Err(Failure::AccessIndex { seq }));
    }
    log.head = chain.head().1.to_owned();
    Ok(Ok(log))
}

/// The stored leaves of entries `after + 1 ..= after + n`, by leaf index.
async fn stored_leaves(
    live: &mut Tx,
    tree: &str,
    after: i64,
    n: i64,
) -> Result<BTreeMap<i64, Hash>, StoreError> {
    let rows = live
        .fetch(
            LEAVES_PAGE,
            &[Arg::Text(tree), Arg::Int(after), Arg::Int(n)],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| Some((r[0].int(), from_hex(&r[1].text())?)))
        .collect())
}

/// A stored leaf beyond the log's end: an entry was removed after it was appended.
async fn extra_leaf(live: &mut Tx, tree: &str, size: i64) -> Result<Option<i64>, StoreError> {
    let row = live
        .fetch_optional(LEAVES_PAGE, &[Arg::Text(tree), Arg::Int(size), Arg::Int(1)])
        .await?;
    Ok(row.map(|r| r[0].int() + 1))
}

/// The access log's person index: what the entries say, to compare with what is indexed.
#[derive(Default)]
struct AccessIndex {
    expected: Vec<(i64, String)>,
}

impl AccessIndex {
    fn expect(&mut self, e: &Entry) -> Result<(), i64> {
        let persons = serde_json::from_str::<serde_json::Value>(&e.payload)
            .ok()
            .and_then(|v| v["persons"].as_array().cloned())
            .ok_or(e.seq)?;
        self.expected.extend(
            persons
                .iter()
                .map(|p| (e.seq, p.as_str().unwrap_or_default().to_owned())),
        );
        Ok(())
    }

    async fn check(mut self, live: &mut Tx) -> Result<Result<(), i64>, StoreError> {
        self.expected.sort();
        let indexed: Vec<(i64, String)> = live
            .fetch(
                "SELECT seq, person_id FROM access_log_persons ORDER BY seq, person_id",
                &[],
            )
            .await?
            .iter()
            .map(|r| (r[0].int(), r[1].text()))
            .collect();
        let expected = &self.expected;
        let differs = expected
            .iter()
            .zip(&indexed)
            .find(|(a, b)| a != b)
            .map(|(a, b)| a.0.min(b.0))
            .or_else(|| {
                (expected.len() != indexed.len()).then(|| {
                    expected
                        .get(indexed.len())
                        .or(indexed.get(expected.len()))
                        .map_or(0, |p| p.0)
                })
            });
        Ok(match differs {
            Some(seq) => Err(seq),
            None => Ok(()),
        })
    }
}
