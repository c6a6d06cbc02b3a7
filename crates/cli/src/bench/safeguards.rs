//! `homeward bench safeguards`: the safeguard engine's evaluation time for one case (a household
//! of eight with fifty records), and transitions over HTTP — moves that pass the gate and moves
//! the gate refuses with its findings — against an in-process server.

use super::kit::{Scratch, Served, Stats, drive, median};
use crate::NodeArgs;
use crate::demo::people::{Rng, register_batch};
use crate::output::say;
use anyhow::{Result, anyhow};
use homeward_app::{Actor, App};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use homeward_domain::lifecycle::safeguards::{
    BestInterests, CaseFacts, Coercion, Consent, Counselling, Member, RiskAssessment, RuleSet,
    Stamp, evaluate,
};
use std::time::Instant;

/// A household of eight (two adults, six children of every band, one of unknown age) with fifty
/// records: five counselling sessions, twenty consents, ten best-interests records, five
/// coercion indicators (reviewed), five risk assessments and five open screenings.
fn household_of_eight() -> CaseFacts {
    let day = |d: i64| time::macros::date!(2026 - 10 - 01) + time::Duration::days(d);
    let bands = [
        AgeBand::From18To59,
        AgeBand::From60,
        AgeBand::From12To17,
        AgeBand::From12To17,
        AgeBand::From5To11,
        AgeBand::From5To11,
        AgeBand::Under5,
        AgeBand::Unknown,
    ];
    let members: Vec<Member> = bands
        .iter()
        .enumerate()
        .map(|(i, band)| Member {
            id: format!("m{i}"),
            position: i + 1,
            age_band: *band,
            languages: vec!["ar".into(), "fr".into()],
            unaccompanied: false,
        })
        .collect();
    let stamp = |d: i64, seq: i64| Stamp { on: day(d), seq };
    let mut seq = 0;
    let mut next = || {
        seq += 1;
        seq
    };
    let counselling = (0..5)
        .map(|d| Counselling {
            stamp: stamp(d, next()),
            language: "ar".into(),
            interpreter: d % 2 == 0,
            destination_status: AreaStatus::Safe,
        })
        .collect();
    let roles = [ConsentRole::Own, ConsentRole::Guardian, ConsentRole::Assent];
    let consents = (0..20)
        .map(|i| Consent {
            person_id: format!("m{}", i % 8),
            role: roles[i % 3],
            language: "ar".into(),
            interpreter: false,
            stamp: stamp(6, next()),
            withdrawn: None,
        })
        .collect();
    let best_interests = (0..10)
        .map(|i| BestInterests {
            person_id: format!("m{}", 2 + i % 5),
            kind: BestInterestsKind::Assessment,
            outcome: BestInterestsOutcome::ReturnInBestInterests,
            stamp: stamp(7, next()),
        })
        .collect();
    let coercion = (0..5)
        .map(|i| Coercion {
            person_id: Some(format!("m{i}")),
            detention: false,
            open: false,
        })
        .collect();
    let risk_assessments = (0..5)
        .map(|_| RiskAssessment {
            stamp: stamp(8, next()),
            risk_found: true,
            mitigable: true,
        })
        .collect();
    CaseFacts {
        kind: CaseKind::AssistedVoluntaryReturn,
        today: day(20),
        destination: AreaStatus::Conditional,
        members,
        counselling,
        consents,
        coercion,
        risk_assessments,
        best_interests,
        open_holds: 0,
        cooling_off_waived: false,
        screenings_due: 5,
        restarted: None,
    }
}

/// Median nanoseconds per evaluation over `rounds` rounds of `per_round` evaluations.
fn engine(rules: &RuleSet, rounds: usize, per_round: usize) -> (f64, usize) {
    let facts = household_of_eight();
    let findings = evaluate(rules, &facts, CaseState::InTransit).findings.len();
    let mut ns = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        for i in 0..per_round {
            let target = if i % 2 == 0 {
                CaseState::Approved
            } else {
                CaseState::InTransit
            };
            std::hint::black_box(evaluate(rules, std::hint::black_box(&facts), target));
        }
        ns.push(start.elapsed().as_nanos() as f64 / per_round as f64);
    }
    (median(ns), findings)
}

