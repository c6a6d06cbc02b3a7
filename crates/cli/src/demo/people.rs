//! Invented people: a seeded generator, pools of names in several scripts, and households
//! registered in batches through the same service the API uses.

use anyhow::Result;
use homeward_app::cases::households::{CaseInput, MemberInput, RegisterHousehold};
use homeward_app::{App, SYSTEM_ACTOR};
use homeward_store::Author;

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

/// A synthetic household returning to an origin country.
pub fn household(rng: &mut Rng, destinations: &[String]) -> RegisterHousehold {
    let (female, male, family, language) = POOLS[rng.below(POOLS.len())];
    let surname = rng.pick(family).to_owned();
    let size = 1 + rng.below(6);
    let year = 2026;
    let mut members = Vec::with_capacity(size);
    let mut head_age = 0;
    for i in 0..size {
        let female_member = rng.below(2) == 0;
        // Children are at least 16 years younger than the head, so every invented household
        // is plausible by config/household.toml (a gap of 12 is its minimum).
        let (relationship, age) = match i {
            0 => ("head", 20 + rng.below(45)),
            1 => ("spouse", 20 + rng.below(40)),
            _ => ("child", rng.below((head_age - 15).min(18))),
        };
        if i == 0 {
            head_age = age;
        }
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

#[cfg(test)]
mod tests {
    use super::{Rng, household};
    use homeward_domain::cases::household::Relationship;
    use homeward_domain::cases::person;
    use homeward_domain::cases::plausibility::{self, Age, Member};

    #[test]
    fn every_invented_household_is_plausible() {
        let rules = homeward_app::cases::households::shipped_household_rules().unwrap();
        let today = time::OffsetDateTime::now_utc().date();
        let mut rng = Rng::new(11);
        for _ in 0..2_000 {
            let h = household(&mut rng, &["XB0101".to_owned()]);
            let members: Vec<Member> = h
                .members
                .iter()
                .map(|m| Member {
                    relationship: Relationship::parse(&m.relationship).unwrap(),
                    age: Age::Born(person::date("", m.date_of_birth.as_deref().unwrap()).unwrap()),
                    confirmed: false,
                })
                .collect();
            assert!(
                plausibility::check(&rules, &members, today).is_ok(),
                "{members:?}"
            );
        }
    }
}
