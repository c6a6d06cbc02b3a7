//! Need-to-know for cases: which cases a user reaches, whose names they see, and which fields.
//!
//! The rules, in plain words:
//! - A case worker reaches the cases assigned to them or to one of their teams; a supervisor
//!   also reaches the cases no team holds yet; monitors and programme managers reach every case
//!   of their organisation (monitors to check, programme managers for figures without names).
//! - Names follow the grant to read personal data. A **sensitive** case (child protection,
//!   gender-based violence, trafficking) shows names only to its assigned worker and to the
//!   supervisors of its team; everyone else who reaches it sees the case without names.
//! - Another organisation's case is reached only through a live **break-glass** grant, or through
//!   a live **data-sharing agreement** for the purpose the reader declares, and then only the
//!   members who consented to sharing with the reader's organisation, and only the fields the
//!   agreement lists. Sensitive cases are never shared by agreement.
//! - Changing a case needs the case in reach (not through break-glass or an agreement, which
//!   only read), and a **closed** case changes no more.
//! - Whatever is out of reach answers "not found", exactly like a case that does not exist.
//!
//! Everything here is a pure function of the facts the caller loaded.

use super::{Permission, may, require};
use crate::{Actor, AppError};
use homeward_domain::accounts::roles::Role;
use homeward_store::cases::CaseScope;

/// How far a role reaches into its own organisation's cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    AssignedOrTeam,
    TeamsAndUnteamed,
    Organisation,
}

/// The reach of each role that can read cases. Roles not listed reach no case.
pub const REACH: &[(Role, Reach)] = &[
    (Role::Caseworker, Reach::AssignedOrTeam),
    (Role::Supervisor, Reach::TeamsAndUnteamed),
    (Role::Monitor, Reach::Organisation),
    (Role::ProgrammeManager, Reach::Organisation),
];

/// Roles that read a sensitive case's names when it belongs to one of their teams (or to no team).
pub const SENSITIVE_READERS: &[Role] = &[Role::Supervisor];

/// What the policy needs to know about a case.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    pub organisation_id: &'a str,
    pub assigned_to: Option<&'a str>,
    pub team_id: Option<&'a str>,
    pub sensitive: bool,
    pub closed: bool,
}

/// What the policy needs to know about the reader beyond their roles.
#[derive(Debug, Clone, Copy)]
pub struct ReaderFacts<'a> {
    /// The teams the reader belongs to.
    pub teams: &'a [String],
    /// The reader holds a live break-glass grant on this case.
    pub break_glass: bool,
    /// Fields that live agreements for the declared purpose let the reader's organisation read
    /// from the case's organisation; `None` when there is no such agreement.
    pub agreement_fields: Option<&'a [String]>,
}

/// How a case was reached; decides the access log's purpose and what may follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Scope,
    BreakGlass,
    Agreement,
}

