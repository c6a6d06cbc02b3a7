//! `homeward demo`: a fictional region with synthetic households, for trying Homeward out.
//!
//! Everything here is invented: three fictional countries with codes from ISO's user-assigned
//! range (XA, XB, XC), their provinces and districts, organisations, one user per role, and
//! households with names in several scripts. The generator is seeded, so the same seed gives the
//! same people.

pub mod lifecycle;
pub mod map;
pub mod people;
pub mod region;

use crate::NodeArgs;
use crate::output::say;
use anyhow::{Result, anyhow};
use clap::Args;
use homeward_app::App;
use homeward_app::accounts::organisations::{Admin, NewUser};
use people::{Rng, register_batch, return_districts};
use region::region_csv;

#[derive(Args)]
pub struct DemoArgs {
    /// How many households (each with one case) to generate.
    #[arg(long, env = "HOMEWARD_CASES", default_value_t = 200)]
    pub cases: usize,
    /// Serve the demo when it is ready.
    #[arg(long, env = "HOMEWARD_SERVE")]
    pub serve: bool,
    /// Address to serve on, with --serve.
    #[arg(long, env = "HOMEWARD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Password of every demo account (at least 12 characters).
    #[arg(
        long,
        env = "HOMEWARD_DEMO_PASSWORD",
        default_value = "homeward-demo",
        hide_env_values = true
    )]
    pub password: String,
    /// Second factors when serving. Optional by default for the demo, so a newcomer can click
    /// around with the printed logins; the server says so in its log and on every page.
    #[arg(long, env = "HOMEWARD_SECOND_FACTOR", value_enum, default_value_t = crate::serve::SecondFactor::Optional)]
    pub second_factor: crate::serve::SecondFactor,
    /// Seed of the generator: the same seed makes the same households.
    #[arg(long, env = "HOMEWARD_SEED", default_value_t = 2026)]
    pub seed: u64,
}

pub const DEMO_DOMAIN: &str = "demo.homeward.example";
const HOST_ORG: &str = "Amberland Return Support";
const ORIGIN_ORG: &str = "Borealis Reintegration Service";
const ROLES: &[&str] = &[
    "caseworker",
    "supervisor",
    "monitor",
    "assessor",
    "programme_manager",
    "finance",
    "dpo",
    "auditor",
    "admin",
];

pub async fn run(node: &NodeArgs, args: DemoArgs) -> Result<()> {
    if args.password.chars().count() < 12 {
        return Err(anyhow!("--password must have at least 12 characters"));
    }
    let serve_args = crate::serve::ServeArgs {
        listen: args.listen.clone(),
        behind_tls: false,
        insecure_cookies: false,
        second_factor: args.second_factor,
        trusted_proxy: Vec::new(),
        idle_minutes: 30,
        criteria: None,
        return_index: None,
        safeguards: None,
        household_rules: None,
    };
    let app = crate::node::open_with(node, serve_args.settings()?).await?;
    let existing = app
        .organisation_named(HOST_ORG)
        .await
        .map_err(crate::node::explain)?;
    if existing.is_some() {
        say!("The demo data is already here; serving it as it is.");
    } else if !app.store().organisations().await?.is_empty() {
        return Err(anyhow!(
            "{} already holds a non-demo deployment; use a fresh --data-dir for the demo",
            node.data_dir.display()
        ));
    } else {
        build(&app, &args).await?;
    }
    print_logins(&args.password);
    if args.serve {
        crate::serve::warn_if_key_beside_data(node);
        crate::serve::serve_app(app, &serve_args).await?;
    }
    Ok(())
}

async fn build(app: &App, args: &DemoArgs) -> Result<()> {
    let explain = crate::node::explain;
    let areas = app
        .import_areas_csv(None, &region_csv())
        .await
        .map_err(explain)?;
    app.import_boundaries(None, &crate::demo::map::region_geojson(), &|_, _| {})
        .await
        .map_err(explain)?;
    let host = app
        .create_organisation(Admin::Operator, HOST_ORG, "XA")
        .await
        .map_err(explain)?;
    let origin = app
        .create_organisation(Admin::Operator, ORIGIN_ORG, "XB")
        .await
        .map_err(explain)?;
    let mut cast: std::collections::HashMap<String, homeward_store::accounts::UserRow> =
        std::collections::HashMap::new();
    for role in ROLES {
        let email = format!("{}@{DEMO_DOMAIN}", role.replace('_', "-"));
        let display = role.replace('_', " ");
        let user = app
            .create_user(
                Admin::Operator,
                NewUser {
                    organisation_id: &host.id,
                    email: &email,
                    display_name: &display,
                    roles: &[(*role).to_owned()],
                    password: &args.password,
                },
            )
            .await
            .map_err(explain)?;
        cast.insert((*role).to_owned(), user);
    }
    // The second organisation: a case worker (cases across organisations) and an assessor (two
    // organisations must confirm an area before it is safe).
    for (role, display) in [
        ("caseworker", "Borealis caseworker"),
        ("assessor", "Borealis assessor"),
    ] {
        let email = format!("{role}@borealis.{DEMO_DOMAIN}");
        let user = app
            .create_user(
                Admin::Operator,
                NewUser {
                    organisation_id: &origin.id,
                    email: &email,
                    display_name: display,
                    roles: &[role.to_owned()],
                    password: &args.password,
                },
            )
            .await
            .map_err(explain)?;
        cast.insert(format!("borealis-{role}"), user);
    }
    let member = |key: &str| {
        cast.get(key)
            .map(crate::demo::lifecycle::actor)
            .ok_or_else(|| anyhow!("the demo {key} was not created"))
    };
    let stories = crate::demo::lifecycle::Cast {
        caseworker: member("caseworker")?,
        supervisor: member("supervisor")?,
        assessors: [member("assessor")?, member("borealis-assessor")?],
    };
    let caseworker = stories.caseworker.user_id.clone();
    let destinations = return_districts(app).await?;
    say!(
        "Created {areas} areas, 2 organisations and {} users.",
        ROLES.len() + 2
    );
    generate(
        app,
        &host.id,
        &caseworker,
        &destinations,
        args.cases,
        args.seed,
    )
    .await?;
    crate::demo::lifecycle::assess(app, &stories, &destinations).await?;
    crate::demo::lifecycle::walk(app, &stories).await
}

/// Registers `n` synthetic households in transactions of 500, with a progress bar.
pub async fn generate(
    app: &App,
    organisation_id: &str,
    caseworker: &str,
    destinations: &[String],
    n: usize,
    seed: u64,
) -> Result<()> {
    let bar = crate::progress::bar("households");
    bar.set_length(n as u64);
    let mut rng = Rng::new(seed);
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(500);
        register_batch(
            app,
            organisation_id,
            caseworker,
            destinations,
            &mut rng,
            batch,
        )
        .await?;
        done += batch;
        bar.set_position(done as u64);
    }
    bar.finish_and_clear();
    say!("Registered {n} households with their cases.");
    Ok(())
}

fn print_logins(password: &str) {
    say!("\nDemo logins (password for all: {password}):");
    for role in ROLES {
        say!("  {:<18} {}@{DEMO_DOMAIN}", role, role.replace('_', "-"));
    }
    for role in ["caseworker", "assessor"] {
        say!("  {role:<18} {role}@borealis.{DEMO_DOMAIN} (another organisation)");
    }
}
