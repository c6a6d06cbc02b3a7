//! Properties of the lifecycle and the safeguard engine together (issue #5, "Must show"): the
//! model they run. A case is modelled as facts and a state; random command sequences record facts
//! and attempt transitions, which apply only when the lifecycle allows the step and the engine
//! does not block it. An oracle written from the policy's words (`properties_oracle.rs`), not from
//! the engine, checks every state the case reaches. Each property has its own `properties_*`
//! file; here are the commands and their strategies, the modelled case and how it moves, and the
//! check that the model is not vacuous.

use crate::properties_oracle::{guarded_by_approval, oracle};
use crate::support::shipped;
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use homeward_domain::lifecycle::road::{self, Move};
use homeward_domain::lifecycle::safeguards::{
    BestInterests, CaseFacts, Coercion, Consent, Counselling, Member, RiskAssessment, RuleSet,
    Stamp, evaluate,
};
use proptest::prelude::*;
use time::{Date, Duration, macros::date};

const LANGUAGES: &[&str] = &["ar", "fr"];

#[derive(Debug, Clone)]
pub(crate) enum Command {
    Counsel {
        language: usize,
        interpreter: bool,
        status: AreaStatus,
    },
    /// Counselling that presented the destination's current status, in the first member's first
    /// language: what a careful worker does.
    CounselWell,
    Consent {
        member: usize,
        role: ConsentRole,
        language: usize,
        interpreter: bool,
    },
    /// Everyone who must consent does, in their own language.
    ConsentAll,
    Withdraw {
        member: usize,
        role: ConsentRole,
    },
    OpenCoercion {
        member: Option<usize>,
        detention: bool,
    },
    ReviewCoercion,
    OpenHold,
    CloseHold,
    RiskAssessment {
        risk_found: bool,
        mitigable: bool,
    },
    BestInterests {
        member: usize,
        kind: BestInterestsKind,
        outcome: BestInterestsOutcome,
    },
    /// A favourable determination for every child.
    BestInterestsAll,
    Destination(AreaStatus),
    Advance(i64),
    WaiveCoolingOff,
    Transition(CaseState),
    Proceed,
}

fn status() -> impl Strategy<Value = AreaStatus> {
    prop::sample::select(AreaStatus::ALL)
}

pub(crate) fn role() -> impl Strategy<Value = ConsentRole> {
    prop::sample::select(ConsentRole::ALL)
}

/// Careful work (counselling well, everyone consenting, favourable determinations, proceeding)
/// is weighted up so that sequences often get far; every other command still comes often enough
/// to break things on the way.
pub(crate) fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        1 => (0..LANGUAGES.len(), any::<bool>(), status()).prop_map(|(language, interpreter, status)| {
            Command::Counsel { language, interpreter, status }
        }),
        6 => Just(Command::CounselWell),
        1 => (0..6usize, role(), 0..LANGUAGES.len(), any::<bool>()).prop_map(
            |(member, role, language, interpreter)| Command::Consent { member, role, language, interpreter }
        ),
        6 => Just(Command::ConsentAll),
        2 => (0..6usize, role()).prop_map(|(member, role)| Command::Withdraw { member, role }),
        1 => (prop::option::of(0..6usize), any::<bool>())
            .prop_map(|(member, detention)| Command::OpenCoercion { member, detention }),
        2 => Just(Command::ReviewCoercion),
        1 => Just(Command::OpenHold),
        2 => Just(Command::CloseHold),
        1 => (any::<bool>(), any::<bool>())
            .prop_map(|(risk_found, mitigable)| Command::RiskAssessment { risk_found, mitigable }),
        1 => (0..6usize, prop::sample::select(BestInterestsKind::ALL), prop::sample::select(BestInterestsOutcome::ALL))
            .prop_map(|(member, kind, outcome)| Command::BestInterests { member, kind, outcome }),
        4 => Just(Command::BestInterestsAll),
        1 => prop_oneof![status(), Just(AreaStatus::Safe)].prop_map(Command::Destination),
        4 => (0..5i64).prop_map(Command::Advance),
        1 => Just(Command::WaiveCoolingOff),
        2 => prop::sample::select(CaseState::ALL).prop_map(Command::Transition),
        24 => Just(Command::Proceed),
    ]
}

