//! Who may do what. The one place that decides; every service asks it first.
//!
//! The table below is the whole role policy, kept as data so that reading it is reading the
//! policy. Anything not granted is denied. Which *cases* a grant reaches (assignment, team,
//! organisation, sharing agreement with consent, sensitivity, closure) is decided by
//! [`cases`]; other records of an organisation are checked by [`within_organisation`].

pub mod actor;
pub mod cases;

use crate::AppError;
use actor::Actor;
use homeward_domain::accounts::roles::Role;

/// Everything a user can ask to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See counts on the dashboard.
    ViewDashboard,
    /// List and read cases of one's organisation (without personal fields).
    ReadCases,
    /// Read the personal fields (names, dates of birth, …) of persons in one's organisation.
    ReadPersonal,
    /// Register households and open cases.
    RegisterCases,
    /// Read the administrative areas.
    ReadAreas,
    /// Import administrative areas.
    ImportAreas,
    /// Create organisations and users.
    ManageUsers,
    /// Erase a person (crypto-shredding).
    ErasePersons,
    /// Read the journal and verify it.
    Audit,
    /// Read who read a person's data (the access log).
    ReadAccessLog,
    /// Give a case to another worker or team.
    AssignCases,
    /// Mark a case as sensitive (child protection, gender-based violence, trafficking).
    MarkSensitive,
    /// Close a case.
    CloseCases,
    /// Record and withdraw a person's consent.
    RecordConsent,
    /// Conclude and revoke data-sharing agreements.
    ManageAgreements,
    /// Create teams and change their members.
    ManageTeams,
    /// See the organisation's teams (to assign cases to them).
    ReadTeams,
    /// Submit return-area assessments for one's organisation.
    SubmitAssessments,
    /// Read area assessments with their evidence (area status itself is public).
    ReadAssessments,
    /// Log and answer data-subject requests (access, correction, erasure, restriction,
    /// objection) for persons of one's organisation, and export everything held about a person.
    ManageSubjectRequests,
    /// Move a case along the return road: forward, back to counselling, suspend, withdraw.
    MoveCases,
    /// Approve a return (four eyes: never one's own case) — the supervisor's decision.
    ApproveReturns,
    /// Record what the safeguards read: counselling, coercion indicators, screenings, risk and
    /// best-interests assessments, holds, removal decisions.
    RecordSafeguards,
    /// Review coercion indicators, lift holds, waive the cooling-off period.
    ReviewSafeguards,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Permission::ViewDashboard,
        Permission::ReadCases,
        Permission::ReadPersonal,
        Permission::RegisterCases,
        Permission::ReadAreas,
        Permission::ImportAreas,
        Permission::ManageUsers,
        Permission::ErasePersons,
        Permission::Audit,
        Permission::ReadAccessLog,
        Permission::AssignCases,
        Permission::MarkSensitive,
        Permission::CloseCases,
        Permission::RecordConsent,
        Permission::ManageAgreements,
        Permission::ManageTeams,
        Permission::ReadTeams,
        Permission::SubmitAssessments,
        Permission::ReadAssessments,
        Permission::ManageSubjectRequests,
        Permission::MoveCases,
        Permission::ApproveReturns,
        Permission::RecordSafeguards,
        Permission::ReviewSafeguards,
    ];

    /// The snake_case name API token scopes use.
    pub fn name(self) -> &'static str {
        match self {
            Permission::ViewDashboard => "view_dashboard",
            Permission::ReadCases => "read_cases",
            Permission::ReadPersonal => "read_personal",
            Permission::RegisterCases => "register_cases",
            Permission::ReadAreas => "read_areas",
            Permission::ImportAreas => "import_areas",
            Permission::ManageUsers => "manage_users",
            Permission::ErasePersons => "erase_persons",
            Permission::Audit => "audit",
            Permission::ReadAccessLog => "read_access_log",
            Permission::AssignCases => "assign_cases",
            Permission::MarkSensitive => "mark_sensitive",
            Permission::CloseCases => "close_cases",
            Permission::RecordConsent => "record_consent",
            Permission::ManageAgreements => "manage_agreements",
            Permission::ManageTeams => "manage_teams",
            Permission::ReadTeams => "read_teams",
            Permission::SubmitAssessments => "submit_assessments",
            Permission::ReadAssessments => "read_assessments",
            Permission::ManageSubjectRequests => "manage_subject_requests",
            Permission::MoveCases => "move_cases",
            Permission::ApproveReturns => "approve_returns",
            Permission::RecordSafeguards => "record_safeguards",
            Permission::ReviewSafeguards => "review_safeguards",
        }
    }

    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.iter().copied().find(|p| p.name() == name)
    }
}

/// Permissions that reach personal data or decide who can: a role granted any of them must
/// sign in with a second factor (when the node requires second factors, the default).
pub const SECOND_FACTOR_PERMISSIONS: &[Permission] = &[
    Permission::ReadPersonal,
    Permission::ManageUsers,
    Permission::ErasePersons,
    Permission::ReadAccessLog,
    Permission::ManageSubjectRequests,
    Permission::ManageAgreements,
    Permission::ManageTeams,
    Permission::RecordConsent,
    Permission::MarkSensitive,
    Permission::RecordSafeguards,
    Permission::ApproveReturns,
];

/// Whether a user holding `roles` must have a second factor: derived from [`GRANTS`].
pub fn second_factor_required(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| SECOND_FACTOR_PERMISSIONS.iter().any(|p| allows(*r, *p)))
}

