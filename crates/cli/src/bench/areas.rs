//! `homeward bench areas`: recompute the status of many areas from many assessments, and render
//! the public area pages' data, on a throw-away node. Assessments are loaded straight into the
//! journal in large batches (setup, not measured); the recomputation is what is timed.

use super::kit::{Scratch, median};
use crate::NodeArgs;
use crate::output::say;
use anyhow::Result;
use homeward_app::accounts::organisations::Admin;
use homeward_domain::conditions::assessment::{Finding, SourceType};
use homeward_domain::conditions::status::CriterionStatus;
use homeward_domain::events::{AreaAssessed, Event};
use std::time::Instant;
use uuid::Uuid;

const PROVINCES: usize = 50;
const BATCH: usize = 5_000;

/// A small deterministic generator (SplitMix64): the same run makes the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn district(i: usize, per_province: usize) -> String {
    format!("XZ{:02}{:04}", i / per_province + 1, i % per_province + 1)
}

fn areas_csv(districts: usize) -> String {
    let per = districts.div_ceil(PROVINCES);
    let mut csv = String::from("pcode,name,level,parent\nXZ,Zedland,country,\n");
    for p in 1..=PROVINCES {
        csv.push_str(&format!("XZ{p:02},Province {p},adm1,XZ\n"));
    }
    for i in 0..districts {
        let code = district(i, per);
        csv.push_str(&format!("{code},District {code},adm2,{}\n", &code[..4]));
    }
    csv
}

pub async fn run(
    node: &NodeArgs,
    districts: usize,
    assessments: usize,
    rounds: usize,
) -> Result<()> {
    let explain = crate::node::explain;
    let scratch = Scratch::new(node).await?;
    let app = &scratch.app;
    let engine = app.store().engine();
    let started = Instant::now();
    app.import_areas_csv(None, &areas_csv(districts))
        .await
        .map_err(explain)?;
    let mut orgs = Vec::new();
    for name in ["Bench A", "Bench B"] {
        let org = app
            .create_organisation(Admin::Operator, name, "XZ")
            .await
            .map_err(explain)?;
        orgs.push(Uuid::parse_str(&org.id)?);
    }
    let criteria = app.criteria();
    let today = time::OffsetDateTime::now_utc().date();
    let per = districts.div_ceil(PROVINCES);
    let mut rng = Rng(2026);
    let bar = crate::progress::bar("loading assessments");
    let mut loaded = 0;
    while loaded < assessments {
        let n = BATCH.min(assessments - loaded);
        let mut batch = Vec::with_capacity(n);
        for i in loaded..loaded + n {
            // Mostly met, some partly, a few not met: a realistic spread of statuses.
            let findings = criteria
                .criteria
                .iter()
                .map(|c| Finding {
                    criterion: c.id.clone(),
                    status: match rng.next() % 20 {
                        0 => CriterionStatus::NotMet,
                        1..=3 => CriterionStatus::Partly,
                        _ => CriterionStatus::Met,
                    },
                    observations: Default::default(),
                    evidence: String::new(),
                })
                .collect();
            batch.push(Event::AreaAssessed(AreaAssessed {
                id: Uuid::now_v7(),
                pcode: district(i % districts, per),
                organisation_id: orgs[(i / districts) % 2],
                assessed_on: (today - time::Duration::days((rng.next() % 120) as i64)).to_string(),
                source_type: SourceType::KeyInformant,
                criteria_version: criteria.version.clone(),
                corrects: None,
                findings,
            }));
        }
        let author = homeward_app::author_of(None);
        app.store()
            .write(move |w| {
                Box::pin(async move {
                    for e in &batch {
                        w.append(&author, e).await?;
                    }
                    Ok::<_, homeward_app::AppError>(())
                })
            })
            .await
            .map_err(explain)?;
        loaded += n;
        bar.set_length(assessments as u64);
        bar.set_position(loaded as u64);
    }
    bar.finish_and_clear();
    say!(
        "{engine}: {districts} districts, {assessments} assessments loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut first = None;
    let mut again = Vec::new();
    for round in 0..rounds.max(2) {
        let t = Instant::now();
        let changed = app
            .recompute_area_statuses(&|_, _| {})
            .await
            .map_err(explain)?;
        let secs = t.elapsed().as_secs_f64();
        if round == 0 {
            first = Some((secs, changed));
        } else {
            again.push(secs);
        }
    }
    if let Some((secs, changed)) = first {
        say!(
            "{engine}: first recompute {secs:.1} s ({:.0} areas/s, {changed} statuses journaled)",
            districts as f64 / secs
        );
    }
    let steady = median(again);
    say!(
        "{engine}: recompute with nothing to change, median {steady:.1} s ({:.0} areas/s)",
        districts as f64 / steady
    );

    let mut province_page = Vec::new();
    let mut area_page = Vec::new();
    let mut table = Vec::new();
    for i in 0..rounds.max(1) {
        let t = Instant::now();
        app.area_lines(Some("XZ01")).await.map_err(explain)?;
        app.area_status("XZ01").await.map_err(explain)?;
        province_page.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        app.area_status(&district(i, per)).await.map_err(explain)?;
        area_page.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let csv = app.area_status_csv().await.map_err(explain)?;
        table.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(csv);
    }
    say!(
        "{engine}: province page data ({per} districts) median {:.0} ms; district page {:.1} ms; status table CSV ({districts} rows) {:.0} ms",
        median(province_page),
        median(area_page),
        median(table)
    );
    scratch.drop().await;
    Ok(())
}
