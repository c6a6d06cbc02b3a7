//! Fictional boundaries for the demo region, in the open ocean south-west of 0°, 0° so that no
//! real place is drawn. Countries are blocks side by side, provinces their halves or quadrants,
//! districts strips of their province. Every edge between two lattice points is drawn as the
//! same wavy line whichever side draws it, so the areas tile without gaps or overlaps at every
//! level, and the outlines look more like land than like boxes.

use serde_json::{Value, json};

/// A rectangle on the lattice, in tenths of a degree: (x0, y0, x1, y1), y growing southwards.
type Rect = (i32, i32, i32, i32);

/// West and north edges of the region.
const WEST: f64 = -14.0;
const NORTH: f64 = -2.0;

/// Where each province lies in its country, by its index in the demo's province list (North,
/// South, East, West), as fractions of the country's block in halves.
const QUADRANTS: [(i32, i32); 4] = [(0, 0), (1, 1), (1, 0), (0, 1)];

/// Every area of the demo region with its rectangle: (pcode, rect, is a district).
fn layout() -> Vec<(String, Rect, bool)> {
    let countries = [("XA", 0, 40, 2), ("XB", 40, 100, 4), ("XC", 100, 160, 4)];
    let mut out = Vec::new();
    for (code, x0, x1, n) in countries {
        out.push((code.to_owned(), (x0, 0, x1, 60), false));
        for (i, (qx, qy)) in QUADRANTS.into_iter().take(n).enumerate() {
            let rect = if n == 2 {
                (x0, 30 * i as i32, x1, 30 * (i as i32 + 1))
            } else {
                let w = (x1 - x0) / 2;
                (x0 + qx * w, qy * 30, x0 + (qx + 1) * w, (qy + 1) * 30)
            };
            let adm1 = format!("{code}{:02}", i + 1);
            out.push((adm1.clone(), rect, false));
            let step = (rect.2 - rect.0) / 5;
            for j in 0..5 {
                let x = rect.0 + step * j;
                out.push((
                    format!("{adm1}{:02}", j + 1),
                    (x, rect.1, x + step, rect.3),
                    true,
                ));
            }
        }
    }
    out
}

/// A number from the two ends of an edge and a position along it, the same from either side.
fn hash(a: (i32, i32), b: (i32, i32), i: u64) -> f64 {
    let mut z = (a.0 as u64) << 48 ^ (a.1 as u64) << 32 ^ (b.0 as u64) << 16 ^ b.1 as u64 ^ i << 56;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) % 10_000) as f64 / 10_000.0 - 0.5
}

/// The wavy line from `p` to `q` (lattice points), without `q`.
fn edge(p: (i32, i32), q: (i32, i32)) -> Vec<[f64; 2]> {
    let (a, b, reversed) = if p <= q { (p, q, false) } else { (q, p, true) };
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = (dx * dx + dy * dy).sqrt();
    // A point every tenth of a degree or so; waves small next to the narrowest district.
    let steps = (len / 1.2).ceil().clamp(3.0, 60.0) as u64;
    let swing = (0.2 * len).min(1.6);
    let mut pts: Vec<[f64; 2]> = (0..=steps)
        .map(|i| {
            let t = i as f64 / steps as f64;
            let bump = swing * (std::f64::consts::PI * t).sin() * hash(a, b, i);
            let x = f64::from(a.0) + dx * t - dy / len * bump;
            let y = f64::from(a.1) + dy * t + dx / len * bump;
            [x, y]
        })
        .collect();
    if reversed {
        pts.reverse();
    }
    pts.pop();
    pts
}

/// The outline of `r`, broken at every district corner on it so that neighbours share edges.
fn ring(r: Rect, corners: &[(i32, i32)]) -> Vec<Value> {
    let (x0, y0, x1, y1) = r;
    let sides = [
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ];
    let mut pts = Vec::new();
    for (p, q) in sides {
        let mut stops: Vec<(i32, i32)> = corners
            .iter()
            .copied()
            .filter(|c| {
                let on_line = if p.0 == q.0 { c.0 == p.0 } else { c.1 == p.1 };
                let within = |v: i32, a: i32, b: i32| v > a.min(b) && v < a.max(b);
                on_line && (within(c.0, p.0, q.0) || within(c.1, p.1, q.1))
            })
            .collect();
        stops.sort_by_key(|c| (c.0 - p.0).abs() + (c.1 - p.1).abs());
        stops.dedup();
        let mut from = p;
        for to in stops.into_iter().chain([q]) {
            pts.extend(edge(from, to));
            from = to;
        }
    }
    if let Some(first) = pts.first().copied() {
        pts.push(first);
    }
    pts.into_iter()
        .map(|[x, y]| {
            // Six decimals: a millionth of a degree, what Homeward keeps.
            let lon = ((WEST + x / 10.0) * 1e6).round() / 1e6;
            let lat = ((NORTH - y / 10.0) * 1e6).round() / 1e6;
            json!([lon, lat])
        })
        .collect()
}

/// The demo region's boundaries as a GeoJSON FeatureCollection.
pub fn region_geojson() -> String {
    let areas = layout();
    let corners: Vec<(i32, i32)> = areas
        .iter()
        .filter(|a| a.2)
        .flat_map(|(_, (x0, y0, x1, y1), _)| [(*x0, *y0), (*x1, *y0), (*x1, *y1), (*x0, *y1)])
        .collect();
    let features: Vec<Value> = areas
        .iter()
        .map(|(pcode, r, _)| {
            json!({
                "type": "Feature",
                "properties": {"pcode": pcode},
                "geometry": {"type": "Polygon", "coordinates": [ring(*r, &corners)]},
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}
