//! The public map: a server-rendered SVG choropleth of area status. The status is never told by
//! colour alone: each area's title and the legend say it in words, and the table beside the map
//! carries the same links and statuses for readers who cannot see it (the picture is one image
//! to assistive technology; its links are for pointers and fingers, out of the tab order).

use crate::pages::code_label;
use crate::pages::layout::Ctx;
use homeward_app::conditions::boundaries::MapView;
use maud::{Markup, html};

pub fn map(ctx: &Ctx, m: &MapView) -> Markup {
    let label = |s: &str| code_label(ctx.lang, "area-status", s);
    // Beyond the page budget one shape per status is drawn rather than one link per area.
    let linked = m.linked;
    html! {
        figure.area-map {
            svg role="img" aria-labelledby="map-title" viewBox={ "0 0 " (m.width) " " (m.height) } {
                title #map-title { (ctx.t("map-title")) }
                @if linked {
                    @for a in &m.areas {
                        a href={ "/areas/" (a.pcode) } tabindex="-1" {
                            path class={ "status-" (a.status) } d=(a.path) {
                                title { (a.name) ": " (label(&a.status)) }
                            }
                        }
                    }
                } @else {
                    @for s in &m.statuses {
                        path class={ "status-" (s) } d=(joined(m, s)) { title { (label(s)) } }
                    }
                }
            }
            figcaption {
                ul.legend {
                    @for s in &m.statuses {
                        li {
                            svg.swatch width="14" height="14" aria-hidden="true" {
                                rect class={ "status-" (s) } width="14" height="14" {}
                            }
                            " " (label(s))
                        }
                    }
                }
                @if m.rolled_up { p.muted { small { (ctx.t("map-rolled-up")) } } }
            }
        }
    }
}

/// The outlines of every area with status `s`, as one path.
fn joined(m: &MapView, s: &str) -> String {
    m.areas
        .iter()
        .filter(|a| a.status == s)
        .map(|a| a.path.as_str())
        .collect()
}
