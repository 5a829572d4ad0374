//! Inline SVG charts drawn on the server: no script, no external asset, text escaped like the
//! rest of the page. Colours come from CSS classes (`fill-green`, …) so the stylesheet owns them.

use crate::i18n::{Lang, status_label};
use maud::{Markup, html};
use planwatch_domain::in_year::Light;
use planwatch_domain::outlook::{IndicatorOutlook, SeriesKind, YearSeries};
use planwatch_domain::{Expr, Status};
use rust_decimal::prelude::ToPrimitive;

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

/// One line of a month chart: 1-m月 figures by month.
#[derive(Debug, Clone)]
pub struct MonthSeries {
    pub label: String,
    /// CSS class of the line (`this-year`, `last-year`, `target`, `time`).
    pub class: &'static str,
    pub points: Vec<(u8, f64)>,
}

/// Where the year is projected to end: from the latest figure at `from` to `value` in December,
/// with its range.
#[derive(Debug, Clone, Copy)]
pub struct ProjectionBand {
    pub from: (u8, f64),
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// A month chart's size: the full chart on an indicator's page, or a sparkline in a table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSize {
    Full,
    Spark,
}

/// Roughly how wide a legend label is drawn at 11 px: CJK characters full width, others half.
fn legend_width(label: &str) -> f64 {
    label
        .chars()
        .map(|c| if c.is_ascii() { 6.2 } else { 11.0 })
        .sum()
}

fn fmt1(v: f64) -> String {
    format!("{v:.1}")
}

