//! The demo's return stories: its origin districts assessed (most safe, some conditional or
//! unsafe, some never assessed) and a handful of cases walked along the return road through the
//! same services the screens use, so that every screen of the lifecycle has something to show —
//! a return approved, one waiting out its cooling-off, one blocked by a coercion indicator, one
//! with a follow-up screening due, and a forced return monitored with its alerts.
//!
//! The operator acts here on behalf of the demo users (their names sign the journal entries):
//! this is demo generation, not a way in for anyone else.

use crate::say;
use anyhow::{Result, anyhow};
use homeward_app::conditions::assessments::{FindingBody, NewAssessment};
use homeward_app::lifecycle::record_inputs::{
    FactorInput, NewBestInterests, NewCoercionIndicator, NewCounselling, NewRemovalDecision,
    NewScreening,
};
use homeward_app::lifecycle::transitions::TransitionInput;
use homeward_app::policy::actor::{Actor, Credential};
use homeward_app::privacy::sharing::NewConsent;
use homeward_app::{App, AppError};
use homeward_domain::accounts::roles::Role;
use homeward_domain::cases::person::AgeBand;
use homeward_store::{accounts::UserRow, cases::CaseScope};
use time::Duration;

/// The demo users who act in the stories.
pub struct Cast {
    pub caseworker: Actor,
    pub supervisor: Actor,
    pub assessors: [Actor; 2],
}

/// A demo user as the services see them.
pub fn actor(user: &UserRow) -> Actor {
    Actor {
        user_id: user.id.clone(),
        organisation_id: user.organisation_id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        roles: user.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        purpose: "case_management",
        scopes: None,
        enrolment_required: false,
        credential: Credential::Session {
            id: "demo-generation".to_owned(),
            second_factor: true,
        },
    }
}

fn explain(e: AppError) -> anyhow::Error {
    crate::node::explain(e)
}

fn days_ago(n: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - Duration::days(n)).to_string()
}

/// Assesses the origin districts: of every six, three safe (both organisations), one
/// conditional (one organisation), one unsafe, one left unassessed. The province of Borealis
/// North (`XB01`) is left without evidence, so the demo shows an area before its first
/// assessment (the browser tests assess `XB0101` themselves).
const UNASSESSED_PROVINCE: &str = "XB01";

pub async fn assess(app: &App, cast: &Cast, districts: &[String]) -> Result<()> {
    let criteria = app.criteria();
    let findings = |safety: &str| -> Vec<FindingBody> {
        criteria
            .criteria
            .iter()
            .map(|c| FindingBody {
                criterion: c.id.clone(),
                status: if c.id == "safety" { safety } else { "met" }.to_owned(),
                observations: Default::default(),
                evidence: "Demo evidence: field visit and key informants.".to_owned(),
            })
            .collect()
    };
    let mut assessed = 0;
    let assessable = districts
        .iter()
        .filter(|p| !p.starts_with(UNASSESSED_PROVINCE));
    for (i, pcode) in assessable.enumerate() {
        let plan: &[(usize, &str)] = match i % 6 {
            0..=2 => &[(0, "met"), (1, "met")],
            3 => &[(0, "met")],
            4 => &[(1, "not_met")],
            _ => &[],
        };
        for (who, safety) in plan {
            let input = NewAssessment {
                assessed_on: days_ago(12),
                source_type: "field_visit".to_owned(),
                findings: findings(safety),
                corrects: None,
                organisation_id: None,
            };
            app.submit_assessment(&cast.assessors[*who], pcode, input)
                .await
                .map_err(explain)?;
        }
        assessed += usize::from(!plan.is_empty());
    }
    say!("Assessed {assessed} districts as two organisations' assessors.");
    Ok(())
}

/// Counsels the household and records every member's consent (adults for themselves, children
/// by a guardian and, from 12, their own assent) and each child's best-interests assessment.
pub async fn prepare(app: &App, cw: &Actor, case_id: &str, consent_days_ago: i64) -> Result<()> {
    let file = app
        .store()
        .case_file(case_id)
        .await?
        .ok_or_else(|| anyhow!("demo case {case_id} vanished"))?;
    let language = file
        .members
        .first()
        .and_then(|m| m.languages.first().cloned())
        .unwrap_or_else(|| "ar".to_owned());
    let counselling = NewCounselling {
        held_on: days_ago(consent_days_ago + 1),
        language: language.clone(),
        interpreter: false,
        information_sheet: "AVR-2026-03".to_owned(),
        topics: vec![
            "safety_at_destination".into(),
            "area_status".into(),
            "right_to_withdraw".into(),
        ],
        questions: None,
    };
    app.record_on_case(cw, case_id, counselling)
        .await
        .map_err(explain)?;
    for m in &file.members {
        let band = AgeBand::parse(&m.age_band).unwrap_or(AgeBand::Unknown);
        let mut roles = vec![if band.is_child() { "guardian" } else { "own" }];
        if band == AgeBand::From12To17 {
            roles.push("assent");
        }
        for role in roles {
            let consent = NewConsent {
                purpose: "return".to_owned(),
                party: None,
                language: m
                    .languages
                    .first()
                    .cloned()
                    .unwrap_or_else(|| language.clone()),
                method: "written".to_owned(),
                interpreter: false,
                given_on: days_ago(consent_days_ago),
                role: Some(role.to_owned()),
                information_sheet: Some("AVR-2026-03".to_owned()),
            };
            app.record_consent(cw, &m.id, consent)
                .await
                .map_err(explain)?;
        }
        if band.is_child() {
            let bia = NewBestInterests {
                person_id: m.id.clone(),
                decided_on: days_ago(consent_days_ago),
                kind: "assessment".to_owned(),
                outcome: "return_in_best_interests".to_owned(),
                panel_members: 0,
                child_heard: true,
                legal_representation: false,
                options_compared: vec!["return".into(), "local_integration".into()],
                review_on: None,
                note: None,
            };
            app.record_on_case(cw, case_id, bia)
                .await
                .map_err(explain)?;
        }
    }
    Ok(())
}

