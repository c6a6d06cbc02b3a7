//! The rule set file (`config/safeguards.toml`): the shipped one parses, and every kind of
//! mistake is refused with a message that says where, or which rule.

use crate::support::{SHIPPED, shipped, shipped_setting, shipped_with};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::person::AgeBand;
use homeward_domain::lifecycle::safeguards::{FLOOR, FORCED_FLOOR, RuleId, RuleSet, Severity};

fn refused(text: &str) -> String {
    match RuleSet::parse(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn the_shipped_file_parses() {
    let set = shipped();
    assert_eq!(set.version, "2026-11-design-4");
    assert!(set.source.contains("DESIGN.md section 4"));
    assert_eq!(set.cooling_off_days, 7);
    assert_eq!(set.assent_from, AgeBand::From12To17);
    assert_eq!(
        set.unassessed_blocks,
        vec![
            CaseKind::AssistedVoluntaryReturn,
            CaseKind::VoluntaryRepatriation
        ]
    );
    let ids: Vec<RuleId> = set.rules.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        RuleId::ALL.to_vec(),
        "every rule, in the engine's order"
    );
    for id in FLOOR {
        let r = set.rule(*id).expect("listed");
        assert!(r.enabled && r.severity == Severity::Block, "{id}");
        assert!(!homeward_domain::lifecycle::road::at_or_after(
            r.from,
            CaseState::TravelScheduled
        ));
    }
    assert!(set.rules.iter().all(|r| r.enabled));
}

/// The line number of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .expect("present")
        + 1
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    // An error in the middle of a line.
    let text = shipped_setting("cooling_off_days", "= 7");
    let line = line_of(&text, "cooling_off_days");
    let e = refused(&text);
    assert!(e.starts_with(&format!("line {line}:")), "{e}");
    // Errors that start at the very start of a line: an unknown setting, a duplicate key, an
    // unknown field of a rule.
    for (after, added, key) in [
        ("\ncooling_off_days = 7\n", "bogus = 1\n", "bogus"),
        (
            "\ncooling_off_days = 7\n",
            "cooling_off_days = 8\n",
            "cooling_off_days = 8",
        ),
        ("\nid = \"age_known\"\n", "what = 1\n", "what"),
    ] {
        assert!(SHIPPED.contains(after));
        let text = SHIPPED.replacen(after, &format!("{after}{added}"), 1);
        let line = line_of(&text, key);
        let e = refused(&text);
        assert!(e.starts_with(&format!("line {line}:")), "{key}: {e}");
    }
    // A value of the wrong type.
    let text = shipped_with("counselled", "enabled", "\"yes\"");
    let e = refused(&text);
    let enabled_line = text
        .lines()
        .enumerate()
        .skip_while(|(_, l)| *l != "id = \"counselled\"")
        .find(|(_, l)| l.starts_with("enabled"))
        .map(|(i, _)| i + 1)
        .expect("present");
    assert!(e.starts_with(&format!("line {enabled_line}:")), "{e}");
    // An error on the first line.
    let e = refused(&format!("version = \n{SHIPPED}"));
    assert!(e.starts_with("line 1:"), "{e}");
}

#[test]
fn an_unknown_rule_is_refused_by_name() {
    let e = refused(&SHIPPED.replace("id = \"screening_due\"", "id = \"screening_overdue\""));
    assert!(e.contains("\"screening_overdue\""), "{e}");
    assert!(e.contains("not a rule"), "{e}");
}

#[test]
fn a_rule_listed_twice_is_refused_by_name() {
    let e = refused(&SHIPPED.replace("id = \"screening_due\"", "id = \"cooling_off\""));
    assert!(e.contains("\"cooling_off\"") && e.contains("twice"), "{e}");
}

#[test]
fn a_missing_rule_is_refused_by_name() {
    let block = "[[rule]]\nid = \"screening_due\"\nenabled = true\nseverity = \"warn\"\n\
                 from = \"approved\"\nforced = false";
    assert!(SHIPPED.contains(block));
    let e = refused(&SHIPPED.replace(block, ""));
    assert!(
        e.contains("\"screening_due\"") && e.contains("missing"),
        "{e}"
    );
}

#[test]
fn severity_alert_is_refused_by_name() {
    let e = refused(&shipped_with("screening_due", "severity", "\"alert\""));
    assert!(
        e.contains("\"screening_due\"") && e.contains("block or warn"),
        "{e}"
    );
    let e = refused(&shipped_with("screening_due", "severity", "\"fatal\""));
    assert!(e.contains("\"screening_due\""), "{e}");
}

