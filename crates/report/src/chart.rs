//! Charts as hand-built SVG (for HTML) and the same SVG rasterised to PNG with a CJK font
//! (for Word). One drawing code path serves both, so the pictures agree.

use crate::ReportInput;
use crate::annex::AnnexTable;
use planwatch_domain::Status;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The charts a report can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Indicators by status.
    Statuses,
    /// Actual against target for rate-like indicators with figures on both sides.
    ActualVsTarget,
    /// Cumulative completed project investment by month against an even plan.
    MonthlyInvestment,
}

/// A drawn chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: String,
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

const FONT: &str = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, SimHei, sans-serif";

/// Escapes text for SVG/XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn open(w: u32, h: u32, title: &str) -> String {
    let mut s = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="12" role="img" aria-label="{t}"><rect width="{w}" height="{h}" fill="#ffffff"/>"##,
        t = xml_escape(title)
    );
    let _ = write!(
        s,
        r##"<text x="{}" y="22" text-anchor="middle" font-size="15" font-weight="bold" fill="#222">{}</text>"##,
        w / 2,
        xml_escape(title)
    );
    s
}

fn status_color(s: Status) -> &'static str {
    match s {
        Status::Exceeded => "#2e7d32",
        Status::Met => "#66bb6a",
        Status::BasicallyMet => "#c0ca33",
        Status::Below => "#e53935",
        Status::Pending => "#9e9e9e",
        Status::Undecidable => "#8d6e63",
    }
}

/// Vertical bars: how many indicators have each status.
pub fn statuses(year: i32, counts: &[(Status, usize)]) -> Chart {
    let (w, h) = (640u32, 300u32);
    let title = format!("{year}年主要指标完成情况（按判定结果计数）");
    let mut s = open(w, h, &title);
    let (left, top, bottom) = (50.0, 45.0, 250.0);
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1) as f64;
    let slot = (w as f64 - left - 20.0) / counts.len().max(1) as f64;
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{bottom}" x2="{}" y2="{bottom}" stroke="#444"/>"##,
        w - 20
    );
    for (k, (status, n)) in counts.iter().enumerate() {
        // A zero count still gets a hairline bar: an SVG rect of height 0 is invalid.
        let bh = ((*n as f64) / max * (bottom - top - 20.0)).max(1.0);
        let x = left + slot * k as f64 + slot * 0.2;
        let bw = slot * 0.6;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{:.1}" width="{bw:.1}" height="{bh:.1}" fill="{}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#222">{n}</text><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#222">{}</text>"##,
            bottom - bh,
            status_color(*status),
            x + bw / 2.0,
            bottom - bh - 5.0,
            x + bw / 2.0,
            bottom + 18.0,
            xml_escape(status.label_zh())
        );
    }
    s.push_str("</svg>");
    Chart {
        kind: ChartKind::Statuses,
        title,
        svg: s,
        width: w,
        height: h,
    }
}

/// Horizontal paired bars: target (grey) and actual (coloured by status) per indicator.
pub fn actual_vs_target(year: i32, rows: &[(String, f64, f64, Option<Status>)]) -> Chart {
    let row_h = 30.0;
    let (w, top) = (720u32, 48.0);
    let h = (top + row_h * rows.len() as f64 + 40.0).ceil() as u32;
    let title = format!("{year}年主要指标实际完成与预期目标（比率类，%）");
    let mut s = open(w, h, &title);
    let (left, right) = (300.0, w as f64 - 60.0);
    let lo = rows.iter().flat_map(|r| [r.1, r.2]).fold(0.0_f64, f64::min);
    let hi = rows.iter().flat_map(|r| [r.1, r.2]).fold(0.0_f64, f64::max);
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let x_of = |v: f64| left + (v - lo) / span * (right - left);
    let zero = x_of(0.0);
    let _ = write!(
        s,
        r##"<line x1="{zero:.1}" y1="{top}" x2="{zero:.1}" y2="{:.1}" stroke="#444"/>"##,
        top + row_h * rows.len() as f64
    );
    for (k, (name, target, actual, status)) in rows.iter().enumerate() {
        let y = top + row_h * k as f64;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#222">{}</text>"##,
            left - 8.0,
            y + 17.0,
            xml_escape(name)
        );
        for (v, dy, color) in [
            (*target, 4.0, "#b0bec5"),
            (*actual, 15.0, status.map(status_color).unwrap_or("#1e88e5")),
        ] {
            let (x0, x1) = (zero.min(x_of(v)), zero.max(x_of(v)));
            let _ = write!(
                s,
                r##"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="10" fill="{color}"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#222">{}</text>"##,
                y + dy,
                (x1 - x0).max(0.5),
                x1 + 3.0,
                y + dy + 9.0,
                num(v)
            );
        }
    }
    let ly = top + row_h * rows.len() as f64 + 22.0;
    let _ = write!(
        s,
        r##"<rect x="{left}" y="{:.1}" width="12" height="10" fill="#b0bec5"/><text x="{:.1}" y="{ly:.1}" fill="#222">预期目标</text><rect x="{:.1}" y="{:.1}" width="12" height="10" fill="#1e88e5"/><text x="{:.1}" y="{ly:.1}" fill="#222">实际完成（颜色表示判定结果）</text>"##,
        ly - 9.0,
        left + 16.0,
        left + 90.0,
        ly - 9.0,
        left + 106.0
    );
    s.push_str("</svg>");
    Chart {
        kind: ChartKind::ActualVsTarget,
        title,
        svg: s,
        width: w,
        height: h,
    }
}

