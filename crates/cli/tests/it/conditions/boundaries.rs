//! Area boundaries and the public map on both engines: the GeoJSON import through the API and
//! the CLI, all or nothing, who may import, the map on the public pages with each area's
//! status, and the page budget with a thousand detailed districts.

use crate::kit::fixtures::assessment_body;
use crate::kit::http::{Resp, send};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// A square ring of `n` positions per side from (x, y), `size` degrees wide, slightly wavy.
fn ring(x: f64, y: f64, size: f64, n: usize) -> Value {
    let mut pts = Vec::with_capacity(4 * n + 1);
    for side in 0..4 {
        for i in 0..n {
            let t = i as f64 / n as f64;
            let wave = if i == 0 {
                0.0
            } else {
                size * 0.02 * ((i * 7 + side * 3) % 5) as f64 / 5.0
            };
            let (px, py) = match side {
                0 => (x + t * size, y + wave),
                1 => (x + size - wave, y + t * size),
                2 => (x + size - t * size, y + size - wave),
                _ => (x + wave, y + size - t * size),
            };
            pts.push(json!([px, py]));
        }
    }
    pts.push(json!([x, y]));
    Value::Array(pts)
}

fn feature(pcode: &str, geometry: Value) -> Value {
    json!({"type": "Feature", "properties": {"pcode": pcode}, "geometry": geometry})
}

