//! Opening the node: data directory, key files, storage engine.

use crate::NodeArgs;
use anyhow::{Context, Result, anyhow};
use homeward_app::{App, AppError, Settings};
use homeward_crypto::{MasterKey, NodeKey};
use homeward_store::{HeadPolicy, Location};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates the data directory (owner-only) when missing.
fn ensure_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create data directory {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Reads a key file, or creates it with owner-only permissions when missing.
pub fn key_file(path: &Path, make: impl FnOnce() -> String) -> Result<String> {
    if path.exists() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(anyhow!(
                    "{} is readable by other users (mode {mode:o}); run chmod 600 on it",
                    path.display()
                ));
            }
        }
        return Ok(std::fs::read_to_string(path)?.trim().to_owned());
    }
    let value = make();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(value.as_bytes())?;
    f.sync_all()?;
    Ok(value)
}

pub fn location(node: &NodeArgs) -> Location {
    match &node.database_url {
        Some(url) => Location::Postgres {
            url: url.clone(),
            schema: None,
        },
        None => Location::Sqlite(node.data_dir.join("homeward.sqlite")),
    }
}

pub async fn open(node: &NodeArgs) -> Result<App> {
    open_with(node, Settings::default()).await
}

/// Opens the node with the given settings (the server's options).
pub async fn open_with(node: &NodeArgs, settings: Settings) -> Result<App> {
    ensure_dir(&node.data_dir)?;
    let master = match &node.master_key {
        Some(b64) => MasterKey::from_base64(b64)?,
        None => MasterKey::from_base64(&key_file(&node.data_dir.join("master.key"), || {
            MasterKey::generate().to_base64()
        })?)?,
    };
    let node_key = node_key(node)?;
    let settings = Settings {
        subject_request_days: node.subject_request_days,
        heads: HeadPolicy {
            every: std::time::Duration::from_millis(node.head_interval_ms),
        },
        ..settings
    };
    App::open(&location(node), master, node_key, settings)
        .await
        .map_err(explain)
}

/// Where the node's signing key file is, when it comes from a file.
pub fn node_key_path(node: &NodeArgs) -> Option<PathBuf> {
    if node.node_key_base64.is_some() {
        return None;
    }
    Some(
        node.node_key
            .clone()
            .unwrap_or_else(|| node.data_dir.join("node.key")),
    )
}

/// The node's signing key: from the environment, or from its file (created when missing).
pub fn node_key(node: &NodeArgs) -> Result<NodeKey> {
    let text = match (&node.node_key_base64, node_key_path(node)) {
        (Some(b64), _) => b64.clone(),
        (None, Some(path)) => key_file(&path, || NodeKey::generate().to_base64())?,
        (None, None) => return Err(anyhow!("no node key")),
    };
    NodeKey::from_base64(&text).ok_or_else(|| anyhow!("the node key is not a valid Ed25519 key"))
}

/// Whether the signing key file sits in the data directory, beside an SQLite database: a copy of
/// the directory then carries both the journal and the key that can re-sign it.
pub fn node_key_beside_data(node: &NodeArgs) -> bool {
    let Some(path) = node_key_path(node) else {
        return false;
    };
    let dir = node
        .data_dir
        .canonicalize()
        .unwrap_or(node.data_dir.clone());
    let parent = path
        .parent()
        .map(|p| p.canonicalize().unwrap_or(p.to_path_buf()))
        .unwrap_or_default();
    node.database_url.is_none() && parent.starts_with(&dir)
}

/// Turns a service error into a message for the operator (field pointers and message ids).
pub fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(i) => anyhow!("{i}"),
        AppError::Store(s) => anyhow!("storage: {s}"),
        other => anyhow!("{other}"),
    }
}

/// The first line of standard input, without its line ending.
pub fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}