pub async fn go(app: &App, who: &Actor, case_id: &str, to: &str) -> Result<()> {
    let input = TransitionInput {
        to: to.to_owned(),
        reason: None,
    };
    app.transition_case(who, case_id, input)
        .await
        .map_err(explain)?;
    Ok(())
}

/// Walks a few cases whose destination is safe along the road.
pub async fn walk(app: &App, cast: &Cast) -> Result<()> {
    let cases = app
        .store()
        .cases(None, None, None, 400, &CaseScope::All)
        .await?;
    let mut safe = Vec::new();
    let mut forced = None;
    for c in cases {
        let status = app
            .store()
            .case_file(&c.id)
            .await?
            .and_then(|f| f.destination_status);
        match (c.kind.as_str(), status.as_deref()) {
            ("forced_return", Some("safe" | "conditional")) if forced.is_none() => {
                forced = Some(c.id)
            }
            ("assisted_voluntary_return", Some("safe")) if safe.len() < 4 => safe.push(c.id),
            _ => {}
        }
    }
    let (cw, sup) = (&cast.caseworker, &cast.supervisor);
    let [approved, cooling, coerced, screened] = safe.as_slice() else {
        say!("Too few demo cases to walk the return road; skipped.");
        return Ok(());
    };
    // Approved and travel scheduled; cooling-off long over.
    prepare(app, &cast.caseworker, approved, 10).await?;
    for to in ["counselling", "consented", "assessment"] {
        go(app, cw, approved, to).await?;
    }
    go(app, sup, approved, "approved").await?;
    go(app, cw, approved, "travel_scheduled").await?;
    // Consented five days ago: departure waits two more days.
    prepare(app, &cast.caseworker, cooling, 5).await?;
    for to in ["counselling", "consented", "assessment"] {
        go(app, cw, cooling, to).await?;
    }
    go(app, sup, cooling, "approved").await?;
    go(app, cw, cooling, "travel_scheduled").await?;
    // Waiting for approval, blocked by an open coercion indicator.
    prepare(app, &cast.caseworker, coerced, 3).await?;
    for to in ["counselling", "consented", "assessment"] {
        go(app, cw, coerced, to).await?;
    }
    let indicator = NewCoercionIndicator {
        code: "time_pressure".to_owned(),
        person_id: None,
        observed_on: days_ago(2),
        note: None,
    };
    app.record_on_case(cw, coerced, indicator)
        .await
        .map_err(explain)?;
    // In counselling, with a positive rapid screen awaiting its follow-up.
    go(app, cw, screened, "counselling").await?;
    let head = app
        .store()
        .case_file(screened)
        .await?
        .and_then(|f| f.members.first().map(|m| m.id.clone()))
        .ok_or_else(|| anyhow!("demo case without members"))?;
    let screen = NewScreening {
        person_id: head,
        screened_on: days_ago(1),
        stage: "rapid".to_owned(),
        factors: vec![FactorInput {
            level: "individual".into(),
            kind: "risk".into(),
            code: "serious_medical_condition".into(),
        }],
        domains: vec!["health_and_welfare".into()],
        rating: "medium".to_owned(),
        follows: None,
        note: None,
    };
    app.record_on_case(cw, screened, screen)
        .await
        .map_err(explain)?;
    if let Some(forced) = forced {
        let decision = NewRemovalDecision {
            decided_on: days_ago(20),
            appeal_pending: false,
            note: None,
        };
        app.record_on_case(cw, &forced, decision)
            .await
            .map_err(explain)?;
        for to in ["counselling", "consented", "assessment"] {
            go(app, cw, &forced, to).await?;
        }
        go(app, sup, &forced, "approved").await?;
    }
    say!("Walked 5 demo cases along the return road.");
    Ok(())
}
