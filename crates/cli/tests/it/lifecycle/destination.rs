//! The destination's status as a gate (unassessed, conditional, unsafe, safe, a change since
//! counselling) and forced returns, which are monitored with alerts and never blocked.

use crate::kit::fixtures::assessment_body;
use crate::kit::lifecycle::*;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_destination_status_gates_approval() {
    let node = TestNode::start().await;
    let s = Staff::new(&node).await;
    // Unassessed: blocks an assisted voluntary return...
    let (avr, avr_person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.cw, &avr, &avr_person).await;
    go_ok(&node, &s.cw, &avr, "assessment").await;
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    assert_eq!(rules(&b), ["destination_unassessed"]);
    assert!(
        finding(&b, "destination_unassessed", None)["message"]
            .as_str()
            .unwrap()
            .contains("Not assessed"),
        "the status is named, translated: {b:#}"
    );
    // ...and only warns on a spontaneous return, which proceeds with the warning stored.
    let (spont, spont_person) = one_adult(&node, &s.cw, "spontaneous_return", "XB0101").await;
    to_consented(&node, &s.cw, &spont, &spont_person).await;
    go_ok(&node, &s.cw, &spont, "assessment").await;
    let ok = go_ok(&node, &s.sup, &spont, "approved").await;
    assert_eq!(rules(&ok), ["destination_unassessed"]);
    assert_eq!(ok["findings"][0]["severity"], "warn");
    let stored = transitions(&node, &s.cw, &spont).await;
    let last = stored.last().unwrap();
    assert_eq!(last["findings"][0]["rule"], "destination_unassessed");
    assert_eq!(last["findings"][0]["severity"], "warn");

    // One organisation finds the area's criteria met: conditional. The household was counselled
    // when it was unassessed, so it is counselled again; then a risk assessment is needed.
    let assessor = node.login_as(Role::Assessor).await;
    let r = node
        .post_json(
            "/api/v1/areas/XB0101/assessments",
            Some(&assessor),
            &assessment_body(&days_ago(2), "met"),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(area_status(&node, "XB0101").await, "conditional");
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    let mut found = rules(&b);
    found.sort();
    assert_eq!(found, ["destination_conditional", "recounselling"], "{b:#}");
    let re = finding(&b, "recounselling", None)["message"]
        .as_str()
        .unwrap();
    assert!(
        re.contains("Not assessed") && re.contains("Conditional"),
        "{re}"
    );
    let fr = node
        .get(
            &format!("/api/v1/cases/{avr}/safeguards?lang=fr&to=approved"),
            Some(&s.cw),
        )
        .await;
    assert_eq!(fr.status, 200, "{fr:#?}");
    assert_eq!(fr.json["blocked"], true);
    let re = finding(&fr.json, "recounselling", None)["message"]
        .as_str()
        .unwrap();
    assert!(
        re.contains("Non évaluée") && re.contains("Sous conditions"),
        "{re}"
    );
    counsel(&node, &s.cw, &avr, &today()).await;
    consent(&node, &s.cw, &avr_person, "own", &today()).await;
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    assert_eq!(rules(&b), ["destination_conditional"]);
    // A risk that cannot be mitigated keeps it blocked; one that can, with how, clears it.
    record_ok(
        &node,
        &s.cw,
        &avr,
        "risk-assessments",
        &json!({"assessed_on": today(), "risk_found": true, "mitigable": false}),
    )
    .await;
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    assert!(
        finding(&b, "destination_conditional", None)["message"]
            .as_str()
            .unwrap()
            .contains("cannot be mitigated")
    );
    let missing = record(
        &node,
        &s.cw,
        &avr,
        "risk-assessments",
        &json!({"assessed_on": today(), "risk_found": true, "mitigable": true}),
    )
    .await;
    missing.assert_problem(422);
    assert_eq!(missing.pointers(), ["/mitigation"]);
    record_ok(
        &node,
        &s.cw,
        &avr,
        "risk-assessments",
        &json!({"assessed_on": today(), "risk_found": true, "mitigable": true,
                "mitigation": "Stay with relatives in the next village for the first month"}),
    )
    .await;
    go_ok(&node, &s.sup, &avr, "approved").await;

    // Unsafe: a second destination, where safety is not met.
    let mut worse = assessment_body(&days_ago(1), "met");
    worse["findings"][0]["status"] = json!("not_met");
    let r = node
        .post_json("/api/v1/areas/XB0102/assessments", Some(&assessor), &worse)
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(area_status(&node, "XB0102").await, "unsafe");
    let (far, far_person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0102").await;
    to_consented(&node, &s.cw, &far, &far_person).await;
    go_ok(&node, &s.cw, &far, "assessment").await;
    let b = blocked(&node, &s.sup, &far, "approved").await;
    assert_eq!(rules(&b), ["destination_unsafe"], "{b:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forced_returns_are_monitored_with_alerts_never_blocked() {
    let node = TestNode::start().await;
    let s = Staff::new(&node).await;
    let (avr, _) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    let removal = json!({"decided_on": days_ago(20), "appeal_pending": true, "note": "Order of the prefecture"});
    let before = node.journal_len().await;
    let r = record(&node, &s.cw, &avr, "removal-decision", &removal).await;
    r.assert_problem(422);
    assert_eq!(r.codes(), ["error-removal-decision-forced-only"]);
    assert_eq!(node.journal_len().await, before);

    let (case, _) = one_adult(&node, &s.cw, "forced_return", "XB0101").await;
    let rec = record_ok(&node, &s.cw, &case, "removal-decision", &removal).await;
    assert_eq!(rec["type"], "removal_decision");
    assert_eq!(rec["data"]["appeal_pending"], true);
    record_ok(
        &node,
        &s.cw,
        &case,
        "holds",
        &json!({"kind": "pending_appeal", "suspensive": true, "placed_on": days_ago(19)}),
    )
    .await;
    // Nobody counselled or consented, the area is unassessed, an appeal is pending: nothing
    // is refused, everything is recorded.
    for to in ["counselling", "consented", "assessment"] {
        go_ok(&node, &s.cw, &case, to).await;
    }
    // Four eyes still hold for the approval of a forced return's monitoring step.
    go(&node, &s.cw, &case, "approved")
        .await
        .assert_problem(403);
    let approved = go_ok(&node, &s.sup, &case, "approved").await;
    let mut found = rules(&approved);
    found.sort();
    assert_eq!(
        found,
        ["destination_unassessed", "suspensive_hold"],
        "{approved:#}"
    );
    assert!(
        approved["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "alert")
    );
    for to in ["travel_scheduled", "in_transit"] {
        go_ok(&node, &s.cw, &case, to).await;
    }
    let sg = node
        .get(&format!("/api/v1/cases/{case}/safeguards"), Some(&s.cw))
        .await;
    assert_eq!(sg.json["kind"], "forced_return");
    assert_eq!(sg.json["blocked"], false);
    let moves = transitions(&node, &s.cw, &case).await;
    let stored = &moves[3];
    assert_eq!(stored["to"], "approved");
    assert_eq!(stored["rules_version"], rules_version());
    let stored_rules: Vec<&str> = stored["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(stored_rules.contains(&"suspensive_hold"), "{stored:#}");
    assert!(
        stored["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "alert")
    );
    assert_eq!(moves[5]["to"], "in_transit");
    assert!(!moves[5]["findings"].as_array().unwrap().is_empty());

    // Monitors see them counted: forced returns reached, and per alert how many moved with it.
    let monitor = node.login_as(Role::Monitor).await;
    let counted = node
        .get("/api/v1/forced-returns/alerts", Some(&monitor))
        .await;
    assert_eq!(counted.status, 200, "{counted:#?}");
    assert_eq!(counted.json["cases"], 1, "{counted:#?}");
    let hold = counted.json["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["rule"] == "suspensive_hold")
        .expect("the pending appeal counted");
    assert_eq!(hold["cases"], 1);
    // The dashboard shows them in the reader's language.
    let page = node
        .client
        .get(node.url("/dashboard"))
        .header("cookie", format!("__Host-hw_session={monitor}; hw_lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Retours forcés : alertes sur les droits"),
        "{page}"
    );
    assert!(page.contains("Recours ou suspension en attente"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_that_aged_past_the_limit_is_stale_for_the_gate_before_the_daily_recompute() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.cw, &case, &person).await;
    let safeguards = |to: &'static str| {
        let (node, token, case) = (&node, s.cw.clone(), case.clone());
        async move {
            node.get(
                &format!("/api/v1/cases/{case}/safeguards?to={to}"),
                Some(&token),
            )
            .await
            .json
        }
    };
    assert!(!rules(&safeguards("approved").await).contains(&"destination_unassessed".to_owned()));
    // A day passes, the evidence is now 91 days old, and the daily recompute has not run yet:
    // the stored status still says safe, the gate says stale.
    node.db
        .raw()
        .await
        .exec(&format!(
            "UPDATE area_status SET evidence_on = '{}' WHERE pcode = 'XB0101'",
            days_ago(91)
        ))
        .await;
    assert_eq!(area_status(&node, "XB0101").await, "safe");
    let after = safeguards("approved").await;
    let f = finding(&after, "destination_unassessed", None);
    assert_eq!(f["severity"], "block", "{after:#}");
}
