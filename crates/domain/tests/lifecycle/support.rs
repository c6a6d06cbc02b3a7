//! A small builder of case facts for the safeguard engine's tests: a household of adults and
//! children, counselling, consents and the other records, each stamped in the order it is made.

use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use homeward_domain::lifecycle::safeguards::{
    BestInterests, CaseFacts, Coercion, Consent, Counselling, Evaluation, Finding, Member,
    RiskAssessment, RuleId, RuleSet, Severity, Stamp, evaluate,
};
use time::{Date, Duration, macros::date};

/// The rule set Homeward ships.
pub const SHIPPED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../config/safeguards.toml"
));

pub fn shipped() -> RuleSet {
    RuleSet::parse(SHIPPED).expect("the shipped rule set parses")
}

/// The shipped file with one setting of one rule changed, e.g. `("cooling_off", "from", "\"approved\"")`.
pub fn shipped_with(rule: &str, key: &str, value: &str) -> String {
    let mut out = Vec::new();
    let mut in_rule = false;
    let mut changed = false;
    for line in SHIPPED.lines() {
        if line.starts_with("id = ") {
            in_rule = line == format!("id = \"{rule}\"");
        }
        if in_rule && line.starts_with(&format!("{key} = ")) {
            out.push(format!("{key} = {value}"));
            changed = true;
        } else {
            out.push(line.to_owned());
        }
    }
    assert!(changed, "no {key} in rule {rule}");
    out.join("\n")
}

