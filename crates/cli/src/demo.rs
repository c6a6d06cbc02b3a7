//! `homeward demo`: a fictional region with synthetic households, for trying Homeward out.
//!
//! Everything here is invented: three fictional countries with codes from ISO's user-assigned
//! range (XA, XB, XC), their provinces and districts, organisations, one user per role, and
//! households with names in several scripts. The generator is seeded, so the same seed gives the
//! same people.

use crate::NodeArgs;
use crate::output::say;
use anyhow::{Result, anyhow};
use clap::Args;
use homeward_app::accounts::organisations::{Admin, NewUser};
use homeward_app::cases::households::{CaseInput, MemberInput, RegisterHousehold};
use homeward_app::{App, SYSTEM_ACTOR};
use homeward_store::Author;

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

/// SplitMix64: small, fast, and good enough to invent people.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Name pools by script: (female given, male given, family).
type Pool = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);
const POOLS: &[Pool] = &[
    (
        &["أمل", "فاطمة", "مريم", "نور", "ليلى", "سارة", "هدى", "رنا"],
        &["محمد", "أحمد", "يوسف", "علي", "عمر", "خالد", "سامي", "حسن"],
        &[
            "الحسن",
            "العلي",
            "الخطيب",
            "النجار",
            "حداد",
            "السيد",
            "منصور",
            "عيسى",
        ],
        "ar",
    ),
    (
        &["Amina", "Fatou", "Aïcha", "Mariam", "Awa", "Hawa"],
        &[
            "Moussa",
            "Ibrahima",
            "Abdoulaye",
            "Mamadou",
            "Ousmane",
            "Cheikh",
        ],
        &["Diallo", "Traoré", "Ndiaye", "Koné", "Sow", "Camara"],
        "fr",
    ),
    (
        &["ሰላም", "ሓጎስ", "ሩት", "ሚልካ", "ፍሬ"],
        &["ዮናስ", "ዳዊት", "ሙሴ", "ተስፋይ", "ብርሃነ"],
        &["ገብረ", "ተኽለ", "ሃይለ", "ወልደ", "በርሀ"],
        "ti",
    ),
    (
        &["فرشته", "مریم", "زهرا", "شبنم", "پروانه"],
        &["احمد", "جاوید", "فرید", "رحیم", "نوید"],
        &["احمدی", "رحیمی", "حسینی", "کریمی", "نوری"],
        "fa",
    ),
    (
        &["Hodan", "Ayaan", "Sahra", "Fadumo"],
        &["Abdi", "Mohamed", "Farah", "Hassan"],
        &["Warsame", "Abdullahi", "Jama", "Osman"],
        "so",
    ),
];

/// The fictional region as area CSV: three countries, provinces (adm1) and districts (adm2).
pub fn region_csv() -> String {
    let countries = [
        ("XA", "Amberland", 2),
        ("XB", "Borealis", 4),
        ("XC", "Cedaria", 4),
    ];
    let provinces = ["North", "South", "East", "West"];
    let districts = [
        "Riverside",
        "Hillcrest",
        "Lakeshore",
        "Stonebridge",
        "Meadowvale",
    ];
    let mut csv = String::from("pcode,name,level,parent\n");
    for (code, name, n_adm1) in countries {
        csv.push_str(&format!("{code},{name},country,\n"));
        for (i, p) in provinces.iter().take(n_adm1).enumerate() {
            let adm1 = format!("{code}{:02}", i + 1);
            csv.push_str(&format!("{adm1},{p} {name},adm1,{code}\n"));
            for (j, d) in districts.iter().enumerate() {
                csv.push_str(&format!("{adm1}{:02},{d},adm2,{adm1}\n", j + 1));
            }
        }
    }
    csv
}

/// A synthetic household returning to an origin country.
pub fn household(rng: &mut Rng, destinations: &[String]) -> RegisterHousehold {
    let (female, male, family, language) = POOLS[rng.below(POOLS.len())];
    let surname = rng.pick(family).to_owned();
    let size = 1 + rng.below(6);
    let year = 2026;
    let mut members = Vec::with_capacity(size);
    for i in 0..size {
        let female_member = rng.below(2) == 0;
        let (relationship, age) = match i {
            0 => ("head", 20 + rng.below(45)),
            1 => ("spouse", 20 + rng.below(40)),
            _ => ("child", rng.below(18)),
        };
        let birth_year = year - age as i32 - 1;
        members.push(MemberInput {
            relationship: relationship.into(),
            sex: if female_member { "female" } else { "male" }.into(),
            given_name: rng
                .pick(if female_member { female } else { male })
                .to_owned(),
            family_name: surname.clone(),
            date_of_birth: Some(format!(
                "{birth_year}-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            )),
            languages: vec![language.to_owned()],
            nationality: Some(if rng.below(2) == 0 { "XB" } else { "XC" }.into()),
            phone: (rng.below(3) > 0)
                .then(|| format!("+999 {:03} {:04}", rng.below(1000), rng.below(10000))),
            ..Default::default()
        });
    }
    let kinds = [
        "assisted_voluntary_return",
        "assisted_voluntary_return",
        "assisted_voluntary_return",
        "voluntary_repatriation",
        "spontaneous_return",
        "forced_return",
    ];
    let destination = destinations[rng.below(destinations.len())].clone();
    RegisterHousehold {
        members,
        case: CaseInput {
            kind: rng.pick(&kinds).into(),
            host_country: "XA".into(),
            origin_country: destination[..2].to_owned(),
            destination_area: destination,
            assigned_to: None,
        },
    }
}

pub async fn run(node: &NodeArgs, args: DemoArgs) -> Result<()> {
    if args.password.chars().count() < 12 {
        return Err(anyhow!("--password must have at least 12 characters"));
    }
    let serve_args = crate::serve::ServeArgs {
        listen: args.listen.clone(),
        secure_cookies: false,
        second_factor: args.second_factor,
        trusted_proxy: Vec::new(),
        idle_minutes: 30,
        criteria: None,
        return_index: None,
        safeguards: None,
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
    app.import_boundaries(None, &crate::demo_map::region_geojson(), &|_, _| {})
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
            .map(crate::demo_lifecycle::actor)
            .ok_or_else(|| anyhow!("the demo {key} was not created"))
    };
    let stories = crate::demo_lifecycle::Cast {
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
    crate::demo_lifecycle::assess(app, &stories, &destinations).await?;
    crate::demo_lifecycle::walk(app, &stories).await
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

/// The districts of the origin countries (everything but the host country XA).
pub async fn return_districts(app: &App) -> Result<Vec<String>> {
    let districts = app.store().areas_at_level("adm2").await?;
    Ok(districts
        .into_iter()
        .map(|a| a.pcode)
        .filter(|p| !p.starts_with("XA"))
        .collect())
}

/// Registers `count` synthetic households in one transaction, as the node itself.
pub async fn register_batch(
    app: &App,
    organisation_id: &str,
    caseworker: &str,
    destinations: &[String],
    rng: &mut Rng,
    count: usize,
) -> Result<()> {
    let mut prepared = Vec::with_capacity(count);
    for _ in 0..count {
        let input = household(rng, destinations);
        prepared.push(
            app.prepare_registration(organisation_id, Some(caseworker), input)
                .await
                .map_err(crate::node::explain)?,
        );
    }
    let author = Author {
        actor: SYSTEM_ACTOR.to_owned(),
        organisation: organisation_id.to_owned(),
    };
    app.write_registrations(author, prepared)
        .await
        .map_err(crate::node::explain)?;
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
