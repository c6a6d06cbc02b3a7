//! `homeward`: the one binary. Every option also reads `HOMEWARD_<OPTION>` from the environment.

mod audit;
mod bench;
mod demo;
mod keys;
mod node;
mod output;
mod person_export;
mod progress;
mod retention;
mod serve;

use crate::output::say;
use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "homeward",
    version,
    about = "Homeward: safe, voluntary and dignified return and sustainable reintegration."
)]
struct Cli {
    #[command(flatten)]
    node: NodeArgs,
    #[command(subcommand)]
    command: Command,
}

/// Where the node keeps its data and keys.
#[derive(Args, Clone, Debug)]
pub struct NodeArgs {
    /// Directory for the SQLite database and the key files.
    #[arg(
        long,
        global = true,
        env = "HOMEWARD_DATA_DIR",
        default_value = "./homeward-data"
    )]
    pub data_dir: PathBuf,
    /// Use PostgreSQL instead of the embedded SQLite (postgres://user@host/db). Keys stay in the data dir.
    #[arg(long, global = true, env = "HOMEWARD_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Master key in base64 (32 bytes). When absent, read from (or created in) DATA_DIR/master.key.
    #[arg(
        long,
        global = true,
        env = "HOMEWARD_MASTER_KEY",
        hide_env_values = true
    )]
    pub master_key: Option<String>,
    /// The node's signing key file (created when missing). Keep it outside DATA_DIR: whoever holds
    /// both the data and this key can sign a rewritten journal. Default DATA_DIR/node.key.
    #[arg(long, global = true, env = "HOMEWARD_NODE_KEY_FILE")]
    pub node_key: Option<PathBuf>,
    /// The node's signing key in base64 (32 bytes), instead of a file.
    #[arg(
        long,
        global = true,
        env = "HOMEWARD_NODE_KEY",
        hide_env_values = true,
        conflicts_with = "node_key"
    )]
    pub node_key_base64: Option<String>,
    /// Sign the journal's tree heads at most every this many milliseconds while writes happen;
    /// 0 (the default) signs one in every commit, so no entry is ever outside a signed head.
    #[arg(long, global = true, env = "HOMEWARD_HEAD_INTERVAL_MS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub head_interval_ms: u64,
    /// Log format: text or json.
    #[arg(
        long,
        global = true,
        env = "HOMEWARD_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: String,
    /// Days a data-subject request must be answered within, from its receipt (GDPR art. 12(3)).
    #[arg(
        long,
        global = true,
        env = "HOMEWARD_SUBJECT_REQUEST_DAYS",
        default_value_t = 30,
        value_parser = clap::value_parser!(i64).range(1..=90)
    )]
    pub subject_request_days: i64,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(serve::ServeArgs),
    /// Create a demo deployment with synthetic data in a fictional region and print its logins.
    Demo(demo::DemoArgs),
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Import administrative areas.
    #[command(subcommand)]
    Areas(AreasCommand),
    /// Persons: erasure (crypto-shredding) and the subject-access export.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Apply the retention rules (anonymise and delete what is due).
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// Verify and export the tamper-evident journal.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// The custody of the node's keys.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Measure throughput (results go to docs/PERFORMANCE.md).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Create an organisation; prints its id.
    Add {
        #[arg(long, env = "HOMEWARD_NAME")]
        name: String,
        /// ISO 3166-1 alpha-2 country code.
        #[arg(long, env = "HOMEWARD_COUNTRY")]
        country: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from standard input (first line).
    Add {
        /// Organisation name or id.
        #[arg(long, env = "HOMEWARD_ORG")]
        org: String,
        /// Role(s): caseworker, supervisor, monitor, assessor, programme_manager, finance, dpo, auditor, admin. Repeat or separate with commas.
        #[arg(long, env = "HOMEWARD_ROLE", value_delimiter = ',', required = true)]
        role: Vec<String>,
        /// Email address; the user signs in with it.
        #[arg(long, env = "HOMEWARD_EMAIL")]
        email: String,
        /// Display name; defaults to the part of the email before the @.
        #[arg(long, env = "HOMEWARD_DISPLAY_NAME")]
        name: Option<String>,
    },
    /// Deactivate a user: no more sign-ins, and their sessions end at once.
    Deactivate {
        /// The user's email address.
        #[arg(long, env = "HOMEWARD_EMAIL")]
        email: String,
    },
    /// Remove a user's second factor (a lost phone): journaled; their sessions and API tokens
    /// end and they set up a new one at their next sign-in.
    ResetSecondFactor {
        /// The user's email address.
        #[arg(long, env = "HOMEWARD_EMAIL")]
        email: String,
    },
}

#[derive(Subcommand)]
enum AreasCommand {
    /// Import areas from a CSV file with the header `pcode,name,level,parent`.
    Import { file: PathBuf },
    /// Set area boundaries from a GeoJSON FeatureCollection (`properties.pcode`, or HDX's
    /// `ADM*_PCODE`; Polygon or MultiPolygon). All or nothing; a boundary given again replaces
    /// the earlier one.
    Boundaries { file: PathBuf },
    /// Recompute every assessed area's status as of today (evidence goes stale with time):
    /// run it daily from cron; each change is journaled.
    Recompute,
}

