//! `homeward retention run`: applies the retention rules (safe to run from cron).

use crate::NodeArgs;
use crate::node;
use crate::output::say;
use anyhow::{Result, anyhow};
use clap::Subcommand;
use homeward_domain::privacy::retention::RetentionRules;
use std::path::PathBuf;

/// The rules shipped with Homeward, used unless `--rules` names the deployment's own.
const SHIPPED_RULES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../config/retention.toml"
));

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// Anonymise and delete what the rules say is due. Idempotent: run it daily from cron.
    Run {
        /// The deployment's rules file (TOML, as config/retention.toml).
        #[arg(long, env = "HOMEWARD_RETENTION_RULES")]
        rules: Option<PathBuf>,
        /// Count what is due without changing anything.
        #[arg(long)]
        dry_run: bool,
        /// Apply the rules as of this date (YYYY-MM-DD, today or later) instead of today: for
        /// rehearsing a policy change. Dates before today are refused, so nothing is kept
        /// longer by accident and nothing is judged against a past policy.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Print the rules in force and where they come from.
    Rules {
        #[arg(long, env = "HOMEWARD_RETENTION_RULES")]
        rules: Option<PathBuf>,
    },
}

fn load(path: Option<&PathBuf>) -> Result<RetentionRules> {
    let (name, text) = match path {
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).map_err(|e| anyhow!("{}: {e}", p.display()))?,
        ),
        None => ("config/retention.toml".to_owned(), SHIPPED_RULES.to_owned()),
    };
    RetentionRules::parse(&text).map_err(|e| anyhow!("{name}: {e}"))
}

pub async fn run(node_args: &NodeArgs, cmd: RetentionCommand) -> Result<()> {
    match cmd {
        RetentionCommand::Rules { rules } => {
            let rules = load(rules.as_ref())?;
            say!("version: {}\nsource: {}", rules.version, rules.source);
            for r in &rules.rules {
                say!("{}: {} after {} days", r.record, r.action, r.after_days);
            }
        }
        RetentionCommand::Run {
            rules,
            dry_run,
            as_of,
        } => {
            let rules = load(rules.as_ref())?;
            let today = time::OffsetDateTime::now_utc().date();
            let as_of = match as_of {
                Some(text) => {
                    let d = homeward_domain::cases::person::date("--as-of", &text)
                        .map_err(|_| anyhow!("--as-of: not a date (YYYY-MM-DD)"))?;
                    if d < today {
                        return Err(anyhow!("--as-of: {d} is before today"));
                    }
                    d
                }
                None => today,
            };
            let app = node::open(node_args).await?;
            let bar = crate::progress::bar("anonymising");
            let report = app
                .run_retention(&rules, as_of, dry_run, &crate::progress::reporter(&bar))
                .await
                .map_err(node::explain)?;
            bar.finish_and_clear();
            let verb = if dry_run { "due" } else { "done" };
            say!(
                "retention rules {} as of {as_of}: {} persons anonymised ({verb}), {} expired sessions deleted ({verb})",
                report.rules_version,
                report.persons_anonymised,
                report.sessions_deleted
            );
        }
    }
    Ok(())
}