/// Why personal data may be read. Every read records one of these in the access log.
pub const PURPOSES: &[&str] = &[
    "case_management",
    "supervision",
    "monitoring",
    "data_protection",
    "audit",
];

/// The purpose named `text`, if the policy knows it.
pub fn purpose(text: &str) -> Option<&'static str> {
    PURPOSES.iter().copied().find(|p| *p == text)
}

/// The purpose a request declares when it names none: what the user's first role is for.
pub fn default_purpose(roles: &[Role]) -> &'static str {
    match roles.first() {
        Some(Supervisor) => "supervision",
        Some(Monitor) => "monitoring",
        Some(Dpo) => "data_protection",
        Some(Auditor) => "audit",
        _ => "case_management",
    }
}

use Permission::*;
use Role::*;

/// The grants. Reading down a column answers "what can this role do?".
pub const GRANTS: &[(Role, &[Permission])] = &[
    (
        Caseworker,
        &[
            ViewDashboard,
            ReadCases,
            ReadPersonal,
            RegisterCases,
            ReadAreas,
            MarkSensitive,
            RecordConsent,
            ReadTeams,
            ReadAssessments,
            MoveCases,
            RecordSafeguards,
        ],
    ),
    (
        Supervisor,
        &[
            ViewDashboard,
            ReadCases,
            ReadPersonal,
            RegisterCases,
            ReadAreas,
            MarkSensitive,
            RecordConsent,
            AssignCases,
            CloseCases,
            ReadTeams,
            ReadAssessments,
            MoveCases,
            RecordSafeguards,
            ApproveReturns,
            ReviewSafeguards,
        ],
    ),
    // Monitors read cases to check them, but never alter them.
    (
        Monitor,
        &[
            ViewDashboard,
            ReadCases,
            ReadPersonal,
            ReadAreas,
            ReadAssessments,
        ],
    ),
    (
        Assessor,
        &[ViewDashboard, ReadAreas, SubmitAssessments, ReadAssessments],
    ),
    // Aggregate roles see counts, never names.
    (
        ProgrammeManager,
        &[ViewDashboard, ReadCases, ReadAreas, ReadAssessments],
    ),
    (Finance, &[ViewDashboard, ReadAreas]),
    (
        Dpo,
        &[
            ViewDashboard,
            ReadAreas,
            ErasePersons,
            Audit,
            ReadAccessLog,
            ManageAgreements,
            ManageSubjectRequests,
        ],
    ),
    (Auditor, &[ViewDashboard, ReadAreas, Audit, ReadAccessLog]),
    (
        Admin,
        &[
            ViewDashboard,
            ReadAreas,
            ImportAreas,
            ManageUsers,
            Audit,
            ManageTeams,
            ReadTeams,
        ],
    ),
];

pub fn allows(role: Role, permission: Permission) -> bool {
    GRANTS
        .iter()
        .any(|(r, perms)| *r == role && perms.contains(&permission))
}

/// Whether any of `roles` grants the permission.
pub fn roles_allow(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| allows(*r, permission))
}

/// Succeeds when any of the actor's roles grants the permission and, for an API token, the
/// token's scopes include it. A session held at second-factor enrolment is refused everything.
pub fn require(actor: &Actor, permission: Permission) -> Result<(), AppError> {
    if actor.enrolment_required {
        return Err(AppError::SecondFactorEnrolmentRequired);
    }
    let in_scope = actor
        .scopes
        .as_ref()
        .is_none_or(|scopes| scopes.contains(&permission));
    if in_scope && roles_allow(&actor.roles, permission) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// For managing one's own account (sessions, API tokens): a session, not an API token, and not
/// one held at enrolment.
pub fn require_own_account(actor: &Actor) -> Result<(), AppError> {
    require_enrolling(actor)?;
    require_signed_in(actor)
}

/// For enrolling a second factor: a session (an API token cannot enrol), also one held at
/// enrolment — the only thing such a session can do besides reading who it is and signing out.
pub fn require_enrolling(actor: &Actor) -> Result<(), AppError> {
    if actor.scopes.is_some() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// For any other request without a permission of its own (reading one's profile): any actor,
/// except a session held at enrolment.
pub fn require_signed_in(actor: &Actor) -> Result<(), AppError> {
    if actor.enrolment_required {
        return Err(AppError::SecondFactorEnrolmentRequired);
    }
    Ok(())
}

pub fn may(actor: &Actor, permission: Permission) -> bool {
    require(actor, permission).is_ok()
}

/// Records of another organisation are answered as "not found", so that guessing ids reveals
/// nothing about what exists elsewhere.
pub fn within_organisation(actor: &Actor, organisation_id: &str) -> Result<(), AppError> {
    if actor.organisation_id == organisation_id {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_row_and_nothing_else_is_granted() {
        for role in Role::ALL {
            assert_eq!(
                GRANTS.iter().filter(|(r, _)| r == role).count(),
                1,
                "{role}"
            );
        }
        assert!(!allows(Monitor, RegisterCases));
        assert!(!allows(ProgrammeManager, ReadPersonal));
        assert!(!allows(Auditor, ReadPersonal));
        assert!(allows(Caseworker, RegisterCases));
        for role in Role::ALL {
            assert_eq!(allows(*role, ManageSubjectRequests), *role == Dpo, "{role}");
        }
    }

    #[test]
    fn second_factor_roles_come_from_the_grants() {
        let required: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| second_factor_required(&[*r]))
            .collect();
        assert_eq!(
            required,
            vec![Caseworker, Supervisor, Monitor, Dpo, Auditor, Admin]
        );
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.name()), Some(*p));
        }
    }
}
