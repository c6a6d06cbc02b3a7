//! Boundaries drawn as SVG path data, small enough for a slow phone: positions are projected
//! (equirectangular, longitudes scaled by the cosine of the mean latitude), fitted to a fixed
//! view box, rounded to whole units, and simplified (consecutive duplicates dropped, then
//! Douglas–Peucker within a tolerance); rings that collapse are left out.

use crate::conditions::geo::{Geometry, Position};

/// The view box every map is fitted to.
pub const VIEW_WIDTH: i32 = 600;
pub const VIEW_HEIGHT: i32 = 400;
/// Margin inside the view box, so that outer borders are not cut.
const MARGIN: f64 = 4.0;

/// Path data for each geometry, in the order given: the empty string for a geometry that
/// collapses at this scale. Nothing when there is nothing to draw.
pub fn paths(geometries: &[&Geometry], tolerance: f64) -> Option<Vec<String>> {
    let fit = Fit::of(geometries)?;
    Some(geometries.iter().map(|g| fit.path(g, tolerance)).collect())
}

/// The projection fitted to a set of geometries.
struct Fit {
    kx: f64,
    min_x: f64,
    max_y: f64,
    scale: f64,
    off_x: f64,
    off_y: f64,
}

impl Fit {
    fn of(geometries: &[&Geometry]) -> Option<Fit> {
        let mut all = geometries.iter().flat_map(|g| g.iter().flatten().flatten());
        let first = all.next()?;
        let (mut lo, mut hi) = (*first, *first);
        for p in all {
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        let deg = |v: i32| f64::from(v) / 1e6;
        let mean_lat = (deg(lo[1]) + deg(hi[1])) / 2.0;
        let kx = mean_lat.to_radians().cos().max(0.01);
        let (min_x, max_x) = (deg(lo[0]) * kx, deg(hi[0]) * kx);
        let (min_y, max_y) = (deg(lo[1]), deg(hi[1]));
        let (w, h) = (max_x - min_x, max_y - min_y);
        if w <= 0.0 || h <= 0.0 {
            return None;
        }
        let room_w = f64::from(VIEW_WIDTH) - 2.0 * MARGIN;
        let room_h = f64::from(VIEW_HEIGHT) - 2.0 * MARGIN;
        let scale = (room_w / w).min(room_h / h);
        Some(Fit {
            kx,
            min_x,
            max_y,
            scale,
            off_x: (f64::from(VIEW_WIDTH) - w * scale) / 2.0,
            off_y: (f64::from(VIEW_HEIGHT) - h * scale) / 2.0,
        })
    }

    fn point(&self, p: &Position) -> [i32; 2] {
        let x = self.off_x + (f64::from(p[0]) / 1e6 * self.kx - self.min_x) * self.scale;
        let y = self.off_y + (self.max_y - f64::from(p[1]) / 1e6) * self.scale;
        // Within the view box by construction, so the casts cannot overflow.
        [x.round() as i32, y.round() as i32]
    }

    fn path(&self, g: &Geometry, tolerance: f64) -> String {
        let mut d = String::new();
        for ring in g.iter().flatten() {
            let mut pts: Vec<[i32; 2]> = Vec::with_capacity(ring.len());
            for p in ring {
                let q = self.point(p);
                if pts.last() != Some(&q) {
                    pts.push(q);
                }
            }
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            let pts = simplify_ring(&pts, tolerance);
            if pts.len() < 3 || twice_area(&pts) == 0 {
                continue;
            }
            write_ring(&mut d, &pts);
        }
        d
    }
}

/// `M x y l dx dy … z`: relative steps are shorter than absolute points.
fn write_ring(d: &mut String, pts: &[[i32; 2]]) {
    use std::fmt::Write;
    let [x0, y0] = pts[0];
    let _ = write!(d, "M{x0} {y0}l");
    let mut prev = pts[0];
    let mut first = true;
    for p in &pts[1..] {
        let (dx, dy) = (p[0] - prev[0], p[1] - prev[1]);
        // A minus sign separates numbers by itself.
        if !first && dx >= 0 {
            d.push(' ');
        }
        let _ = write!(d, "{dx}");
        if dy >= 0 {
            d.push(' ');
        }
        let _ = write!(d, "{dy}");
        prev = *p;
        first = false;
    }
    d.push('z');
}

fn twice_area(pts: &[[i32; 2]]) -> i64 {
    let n = pts.len();
    (0..n)
        .map(|i| {
            let (a, b) = (pts[i], pts[(i + 1) % n]);
            i64::from(a[0]) * i64::from(b[1]) - i64::from(b[0]) * i64::from(a[1])
        })
        .sum()
}

/// Douglas–Peucker on a closed ring (given without its closing point): split at the point
/// farthest from the first, simplify both halves.
fn simplify_ring(pts: &[[i32; 2]], tolerance: f64) -> Vec<[i32; 2]> {
    if pts.len() < 4 || tolerance <= 0.0 {
        return pts.to_vec();
    }
    let dist2 = |a: [i32; 2], b: [i32; 2]| {
        let (dx, dy) = (f64::from(a[0] - b[0]), f64::from(a[1] - b[1]));
        dx * dx + dy * dy
    };
    let far = (1..pts.len())
        .max_by(|&i, &j| dist2(pts[0], pts[i]).total_cmp(&dist2(pts[0], pts[j])))
        .unwrap_or(1);
    let mut closed = pts.to_vec();
    closed.push(pts[0]);
    let mut keep = vec![false; closed.len()];
    keep[0] = true;
    keep[far] = true;
    keep[closed.len() - 1] = true;
    let mut stack = vec![(0, far), (far, closed.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut best = (0.0, 0);
        for i in a + 1..b {
            let d = off_line(closed[i], closed[a], closed[b]);
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tolerance {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    closed.pop();
    closed
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

/// Distance from `p` to the line through `a` and `b`.
fn off_line(p: [i32; 2], a: [i32; 2], b: [i32; 2]) -> f64 {
    let (ax, ay) = (f64::from(a[0]), f64::from(a[1]));
    let (dx, dy) = (f64::from(b[0]) - ax, f64::from(b[1]) - ay);
    let (px, py) = (f64::from(p[0]) - ax, f64::from(p[1]) - ay);
    let len = (dx * dx + dy * dy).sqrt();
    if len == 0.0 {
        (px * px + py * py).sqrt()
    } else {
        (px * dy - py * dx).abs() / len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: i32, y: i32, size: i32) -> Geometry {
        vec![vec![vec![
            [x, y],
            [x + size, y],
            [x + size, y + size],
            [x, y + size],
            [x, y],
        ]]]
    }

    #[test]
    fn two_squares_side_by_side_fill_the_view_box() {
        let (a, b) = (square(0, 0, 1_000_000), square(1_000_000, 0, 1_000_000));
        let d = paths(&[&a, &b], 0.5).unwrap();
        // 2° wide, 1° high near the equator: 592 units wide, 296 high, centred.
        assert_eq!(d[0], "M4 348l296 0 0-296-296 0z");
        assert_eq!(d[1], "M300 348l296 0 0-296-296 0z");
    }

    #[test]
    fn longitudes_shrink_with_the_cosine_of_latitude() {
        let g = square(0, 60_000_000, 1_000_000);
        let d = paths(&[&g], 0.0).unwrap();
        // At 60.5°N a degree of longitude is about half a degree of latitude (392 units high).
        assert_eq!(d[0], "M203 396l194 0 0-392-194 0z");
    }

    #[test]
    fn duplicates_collinear_points_and_tiny_rings_are_dropped() {
        let mut g = square(0, 0, 10_000_000);
        // Points along an edge, and repeated points, add nothing.
        g[0][0] = vec![
            [0, 0],
            [1, 0],
            [2, 0],
            [5_000_000, 0],
            [10_000_000, 0],
            [10_000_000, 10_000_000],
            [0, 10_000_000],
            [0, 0],
        ];
        // An island too small to see at this scale.
        g.push(vec![vec![[1, 1], [2, 1], [2, 2], [1, 1]]]);
        let d = paths(&[&g], 0.5).unwrap();
        assert_eq!(d[0], "M105 396l390 0 0-392-390 0z");
    }

    #[test]
    fn nothing_to_draw_gives_no_map() {
        assert!(paths(&[], 0.5).is_none());
        let point = vec![vec![vec![[5, 5], [5, 5], [5, 5], [5, 5]]]];
        assert!(paths(&[&point], 0.5).is_none());
    }

    #[test]
    fn simplification_keeps_the_shape_within_the_tolerance() {
        // A circle of 400 points.
        let ring: Vec<Position> = (0..=400)
            .map(|i| {
                let t = f64::from(i % 400) / 400.0 * std::f64::consts::TAU;
                [(t.cos() * 1e6) as i32, (t.sin() * 1e6) as i32]
            })
            .collect();
        let g = vec![vec![ring]];
        let d = paths(&[&g], 1.0).unwrap();
        let points = d[0].matches(' ').count();
        assert!(points < 80, "{points} points: {}", d[0]);
        assert!(d[0].len() < 400, "{}", d[0]);
    }
}
