//! Area boundaries: a GeoJSON FeatureCollection checked, all or nothing, into polygons.
//!
//! Positions are kept as millionths of a degree (about 11 cm on the ground): the journal then
//! holds integers only, and replaying it reproduces every boundary exactly. Errors name the
//! feature by its JSON pointer and, once it is known, its P-code.

use crate::FieldError;
use crate::Invalid;
use serde_json::Value;
use std::collections::HashSet;

/// Longitude and latitude, in millionths of a degree.
pub type Position = [i32; 2];
/// A closed ring: the first position is repeated at the end.
pub type Ring = Vec<Position>;
/// The outer ring, then any holes.
pub type Polygon = Vec<Ring>;
/// One area's boundary: one or more polygons (a GeoJSON MultiPolygon).
pub type Geometry = Vec<Polygon>;

/// The most positions one feature may carry (a detailed district has a few thousand).
pub const MAX_FEATURE_POSITIONS: usize = 50_000;
/// The most positions one file may carry; larger sets are imported in parts.
pub const MAX_FILE_POSITIONS: usize = 2_000_000;
/// The most features one file may carry.
pub const MAX_FEATURES: usize = 200_000;
/// Errors reported at most, so that a wholly wrong file gives a readable answer.
const MAX_ERRORS: usize = 20;
/// Where the P-code is looked for, most specific first (`pcode`, then HDX's names).
const PCODE_KEYS: [&str; 5] = [
    "pcode",
    "ADM3_PCODE",
    "ADM2_PCODE",
    "ADM1_PCODE",
    "ADM0_PCODE",
];

/// A checked boundary of a known area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    pub pcode: String,
    pub polygons: Geometry,
}

/// Checks a whole FeatureCollection. `known` says whether a P-code names an imported area.
/// Nothing is returned unless every feature is valid.
pub fn parse_feature_collection(
    text: &str,
    known: &dyn Fn(&str) -> bool,
) -> Result<Vec<Boundary>, Invalid> {
    let doc: Value = serde_json::from_str(text).map_err(|_| Invalid::one("", "error-geojson"))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(Invalid::one("/type", "error-geojson"));
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| Invalid::one("/features", "error-geojson"))?;
    if features.len() > MAX_FEATURES {
        return Err(Invalid::one("/features", "error-too-many-rows"));
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(features.len());
    let mut seen = HashSet::new();
    let mut total = 0;
    for (i, f) in features.iter().enumerate() {
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let b = match feature(i, f, known) {
            Ok(b) => b,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        total += b.polygons.iter().flatten().map(Vec::len).sum::<usize>();
        let at = format!("/features/{i}");
        if total > MAX_FILE_POSITIONS {
            errors.push(FieldError::about(at, "error-too-large", Some(b.pcode)));
            break;
        }
        if !seen.insert(b.pcode.clone()) {
            errors.push(FieldError::about(
                at,
                "error-pcode-duplicate",
                Some(b.pcode),
            ));
            continue;
        }
        out.push(b);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Invalid(errors))
    }
}