#[test]
fn from_must_lie_between_counselling_and_departure() {
    for ok in ["counselling", "consented", "in_transit"] {
        let set = RuleSet::parse(&shipped_with("screening_due", "from", &format!("\"{ok}\"")));
        assert!(set.is_ok(), "{ok}: {set:?}");
    }
    for bad in [
        "registered",
        "arrived",
        "follow_up",
        "closed",
        "suspended",
        "withdrawn",
        "nowhere",
    ] {
        let e = refused(&shipped_with(
            "screening_due",
            "from",
            &format!("\"{bad}\""),
        ));
        assert!(
            e.contains("\"screening_due\"") && e.contains("from"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn assent_must_start_in_a_child_band() {
    for ok in ["0-4", "5-11", "12-17"] {
        assert!(RuleSet::parse(&shipped_setting("assent_from", &format!("\"{ok}\""))).is_ok());
    }
    for bad in ["18-59", "60+", "unknown", "12"] {
        let e = refused(&shipped_setting("assent_from", &format!("\"{bad}\"")));
        assert!(e.contains("assent_from") && e.contains(bad), "{e}");
    }
}

#[test]
fn cooling_off_is_at_most_ninety_days() {
    assert_eq!(
        RuleSet::parse(&shipped_setting("cooling_off_days", "90"))
            .unwrap()
            .cooling_off_days,
        90
    );
    let e = refused(&shipped_setting("cooling_off_days", "91"));
    assert!(e.contains("cooling_off_days 91"), "{e}");
    let e = refused(&shipped_setting("cooling_off_days", "-1"));
    assert!(e.starts_with("line "), "{e}");
}

#[test]
fn other_settings_are_checked() {
    let e = refused(&shipped_setting("unassessed_blocks", "[\"holiday\"]"));
    assert!(e.contains("\"holiday\""), "{e}");
    let e = refused(&shipped_setting("version", "\" \""));
    assert!(e.contains("version"), "{e}");
    let e = refused(&shipped_setting("source", "\"\""));
    assert!(e.contains("source"), "{e}");
    let set = RuleSet::parse(&shipped_setting("unassessed_blocks", "[]")).unwrap();
    assert!(set.unassessed_blocks.is_empty());
}

#[test]
fn the_floor_cannot_be_switched_off_softened_or_moved_past_approval() {
    for id in FLOOR {
        let name = id.as_str();
        for (key, value) in [
            ("enabled", "false"),
            ("severity", "\"warn\""),
            ("from", "\"travel_scheduled\""),
            ("from", "\"in_transit\""),
        ] {
            let e = refused(&shipped_with(name, key, value));
            assert!(
                e.contains(&format!("\"{name}\"")) && e.contains("floor"),
                "{name} {key} = {value}: {e}"
            );
        }
        // Earlier is stricter, and allowed.
        for from in ["counselling", "consented", "assessment", "approved"] {
            let set = RuleSet::parse(&shipped_with(name, "from", &format!("\"{from}\"")));
            assert!(set.is_ok(), "{name} from {from}: {set:?}");
        }
    }
}

#[test]
fn rules_above_the_floor_may_be_switched_off_softened_or_moved() {
    for id in RuleId::ALL.iter().filter(|id| !FLOOR.contains(id)) {
        let name = id.as_str();
        if !FORCED_FLOOR.contains(id) {
            let off = RuleSet::parse(&shipped_with(name, "enabled", "false")).unwrap();
            assert!(!off.rule(*id).unwrap().enabled, "{name}");
        }
        let warn = RuleSet::parse(&shipped_with(name, "severity", "\"warn\"")).unwrap();
        assert_eq!(warn.rule(*id).unwrap().severity, Severity::Warn, "{name}");
        let late = RuleSet::parse(&shipped_with(name, "from", "\"in_transit\"")).unwrap();
        assert_eq!(late.rule(*id).unwrap().from, CaseState::InTransit, "{name}");
    }
}

#[test]
fn forced_return_alerts_for_childrens_and_appeal_rules_cannot_be_silenced() {
    for id in FORCED_FLOOR {
        let name = id.as_str();
        for (key, value) in [("enabled", "false"), ("forced", "false")] {
            let e = refused(&shipped_with(name, key, value));
            assert!(
                e.contains(&format!("\"{name}\""))
                    && (e.contains("forced returns") || e.contains("floor")),
                "{name} {key} = {value}: {e}"
            );
        }
    }
}
