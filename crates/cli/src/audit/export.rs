//! `homeward audit verify --export FILE --public-key KEY`: an export verified with nothing but the
//! file and a key the auditor obtained from the node out of band.

use crate::output::say;
use anyhow::{Context, Result};
use homeward_app::journal::export::{EXPORT_FORMAT, ExportLine};
use homeward_crypto::{key_id, verify_signature};
use homeward_domain::events::Event;
use homeward_domain::journal::chain::ChainVerifier;
use homeward_domain::journal::heads::{JOURNAL, KeyChain, Rotation, SignedHead, entry_leaf};
use homeward_domain::journal::merkle::{Frontier, to_hex};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

/// Verifies an export: the chain, the tree rebuilt from the entries against every signed head,
/// the heads' signatures along the node's key hand-overs, and that `public_key` is one of them.
pub fn verify(file: &Path, public_key: &str) -> Result<ExitCode> {
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let fail = |msg: String| -> Result<ExitCode> {
        say!("EXPORT NOT INTACT: {msg}");
        Ok(ExitCode::from(1))
    };
    let mut chain = ChainVerifier::default();
    let mut frontier = Frontier::default();
    let mut roots = BTreeMap::new();
    let mut rotations = Vec::new();
    let mut heads: Vec<SignedHead> = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        let Ok(parsed) = serde_json::from_str::<ExportLine>(&line) else {
            return fail(format!("line {} is not a journal export line", i + 1));
        };
        match parsed {
            ExportLine::Header { format, .. } if i == 0 && format == EXPORT_FORMAT => {}
            ExportLine::Header { .. } => return fail(format!("line {}: unexpected header", i + 1)),
            _ if i == 0 => return fail("the first line is not an export header".into()),
            ExportLine::Entry(e) => {
                if let Err(b) = chain.push(&e) {
                    return fail(b.to_string());
                }
                let Some(leaf) = entry_leaf(&e.hash) else {
                    return fail(format!("entry {}: a malformed hash", e.seq));
                };
                frontier.push(leaf);
                roots.insert(e.seq, frontier.root());
                if let Ok(Event::NodeKeyRotated(r)) = Event::from_parts(&e.kind, &e.payload) {
                    rotations.push(Rotation {
                        seq: e.seq,
                        previous_key_id: r.previous_key_id,
                        key_id: r.key_id,
                        public_key: r.public_key,
                        endorsement: r.endorsement,
                    });
                }
            }
            ExportLine::Head(h) if h.tree == JOURNAL => heads.push(h),
            ExportLine::Head(_) => {}
        }
    }
    let Some(first) = heads.iter().min_by_key(|h| h.size) else {
        return fail("no signed head".into());
    };
    let keys = match KeyChain::build(
        (first.key_id.clone(), first.public_key.clone()),
        &rotations,
        verify_signature,
        key_id,
    ) {
        Ok(k) => k,
        Err(e) => return fail(e.to_string()),
    };
    if !key_id(public_key).is_some_and(|id| keys.contains(&id)) {
        return fail("the given key never signed for this node".into());
    }
    let mut covered = 0;
    for h in &heads {
        let (want_id, _) = keys.key_for(h.size);
        let matches = roots.get(&h.size).map(to_hex).as_deref() == Some(h.root.as_str());
        if !matches {
            return fail(format!(
                "the signed head of {} entries does not match the entries",
                h.size
            ));
        }
        if h.key_id != want_id || !verify_signature(&h.public_key, &h.message(), &h.signature) {
            return fail(format!(
                "the head of {} entries is not signed by the key in force for it",
                h.size
            ));
        }
        covered = covered.max(h.size);
    }
    let (entries, head) = chain.head();
    if covered < entries {
        return fail(format!(
            "entries {} to {entries} are not covered by a signed head",
            covered + 1
        ));
    }
    say!(
        "export intact: {entries} entries, head {head}, {} signed heads verified along the node's keys",
        heads.len()
    );
    Ok(ExitCode::SUCCESS)
}
