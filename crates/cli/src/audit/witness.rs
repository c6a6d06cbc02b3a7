//! `homeward audit witness --node URL --store FILE`: what an auditor, an ombudsperson or another
//! node runs on its own machine, as often as it likes. Each run fetches the node's signed heads,
//! checks their signatures along the node's key hand-overs from the key it pinned, proves with
//! consistency proofs that the node's log still extends every head kept, fetches the new leaves
//! (unless it keeps heads only) and checks they rebuild the new head, and appends what it saw to
//! its store. A node that rewrote or shortened its log cannot pass.

use crate::output::say;
use anyhow::{Context, Result, anyhow};
use homeward_crypto::{key_id, verify_signature};
use homeward_domain::journal::heads::{KeyChain, Rotation, SignedHead, TREES};
use homeward_domain::journal::merkle::{Hash, from_hex, root_of, to_hex, verify_consistency};
use homeward_domain::journal::witness::{Leaves, Line, Watched, Witness};
use serde::Deserialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// What a run found wrong with the node; nothing of that run is kept.
struct Inconsistent(String);

#[derive(Deserialize)]
struct ProofBody {
    proof: Vec<String>,
}

#[derive(Deserialize)]
struct LeavesBody {
    leaves: Vec<String>,
}

#[derive(Deserialize)]
struct RotationBody {
    seq: i64,
    previous_key_id: String,
    key_id: String,
    public_key: String,
    endorsement: String,
}

struct Node {
    client: reqwest::Client,
    url: String,
}

impl Node {
    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<Option<T>> {
        let url = format!("{}{path}", self.url);
        let answer = self
            .client
            .get(&url)
            .send()
            .await
            .with_context(|| format!("cannot reach {url}"))?;
        if answer.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !answer.status().is_success() {
            return Err(anyhow!("{url} answered {}", answer.status()));
        }
        Ok(Some(answer.json().await.with_context(|| {
            format!("{url}: not the expected JSON")
        })?))
    }
}

fn hashes(hex: &[String]) -> Result<Vec<Hash>> {
    hex.iter()
        .map(|h| from_hex(h).ok_or_else(|| anyhow!("the node sent a malformed hash")))
        .collect()
}

pub async fn run(
    url: &str,
    store: &Path,
    heads_only: bool,
    pin: Option<String>,
) -> Result<ExitCode> {
    let node = Node {
        client: reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()?,
        url: url.trim_end_matches('/').to_owned(),
    };
    let kept = match std::fs::read_to_string(store) {
        Ok(text) => Some(Witness::parse(&text).map_err(|e| anyhow!("{}: {e}", store.display()))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| store.display().to_string()),
    };
    let mut lines = Vec::new();
    let watched = match &kept {
        Some(w) => w.node.clone(),
        None => {
            let first: SignedHead = node
                .get("/api/v1/journal/head?tree=journal")
                .await?
                .ok_or_else(|| anyhow!("the node has signed no head yet"))?;
            let public_key = pin.unwrap_or(first.public_key);
            let key = key_id(&public_key).ok_or_else(|| anyhow!("not an Ed25519 public key"))?;
            let w = Watched {
                url: node.url.clone(),
                key_id: key,
                public_key,
            };
            lines.push(Line::Node(w.clone()));
            w
        }
    };
    let empty = Witness {
        node: watched.clone(),
        heads: Default::default(),
        leaves: Default::default(),
    };
    let kept = kept.unwrap_or(empty);
    let keys = match key_chain(&node, &watched).await? {
        Ok(k) => k,
        Err(Inconsistent(why)) => return inconsistent(&why),
    };
    for tree in TREES {
        match watch(&node, &kept, &keys, tree, heads_only).await? {
            Ok(mut seen) => lines.append(&mut seen),
            Err(Inconsistent(why)) => return inconsistent(&why),
        }
    }
    append(store, &lines)?;
    Ok(ExitCode::SUCCESS)
}

fn inconsistent(why: &str) -> Result<ExitCode> {
    say!("NODE INCONSISTENT: {why}");
    Ok(ExitCode::from(1))
}

