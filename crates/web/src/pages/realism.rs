//! 目标合理性 on the plan page: each target of the year checked by `planwatch_service::targets`
//! against the region's own last years, last year's actual, its peers' targets and the level
//! above's — the domain's findings in the page's language, indicator by indicator.

use super::{PageCtx, indicator_href};
use crate::i18n::Lang;
use maud::{Markup, html};
use planwatch_domain::realism::PlanCheck;

/// The section: what was compared, how many targets stand out, and each finding in words.
pub fn realism_section(ctx: &PageCtx, check: &PlanCheck) -> Markup {
    let lang = ctx.lang;
    let (region, year) = (check.region.as_str(), check.year);
    let checked = check.checks.iter().filter(|c| c.skipped.is_none()).count();
    let flagged = check
        .checks
        .iter()
        .filter(|c| !c.findings.is_empty())
        .count();
    let unchecked: Vec<&str> = check
        .checks
        .iter()
        .filter(|c| c.skipped.is_some())
        .map(|c| c.name.as_str())
        .collect();
    html! {
        section.card.realism id="realism" data-checked=(checked) data-flagged=(flagged) {
            h2 { (ctx.t("realism")) }
            p.note { (ctx.t("realism_note")) }
            p id="realism-summary" {
                @match lang {
                    Lang::Zh => { "检查" (checked) "项目标，" strong { (flagged) } "项有提示。" }
                    Lang::En => { (checked) " targets checked; " strong { (flagged) } " stand out." }
                }
            }
            @if flagged == 0 && checked > 0 {
                p id="realism-none" { (ctx.t("realism_none")) }
            }
            @if flagged > 0 {
                ul id="realism-findings" {
                    @for (c, f) in check.findings() {
                        li data-indicator=(c.name) data-finding=(f.code) {
                            a href=(indicator_href(region, year, &c.name)) { (c.name) }
                            (lang.pick("：", ": "))
                            (lang.pick(f.zh.as_str(), f.en.as_str()))
                        }
                    }
                }
            }
            @if !unchecked.is_empty() {
                p.note id="realism-unchecked" {
                    (ctx.t("realism_unchecked")) " " (unchecked.join(lang.pick("、", ", ")))
                }
            }
        }
    }
}
