//! `homeward serve`.

use crate::NodeArgs;
use crate::output::say;
use anyhow::{Context, Result};
use clap::Args;
use homeward_app::{App, SecondFactorPolicy, Settings};
use homeward_domain::conditions::criteria::Criteria;
use homeward_domain::conditions::severity::SeverityConfig;
use homeward_web::WebState;
use std::sync::Arc;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "HOMEWARD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Served behind a TLS proxy: browsers are told to stay on HTTPS (HSTS). (Cookies are
    /// always `Secure` with the `__Host-` prefix unless --insecure-cookies.)
    #[arg(long, alias = "secure-cookies", env = "HOMEWARD_BEHIND_TLS")]
    pub behind_tls: bool,
    /// Cookies without `Secure` and the `__Host-` prefix, for plain HTTP between machines (a LAN
    /// without TLS, whose browsers refuse Secure cookies from a non-local address). Lets a
    /// network attacker read and plant session cookies: avoid; logged as a warning at start.
    #[arg(long, env = "HOMEWARD_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// Second factors for roles that reach personal data: required (the default), or optional —
    /// for development and demonstrations only.
    #[arg(long, env = "HOMEWARD_SECOND_FACTOR", value_enum, default_value_t = SecondFactor::Required)]
    pub second_factor: SecondFactor,
    /// Address of a reverse proxy whose X-Forwarded-For header is believed (repeat for several).
    /// From any other peer the header is ignored and the TCP peer address is the client's.
    #[arg(long, env = "HOMEWARD_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<std::net::IpAddr>,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "HOMEWARD_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=1440))]
    pub idle_minutes: i64,
    /// The deployment's return-area criteria (TOML, as config/area-criteria.toml). Checked at
    /// start; a bad file stops the server with the line at fault.
    #[arg(long, env = "HOMEWARD_CRITERIA")]
    pub criteria: Option<std::path::PathBuf>,
    /// The deployment's severity-score figures (TOML, as config/return-index.toml).
    #[arg(long, env = "HOMEWARD_RETURN_INDEX")]
    pub return_index: Option<std::path::PathBuf>,
    /// The deployment's safeguard rule set (TOML, as config/safeguards.toml): which rules are
    /// on, their severity, the states they guard and the thresholds. Checked at start.
    #[arg(long, env = "HOMEWARD_SAFEGUARDS")]
    pub safeguards: Option<std::path::PathBuf>,
    /// The deployment's household plausibility thresholds (TOML, as config/household.toml): how
    /// far apart in age a member and the head must be for a relationship to pass without a
    /// confirmation. Checked at start.
    #[arg(long, env = "HOMEWARD_HOUSEHOLD_RULES")]
    pub household_rules: Option<std::path::PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactor {
    Required,
    Optional,
}

impl ServeArgs {
    /// The application settings these options ask for, with the deployment's configuration
    /// files read and checked.
    pub fn settings(&self) -> Result<Settings> {
        let read = |path: &std::path::Path| {
            std::fs::read_to_string(path).with_context(|| path.display().to_string())
        };
        let criteria = match &self.criteria {
            Some(path) => Criteria::parse(&read(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            None => homeward_app::conditions::assessments::shipped_criteria()
                .map_err(crate::node::explain)?,
        };
        let severity = match &self.return_index {
            Some(path) => SeverityConfig::parse(&read(path)?, &criteria)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            None => homeward_app::conditions::assessments::shipped_severity(&criteria)
                .map_err(crate::node::explain)?,
        };
        let safeguards = match &self.safeguards {
            Some(path) => homeward_domain::lifecycle::safeguards::RuleSet::parse(&read(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            None => homeward_app::lifecycle::safeguards::shipped_rules()
                .map_err(crate::node::explain)?,
        };
        let household = match &self.household_rules {
            Some(path) => homeward_domain::cases::plausibility::HouseholdRules::parse(&read(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            None => homeward_app::cases::households::shipped_household_rules()
                .map_err(crate::node::explain)?,
        };
        Ok(Settings {
            second_factor: match self.second_factor {
                SecondFactor::Required => SecondFactorPolicy::Required,
                SecondFactor::Optional => SecondFactorPolicy::Optional,
            },
            idle_minutes: self.idle_minutes,
            criteria: Some(Arc::new(criteria)),
            severity: Some(Arc::new(severity)),
            safeguards: Some(Arc::new(safeguards)),
            household: Some(Arc::new(household)),
            ..Settings::default()
        })
    }
}

pub async fn run(node: &NodeArgs, args: ServeArgs) -> Result<()> {
    let app = crate::node::open_with(node, args.settings()?).await?;
    warn_if_key_beside_data(node);
    serve_app(app, &args).await
}

/// The signing key beside the database lets whoever copies the data directory sign a rewritten
/// journal; witnesses would still catch it, but the node's own heads would not.
pub fn warn_if_key_beside_data(node: &NodeArgs) {
    if crate::node::node_key_beside_data(node) {
        tracing::warn!(
            "the node's signing key is in the data directory, beside the database: a copy of the \
             directory carries the key that can re-sign a rewritten journal. Keep it elsewhere \
             (--node-key FILE or HOMEWARD_NODE_KEY) and have witnesses keep the signed heads."
        );
        say!(
            "WARNING: the node's signing key is beside the database (see --node-key): whoever copies the data can sign."
        );
    }
}

pub async fn serve_app(app: App, args: &ServeArgs) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(engine = app.store().engine(), %addr, "serving");
    if app.settings().second_factor == SecondFactorPolicy::Optional {
        tracing::warn!(
            "second factors are OPTIONAL on this server (development or demonstration only): \
             roles that reach personal data can sign in with a password alone"
        );
        say!("Second factors are OPTIONAL on this server (development or demonstration only).");
    }
    if !addr.ip().is_loopback() && !args.behind_tls && !args.insecure_cookies {
        // Browsers take Secure cookies over plain HTTP only from 127.0.0.1 and localhost.
        tracing::warn!(
            %addr,
            "listening beyond this machine without --behind-tls: browsers reaching it over plain \
             HTTP refuse its Secure cookies and cannot sign in; put TLS in front"
        );
    }
    if args.insecure_cookies {
        tracing::warn!(
            "cookies are INSECURE on this server (--insecure-cookies): no Secure flag and no \
             __Host- prefix, so anyone on the network path can read and plant session cookies"
        );
        say!("Cookies are INSECURE on this server (--insecure-cookies): use TLS instead.");
    }
    say!(
        "Homeward is serving on http://{addr}/ ({} storage). Stop with Ctrl-C.",
        app.store().engine()
    );
    let state = WebState {
        app: app.clone(),
        behind_tls: args.behind_tls,
        insecure_cookies: args.insecure_cookies,
        trusted_proxies: args.trusted_proxy.clone(),
    };
    homeward_web::serve(listener, state, shutdown_signal()).await?;
    app.store().close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}