fn feature(i: usize, f: &Value, known: &dyn Fn(&str) -> bool) -> Result<Boundary, FieldError> {
    let at = format!("/features/{i}");
    if f.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(FieldError::new(format!("{at}/type"), "error-geojson"));
    }
    let props = f.get("properties");
    let found = PCODE_KEYS.iter().find_map(|k| {
        props
            .and_then(|p| p.get(*k))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(|s| (*k, s))
    });
    let Some((key, raw)) = found else {
        return Err(FieldError::new(
            format!("{at}/properties"),
            "error-pcode-missing",
        ));
    };
    let pointer = format!("{at}/properties/{key}");
    let subject = Some(raw.trim().to_owned());
    let pcode = crate::conditions::area::pcode(&pointer, raw)
        .map_err(|_| FieldError::about(&pointer, "error-pcode", subject.clone()))?;
    if !known(&pcode) {
        return Err(FieldError::about(pointer, "error-pcode-unknown", subject));
    }
    let with_subject = |mut e: FieldError| {
        e.subject = Some(pcode.clone());
        e
    };
    let geometry = f
        .get("geometry")
        .filter(|g| g.is_object())
        .ok_or_else(|| FieldError::new(format!("{at}/geometry"), "error-geojson"))
        .map_err(with_subject)?;
    let coords = geometry.get("coordinates");
    let here = format!("{at}/geometry/coordinates");
    let mut budget = Budget {
        left: MAX_FEATURE_POSITIONS,
        pointer: format!("{at}/geometry"),
    };
    let polygons = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![polygon(&here, coords, &mut budget).map_err(with_subject)?],
        Some("MultiPolygon") => {
            let parts = coords
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty())
                .ok_or_else(|| FieldError::new(&here, "error-geojson"))
                .map_err(with_subject)?;
            let mut polygons = Vec::with_capacity(parts.len());
            for (j, p) in parts.iter().enumerate() {
                polygons.push(
                    polygon(&format!("{here}/{j}"), Some(p), &mut budget).map_err(with_subject)?,
                );
            }
            polygons
        }
        _ => {
            return Err(with_subject(FieldError::new(
                format!("{at}/geometry/type"),
                "error-geometry-type",
            )));
        }
    };
    Ok(Boundary { pcode, polygons })
}

/// Positions a feature may still carry.
struct Budget {
    left: usize,
    pointer: String,
}

fn polygon(at: &str, v: Option<&Value>, budget: &mut Budget) -> Result<Polygon, FieldError> {
    let rings = v
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| FieldError::new(at, "error-geojson"))?;
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let here = format!("{at}/{r}");
        let positions = ring
            .as_array()
            .ok_or_else(|| FieldError::new(&here, "error-geojson"))?;
        if positions.len() > budget.left {
            return Err(FieldError::new(&budget.pointer, "error-too-large"));
        }
        budget.left -= positions.len();
        if positions.len() < 4 {
            return Err(FieldError::new(&here, "error-ring-short"));
        }
        let mut checked = Vec::with_capacity(positions.len());
        for (k, p) in positions.iter().enumerate() {
            checked.push(position(&format!("{here}/{k}"), p)?);
        }
        if checked.first() != checked.last() {
            return Err(FieldError::new(&here, "error-ring-open"));
        }
        out.push(checked);
    }
    Ok(out)
}