/// The node's keys from the pinned one on, each hand-over endorsed by the key before it.
async fn key_chain(
    node: &Node,
    watched: &Watched,
) -> Result<std::result::Result<KeyChain, Inconsistent>> {
    let all: Vec<RotationBody> = node.get("/api/v1/journal/keys").await?.unwrap_or_default();
    let from = all
        .iter()
        .position(|r| r.previous_key_id == watched.key_id)
        .unwrap_or(all.len());
    let rotations: Vec<Rotation> = all
        .into_iter()
        .skip(from)
        .map(|r| Rotation {
            seq: r.seq,
            previous_key_id: r.previous_key_id,
            key_id: r.key_id,
            public_key: r.public_key,
            endorsement: r.endorsement,
        })
        .collect();
    // The pinned key signs from wherever it took over; sizes before that were seen under it.
    Ok(KeyChain::build(
        (watched.key_id.clone(), watched.public_key.clone()),
        &rotations,
        verify_signature,
        key_id,
    )
    .map_err(|e| Inconsistent(e.to_string())))
}

/// One tree: the new head checked against every head kept, and (unless heads only) the new
/// leaves fetched and checked to rebuild it. Returns the lines to keep.
async fn watch(
    node: &Node,
    kept: &Witness,
    keys: &KeyChain,
    tree: &str,
    heads_only: bool,
) -> Result<std::result::Result<Vec<Line>, Inconsistent>> {
    let bad = |why: String| Ok(Err(Inconsistent(format!("{tree}: {why}"))));
    let Some(head): Option<SignedHead> = node
        .get(&format!("/api/v1/journal/head?tree={tree}"))
        .await?
    else {
        return Ok(Ok(Vec::new()));
    };
    let signer = keys.current();
    if head.key_id != signer
        || key_id(&head.public_key).as_deref() != Some(signer)
        || !verify_signature(&head.public_key, &head.message(), &head.signature)
    {
        return bad(format!(
            "the head of {} entries is not signed by the node's key in force",
            head.size
        ));
    }
    let Some(new_root) = from_hex(&head.root) else {
        return bad("the head's root is malformed".into());
    };
    let mut sizes: Vec<(i64, String)> = kept
        .heads
        .get(tree)
        .into_iter()
        .flatten()
        .map(|h| (h.size, h.root.clone()))
        .collect();
    sizes.sort();
    sizes.dedup();
    for (size, root) in &sizes {
        if *size > head.size {
            return bad(format!(
                "the witness saw {size} entries, the node now signs {}: its log was shortened",
                head.size
            ));
        }
        let Some(old_root) = from_hex(root) else {
            return bad("a kept head is malformed".into());
        };
        let path = format!(
            "/api/v1/journal/proof/consistency?tree={tree}&from={size}&to={}",
            head.size
        );
        let proof: ProofBody = node
            .get(&path)
            .await?
            .ok_or_else(|| anyhow!("the node has no consistency proof to {}", head.size))?;
        if !verify_consistency(
            *size as u64,
            head.size as u64,
            &old_root,
            &new_root,
            &hashes(&proof.proof)?,
        ) {
            return bad(format!(
                "the log of {} entries does not extend the log of {size} entries the witness saw (root {root}): it was rewritten",
                head.size
            ));
        }
    }
    let mut lines = Vec::new();
    if !heads_only {
        let mut leaves: Vec<Hash> = kept.leaves.get(tree).cloned().unwrap_or_default();
        let from = leaves.len() as i64;
        while (leaves.len() as i64) < head.size {
            let path = format!(
                "/api/v1/journal/leaves?tree={tree}&from={}&limit=10000",
                leaves.len()
            );
            let page: LeavesBody = node
                .get(&path)
                .await?
                .unwrap_or(LeavesBody { leaves: vec![] });
            if page.leaves.is_empty() {
                return bad(format!("the node sends no leaves past {}", leaves.len()));
            }
            leaves.extend(hashes(&page.leaves)?);
        }
        leaves.truncate(head.size as usize);
        if root_of(&leaves) != new_root {
            return bad(format!(
                "the node's leaves do not rebuild its head of {} entries",
                head.size
            ));
        }
        lines.push(Line::Leaves(Leaves {
            tree: tree.to_owned(),
            from,
            hashes: leaves[from as usize..].iter().map(to_hex).collect(),
        }));
    }
    say!(
        "{tree}: head of {} entries at {}, consistent with {} heads kept",
        head.size,
        head.at,
        sizes.len()
    );
    if sizes.last().map(|s| s.0) != Some(head.size) {
        lines.push(Line::Head(head));
    }
    Ok(Ok(lines))
}

/// Appends the lines to the store durably (created owner-only when missing).
fn append(store: &Path, lines: &[Line]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(store)
        .with_context(|| format!("cannot write {}", store.display()))?;
    for line in lines {
        serde_json::to_writer(&mut f, line)?;
        f.write_all(b"\n")?;
    }
    f.sync_all()?;
    Ok(())
}