fn member() -> impl Strategy<Value = (AgeBand, Vec<bool>, bool)> {
    (
        prop::sample::select(vec![
            AgeBand::Under5,
            AgeBand::From5To11,
            AgeBand::From12To17,
            AgeBand::From12To17,
            AgeBand::From18To59,
            AgeBand::From18To59,
            AgeBand::From18To59,
            AgeBand::From60,
        ]),
        prop::collection::vec(prop::bool::weighted(0.7), LANGUAGES.len()),
        prop::bool::weighted(0.2),
    )
}

pub(crate) fn kind() -> impl Strategy<Value = CaseKind> {
    prop::sample::select(vec![
        CaseKind::AssistedVoluntaryReturn,
        CaseKind::VoluntaryRepatriation,
        CaseKind::SpontaneousReturn,
    ])
}

/// One to four members; now and then one of unknown age.
pub(crate) fn household() -> impl Strategy<Value = Vec<(AgeBand, Vec<bool>, bool)>> {
    (
        prop::collection::vec(member(), 1..5),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(mut members, unknown)| {
            if unknown {
                members[0].0 = AgeBand::Unknown;
            }
            members
        })
}

fn day0() -> Date {
    date!(2026 - 11 - 01)
}

/// The modelled case.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) facts: CaseFacts,
    pub(crate) state: CaseState,
    pub(crate) suspended_from: Option<CaseState>,
    seq: i64,
    /// When a consent withdrawal last stopped the return, and the new counselling it needs.
    pub(crate) stopped_at: Option<Stamp>,
    /// Every state the case entered, with the move.
    entered: Vec<(Move, CaseState)>,
}

impl Model {
    pub(crate) fn new(kind: CaseKind, household: &[(AgeBand, Vec<bool>, bool)]) -> Model {
        let members = household
            .iter()
            .enumerate()
            .map(|(i, (band, speaks, unaccompanied))| {
                let mut languages: Vec<String> = LANGUAGES
                    .iter()
                    .zip(speaks)
                    .filter(|(_, s)| **s)
                    .map(|(l, _)| (*l).to_owned())
                    .collect();
                if languages.is_empty() {
                    languages.push("ar".to_owned());
                }
                Member {
                    id: format!("p{}", i + 1),
                    position: i + 1,
                    age_band: *band,
                    languages,
                    unaccompanied: *unaccompanied && band.is_child(),
                }
            })
            .collect();
        Model {
            facts: CaseFacts {
                kind,
                today: day0(),
                destination: AreaStatus::Safe,
                members,
                counselling: Vec::new(),
                consents: Vec::new(),
                coercion: Vec::new(),
                risk_assessments: Vec::new(),
                best_interests: Vec::new(),
                open_holds: 0,
                cooling_off_waived: false,
                screenings_due: 0,
                restarted: None,
            },
            state: CaseState::Registered,
            suspended_from: None,
            seq: 0,
            stopped_at: None,
            entered: Vec::new(),
        }
    }

    fn stamp(&mut self) -> Stamp {
        self.seq += 1;
        Stamp {
            on: self.facts.today,
            seq: self.seq,
        }
    }

    pub(crate) fn member(&self, i: usize) -> Member {
        self.facts.members[i % self.facts.members.len()].clone()
    }

    fn consent(&mut self, person: &str, role: ConsentRole, language: &str, interpreter: bool) {
        let stamp = self.stamp();
        self.facts.consents.push(Consent {
            person_id: person.to_owned(),
            role,
            language: language.to_owned(),
            interpreter,
            stamp,
            withdrawn: None,
        });
    }

