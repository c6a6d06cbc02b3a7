//! `homeward person export`: everything held about one person, for the operator answering an
//! access request. The application records the export in the person's access log (as the node,
//! purpose `data_protection`) before anything is written out.

use anyhow::{Context, Result};
use homeward_app::App;
use std::io::Write;
use std::path::Path;

pub async fn run(app: &App, person_id: &str, output: Option<&Path>) -> Result<()> {
    let bar = crate::progress::bar("exporting");
    let export = app
        .export_person(None, person_id, None, &crate::progress::reporter(&bar))
        .await
        .map_err(crate::node::explain)?;
    bar.finish_and_clear();
    let mut text = serde_json::to_vec_pretty(&export)?;
    text.push(b'\n');
    match output {
        None => std::io::stdout().write_all(&text)?,
        Some(path) => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options
                .open(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            // A file that existed before keeps its mode; make it owner-only as well.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
            f.write_all(&text)?;
            f.sync_all()?;
            eprintln!(
                "exported {person_id} to {} ({} journal entries, {} reads in the access log)",
                path.display(),
                export.journal.len(),
                export.access_log.len()
            );
        }
    }
    Ok(())
}
