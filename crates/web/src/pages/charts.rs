//! Inline SVG charts drawn on the server: no script, no external asset, text escaped like the
//! rest of the page. Colours come from CSS classes (`fill-green`, …) so the stylesheet owns them.

use crate::i18n::{Lang, status_label};
use maud::{Markup, html};
use planwatch_domain::Status;
use planwatch_domain::in_year::Light;

/// Horizontal bars: how many indicators have each status.
pub fn status_bars(lang: Lang, title: &str, counts: &[(Status, usize)]) -> Markup {
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let row_h = 26;
    let label_w = 110;
    let bar_w = 260;
    let height = row_h * counts.len() + 10;
    let width = label_w + bar_w + 40;
    html! {
        svg.chart role="img" aria-label=(title) width=(width) height=(height)
            viewBox={ "0 0 " (width) " " (height) } xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            @for (i, (status, n)) in counts.iter().enumerate() {
                @let y = 5 + i * row_h;
                @let w = if *n == 0 { 0 } else { (bar_w * n / max).max(3) };
                text x=(label_w - 8) y=(y + 17) text-anchor="end" { (status_label(lang, *status)) }
                rect class={ "fill-" (Light::of(*status).as_str()) } x=(label_w) y=(y + 3) width=(w) height=(row_h - 8) rx="3" {}
                text x=(label_w + w + 6) y=(y + 17) { (n) }
            }
        }
    }
}

/// A thin bar: completion (filled) against the time elapsed (a marker), both in percent.
pub fn progress_bar(completion_pct: f64, time_pct: Option<f64>, light: Light) -> Markup {
    let w = 120.0;
    let done = (completion_pct.clamp(0.0, 100.0) / 100.0) * w;
    html! {
        svg.progress width="124" height="14" viewBox="0 0 124 14" xmlns="http://www.w3.org/2000/svg" {
            rect class="track" x="2" y="3" width=(w) height="8" rx="2" {}
            rect class={ "fill-" (light.as_str()) } x="2" y="3" width=(format!("{done:.1}")) height="8" rx="2" {}
            @if let Some(t) = time_pct {
                @let x = 2.0 + (t.clamp(0.0, 100.0) / 100.0) * w;
                line class="marker" x1=(format!("{x:.1}")) x2=(format!("{x:.1}")) y1="0" y2="14" {}
            }
        }
    }
}

/// Monthly cumulative figures as a line, with the target path: a line from 0 to the annual
/// target at December for level indicators (`cumulative`), a horizontal line otherwise.
pub fn monthly_line(
    title: &str,
    points: &[(u8, f64)],
    target: Option<f64>,
    cumulative: bool,
    target_label: &str,
) -> Markup {
    let (w, h, left, bottom, top, right) = (520.0, 220.0, 56.0, 28.0, 12.0, 16.0);
    let max_v = points
        .iter()
        .map(|(_, v)| *v)
        .chain(target)
        .fold(0.0_f64, f64::max);
    let min_v = points
        .iter()
        .map(|(_, v)| *v)
        .chain(target)
        .fold(0.0_f64, f64::min);
    let span = if (max_v - min_v).abs() < f64::EPSILON {
        1.0
    } else {
        max_v - min_v
    };
    let x = |m: f64| left + (m / 12.0) * (w - left - right);
    let y = |v: f64| top + (1.0 - (v - min_v) / span) * (h - top - bottom);
    let path: Vec<String> = points
        .iter()
        .map(|(m, v)| format!("{:.1},{:.1}", x(f64::from(*m)), y(*v)))
        .collect();
    html! {
        svg.chart role="img" aria-label=(title) width=(w) height=(h)
            viewBox={ "0 0 " (w) " " (h) } xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            line class="axis" x1=(left) x2=(w - right) y1=(format!("{:.1}", y(min_v))) y2=(format!("{:.1}", y(min_v))) {}
            line class="axis" x1=(left) x2=(left) y1=(top) y2=(h - bottom) {}
            @for m in 1..=12u8 {
                text.tick x=(format!("{:.1}", x(f64::from(m)))) y=(h - 10.0) text-anchor="middle" { (m) }
            }
            text.tick x=(left - 6.0) y=(format!("{:.1}", y(max_v) + 4.0)) text-anchor="end" { (format!("{max_v:.4}").trim_end_matches('0').trim_end_matches('.')) }
            text.tick x=(left - 6.0) y=(format!("{:.1}", y(min_v) + 4.0)) text-anchor="end" { (format!("{min_v:.4}").trim_end_matches('0').trim_end_matches('.')) }
            @if let Some(t) = target {
                @if cumulative {
                    line.target x1=(format!("{:.1}", x(0.0))) y1=(format!("{:.1}", y(0.0))) x2=(format!("{:.1}", x(12.0))) y2=(format!("{:.1}", y(t))) {}
                } @else {
                    line.target x1=(format!("{:.1}", x(0.0))) y1=(format!("{:.1}", y(t))) x2=(format!("{:.1}", x(12.0))) y2=(format!("{:.1}", y(t))) {}
                }
                text.tick x=(w - right) y=(format!("{:.1}", y(t) - 4.0)) text-anchor="end" { (target_label) }
            }
            @if !path.is_empty() {
                polyline.series points=(path.join(" ")) {}
                @for (m, v) in points {
                    circle.series cx=(format!("{:.1}", x(f64::from(*m)))) cy=(format!("{:.1}", y(*v))) r="3" {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_escape_and_scale() {
        let svg = status_bars(
            Lang::Zh,
            "<b>标题</b>",
            &[(Status::Met, 3), (Status::Below, 0)],
        )
        .into_string();
        assert!(svg.contains("&lt;b&gt;标题&lt;/b&gt;"));
        assert!(svg.contains("完成"));
        assert!(svg.contains("width=\"260\""), "{svg}");
    }

    #[test]
    fn lines_draw_points() {
        let svg = monthly_line("t", &[(3, 0.9), (6, 2.0)], Some(3.5), true, "目标").into_string();
        assert!(svg.contains("polyline"));
        assert_eq!(svg.matches("<circle").count(), 2);
        let empty = monthly_line("t", &[], None, false, "").into_string();
        assert!(!empty.contains("polyline"));
    }
}