/// The shipped file with one top-level setting changed.
pub fn shipped_setting(key: &str, value: &str) -> String {
    let prefix = format!("{key} = ");
    let mut changed = false;
    let text = SHIPPED
        .lines()
        .map(|line| {
            if line.starts_with(&prefix) {
                changed = true;
                format!("{key} = {value}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(changed, "no setting {key}");
    text
}

/// Day `n` of the test calendar.
pub fn day(n: i64) -> Date {
    date!(2026 - 11 - 01) + Duration::days(n)
}

/// A case being built. Records are stamped on the current day, in the order they are added.
#[derive(Debug, Clone)]
pub struct Case {
    pub facts: CaseFacts,
    pub on: Date,
    pub seq: i64,
}

impl Case {
    pub fn new(kind: CaseKind) -> Case {
        Case {
            facts: CaseFacts {
                kind,
                today: day(0),
                destination: AreaStatus::Safe,
                members: Vec::new(),
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
            on: day(0),
            seq: 0,
        }
    }

    /// The household every table row starts from, clear of every rule for every target:
    /// 1 `p1` adult speaking ar; 2 `p2` older adult speaking ar and fr; 3 `p3` child of 12–17
    /// speaking ar; 4 `p4` child of 5–11. Counselled on day 0 in Arabic about a safe destination,
    /// every consent given after it (the 12–17 child's assent too), a favourable best-interests
    /// assessment for each child; today is day 10, past the cooling-off.
    pub fn ready() -> Case {
        Case::new(CaseKind::AssistedVoluntaryReturn)
            .member("p1", AgeBand::From18To59, &["ar"], false)
            .member("p2", AgeBand::From60, &["ar", "fr"], false)
            .member("p3", AgeBand::From12To17, &["ar"], false)
            .member("p4", AgeBand::From5To11, &["ar"], false)
            .counsel("ar", false)
            .consent("p1", ConsentRole::Own)
            .consent("p2", ConsentRole::Own)
            .consent("p3", ConsentRole::Guardian)
            .consent("p3", ConsentRole::Assent)
            .consent("p4", ConsentRole::Guardian)
            .best_interests(
                "p3",
                BestInterestsKind::Assessment,
                BestInterestsOutcome::ReturnInBestInterests,
            )
            .best_interests(
                "p4",
                BestInterestsKind::Assessment,
                BestInterestsOutcome::ReturnInBestInterests,
            )
            .today(10)
    }

    pub fn next_stamp(&mut self) -> Stamp {
        self.seq += 1;
        Stamp {
            on: self.on,
            seq: self.seq,
        }
    }

    pub fn kind(mut self, kind: CaseKind) -> Case {
        self.facts.kind = kind;
        self
    }

    pub fn member(mut self, id: &str, band: AgeBand, langs: &[&str], unaccompanied: bool) -> Case {
        let position = self.facts.members.len() + 1;
        self.facts.members.push(Member {
            id: id.to_owned(),
            position,
            age_band: band,
            languages: langs.iter().map(|l| (*l).to_owned()).collect(),
            unaccompanied,
        });
        self
    }

    pub fn set_band(mut self, id: &str, band: AgeBand) -> Case {
        self.member_mut(id).age_band = band;
        self
    }

    pub fn set_unaccompanied(mut self, id: &str) -> Case {
        self.member_mut(id).unaccompanied = true;
        self
    }

    fn member_mut(&mut self, id: &str) -> &mut Member {
        self.facts
            .members
            .iter_mut()
            .find(|m| m.id == id)
            .expect("a member of the household")
    }

    /// Records from now on are made on day `n`, and today is day `n`.
    pub fn day(mut self, n: i64) -> Case {
        self.on = day(n);
        self.facts.today = day(n);
        self
    }

    /// Today is day `n`; records keep their day.
    pub fn today(mut self, n: i64) -> Case {
        self.facts.today = day(n);
        self
    }

    /// Counselling that presented the destination's current status.
    pub fn counsel(self, language: &str, interpreter: bool) -> Case {
        let status = self.facts.destination;
        self.counsel_about(language, interpreter, status)
    }

    pub fn counsel_about(mut self, language: &str, interpreter: bool, status: AreaStatus) -> Case {
        let stamp = self.next_stamp();
        self.facts.counselling.push(Counselling {
            stamp,
            language: language.to_owned(),
            interpreter,
            destination_status: status,
        });
        self
    }

    /// A consent in the person's first language, without an interpreter.
    pub fn consent(self, person: &str, role: ConsentRole) -> Case {
        let language = self
            .facts
            .members
            .iter()
            .find(|m| m.id == person)
            .and_then(|m| m.languages.first().cloned())
            .unwrap_or_else(|| "ar".to_owned());
        self.consent_in(person, role, &language, false)
    }

    pub fn consent_in(
        mut self,
        person: &str,
        role: ConsentRole,
        language: &str,
        interpreter: bool,
    ) -> Case {
        let stamp = self.next_stamp();
        self.facts.consents.push(Consent {
            person_id: person.to_owned(),
            role,
            language: language.to_owned(),
            interpreter,
            stamp,
            withdrawn: None,
        });
        self
    }

    /// Withdraws every active consent of the person in the role.
    pub fn withdraw(mut self, person: &str, role: ConsentRole) -> Case {
        let stamp = self.next_stamp();
        for c in self
            .facts
            .consents
            .iter_mut()
            .filter(|c| c.person_id == person && c.role == role && c.withdrawn.is_none())
        {
            c.withdrawn = Some(stamp);
        }
        self
    }

    /// Drops every consent of the person in the role, as if it had never been given.
    pub fn without_consent(mut self, person: &str, role: ConsentRole) -> Case {
        self.facts
            .consents
            .retain(|c| !(c.person_id == person && c.role == role));
        self
    }

    /// Counsels again (in Arabic, about the current status) and takes every consent anew: what a
    /// worker does after anything that needs the household counselled again.
    pub fn recounsel(self) -> Case {
        self.recounsel_in("ar", false)
    }

    pub fn recounsel_in(self, language: &str, interpreter: bool) -> Case {
        let mut case = self.counsel(language, interpreter);
        let members = case.facts.members.clone();
        for m in members {
            // An unknown age consents as an adult does.
            if !m.age_band.is_child() {
                case = case.consent(&m.id, ConsentRole::Own);
            } else {
                case = case.consent(&m.id, ConsentRole::Guardian);
                if m.age_band == AgeBand::From12To17 {
                    case = case.consent(&m.id, ConsentRole::Assent);
                }
            }
        }
        case
    }

    pub fn destination(mut self, status: AreaStatus) -> Case {
        self.facts.destination = status;
        self
    }

    pub fn risk_assessment(mut self, risk_found: bool, mitigable: bool) -> Case {
        let stamp = self.next_stamp();
        self.facts.risk_assessments.push(RiskAssessment {
            stamp,
            risk_found,
            mitigable,
        });
        self
    }

    pub fn coercion(mut self, person: Option<&str>, detention: bool) -> Case {
        self.facts.coercion.push(Coercion {
            person_id: person.map(str::to_owned),
            detention,
            open: true,
        });
        self
    }

    /// A supervisor reviews every open coercion indicator.
    pub fn review_coercion(mut self) -> Case {
        for c in &mut self.facts.coercion {
            c.open = false;
        }
        self
    }

    pub fn holds(mut self, n: usize) -> Case {
        self.facts.open_holds = n;
        self
    }

    pub fn screenings_due(mut self, n: usize) -> Case {
        self.facts.screenings_due = n;
        self
    }

    pub fn waive_cooling_off(mut self) -> Case {
        self.facts.cooling_off_waived = true;
        self
    }

    pub fn best_interests(
        mut self,
        person: &str,
        kind: BestInterestsKind,
        outcome: BestInterestsOutcome,
    ) -> Case {
        let stamp = self.next_stamp();
        self.facts.best_interests.push(BestInterests {
            person_id: person.to_owned(),
            kind,
            outcome,
            stamp,
        });
        self
    }

    pub fn without_best_interests(mut self, person: &str) -> Case {
        self.facts.best_interests.retain(|b| b.person_id != person);
        self
    }

    pub fn evaluate(&self, set: &RuleSet, target: CaseState) -> Evaluation {
        evaluate(set, &self.facts, target)
    }
}

/// What a test expects of one finding: severity, member place, args.
pub type Expected = (Severity, Option<usize>, Vec<(&'static str, String)>);

pub fn of_rule(eval: &Evaluation, rule: RuleId) -> Vec<Expected> {
    eval.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f: &Finding| (f.severity, f.member, f.args.clone()))
        .collect()
}

pub fn fired(eval: &Evaluation) -> Vec<RuleId> {
    let mut rules: Vec<RuleId> = eval.findings.iter().map(|f| f.rule).collect();
    rules.dedup();
    rules
}

pub fn args(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}
