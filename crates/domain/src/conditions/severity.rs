//! The optional severity score (METHODS.md section 2, after IOM DTM's Return Index): weights and
//! cut-offs from configuration with provenance. When the configuration says its figures are not
//! verified, the score is computed but no severity label is given.

use super::criteria::Criteria;
use super::status::CriterionStatus;
use crate::macros::string_enum;
use serde::Deserialize;
use std::collections::BTreeMap;

string_enum! {
    SeverityLevel {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeverityConfig {
    pub version: String,
    pub source: String,
    /// Whether the weights and cut-offs come from a source the deployment can cite.
    pub verified: bool,
    /// Criterion id → weight.
    pub weights: Vec<(String, u32)>,
    pub low_below: u32,
    pub medium_below: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Severity {
    /// 0 (every condition met) … 100 (none met).
    pub score: u32,
    /// `None` when the configuration is not verified: "threshold not configured".
    pub level: Option<SeverityLevel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    source: String,
    verified: bool,
    indicator: Vec<Indicator>,
    cutoffs: Cutoffs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Indicator {
    criterion: String,
    weight: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cutoffs {
    low_below: u32,
    medium_below: u32,
}

impl SeverityConfig {
    /// Parses the file and checks it against the criteria in force.
    pub fn parse(text: &str, criteria: &Criteria) -> Result<SeverityConfig, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            match line {
                Some(l) => format!("line {l}: {}", e.message()),
                None => e.message().to_owned(),
            }
        })?;
        let mut weights: Vec<(String, u32)> = Vec::new();
        for i in file.indicator {
            if criteria.criterion(&i.criterion).is_none() {
                return Err(format!("indicator {:?} is not a criterion", i.criterion));
            }
            if weights.iter().any(|(c, _)| *c == i.criterion) {
                return Err(format!("indicator {} appears twice", i.criterion));
            }
            if !(1..=100).contains(&i.weight) {
                return Err(format!("weight of {} must be 1..=100", i.criterion));
            }
            weights.push((i.criterion, i.weight));
        }
        if weights.is_empty() {
            return Err("no indicator".into());
        }
        let (low, medium) = (file.cutoffs.low_below, file.cutoffs.medium_below);
        if !(low > 0 && low < medium && medium <= 100) {
            return Err("cut-offs must satisfy 0 < low_below < medium_below <= 100".into());
        }
        if file.version.trim().is_empty() || file.source.trim().is_empty() {
            return Err("version and source must say where the figures come from".into());
        }
        Ok(SeverityConfig {
            version: file.version,
            source: file.source,
            verified: file.verified,
            weights,
            low_below: low,
            medium_below: medium,
        })
    }

    /// The score of one assessment's findings; `None` when no weighted criterion was answered.
    pub fn score(&self, findings: &BTreeMap<String, CriterionStatus>) -> Option<Severity> {
        let (mut shortfall, mut total) = (0u32, 0u32);
        for (criterion, weight) in &self.weights {
            // Shortfall in halves, so the arithmetic stays in integers.
            let halves = match findings.get(criterion) {
                Some(CriterionStatus::Met) => 0,
                Some(CriterionStatus::Partly) => 1,
                Some(CriterionStatus::NotMet) => 2,
                Some(CriterionStatus::Unknown) | None => continue,
            };
            shortfall += weight * halves;
            total += weight * 2;
        }
        if total == 0 {
            return None;
        }
        // Rounded half up.
        let score = (200 * shortfall + total) / (2 * total);
        let level = if score < self.low_below {
            SeverityLevel::Low
        } else if score < self.medium_below {
            SeverityLevel::Medium
        } else {
            SeverityLevel::High
        };
        let level = self.verified.then_some(level);
        Some(Severity { score, level })
    }
}

#[cfg(test)]
mod tests {
    use super::super::criteria::tests::shipped;
    use super::*;

    const SHIPPED: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/return-index.toml"
    ));

    fn findings(pairs: &[(&str, CriterionStatus)]) -> BTreeMap<String, CriterionStatus> {
        pairs.iter().map(|(c, s)| (c.to_string(), *s)).collect()
    }

    #[test]
    fn unverified_figures_give_a_score_but_no_label() {
        let config = SeverityConfig::parse(SHIPPED, &shipped()).unwrap();
        assert!(!config.verified);
        let criteria = shipped();
        let all_met: Vec<(&str, CriterionStatus)> = criteria
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), CriterionStatus::Met))
            .collect();
        let s = config.score(&findings(&all_met)).unwrap();
        assert_eq!(
            s,
            Severity {
                score: 0,
                level: None
            }
        );
        // Safety not met (weight 3 of 13), the rest met: 100 x 3/13 = 23.
        let mut some = all_met.clone();
        some[0].1 = CriterionStatus::NotMet;
        assert_eq!(config.score(&findings(&some)).unwrap().score, 23);
    }

    #[test]
    fn verified_figures_label_by_the_cut_offs_and_unknowns_are_left_out() {
        let text = SHIPPED.replace("verified = false", "verified = true");
        let config = SeverityConfig::parse(&text, &shipped()).unwrap();
        let s = |pairs: &[(&str, CriterionStatus)]| config.score(&findings(pairs)).unwrap();
        use CriterionStatus::*;
        assert_eq!(s(&[("safety", NotMet)]).level, Some(SeverityLevel::High));
        assert_eq!(
            s(&[("safety", Partly)]),
            Severity {
                score: 50,
                level: Some(SeverityLevel::Medium)
            }
        );
        assert_eq!(
            s(&[("safety", Met), ("documentation", Unknown)]).level,
            Some(SeverityLevel::Low)
        );
        assert!(
            config
                .score(&findings(&[("documentation", Unknown)]))
                .is_none()
        );
    }

    #[test]
    fn bad_files_are_refused() {
        let c = shipped();
        assert!(SeverityConfig::parse(&SHIPPED.replace("\"safety\"", "\"safe\""), &c).is_err());
        assert!(
            SeverityConfig::parse(
                &SHIPPED.replace("medium_below = 67", "medium_below = 20"),
                &c
            )
            .is_err()
        );
        let e = SeverityConfig::parse(&SHIPPED.replace("weight = 3", "weight = \"3\""), &c)
            .unwrap_err();
        assert!(e.starts_with("line "), "{e}");
    }
}