#[derive(Subcommand)]
enum PersonCommand {
    /// Destroy a person's data key: their personal fields become unreadable for good.
    Erase {
        person_id: String,
        /// data_subject_request, retention or legal_order.
        #[arg(long, env = "HOMEWARD_REASON", default_value = "data_subject_request")]
        reason: String,
    },
    /// Export everything held about a person as JSON (for an access request). The export is
    /// recorded in the person's access log. The file is created owner-only (0600).
    Export {
        person_id: String,
        /// Write to this file instead of standard output.
        #[arg(long, short, env = "HOMEWARD_OUTPUT")]
        output: Option<PathBuf>,
    },
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HOMEWARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=error"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.node.log_format);
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("homeward: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    use std::process::ExitCode;
    let node = cli.node;
    match cli.command {
        Command::Serve(args) => serve::run(&node, args).await?,
        Command::Demo(args) => demo::run(&node, args).await?,
        Command::Org(OrgCommand::Add { name, country }) => {
            let app = node::open(&node).await?;
            let org = app
                .create_organisation(
                    homeward_app::accounts::organisations::Admin::Operator,
                    &name,
                    &country,
                )
                .await
                .map_err(node::explain)?;
            say!("{}", org.id);
        }
        Command::User(UserCommand::Add {
            org,
            role,
            email,
            name,
        }) => {
            let app = node::open(&node).await?;
            let organisation = app
                .organisation_named(&org)
                .await
                .map_err(node::explain)?
                .ok_or_else(|| anyhow::anyhow!("no organisation named or with id {org:?}"))?;
            let password = node::read_password()?;
            let display =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let new = homeward_app::accounts::organisations::NewUser {
                organisation_id: &organisation.id,
                email: &email,
                display_name: &display,
                roles: &role,
                password: &password,
            };
            let user = app
                .create_user(homeward_app::accounts::organisations::Admin::Operator, new)
                .await
                .map_err(node::explain)?;
            say!("{}", user.id);
        }
        Command::User(UserCommand::Deactivate { email }) => {
            let app = node::open(&node).await?;
            let user = app
                .user_by_email(&email)
                .await
                .map_err(node::explain)?
                .ok_or_else(|| anyhow::anyhow!("no user with email {email:?}"))?;
            app.deactivate_user(
                homeward_app::accounts::organisations::Admin::Operator,
                &user.id,
            )
            .await
            .map_err(node::explain)?;
            say!("deactivated {email}");
        }
        Command::User(UserCommand::ResetSecondFactor { email }) => {
            let app = node::open(&node).await?;
            let user = app
                .user_by_email(&email)
                .await
                .map_err(node::explain)?
                .ok_or_else(|| anyhow::anyhow!("no user with email {email:?}"))?;
            app.reset_second_factor(
                homeward_app::accounts::organisations::Admin::Operator,
                &user.id,
            )
            .await
            .map_err(node::explain)?;
            say!("second factor reset for {email}");
        }
        Command::Areas(AreasCommand::Import { file }) => {
            let app = node::open(&node).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let n = app
                .import_areas_csv(None, &text)
                .await
                .map_err(node::explain)?;
            say!("imported {n} areas");
        }
        Command::Areas(AreasCommand::Boundaries { file }) => {
            let app = node::open(&node).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let bar = progress::bar("setting boundaries");
            let n = app
                .import_boundaries(None, &text, &progress::reporter(&bar))
                .await
                .map_err(node::explain)?;
            bar.finish_and_clear();
            say!("set {n} area boundaries");
        }
        Command::Areas(AreasCommand::Recompute) => {
            let app = node::open(&node).await?;
            let bar = progress::bar("recomputing");
            let changed = app
                .recompute_area_statuses(&progress::reporter(&bar))
                .await
                .map_err(node::explain)?;
            bar.finish_and_clear();
            say!("area statuses recomputed: {changed} changed");
        }
        Command::Person(PersonCommand::Erase { person_id, reason }) => {
            let app = node::open(&node).await?;
            app.erase_person(None, &person_id, &reason)
                .await
                .map_err(node::explain)?;
            say!("erased {person_id}: the data key is destroyed");
        }
        Command::Retention(cmd) => retention::run(&node, cmd).await?,
        Command::Person(PersonCommand::Export { person_id, output }) => {
            let app = node::open(&node).await?;
            person_export::run(&app, &person_id, output.as_deref()).await?;
        }
        Command::Audit(cmd) => return audit::run(&node, cmd).await,
        Command::Bench(cmd) => bench::run(&node, cmd).await?,
        Command::Keys(cmd) => keys::run(&node, cmd).await?,
    }
    Ok(ExitCode::SUCCESS)
}