/// Registers `n` cases held by a fresh case worker (`bench@bench.example`); returns the worker
/// and the ids of the cases that are not forced returns.
async fn cases_for_transitions(app: &App, n: usize) -> Result<(Actor, Vec<String>)> {
    let (org, user, destinations) = super::kit::seed(app, PASSWORD).await?;
    let mut rng = Rng::new(7);
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(500);
        register_batch(app, &org, &user.id, &destinations, &mut rng, batch).await?;
        done += batch;
    }
    let ids = app
        .store()
        .cases(
            None,
            None,
            None,
            n as i64,
            &homeward_store::cases::CaseScope::All,
        )
        .await?
        .into_iter()
        // Forced returns are flagged, never refused: only managed returns meet the gate.
        .filter(|c| c.kind != "forced_return")
        .map(|c| c.id)
        .collect();
    Ok((crate::demo::lifecycle::actor(&user), ids))
}

/// Brings every case to `counselling`; the first half also counselled, with every member's
/// consent (and each child's best interests) recorded, so the gate to `consented` has real
/// records to judge. Not timed.
async fn to_the_gate(app: &App, worker: &Actor, ids: &[String]) -> Result<()> {
    let bar = crate::progress::bar("cases prepared");
    bar.set_length(ids.len() as u64);
    for (i, id) in ids.iter().enumerate() {
        if i < ids.len() / 2 {
            crate::demo::lifecycle::prepare(app, worker, id, 1).await?;
        }
        crate::demo::lifecycle::go(app, worker, id, "counselling").await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}

const PASSWORD: &str = "bench-password-1";

/// Moves every case to `to` over HTTP; each answer must have `expect` as its status.
async fn transitions(
    served: &Served,
    token: &str,
    ids: &[String],
    to: &'static str,
    expect: u16,
    concurrency: usize,
) -> Result<Stats> {
    let ids = std::sync::Arc::new(ids.to_vec());
    let (client, base, token) = (served.client.clone(), served.base.clone(), token.to_owned());
    let n = ids.len();
    drive(n, concurrency, move |i| {
        let (client, base, token, id) =
            (client.clone(), base.clone(), token.clone(), ids[i].clone());
        async move {
            let r = client
                .post(format!("{base}/api/v1/cases/{id}/transitions"))
                .bearer_auth(&token)
                .json(&serde_json::json!({ "to": to }))
                .send()
                .await?;
            if r.status().as_u16() != expect {
                return Err(anyhow!("transition to {to} answered {}", r.status()));
            }
            r.bytes().await?;
            Ok(())
        }
    })
    .await
}

pub async fn run(node: &NodeArgs, cases: usize, concurrency: usize, rounds: usize) -> Result<()> {
    let engine_name = if node.database_url.is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    let rules =
        homeward_app::lifecycle::safeguards::shipped_rules().map_err(crate::node::explain)?;
    let (ns, findings) = engine(&rules, 7, 100_000);
    say!(
        "safeguard evaluation, household of 8 with 50 records ({findings} findings): median {:.1} µs per evaluation ({} rules, version {})",
        ns / 1000.0,
        rules.rules.len(),
        rules.version
    );
    let (mut moves, mut refusals) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s = Scratch::new(node).await?;
        let served = Served::start(&s.app).await?;
        let (worker, ids) = cases_for_transitions(&s.app, cases).await?;
        to_the_gate(&s.app, &worker, &ids).await?;
        let token = served.sign_in("bench@bench.example", PASSWORD).await?;
        let (ready, bare) = ids.split_at(ids.len() / 2);
        moves.push(transitions(&served, &token, ready, "consented", 200, concurrency).await?);
        refusals.push(transitions(&served, &token, bare, "consented", 409, concurrency).await?);
        served.stop().await?;
        s.drop().await;
    }
    say!(
        "engine {engine_name}, {cases} cases × {rounds} rounds, {concurrency} concurrent clients, client and server on this machine"
    );
    let show = |label: &str, v: &[Stats]| {
        let rate = median(v.iter().map(|s| s.rate).collect());
        let p50 = median(v.iter().map(|s| s.p50).collect());
        let p99 = median(v.iter().map(|s| s.p99).collect());
        say!("{label}: {rate:.0} transitions/s, p50 {p50:.1} ms, p99 {p99:.1} ms");
    };
    show(
        "moves that pass the gate (counselling → consented with counselling and consents on file, journaled)",
        &moves,
    );
    show(
        "moves the gate refuses (counselling → consented with nothing on file, 409 with findings)",
        &refusals,
    );
    Ok(())
}