/// Square boundaries, one degree wide, side by side from `x`.
pub fn collection(areas: &[(&str, f64)]) -> Value {
    let features: Vec<Value> = areas
        .iter()
        .map(|(p, x)| {
            feature(
                p,
                json!({"type": "Polygon", "coordinates": [ring(*x, 0.0, 1.0, 1)]}),
            )
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

async fn put(node: &TestNode, token: Option<&str>, body: impl Into<reqwest::Body>) -> Resp {
    let mut req = node
        .client
        .put(node.url("/api/v1/areas/boundaries"))
        .header("content-type", "application/geo+json")
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    send(req).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imported_boundaries_draw_each_area_in_its_status_on_the_public_pages() {
    let node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let before = node.get("/areas/XB01", None).await;
    assert!(!before.text.contains("area-map"), "no boundaries, no map");

    let body = collection(&[("XB01", 0.0), ("XB0101", 0.0), ("XB0102", 1.0)]);
    let r = put(&node, Some(&admin), body.to_string()).await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["imported"], 3);

    // One organisation finds every criterion met: the district is conditional.
    let assessor = node.login_as(Role::Assessor).await;
    let on = (time::OffsetDateTime::now_utc().date() - time::Duration::days(1)).to_string();
    let r = node
        .post_json(
            "/api/v1/areas/XB0101/assessments",
            Some(&assessor),
            &assessment_body(&on, "met"),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");

    let page = node.get("/areas/XB01", None).await;
    assert_eq!(page.status, 200);
    let t = &page.text;
    assert!(
        t.contains("<svg role=\"img\" aria-labelledby=\"map-title\""),
        "{t}"
    );
    assert_eq!(t.matches("<path class=\"status-").count(), 2, "{t}");
    assert!(
        t.contains("<a href=\"/areas/XB0101\" tabindex=\"-1\"><path class=\"status-conditional\""),
        "{t}"
    );
    assert!(t.contains("<title>Riverside: Conditional</title>"), "{t}");
    assert!(t.contains("<title>Hillcrest: Not assessed</title>"), "{t}");
    assert!(t.len() < 100_000);

    // The index draws the provinces, each coloured by its worst district.
    let index = node.get("/areas", None).await;
    assert!(
        index
            .text
            .contains("<a href=\"/areas/XB01\" tabindex=\"-1\"><path class=\"status-unassessed\""),
        "{}",
        index.text
    );
    assert!(index.text.contains("worst status among its sub-areas"));

    // In Arabic the statuses are written in Arabic.
    let ar = send(
        node.client
            .get(node.url("/areas/XB01"))
            .header("accept-language", "ar"),
    )
    .await;
    assert!(ar.text.contains("dir=\"rtl\"") && ar.text.contains("<title id=\"map-title\">خريطة"));

    // Importing again replaces the boundary with a new event; the journal still verifies.
    let journal = node.journal_len().await;
    let moved = collection(&[("XB0102", 5.0)]);
    assert_eq!(
        put(&node, Some(&admin), moved.to_string()).await.status,
        200
    );
    assert_eq!(node.journal_len().await, journal + 1);
    let kinds = node.db.raw().await.journal().await;
    assert_eq!(
        kinds
            .iter()
            .filter(|e| e.kind == "area.boundary_set")
            .count(),
        4
    );
    assert_ne!(node.get("/areas/XB01", None).await.text, page.text);
    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_boundaries_name_the_feature_and_write_nothing_and_only_importers_may_send_them() {
    let node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let cw = node.login_as(Role::Caseworker).await;
    let before = node.journal_len().await;
    let good = collection(&[("XB0101", 0.0)]);
    put(&node, Some(&cw), good.to_string())
        .await
        .assert_problem(403);
    put(&node, None, good.to_string()).await.assert_problem(401);

    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = collection(&[("XB0101", 0.0), ("XB0102", 1.0)]);
        edit(&mut body);
        body.to_string()
    };
    for (body, pointer, code, subject) in [
        (
            with(&|b| b["features"][1]["properties"]["pcode"] = json!("XB0199")),
            "/features/1/properties/pcode",
            "error-pcode-unknown",
            Some("XB0199"),
        ),
        (
            with(&|b| b["features"][1]["geometry"]["coordinates"][0][4] = json!([1.5, 0.5])),
            "/features/1/geometry/coordinates/0",
            "error-ring-open",
            Some("XB0102"),
        ),
        (
            with(&|b| b["features"][0]["geometry"]["coordinates"][0][2] = json!([1.0, 91.0])),
            "/features/0/geometry/coordinates/0/2/1",
            "error-coordinate",
            Some("XB0101"),
        ),
        (
            with(&|b| b["features"][1]["geometry"]["type"] = json!("LineString")),
            "/features/1/geometry/type",
            "error-geometry-type",
            Some("XB0102"),
        ),
        (
            with(&|_| {}).replace("[1.0,0.0]", "[NaN,0.0]"),
            "",
            "error-geojson",
            None,
        ),
        ("{\"features\": [".to_owned(), "", "error-geojson", None),
    ] {
        let r = put(&node, Some(&admin), body.clone()).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), [pointer], "{body}: {r:#?}");
        assert_eq!(r.codes(), [code]);
        assert_eq!(r.json["errors"][0]["subject"].as_str(), subject, "{r:#?}");
    }
    let wrong_type = send(
        node.client
            .put(node.url("/api/v1/areas/boundaries"))
            .bearer_auth(&admin)
            .header("content-type", "text/csv")
            .body(good.to_string()),
    )
    .await;
    wrong_type.assert_problem(415);
    assert_eq!(node.journal_len().await, before, "refusals write nothing");
    assert!(
        !node
            .get("/areas/XB01", None)
            .await
            .text
            .contains("area-map")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_sets_boundaries_from_a_file_all_or_nothing() {
    let node = TestNode::start().await;
    let dir = node.db.sqlite_path();
    let file = dir.with_file_name("boundaries.geojson");
    let mut bad = collection(&[("XB0101", 0.0), ("XB0102", 1.0)]);
    bad["features"][1]["properties"] = json!({"ADM2_PCODE": "XB0177"});
    std::fs::write(&file, bad.to_string()).unwrap();
    let before = node.journal_len().await;
    let out = node
        .cli(&["areas", "boundaries", file.to_str().unwrap()])
        .await;
    assert!(!out.success());
    assert!(
        out.stderr
            .contains("/features/1/properties/ADM2_PCODE (error-pcode-unknown, XB0177)"),
        "{out:#?}"
    );
    assert_eq!(node.journal_len().await, before);

    let good = collection(&[("XB0101", 0.0), ("XB0102", 1.0)]);
    std::fs::write(&file, good.to_string()).unwrap();
    let out = node
        .cli(&["areas", "boundaries", file.to_str().unwrap()])
        .await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains("set 2 area boundaries"), "{out:#?}");
    let page = node.get("/areas/XB01", None).await;
    assert_eq!(page.text.matches("<path class=\"status-").count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_of_a_thousand_detailed_districts_stays_under_100_kb() {
    let node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let mut csv = String::from("pcode,name,level,parent\n");
    let mut features = Vec::new();
    for i in 0..1000 {
        let code = format!("XB01{:04}", i + 1);
        csv.push_str(&format!("{code},District number {},adm2,XB01\n", i + 1));
        // 40 × 25 cells of 0.1°, each outline 200 positions.
        let (x, y) = (f64::from(i % 40) * 0.1, f64::from(i / 40) * 0.1);
        features.push(feature(
            &code,
            json!({"type": "Polygon", "coordinates": [ring(x, y, 0.1, 50)]}),
        ));
    }
    let r = node
        .post_raw("/api/v1/areas/import", Some(&admin), "text/csv", csv)
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    let body = json!({"type": "FeatureCollection", "features": features}).to_string();
    let r = put(&node, Some(&admin), body).await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["imported"], 1000);

    for lang in ["en", "ar"] {
        let page = send(
            node.client
                .get(node.url("/areas/XB01"))
                .header("accept-language", lang),
        )
        .await;
        assert_eq!(page.status, 200);
        assert!(page.text.contains("figure class=\"area-map\""));
        assert!(
            page.text.len() < 100_000,
            "{lang}: {} bytes",
            page.text.len()
        );
        // The list is read a hundred at a time.
        assert!(page.text.contains("href=\"/areas/XB01?page=2\""));
    }
}