/// A figure for an axis label: at most four decimals, no trailing zeros.
pub fn tick_number(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Months across, figures up: this year's and last year's cumulative lines, the target (a
/// line from 0 to the annual target for levels, flat for rates), and the projection with its
/// range as a shaded wedge to December. A sparkline draws the same without axes or text.
pub fn month_chart(
    title: &str,
    lines: &[MonthSeries],
    projection: Option<ProjectionBand>,
    size: ChartSize,
    projection_label: &str,
) -> Markup {
    let (w, h, left, bottom, top, right) = match size {
        ChartSize::Full => (640.0, 280.0, 56.0, 56.0, 14.0, 84.0),
        ChartSize::Spark => (120.0, 30.0, 2.0, 3.0, 3.0, 2.0),
    };
    let values = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(_, v)| *v))
        .chain(
            projection
                .into_iter()
                .flat_map(|p| [p.low, p.high, p.value, p.from.1]),
        );
    // The full chart keeps 0 in view; a sparkline spans only its figures, so a rate that
    // moves between 5.6 and 6.3 still shows its shape.
    let full = size == ChartSize::Full;
    let (mut min_v, mut max_v) = if full {
        (0.0_f64, 0.0_f64)
    } else {
        (f64::INFINITY, f64::NEG_INFINITY)
    };
    for v in values.filter(|v| v.is_finite()) {
        min_v = min_v.min(v);
        max_v = max_v.max(v);
    }
    if !min_v.is_finite() || !max_v.is_finite() {
        (min_v, max_v) = (0.0, 0.0);
    }
    let span = if (max_v - min_v).abs() < f64::EPSILON {
        1.0
    } else {
        max_v - min_v
    };
    let x = |m: f64| left + (m / 12.0) * (w - left - right);
    let y = |v: f64| top + (1.0 - (v - min_v) / span) * (h - top - bottom);
    let path = |pts: &[(u8, f64)]| -> String {
        pts.iter()
            .map(|(m, v)| format!("{},{}", fmt1(x(f64::from(*m))), fmt1(y(*v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let class = if full { "chart month-chart" } else { "spark" };
    let mut legend_x = Vec::with_capacity(lines.len());
    let mut band_x = left;
    for l in lines {
        legend_x.push(band_x);
        band_x += 34.0 + legend_width(&l.label);
    }
    html! {
        svg class=(class) role="img" aria-label=(title) width=(w) height=(h)
            viewBox={ "0 0 " (w) " " (h) } xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            @if full {
                line.axis x1=(left) x2=(w - right) y1=(fmt1(y(min_v))) y2=(fmt1(y(min_v))) {}
                @if min_v < 0.0 {
                    line.zero x1=(left) x2=(w - right) y1=(fmt1(y(0.0))) y2=(fmt1(y(0.0))) {}
                }
                line.axis x1=(left) x2=(left) y1=(top) y2=(h - bottom) {}
                @for m in 1..=12u8 {
                    text.tick x=(fmt1(x(f64::from(m)))) y=(h - bottom + 16.0) text-anchor="middle" { (m) }
                }
                text.tick x=(left - 6.0) y=(fmt1(y(max_v) + 4.0)) text-anchor="end" { (tick_number(max_v)) }
                text.tick x=(left - 6.0) y=(fmt1(y(min_v) + 4.0)) text-anchor="end" { (tick_number(min_v)) }
            }
            @if let Some(p) = projection {
                @let (fx, fy) = (x(f64::from(p.from.0)), y(p.from.1));
                polygon.band points={ (fmt1(fx)) "," (fmt1(fy)) " " (fmt1(x(12.0))) "," (fmt1(y(p.high))) " "
                    (fmt1(x(12.0))) "," (fmt1(y(p.low))) } {}
                line.projection x1=(fmt1(fx)) y1=(fmt1(fy)) x2=(fmt1(x(12.0))) y2=(fmt1(y(p.value))) {}
                @if full {
                    circle.projection cx=(fmt1(x(12.0))) cy=(fmt1(y(p.value))) r="4" {}
                    text.tick x=(fmt1(x(12.0) + 8.0)) y=(fmt1(y(p.value) + 4.0)) { (projection_label) " " (tick_number(p.value)) }
                }
            }
            @for l in lines {
                @if l.points.len() == 1 {
                    circle class=(l.class) cx=(fmt1(x(f64::from(l.points[0].0)))) cy=(fmt1(y(l.points[0].1))) r=(if full { "3" } else { "2" }) {}
                } @else if !l.points.is_empty() {
                    polyline class=(l.class) points=(path(&l.points)) {}
                    @if full && l.class == "this-year" {
                        @for (m, v) in &l.points {
                            circle class=(l.class) cx=(fmt1(x(f64::from(*m)))) cy=(fmt1(y(*v))) r="3" {}
                        }
                    }
                }
            }
            @if full {
                // The legend, in a row under the months.
                @let ly = h - 14.0;
                @for (l, lx) in lines.iter().zip(&legend_x) {
                    @let lx = *lx;
                    line class=(l.class) x1=(fmt1(lx)) x2=(fmt1(lx + 18.0)) y1=(fmt1(ly)) y2=(fmt1(ly)) {}
                    text.legend x=(fmt1(lx + 22.0)) y=(fmt1(ly + 4.0)) { (l.label) }
                }
                @let lx = band_x;
                @if projection.is_some() {
                    polygon.band points={ (fmt1(lx)) "," (fmt1(ly)) " " (fmt1(lx + 18.0)) "," (fmt1(ly - 6.0)) " " (fmt1(lx + 18.0)) "," (fmt1(ly + 6.0)) } {}
                    text.legend x=(fmt1(lx + 22.0)) y=(fmt1(ly + 4.0)) { (projection_label) }
                }
            }
        }
    }
}

/// Bars per year: the target (outline) and the actual (filled) side by side, from 0.
pub fn year_bars(
    title: &str,
    years: &[(i32, Option<f64>, Option<f64>)],
    target_label: &str,
    actual_label: &str,
) -> Markup {
    let (w, h, left, bottom, top, right) = (640.0, 220.0, 56.0, 34.0, 14.0, 96.0);
    let (mut min_v, mut max_v) = (0.0_f64, 0.0_f64);
    for v in years
        .iter()
        .flat_map(|(_, t, a)| [*t, *a])
        .flatten()
        .filter(|v| v.is_finite())
    {
        min_v = min_v.min(v);
        max_v = max_v.max(v);
    }
    let span = if (max_v - min_v).abs() < f64::EPSILON {
        1.0
    } else {
        max_v - min_v
    };
    let y = |v: f64| top + (1.0 - (v - min_v) / span) * (h - top - bottom);
    let slot = (w - left - right) / years.len().max(1) as f64;
    let bar = (slot / 3.0).min(28.0);
    html! {
        svg.chart.year-bars role="img" aria-label=(title) width=(w) height=(h)
            viewBox={ "0 0 " (w) " " (h) } xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            line.axis x1=(left) x2=(w - right) y1=(fmt1(y(0.0))) y2=(fmt1(y(0.0))) {}
            text.tick x=(left - 6.0) y=(fmt1(y(max_v) + 4.0)) text-anchor="end" { (tick_number(max_v)) }
            @if min_v < 0.0 {
                text.tick x=(left - 6.0) y=(fmt1(y(min_v) + 4.0)) text-anchor="end" { (tick_number(min_v)) }
            }
            @for (i, (year, target, actual)) in years.iter().enumerate() {
                @let cx = left + slot * (i as f64 + 0.5);
                @if let Some(t) = target {
                    rect.bar-target x=(fmt1(cx - bar - 1.0)) y=(fmt1(y(t.max(0.0)))) width=(fmt1(bar))
                        height=(fmt1((y(0.0) - y(t.abs())).abs().max(1.0))) {}
                }
                @if let Some(a) = actual {
                    rect.bar-actual x=(fmt1(cx + 1.0)) y=(fmt1(y(a.max(0.0)))) width=(fmt1(bar))
                        height=(fmt1((y(0.0) - y(a.abs())).abs().max(1.0))) {}
                }
                text.tick x=(fmt1(cx)) y=(h - bottom + 16.0) text-anchor="middle" { (year) }
            }
            rect.bar-target x=(w - right + 8.0) y=(top) width="14" height="10" {}
            text.legend x=(w - right + 26.0) y=(top + 9.0) { (target_label) }
            rect.bar-actual x=(w - right + 8.0) y=(top + 18.0) width="14" height="10" {}
            text.legend x=(w - right + 26.0) y=(top + 27.0) { (actual_label) }
        }
    }
}

/// A target's figure in `unit`, for drawing (a value, a bound or an approximate value).
pub fn target_figure(target: &Expr, unit: &str) -> Option<f64> {
    target.figure()?.in_unit(unit)?.to_f64()
}

fn points_of(series: &YearSeries) -> Vec<(u8, f64)> {
    (1..=12u8)
        .filter_map(|m| Some((m, series.at(m)?.to_f64()?)))
        .collect()
}

/// The lines of one indicator's year: this year's 1-m月 figures, last year's, and the target
/// (for levels the path from 0 in January to the target in December, which is time progress
/// in the target's terms; for rates a flat line), with the projection's wedge.
pub fn outlook_lines(
    lang: Lang,
    o: &IndicatorOutlook,
    year: i32,
    target: Option<f64>,
) -> (Vec<MonthSeries>, Option<ProjectionBand>) {
    let mut lines = Vec::new();
    let this = o.series.iter().find(|s| s.year == year);
    let last = o.series.iter().find(|s| s.year == year - 1);
    if let Some(t) = target {
        let cumulative = SeriesKind::of(o.kind) == Some(SeriesKind::Cumulative);
        lines.push(MonthSeries {
            label: lang
                .pick(
                    if cumulative {
                        "目标（按时间进度）"
                    } else {
                        "目标"
                    },
                    if cumulative {
                        "Target (time elapsed)"
                    } else {
                        "Target"
                    },
                )
                .to_string(),
            class: "target",
            points: if cumulative {
                vec![(0, 0.0), (12, t)]
            } else {
                vec![(1, t), (12, t)]
            },
        });
    }
    if let Some(s) = last {
        let pts = points_of(s);
        if !pts.is_empty() {
            lines.push(MonthSeries {
                label: format!("{}{}", year - 1, lang.pick("年", "")),
                class: "last-year",
                points: pts,
            });
        }
    }
    if let Some(s) = this {
        lines.push(MonthSeries {
            label: format!("{year}{}", lang.pick("年", "")),
            class: "this-year",
            points: points_of(s),
        });
    }
    let band = o.projection.as_ref().and_then(|p| {
        let from = this.and_then(|s| {
            let v = s.at(p.from_month)?.to_f64()?;
            Some((p.from_month, v))
        })?;
        (p.from_month < 12).then_some(ProjectionBand {
            from,
            value: p.value.to_f64()?,
            low: p.low.to_f64()?,
            high: p.high.to_f64()?,
        })
    });
    (lines, band)
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
    fn month_charts_draw_lines_band_and_legend() {
        let lines = [
            MonthSeries {
                label: "今年".into(),
                class: "this-year",
                points: vec![(3, 0.9), (6, 2.0)],
            },
            MonthSeries {
                label: "上年".into(),
                class: "last-year",
                points: vec![(1, 0.2), (12, 4.0)],
            },
        ];
        let band = ProjectionBand {
            from: (6, 2.0),
            value: 4.1,
            low: 3.8,
            high: 4.5,
        };
        let svg = month_chart("t", &lines, Some(band), ChartSize::Full, "预计").into_string();
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("<polygon class=\"band\""), "{svg}");
        assert!(svg.contains("预计 4.1"));
        assert!(svg.contains("今年") && svg.contains("上年"));
        let spark = month_chart("t", &lines, None, ChartSize::Spark, "").into_string();
        assert!(spark.contains("class=\"spark\"") && !spark.contains("<text"));
        // The highest figure sits at the top edge, the lowest (0) at the bottom.
        assert!(svg.contains(",14.0"), "{svg}");
    }

    #[test]
    fn year_bars_have_one_pair_per_year() {
        let svg = year_bars(
            "t",
            &[(2022, Some(6.0), Some(6.3)), (2023, Some(6.5), None)],
            "目标",
            "实际",
        )
        .into_string();
        assert_eq!(svg.matches("class=\"bar-target\"").count(), 3);
        assert_eq!(svg.matches("class=\"bar-actual\"").count(), 2);
        assert!(svg.contains(">2022<") && svg.contains(">2023<"));
    }
}
