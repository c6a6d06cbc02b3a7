//! Application services: one function per command or query.
//!
//! Every service follows the same order: **authorise → validate → load facts → append events**.
//! Authorisation is decided by [`policy`] alone; transport layers (HTTP, CLI) never decide who
//! may do what. Personal fields are sealed here, before anything reaches the store, and opened
//! here, after the policy allowed the read.

pub mod accounts;
pub mod cases;
mod clock;
pub mod conditions;
pub mod journal;
pub mod lifecycle;
pub mod policy;
pub mod privacy;

use homeward_crypto::{MasterKey, NodeKey};
use homeward_domain::Invalid;
use homeward_store::{HeadPolicy, Location, Store, StoreError};

pub use policy::actor::Actor;

/// Everything a service can answer besides success. Transport layers map these to status codes
/// and problem documents; none of them carries personal data.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// The session may do nothing but enrol a second factor until the user has one.
    #[error("second factor enrolment required")]
    SecondFactorEnrolmentRequired,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// The write conflicts with existing data (a duplicate email, a P-code imported twice).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("storage failure")]
    Store(#[from] StoreError),
    /// Writing an export failed (disk full, closed pipe).
    #[error("output failed: {0}")]
    Io(String),
    /// A configuration file the deployment owns cannot be used (the message names the line).
    #[error("configuration: {0}")]
    Config(String),
    /// The safeguard engine refused a transition; the evaluation says why and what clears it.
    #[error("blocked by safeguards")]
    Blocked(Box<homeward_domain::lifecycle::safeguards::Evaluation>),
}

pub type Result<T> = std::result::Result<T, AppError>;

/// Settings a deployment can change.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a sign-in lasts.
    pub session_hours: i64,
    /// Shortest password accepted (NIST SP 800-63B asks at least 8; we ask more for staff
    /// accounts that can read protection data).
    pub min_password_chars: usize,
    /// How long a break-glass grant lasts.
    pub break_glass_hours: i64,
    /// The return-area criteria; `None` uses `config/area-criteria.toml` as shipped.
    pub criteria: Option<std::sync::Arc<homeward_domain::conditions::criteria::Criteria>>,
    /// The severity score's figures; `None` uses `config/return-index.toml` as shipped.
    pub severity: Option<std::sync::Arc<homeward_domain::conditions::severity::SeverityConfig>>,
    /// The safeguard rule set; `None` uses `config/safeguards.toml` as shipped.
    pub safeguards: Option<std::sync::Arc<homeward_domain::lifecycle::safeguards::RuleSet>>,
    /// The household plausibility thresholds; `None` uses `config/household.toml` as shipped.
    pub household: Option<std::sync::Arc<homeward_domain::cases::plausibility::HouseholdRules>>,
    /// Days a data-subject request must be answered within, counted from its receipt (GDPR
    /// art. 12(3): one month).
    pub subject_request_days: i64,
    /// A session ends after this many minutes without a request.
    pub idle_minutes: i64,
    /// Whether roles that reach personal data must sign in with a second factor.
    pub second_factor: SecondFactorPolicy,
    /// How often the journal's tree heads are signed (at every commit by default).
    pub heads: HeadPolicy,
}

/// Whether second factors are enforced. `Required` (the default) holds every user whose roles
/// reach personal data or manage users at enrolment until they have one; `Optional` exists for
/// development and demonstrations only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecondFactorPolicy {
    #[default]
    Required,
    Optional,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_hours: 12,
            min_password_chars: 12,
            break_glass_hours: 4,
            idle_minutes: 30,
            second_factor: SecondFactorPolicy::Required,
            criteria: None,
            severity: None,
            safeguards: None,
            household: None,
            subject_request_days: homeward_domain::privacy::subject_request::DEFAULT_DAYS,
            heads: HeadPolicy::default(),
        }
    }
}

/// The application: a store, the node's keys and its settings.
#[derive(Clone)]
pub struct App {
    store: Store,
    master: MasterKey,
    settings: Settings,
    criteria: std::sync::Arc<homeward_domain::conditions::criteria::Criteria>,
    severity: std::sync::Arc<homeward_domain::conditions::severity::SeverityConfig>,
    safeguards: std::sync::Arc<homeward_domain::lifecycle::safeguards::RuleSet>,
    household: std::sync::Arc<homeward_domain::cases::plausibility::HouseholdRules>,
}

impl App {
    pub async fn open(
        location: &Location,
        master: MasterKey,
        node_key: NodeKey,
        settings: Settings,
    ) -> Result<App> {
        let criteria = match &settings.criteria {
            Some(c) => c.clone(),
            None => std::sync::Arc::new(conditions::assessments::shipped_criteria()?),
        };
        let severity = match &settings.severity {
            Some(s) => s.clone(),
            None => std::sync::Arc::new(conditions::assessments::shipped_severity(&criteria)?),
        };
        let safeguards = match &settings.safeguards {
            Some(s) => s.clone(),
            None => std::sync::Arc::new(lifecycle::safeguards::shipped_rules()?),
        };
        let household = match &settings.household {
            Some(h) => h.clone(),
            None => std::sync::Arc::new(cases::households::shipped_household_rules()?),
        };
        let store = Store::open(location, node_key, settings.heads).await?;
        Ok(App {
            store,
            master,
            settings,
            criteria,
            severity,
            safeguards,
            household,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

impl App {
    /// Appends events on behalf of a signed-in user, in one durable commit.
    pub(crate) async fn append(
        &self,
        actor: &Actor,
        events: Vec<homeward_domain::events::Event>,
    ) -> Result<()> {
        let author = author_of(Some(actor));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    for event in &events {
                        w.append(&author, event).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await
    }
}

/// A write made by the node itself rather than a signed-in user (CLI, demo, imports).
pub const SYSTEM_ACTOR: &str = "system";

/// Who a journal entry names: the signed-in user, or the node itself for the operator.
pub fn author_of(actor: Option<&Actor>) -> homeward_store::Author {
    match actor {
        Some(a) => homeward_store::Author {
            actor: a.user_id.clone(),
            organisation: a.organisation_id.clone(),
        },
        None => homeward_store::Author {
            actor: SYSTEM_ACTOR.to_owned(),
            organisation: String::new(),
        },
    }
}