/// Lines: cumulative completed investment by month against an even share of the annual plan.
pub fn monthly_investment(year: i32, monthly: &[(u8, f64)], annual_plan: f64) -> Chart {
    let (w, h) = (640u32, 320u32);
    let title = format!("{year}年重点项目累计完成投资与年度计划（亿元）");
    let mut s = open(w, h, &title);
    let (left, right, top, bottom) = (60.0, w as f64 - 30.0, 45.0, 260.0);
    let max = monthly
        .iter()
        .map(|m| m.1)
        .fold(annual_plan.max(0.0), f64::max)
        .max(1.0);
    let x_of = |m: f64| left + (m - 1.0) / 11.0 * (right - left);
    let y_of = |v: f64| bottom - v.max(0.0) / max * (bottom - top);
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#444"/><line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#444"/>"##
    );
    for m in 1..=12u8 {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#222">{m}月</text>"##,
            x_of(m as f64),
            bottom + 18.0
        );
    }
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="10" fill="#222">{}</text>"##,
            left - 5.0,
            y_of(v) + 4.0,
            num(v)
        );
    }
    let plan: Vec<String> = (1..=12)
        .map(|m| {
            format!(
                "{:.1},{:.1}",
                x_of(m as f64),
                y_of(annual_plan * m as f64 / 12.0)
            )
        })
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#90a4ae" stroke-width="2" stroke-dasharray="6,4"/>"##,
        plan.join(" ")
    );
    let done: Vec<String> = monthly
        .iter()
        .filter(|m| (1..=12).contains(&m.0))
        .map(|(m, v)| format!("{:.1},{:.1}", x_of(*m as f64), y_of(*v)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1e88e5" stroke-width="2.5"/>"##,
        done.join(" ")
    );
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="295" x2="{}" y2="295" stroke="#1e88e5" stroke-width="2.5"/><text x="{}" y="299" fill="#222">累计完成投资</text><line x1="{}" y1="295" x2="{}" y2="295" stroke="#90a4ae" stroke-width="2" stroke-dasharray="6,4"/><text x="{}" y="299" fill="#222">按月均分的年度计划（{}亿元）</text>"##,
        left + 24.0,
        left + 30.0,
        left + 140.0,
        left + 164.0,
        left + 170.0,
        num(annual_plan)
    );
    s.push_str("</svg>");
    Chart {
        kind: ChartKind::MonthlyInvestment,
        title,
        svg: s,
        width: w,
        height: h,
    }
}

fn dec(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Draws the charts of `kinds` that the data supports.
pub fn draw(kinds: &[ChartKind], input: &ReportInput, annexes: &[AnnexTable]) -> Vec<Chart> {
    let execution = annexes.iter().find(|t| t.has_actual());
    let mut out = Vec::new();
    for kind in kinds {
        match kind {
            ChartKind::Statuses => {
                let counts: Vec<(Status, usize)> = Status::ALL
                    .iter()
                    .map(|s| {
                        (
                            *s,
                            input
                                .last_judgements
                                .iter()
                                .filter(|j| j.status == *s)
                                .count(),
                        )
                    })
                    .collect();
                out.push(statuses(input.prev_year(), &counts));
            }
            ChartKind::ActualVsTarget => {
                let Some(t) = execution else { continue };
                let rows: Vec<(String, f64, f64, Option<Status>)> = t
                    .items()
                    .filter(|i| i.rate_like)
                    .filter_map(|i| {
                        Some((i.name.clone(), i.target_value?, i.actual_value?, i.status))
                    })
                    .collect();
                if !rows.is_empty() {
                    out.push(actual_vs_target(t.year, &rows));
                }
            }
            ChartKind::MonthlyInvestment => {
                let Some(p) = &input.projects else { continue };
                if p.monthly.is_empty() {
                    continue;
                }
                let monthly: Vec<(u8, f64)> =
                    p.monthly.iter().map(|(m, v)| (*m, dec(*v))).collect();
                out.push(monthly_investment(
                    input.prev_year(),
                    &monthly,
                    dec(p.execution.overall.annual_plan),
                ));
            }
        }
    }
    out
}

/// Font files tried, in order, when none is given: Debian/Ubuntu's WenQuanYi and Noto CJK.
pub const CJK_FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
];

/// The CJK font to draw PNG charts with: `explicit` if it exists, else the first of
/// [`CJK_FONT_PATHS`] present.
pub fn find_cjk_font(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return p.is_file().then(|| p.to_path_buf());
    }
    CJK_FONT_PATHS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

type FontCache = Mutex<HashMap<PathBuf, Option<(Arc<resvg::usvg::fontdb::Database>, String)>>>;

/// Loading a 5 MB font for every chart would dominate the time; each file is read once.
fn font_db(path: &Path) -> Option<(Arc<resvg::usvg::fontdb::Database>, String)> {
    static CACHE: OnceLock<FontCache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    guard
        .entry(path.to_path_buf())
        .or_insert_with(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(std::fs::read(path).ok()?);
            let family = db
                .faces()
                .next()
                .and_then(|f| f.families.first().map(|(name, _)| name.clone()))?;
            db.set_sans_serif_family(family.clone());
            Some((Arc::new(db), family))
        })
        .clone()
}

/// Rasterises a chart at `scale` with the font file; `Err` says why not.
pub fn to_png(chart: &Chart, font: &Path, scale: f32) -> Result<Vec<u8>, String> {
    let (db, family) =
        font_db(font).ok_or_else(|| format!("cannot load font {}", font.display()))?;
    let options = resvg::usvg::Options {
        fontdb: db,
        font_family: family,
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(&chart.svg, &options).map_err(|e| e.to_string())?;
    let w = (chart.width as f32 * scale).ceil() as u32;
    let h = (chart.height as f32 * scale).ceil() as u32;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("bad image size {w}×{h}"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// The width and height a PNG's header declares, if the bytes are a PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || &bytes[..8] != SIG || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}