/// Whose personal fields a read shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// Every member's fields.
    All,
    /// No names at all (the case is shown by sex, age band and area only).
    None,
    /// Only the members who consented to sharing, and only these fields; the other members are
    /// left out of the answer entirely.
    Consenting(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAccess {
    pub via: Via,
    pub names: Names,
}

fn widest_reach(actor: &Actor) -> Option<Reach> {
    REACH
        .iter()
        .filter(|(role, _)| actor.roles.contains(role))
        .map(|(_, reach)| *reach)
        .max()
}

fn in_team(teams: &[String], team: Option<&str>) -> bool {
    team.is_some_and(|t| teams.iter().any(|m| m == t))
}

fn assigned_to_actor(actor: &Actor, case: &CaseFacts) -> bool {
    case.assigned_to == Some(actor.user_id.as_str())
}

/// Whether the case lies within the actor's own reach (without break-glass or agreements).
pub fn reaches(actor: &Actor, teams: &[String], case: &CaseFacts) -> bool {
    if case.organisation_id != actor.organisation_id {
        return false;
    }
    let own = assigned_to_actor(actor, case) || in_team(teams, case.team_id);
    match widest_reach(actor) {
        Some(Reach::Organisation) => true,
        Some(Reach::TeamsAndUnteamed) => own || case.team_id.is_none(),
        Some(Reach::AssignedOrTeam) => own,
        None => false,
    }
}

/// Whether a reader who reaches the case sees its names.
fn names_in_reach(actor: &Actor, teams: &[String], case: &CaseFacts) -> bool {
    if !may(actor, Permission::ReadPersonal) {
        return false;
    }
    if !case.sensitive || assigned_to_actor(actor, case) {
        return true;
    }
    let supervises = case.team_id.is_none() || in_team(teams, case.team_id);
    supervises && SENSITIVE_READERS.iter().any(|r| actor.roles.contains(r))
}

/// Decides a read of one case.
pub fn read(actor: &Actor, reader: &ReaderFacts, case: &CaseFacts) -> Result<CaseAccess, AppError> {
    require(actor, Permission::ReadCases)?;
    if reaches(actor, reader.teams, case) {
        let names = if names_in_reach(actor, reader.teams, case) {
            Names::All
        } else {
            Names::None
        };
        return Ok(CaseAccess {
            via: Via::Scope,
            names,
        });
    }
    let personal = may(actor, Permission::ReadPersonal);
    if reader.break_glass {
        let names = if personal { Names::All } else { Names::None };
        return Ok(CaseAccess {
            via: Via::BreakGlass,
            names,
        });
    }
    match reader.agreement_fields {
        Some(fields)
            if personal && !case.sensitive && case.organisation_id != actor.organisation_id =>
        {
            Ok(CaseAccess {
                via: Via::Agreement,
                names: Names::Consenting(fields.to_vec()),
            })
        }
        _ => Err(AppError::NotFound),
    }
}

/// Decides a change to one case that needs `permission`.
pub fn change(
    actor: &Actor,
    teams: &[String],
    case: &CaseFacts,
    permission: Permission,
) -> Result<(), AppError> {
    require(actor, permission)?;
    if !reaches(actor, teams, case) {
        return Err(AppError::NotFound);
    }
    if case.closed {
        return Err(AppError::Conflict("case-closed"));
    }
    Ok(())
}

/// The cases a case list shows the actor within their organisation.
pub fn list_scope(actor: &Actor) -> Result<CaseScope, AppError> {
    require(actor, Permission::ReadCases)?;
    Ok(match widest_reach(actor) {
        Some(Reach::Organisation) => CaseScope::All,
        Some(Reach::TeamsAndUnteamed) => CaseScope::TeamsAndUnteamed(actor.user_id.clone()),
        Some(Reach::AssignedOrTeam) => CaseScope::AssignedOrTeam(actor.user_id.clone()),
        None => return Err(AppError::Forbidden),
    })
}

/// Whether a list row within the actor's reach may show the head of household's name.
pub fn list_names(actor: &Actor, teams: &[String], case: &CaseFacts) -> bool {
    names_in_reach(actor, teams, case)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role]) -> Actor {
        Actor {
            user_id: "u1".into(),
            organisation_id: "o1".into(),
            email: String::new(),
            display_name: String::new(),
            roles: roles.to_vec(),
            purpose: "case_management",
            scopes: None,
            enrolment_required: false,
            credential: crate::policy::actor::Credential::Session {
                id: "s1".into(),
                second_factor: true,
            },
        }
    }

    fn case<'a>(org: &'a str, assigned: Option<&'a str>, team: Option<&'a str>) -> CaseFacts<'a> {
        CaseFacts {
            organisation_id: org,
            assigned_to: assigned,
            team_id: team,
            sensitive: false,
            closed: false,
        }
    }

    fn reader(teams: &[String]) -> ReaderFacts<'_> {
        ReaderFacts {
            teams,
            break_glass: false,
            agreement_fields: None,
        }
    }

    #[test]
    fn case_workers_reach_their_own_and_their_teams_cases_only() {
        let cw = actor(&[Role::Caseworker]);
        let teams = vec!["t1".to_owned()];
        assert!(reaches(&cw, &teams, &case("o1", Some("u1"), None)));
        assert!(reaches(&cw, &teams, &case("o1", Some("u2"), Some("t1"))));
        assert!(!reaches(&cw, &teams, &case("o1", Some("u2"), Some("t2"))));
        assert!(!reaches(&cw, &teams, &case("o1", Some("u2"), None)));
        assert!(!reaches(&cw, &teams, &case("o2", Some("u1"), Some("t1"))));
        let sup = actor(&[Role::Supervisor]);
        assert!(reaches(&sup, &teams, &case("o1", Some("u2"), None)));
        assert!(!reaches(&sup, &teams, &case("o1", Some("u2"), Some("t2"))));
        let monitor = actor(&[Role::Monitor]);
        assert!(reaches(&monitor, &[], &case("o1", Some("u2"), Some("t2"))));
        assert!(!reaches(&actor(&[Role::Dpo]), &[], &case("o1", None, None)));
    }

    #[test]
    fn sensitive_names_go_to_the_assignee_and_the_teams_supervisors() {
        let teams = vec!["t1".to_owned()];
        let mut c = case("o1", Some("u2"), Some("t1"));
        c.sensitive = true;
        let names =
            |roles: &[Role], c: &CaseFacts| read(&actor(roles), &reader(&teams), c).unwrap().names;
        assert_eq!(names(&[Role::Caseworker], &c), Names::None);
        assert_eq!(names(&[Role::Supervisor], &c), Names::All);
        assert_eq!(names(&[Role::Monitor], &c), Names::None);
        c.assigned_to = Some("u1");
        assert_eq!(names(&[Role::Caseworker], &c), Names::All);
    }

    #[test]
    fn other_organisations_need_break_glass_or_an_agreement_and_never_for_sensitive_cases() {
        let cw = actor(&[Role::Caseworker]);
        let mut c = case("o2", Some("u9"), None);
        assert!(matches!(
            read(&cw, &reader(&[]), &c),
            Err(AppError::NotFound)
        ));
        let fields = vec!["given_name".to_owned()];
        let shared = ReaderFacts {
            teams: &[],
            break_glass: false,
            agreement_fields: Some(&fields),
        };
        assert_eq!(
            read(&cw, &shared, &c).unwrap(),
            CaseAccess {
                via: Via::Agreement,
                names: Names::Consenting(fields.clone())
            }
        );
        // Programme managers never read names, so an agreement gives them nothing.
        let pm = actor(&[Role::ProgrammeManager]);
        assert!(read(&pm, &shared, &c).is_err());
        c.sensitive = true;
        assert!(read(&cw, &shared, &c).is_err());
    }

    #[test]
    fn closed_cases_and_cases_out_of_reach_do_not_change() {
        let sup = actor(&[Role::Supervisor]);
        let mut c = case("o1", Some("u1"), None);
        assert!(change(&sup, &[], &c, Permission::CloseCases).is_ok());
        assert!(matches!(
            change(&actor(&[Role::Caseworker]), &[], &c, Permission::CloseCases),
            Err(AppError::Forbidden)
        ));
        c.closed = true;
        assert!(matches!(
            change(&sup, &[], &c, Permission::CloseCases),
            Err(AppError::Conflict("case-closed"))
        ));
        let other = case("o2", Some("u1"), None);
        assert!(matches!(
            change(&sup, &[], &other, Permission::CloseCases),
            Err(AppError::NotFound)
        ));
    }
}