fn position(at: &str, p: &Value) -> Result<Position, FieldError> {
    let pair = p
        .as_array()
        .filter(|a| (2..=3).contains(&a.len()))
        .ok_or_else(|| FieldError::new(at, "error-geojson"))?;
    let coordinate = |n: usize, limit: f64| {
        pair[n]
            .as_f64()
            .filter(|x| x.is_finite() && x.abs() <= limit)
            // In range, a millionth of a degree fits an i32 (180e6 < 2^31).
            .map(|x| (x * 1e6).round() as i32)
            .ok_or_else(|| FieldError::new(format!("{at}/{n}"), "error-coordinate"))
    };
    Ok([coordinate(0, 180.0)?, coordinate(1, 90.0)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn known(p: &str) -> bool {
        ["XB", "XB01", "XB0101"].contains(&p)
    }

    fn square(x: f64, y: f64) -> Value {
        json!([[
            [x, y],
            [x + 1.0, y],
            [x + 1.0, y + 1.0],
            [x, y + 1.0],
            [x, y]
        ]])
    }

    fn collection(features: Vec<Value>) -> String {
        json!({"type": "FeatureCollection", "features": features}).to_string()
    }

    fn feature(props: Value, kind: &str, coordinates: Value) -> Value {
        json!({"type": "Feature", "properties": props,
               "geometry": {"type": kind, "coordinates": coordinates}})
    }

    fn error(text: &str) -> FieldError {
        let Invalid(errs) = parse_feature_collection(text, &known).unwrap_err();
        errs.into_iter().next().unwrap()
    }

    #[test]
    fn polygons_and_multipolygons_become_micro_degrees() {
        let text = collection(vec![
            feature(json!({"pcode": "XB01"}), "Polygon", square(1.5, -2.0)),
            feature(
                json!({"ADM0_PCODE": "XB", "ADM2_PCODE": "XB0101", "name": "x"}),
                "MultiPolygon",
                json!([square(0.0, 0.0), square(3.0, 0.0)]),
            ),
        ]);
        let b = parse_feature_collection(&text, &known).unwrap();
        assert_eq!(b[0].pcode, "XB01");
        assert_eq!(b[0].polygons[0][0][1], [2_500_000, -2_000_000]);
        // The most specific HDX code wins.
        assert_eq!(b[1].pcode, "XB0101");
        assert_eq!(b[1].polygons.len(), 2);
    }

    #[test]
    fn bad_features_are_named_by_pointer_and_pcode() {
        let e = error(&collection(vec![
            feature(json!({"pcode": "XB01"}), "Polygon", square(0.0, 0.0)),
            feature(json!({"pcode": "XZ99"}), "Polygon", square(0.0, 0.0)),
        ]));
        assert_eq!(e.pointer, "/features/1/properties/pcode");
        assert_eq!(
            (e.code, e.subject.as_deref()),
            ("error-pcode-unknown", Some("XZ99"))
        );

        let open = json!([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0.5]]]);
        let e = error(&collection(vec![feature(
            json!({"pcode": "XB01"}),
            "Polygon",
            open,
        )]));
        assert_eq!(e.pointer, "/features/0/geometry/coordinates/0");
        assert_eq!(
            (e.code, e.subject.as_deref()),
            ("error-ring-open", Some("XB01"))
        );

        let short = json!([[[0, 0], [1, 0], [0, 0]]]);
        let e = error(&collection(vec![feature(
            json!({"pcode": "XB01"}),
            "Polygon",
            short,
        )]));
        assert_eq!(e.code, "error-ring-short");

        let far = json!([[[0, 0], [1, 0], [1, 95], [0, 0]]]);
        let e = error(&collection(vec![feature(
            json!({"pcode": "XB01"}),
            "Polygon",
            far,
        )]));
        assert_eq!(e.pointer, "/features/0/geometry/coordinates/0/2/1");
        assert_eq!(e.code, "error-coordinate");

        let e = error(&collection(vec![feature(
            json!({"pcode": "XB01"}),
            "LineString",
            json!([[0, 0], [1, 1]]),
        )]));
        assert_eq!(
            (e.pointer.as_str(), e.code),
            ("/features/0/geometry/type", "error-geometry-type")
        );

        let e = error(&collection(vec![feature(
            json!({"name": "x"}),
            "Polygon",
            square(0.0, 0.0),
        )]));
        assert_eq!(
            (e.pointer.as_str(), e.code),
            ("/features/0/properties", "error-pcode-missing")
        );

        let twice = feature(json!({"pcode": "XB01"}), "Polygon", square(0.0, 0.0));
        let e = error(&collection(vec![twice.clone(), twice]));
        assert_eq!(
            (e.pointer.as_str(), e.code),
            ("/features/1", "error-pcode-duplicate")
        );
    }

    #[test]
    fn malformed_json_and_non_collections_are_refused() {
        assert_eq!(
            error("{\"type\": \"FeatureCollection\", \"features\": [NaN]}").code,
            "error-geojson"
        );
        assert_eq!(error("{\"type\": \"Feature\"}").pointer, "/type");
        assert_eq!(
            error("{\"type\": \"FeatureCollection\"}").pointer,
            "/features"
        );
    }

    #[test]
    fn features_and_files_are_capped() {
        let ring: Vec<Value> = (0..MAX_FEATURE_POSITIONS)
            .map(|i| json!([i as f64 * 1e-5, 0.0]))
            .chain([json!([0.0, 0.0])])
            .collect();
        let e = error(&collection(vec![feature(
            json!({"pcode": "XB01"}),
            "Polygon",
            json!([ring]),
        )]));
        assert_eq!(
            (e.pointer.as_str(), e.code),
            ("/features/0/geometry", "error-too-large")
        );
    }
}