    pub(crate) fn apply(&mut self, set: &RuleSet, command: &Command) {
        match command {
            Command::Counsel {
                language,
                interpreter,
                status,
            } => {
                let stamp = self.stamp();
                self.facts.counselling.push(Counselling {
                    stamp,
                    language: LANGUAGES[*language].to_owned(),
                    interpreter: *interpreter,
                    destination_status: *status,
                });
            }
            Command::CounselWell => {
                let stamp = self.stamp();
                let language = self.member(0).languages[0].clone();
                let interpreter = self
                    .facts
                    .members
                    .iter()
                    .any(|m| !m.languages.contains(&language));
                self.facts.counselling.push(Counselling {
                    stamp,
                    language,
                    interpreter,
                    destination_status: self.facts.destination,
                });
            }
            Command::Consent {
                member,
                role,
                language,
                interpreter,
            } => {
                let m = self.member(*member);
                self.consent(&m.id, *role, LANGUAGES[*language], *interpreter);
            }
            Command::ConsentAll => {
                for m in self.facts.members.clone() {
                    let language = m.languages[0].clone();
                    if m.age_band.is_adult() {
                        self.consent(&m.id, ConsentRole::Own, &language, false);
                    } else if m.age_band.is_child() {
                        self.consent(&m.id, ConsentRole::Guardian, &language, false);
                        if m.age_band >= set.assent_from {
                            self.consent(&m.id, ConsentRole::Assent, &language, false);
                        }
                    }
                }
            }
            Command::Withdraw { member, role } => self.withdraw(*member, *role),
            Command::OpenCoercion { member, detention } => {
                let person_id = member.map(|i| self.member(i).id);
                self.facts.coercion.push(Coercion {
                    person_id,
                    detention: *detention,
                    open: true,
                });
            }
            Command::ReviewCoercion => {
                for c in &mut self.facts.coercion {
                    c.open = false;
                }
            }
            Command::OpenHold => self.facts.open_holds += 1,
            Command::CloseHold => self.facts.open_holds = self.facts.open_holds.saturating_sub(1),
            Command::RiskAssessment {
                risk_found,
                mitigable,
            } => {
                let stamp = self.stamp();
                self.facts.risk_assessments.push(RiskAssessment {
                    stamp,
                    risk_found: *risk_found,
                    mitigable: *mitigable,
                });
            }
            Command::BestInterests {
                member,
                kind,
                outcome,
            } => {
                let stamp = self.stamp();
                let person_id = self.member(*member).id;
                self.facts.best_interests.push(BestInterests {
                    person_id,
                    kind: *kind,
                    outcome: *outcome,
                    stamp,
                });
            }
            Command::BestInterestsAll => {
                for m in self.facts.members.clone() {
                    if m.age_band.is_child() {
                        let stamp = self.stamp();
                        self.facts.best_interests.push(BestInterests {
                            person_id: m.id,
                            kind: BestInterestsKind::Determination,
                            outcome: BestInterestsOutcome::ReturnInBestInterests,
                            stamp,
                        });
                    }
                }
            }
            Command::Destination(status) => self.facts.destination = *status,
            Command::Advance(days) => self.facts.today += Duration::days(*days),
            Command::WaiveCoolingOff => self.facts.cooling_off_waived = true,
            Command::Transition(to) => self.attempt(set, *to),
            // What "proceed" offers on the case page: the next state, or back to counselling
            // after a withdrawal, or back where a suspension left off.
            Command::Proceed => {
                let to = match self.state {
                    CaseState::Withdrawn => Some(CaseState::Counselling),
                    CaseState::Suspended => self.suspended_from,
                    s => road::next(s),
                };
                if let Some(to) = to {
                    self.attempt(set, to);
                }
            }
        }
    }

