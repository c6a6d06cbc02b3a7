//! Opening the node: data directory, key files, storage engine.

use crate::NodeArgs;
use anyhow::{Context, Result, anyhow};
use homeward_app::{App, AppError, Settings};
use homeward_crypto::{MasterKey, NodeKey};
use homeward_store::Location;
use std::io::Write;
use std::path::Path;

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
fn key_file(path: &Path, make: impl FnOnce() -> String) -> Result<String> {
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
    let node_key = NodeKey::from_base64(&key_file(&node.data_dir.join("node.key"), || {
        NodeKey::generate().to_base64()
    })?)
    .ok_or_else(|| anyhow!("node.key is not a valid Ed25519 key"))?;
    let settings = Settings {
        subject_request_days: node.subject_request_days,
        ..settings
    };
    App::open(&location(node), master, node_key, settings)
        .await
        .map_err(explain)
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