    /// Withdraws the person's active consents in the role; a withdrawal that stops the return
    /// moves the case to `withdrawn` in the same write.
    fn withdraw(&mut self, member: usize, role: ConsentRole) {
        let person = self.member(member).id;
        let stamp = self.stamp();
        let mut any = false;
        for c in self
            .facts
            .consents
            .iter_mut()
            .filter(|c| c.person_id == person && c.role == role && c.withdrawn.is_none())
        {
            c.withdrawn = Some(stamp);
            any = true;
        }
        if any && road::consent_withdrawal_stops(self.state, self.suspended_from) {
            let before = (self.state, self.suspended_from);
            assert_eq!(
                road::step(self.state, CaseState::Withdrawn, self.suspended_from),
                Ok(Move::Withdraw),
                "a withdrawal that stops the return is a step of the road"
            );
            self.state = CaseState::Withdrawn;
            self.suspended_from = None;
            self.stopped_at = Some(stamp);
            self.entered.push((Move::Withdraw, CaseState::Withdrawn));
            // Withdrawing at any state from `consented` until departure stops the return.
            let at = match before {
                (CaseState::Suspended, Some(s)) => s,
                (s, _) => s,
            };
            assert!(road::at_or_after(at, CaseState::Consented));
            assert!(road::before_arrival(at));
        }
    }

    fn attempt(&mut self, set: &RuleSet, to: CaseState) {
        let Ok(step) = road::step(self.state, to, self.suspended_from) else {
            return;
        };
        let on_road = road::ROAD.contains(&to);
        let eval = evaluate(set, &self.facts, to);
        if self.facts.kind == CaseKind::ForcedReturn {
            assert!(!eval.blocked(), "a forced return is never blocked");
        }
        if on_road && eval.blocked() {
            return;
        }
        match step {
            Move::Suspend => self.suspended_from = Some(self.state),
            Move::Resume | Move::Withdraw => self.suspended_from = None,
            // Back to counselling: the application records the move's stamp as `restarted`.
            Move::Recounsel => self.facts.restarted = Some(self.stamp()),
            Move::Forward => {}
        }
        self.state = to;
        self.entered.push((step, to));
        if self.facts.kind != CaseKind::ForcedReturn
            && guarded_by_approval(to)
            && let Err(why) = oracle(&self.facts, self.stopped_at, to)
        {
            panic!("entered {to} by {step} while {why}\n{self:#?}");
        }
    }
}

pub(crate) fn run(
    kind: CaseKind,
    household: &[(AgeBand, Vec<bool>, bool)],
    commands: &[Command],
) -> Model {
    let set = shipped();
    let mut model = Model::new(kind, household);
    for command in commands {
        model.apply(&set, command);
    }
    model
}

/// The model is not vacuous: a careful worker's sequence reaches departure and arrival.
#[test]
fn a_careful_sequence_reaches_arrival() {
    use Command::*;
    let household = vec![
        (AgeBand::From18To59, vec![true, false], false),
        (AgeBand::From12To17, vec![true, true], false),
    ];
    let commands = vec![
        Proceed,
        CounselWell,
        ConsentAll,
        Proceed,
        Proceed,
        BestInterests {
            member: 1,
            kind: BestInterestsKind::Assessment,
            outcome: BestInterestsOutcome::ReturnInBestInterests,
        },
        Proceed,
        Proceed,
        Proceed,
        Advance(4),
        Advance(3),
        Proceed,
        Proceed,
    ];
    let model = run(CaseKind::AssistedVoluntaryReturn, &household, &commands);
    assert_eq!(model.state, CaseState::Arrived, "{model:#?}");
    // Withdrawing at travel_scheduled stops it; counselling and consent again lets it go on.
    let mut stopped = run(
        CaseKind::AssistedVoluntaryReturn,
        &household,
        &commands[..commands.len() - 4],
    );
    assert_eq!(stopped.state, CaseState::TravelScheduled);
    let set = shipped();
    stopped.apply(
        &set,
        &Withdraw {
            member: 0,
            role: ConsentRole::Own,
        },
    );
    assert_eq!(stopped.state, CaseState::Withdrawn);
    for c in [
        Transition(CaseState::Counselling),
        CounselWell,
        ConsentAll,
        Proceed,
        Proceed,
        Proceed,
    ] {
        stopped.apply(&set, &c);
    }
    assert_eq!(stopped.state, CaseState::Approved, "{stopped:#?}");
}
