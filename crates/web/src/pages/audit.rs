//! 审计: the append-only trail of every change (who, when, from where, what), searchable and
//! paged. Each entry is one line: the operation by name and a summary of what it wrote; the
//! whole stored value is on the entry's own page, so a ledger of 300 ballots never fills the
//! list.

use super::paging::ListQuery;
use super::{PageCtx, render};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::util::Params;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use planwatch_store::{AuditEntry, AuditQuery};
use std::collections::HashMap;

/// Characters of a stored value shown in the list before it is cut.
const SUMMARY_CHARS: usize = 80;

/// The operations the stores write, by name: (id, Chinese, English).
const ACTIONS: &[(&str, &str, &str)] = &[
    ("save_plan", "保存年度计划", "Plan saved"),
    ("save_plans", "批量保存计划", "Plans saved in bulk"),
    ("set_actual", "录入实际值", "Actual set"),
    ("set_target", "修改目标", "Target changed"),
    ("set_monthly", "录入月度数据", "Monthly figure set"),
    (
        "save_monthly_figures",
        "批量导入月度数据",
        "Monthly figures imported",
    ),
    ("create_user", "创建用户", "User created"),
    ("set_password", "重设密码", "Password reset"),
    ("submission_draft", "保存填报草稿", "Draft saved"),
    ("submission_submit", "提交填报", "Figure submitted"),
    ("submission_approve", "审核通过", "Submission approved"),
    ("submission_return", "退回填报", "Submission returned"),
    ("entry_draft", "保存进展草稿", "Progress draft saved"),
    ("entry_submit", "提交进展", "Progress submitted"),
    ("entry_approve", "进展审核通过", "Progress approved"),
    ("entry_return", "退回进展", "Progress returned"),
    ("replace_ledger", "导入台账", "Ledger imported"),
    ("set_ledger_item", "更新台账条目", "Ledger item updated"),
    ("publish", "发布数据", "Published"),
    (
        "publish_correction",
        "更正已发布数据",
        "Published figure corrected",
    ),
    ("create", "创建", "Created"),
    ("set_parent", "设置上级地区", "Parent region set"),
    ("add_to_group", "加入比较组", "Added to a peer group"),
    ("save_region_tree", "导入地区树", "Region tree imported"),
    ("save_review", "保存报告审查", "Report review saved"),
    ("rerun_review", "重新审查报告", "Report review rerun"),
    ("raise_finding", "标记审查发现", "Finding raised"),
    ("clear_finding_mark", "取消审查标记", "Finding mark cleared"),
];

/// What the entries are about: (id, Chinese, English).
const ENTITIES: &[(&str, &str, &str)] = &[
    ("plan", "计划", "plan"),
    ("indicator", "指标", "indicator"),
    ("monthly_figure", "月度数据", "monthly figure"),
    ("monthly", "月度数据", "monthly figures"),
    ("user", "用户", "user"),
    ("submission", "填报", "submission"),
    ("ledger_entry", "台账进展", "progress entry"),
    ("projects", "重点项目", "key projects"),
    (
        "project_progress",
        "重点项目月度进展",
        "key project progress",
    ),
    (
        "livelihood_candidates",
        "民生实事候选项目",
        "livelihood candidates",
    ),
    ("livelihood_progress", "民生实事进度", "livelihood progress"),
    ("ballots", "民生实事选票", "livelihood ballots"),
    ("tasks", "重点任务", "key tasks"),
    ("publication", "数据发布", "publication"),
    ("published_figure", "已发布数据", "published figure"),
    ("region", "地区", "region"),
    ("region_group", "比较组", "peer group"),
    ("report_review", "报告审查", "report review"),
    ("review_mark", "审查标记", "finding mark"),
];

fn named(
    table: &[(&str, &'static str, &'static str)],
    id: &str,
    lang: Lang,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, ..)| *k == id)
        .map(|(_, zh, en)| lang.pick(*zh, *en))
}

/// The operation's name for people; an operation this page does not know is named as "other"
/// (its id stays in the `data-action` attribute).
pub fn action_name(action: &str, lang: Lang) -> &'static str {
    named(ACTIONS, action, lang)
        .or_else(|| {
            action
                .strip_prefix("set_")
                .and_then(|f| named(ACTIONS, &format!("set_{f}"), lang))
        })
        .unwrap_or_else(|| lang.pick("其他操作", "Other change"))
}

fn entity_name(entity: &str, lang: Lang) -> &'static str {
    named(ENTITIES, entity, lang).unwrap_or_else(|| lang.pick("数据", "data"))
}

/// `n` things (`3 items` / `3条`).
fn count(n: u64, zh_unit: &str, en_one: &str, en_many: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n}{zh_unit}"),
        Lang::En if n == 1 => format!("1 {en_one}"),
        Lang::En => format!("{n} {en_many}"),
    }
}

fn num(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

/// The summaries the stores write, in words of `lang`; `None` for any other text.
fn known_summary(text: &str, lang: Lang) -> Option<String> {
    let t = text.trim();
    // `{n} items (replacing {m})`, `{n} indicators (replacing {m})`
    for (word, zh_unit, one, many) in [
        (" items (replacing ", "条", "item", "items"),
        (
            " indicators (replacing ",
            "个指标",
            "indicator",
            "indicators",
        ),
    ] {
        if let Some((n, rest)) = t.split_once(word)
            && let (Some(n), Some(m)) = (num(n), rest.strip_suffix(')').and_then(num))
        {
            let what = count(n, zh_unit, one, many, lang);
            return Some(match lang {
                Lang::Zh => format!("{what}（替换原有{m}）"),
                Lang::En => format!("{what} (replacing {m})"),
            });
        }
    }
    // `revision {r}: {f} figures ({n} new, {c} corrected)[; note]` (a publication).
    if let Some(rest) = t.strip_prefix("revision ")
        && let Some((r, rest)) = rest.split_once(": ")
        && let Some((f, rest)) = rest.split_once(" figures (")
        && let Some((n, rest)) = rest.split_once(" new, ")
        && let Some((c, note)) = rest.split_once(" corrected)")
        && let (Some(r), Some(f), Some(n), Some(c)) = (num(r), num(f), num(n), num(c))
    {
        let note = note.trim_start_matches("; ");
        let line = match lang {
            Lang::Zh => format!("第{r}次发布：{f}项数据（新发布{n}项，更正{c}项）"),
            Lang::En => format!("revision {r}: {f} figures ({n} new, {c} corrected)"),
        };
        return Some(if note.is_empty() {
            line
        } else {
            lang.pick(format!("{line}；{note}"), format!("{line}; {note}"))
        });
    }
    if let Some(who) = t.strip_prefix("submitted by ") {
        return Some(lang.pick(format!("{who}提交"), format!("submitted by {who}")));
    }
    if let Some(n) = t.strip_suffix(" regions").and_then(num) {
        return Some(count(n, "个地区", "region", "regions", lang));
    }
    if let Some(n) = t.strip_suffix(" monthly figures").and_then(num) {
        return Some(count(
            n,
            "个月度数据",
            "monthly figure",
            "monthly figures",
            lang,
        ));
    }
    if let Some((plans, inds)) = t.split_once(" plans, ")
        && let (Some(p), Some(i)) = (num(plans), inds.strip_suffix(" indicators").and_then(num))
    {
        return Some(match lang {
            Lang::Zh => format!("{p}个计划，{i}个指标"),
            Lang::En => format!("{p} plans, {i} indicators"),
        });
    }
    // `role=admin; department=-; name=…` (a new user), `parent=… level=…` (a region's place).
    let fields: Vec<(&str, &str)> = if let Some(rest) = t.strip_prefix("role=") {
        let (role, rest) = rest.split_once("; department=")?;
        let (department, name) = rest.split_once("; name=")?;
        vec![("role", role), ("department", department), ("name", name)]
    } else if let Some(rest) = t.strip_prefix("parent=") {
        let (parent, level) = rest.split_once(" level=")?;
        vec![("parent", parent), ("level", level)]
    } else {
        return None;
    };
    let shown: Vec<String> = fields
        .into_iter()
        .map(|(k, v)| {
            let v = v.trim();
            let v = match (k, planwatch_store::Role::parse(v)) {
                (_, _) if v == "-" => lang.pick("无", "none"),
                ("role", Some(r)) => crate::i18n::role_label(lang, r),
                _ => v,
            };
            let k = match lang {
                Lang::En => k,
                Lang::Zh => match k {
                    "role" => "角色",
                    "department" => "单位",
                    "name" => "姓名",
                    "parent" => "上级",
                    _ => "层级",
                },
            };
            lang.pick(format!("{k}：{v}"), format!("{k}: {v}"))
        })
        .collect();
    Some(shown.join(lang.pick("；", "; ")))
}

/// One line for a stored value: what the stores write, in words; a JSON document as what it
/// holds (never the document itself); other text cut at [`SUMMARY_CHARS`].
pub fn summary(text: &str, lang: Lang) -> String {
    if let Some(s) = known_summary(text, lang) {
        return s;
    }
    let t = text.trim();
    if (t.starts_with('{') || t.starts_with('['))
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(t)
    {
        return json_summary(&v, lang);
    }
    let mut chars = t.chars();
    let head: String = chars.by_ref().take(SUMMARY_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn json_summary(v: &serde_json::Value, lang: Lang) -> String {
    use serde_json::Value;
    match v {
        Value::Array(items) => count(items.len() as u64, "项数据", "entry", "entries", lang),
        Value::Object(o) => {
            if let (Some(n), Some(m)) = (
                o.get("items").and_then(Value::as_u64),
                o.get("replaced").and_then(Value::as_u64),
            ) {
                let what = count(n, "条", "item", "items", lang);
                return match lang {
                    Lang::Zh => format!("{what}（替换原有{m}）"),
                    Lang::En => format!("{what} (replacing {m})"),
                };
            }
            let name = ["name", "title", "indicator", "code"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str));
            let lists: usize = o.values().filter_map(Value::as_array).map(Vec::len).sum();
            let fields = count(o.len() as u64, "项内容", "field", "fields", lang);
            match (name, lists) {
                (Some(n), 0) => format!("“{n}”（{fields}）"),
                (Some(n), l) => match lang {
                    Lang::Zh => format!("“{n}”（{fields}，含{l}条明细）"),
                    Lang::En => format!("“{n}” ({fields}, {l} rows)"),
                },
                (None, 0) => fields,
                (None, l) => match lang {
                    Lang::Zh => format!("{fields}，含{l}条明细"),
                    Lang::En => format!("{fields}, {l} rows"),
                },
            }
        }
        other => summary(&other.to_string(), lang),
    }
}

fn change_cell(ctx: &PageCtx, e: &AuditEntry) -> Markup {
    let lang = ctx.lang;
    html! {
        @if let Some(old) = &e.old_value {
            span.old { (summary(old, lang)) }
            " → "
        }
        span.new {
            @match &e.new_value {
                Some(new) => (summary(new, lang)),
                None => (lang.pick("（无）", "(nothing)")),
            }
        }
    }
}

/// An entry's key in words: `江北区/2024/地区生产总值增速/m6` is 江北区 · 2024 · 地区生产总值增速 ·
/// 1-6月 (the period keys the stores write, `m6` and `annual`, in words).
fn key_words(key: &str, lang: Lang) -> String {
    key.split('/')
        .map(|part| match part {
            "annual" => lang.pick("全年", "year").to_string(),
            p => match p.strip_prefix('m').and_then(|m| m.parse::<u8>().ok()) {
                Some(m) if (1..=12).contains(&m) => planwatch_domain::lang::months_to(m, lang),
                _ => p.to_string(),
            },
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn what_cell(e: &AuditEntry, lang: Lang) -> Markup {
    html! {
        span data-entity=(e.entity) { (entity_name(&e.entity, lang)) }
        @if e.entity_key != "*" && !e.entity_key.is_empty() {
            " " span.key { (key_words(&e.entity_key, lang)) }
        }
    }
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let list = ListQuery::from(&params)?;
    let oldest_first = match list.sort.as_deref() {
        None | Some("-when") => false,
        Some("when") => true,
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "cannot sort the audit trail by {other:?}: when or -when"
            ))
            .into());
        }
    };
    let actor = params.str("actor").map(str::to_string);
    let search = list.search.clone();
    let (entries, total) = state
        .data()
        .audit_page(&AuditQuery {
            search: search.clone(),
            actor: actor.clone(),
            oldest_first,
            offset: i64::try_from(list.offset()).unwrap_or(i64::MAX),
            limit: i64::try_from(list.per).unwrap_or(50),
        })
        .await?;
    let total = usize::try_from(total).unwrap_or(0);
    let lang = ctx.lang;
    // Newest first unless asked: the heading's first click sorts oldest first.
    let when_heading = {
        let mut shown = list.clone();
        if shown.sort.is_none() {
            shown.sort = Some("-when".into());
        }
        shown.sort_link("/audit", "when", ctx.t("when"))
    };
    let body = html! {
        (list.search_form(lang, "/audit", lang.pick("操作人、指标、地区或内容", "user, indicator, region or text")))
        @if let Some(a) = &actor {
            p.note id="audit-actor" {
                (lang.pick("仅显示操作人：", "Only entries by: ")) strong { (a) } " · "
                a href=(list.href_with("/audit", |q| { q.rest.retain(|(k, _)| k != "actor"); q.page = 1; })) { (lang.pick("显示全部", "show everyone's")) }
            }
        }
        @if entries.is_empty() {
            p.note id="audit-empty" {
                @if search.is_some() {
                    (lang.pick("没有与搜索条件相符的记录。", "No entry matches the search."))
                } @else {
                    (lang.pick("尚无审计记录。", "The audit trail is empty."))
                }
            }
        } @else {
            div.scroll {
                table.grid id="audit-table" {
                    thead { tr {
                        th { (when_heading) } th { (ctx.t("who")) } th { (ctx.t("action")) }
                        th { (ctx.t("entity")) } th { (ctx.t("change")) } th { (ctx.t("origin")) }
                    } }
                    tbody {
                        @for e in &entries {
                            tr data-action=(e.action) {
                                td.nowrap { a href={ "/audit/" (e.id) } { (ctx.tz.audit_time(&e.at)) } }
                                td { a href=(list.href_with("/audit", |q| {
                                    q.rest.retain(|(k, _)| k != "actor");
                                    q.rest.push(("actor".into(), e.actor.clone()));
                                    q.page = 1;
                                })) { (e.actor) } }
                                td { (action_name(&e.action, lang)) }
                                td { (what_cell(e, lang)) }
                                td { (change_cell(&ctx, e)) }
                                td.small { (e.origin) }
                            }
                        }
                    }
                }
            }
        }
        (list.pager(lang, "/audit", total))
    };
    Ok(render(&ctx, ctx.t("audit"), body).into_response())
}

/// One entry with its whole stored values (a JSON document pretty-printed).
pub async fn audit_entry(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let lang = ctx.lang;
    let not_found = || {
        WebError::NotFound(
            lang.pick("该审计记录不存在。", "No such audit entry.")
                .into(),
        )
    };
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let e = state.data().audit_entry(id).await?.ok_or_else(not_found)?;
    let full = |v: &Option<String>| -> String {
        match v {
            None => lang.pick("（无）", "(nothing)").to_string(),
            Some(t) => serde_json::from_str::<serde_json::Value>(t)
                .ok()
                .filter(|v| v.is_object() || v.is_array())
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| t.clone()),
        }
    };
    let body = html! {
        section.card {
            dl.def {
                dt { (ctx.t("when")) } dd { (ctx.tz.audit_time(&e.at)) }
                dt { (ctx.t("who")) } dd { (e.actor) }
                dt { (ctx.t("origin")) } dd { (e.origin) }
                dt { (ctx.t("action")) } dd data-action=(e.action) { (action_name(&e.action, lang)) }
                dt { (ctx.t("entity")) } dd { (what_cell(&e, lang)) }
                dt { (ctx.t("change")) } dd { (change_cell(&ctx, &e)) }
            }
        }
        @if e.old_value.is_some() {
            section.card {
                h2 { (lang.pick("原值", "Before")) }
                pre.payload id="audit-old" { (full(&e.old_value)) }
            }
        }
        section.card {
            h2 { (lang.pick("新值", "After")) }
            pre.payload id="audit-new" { (full(&e.new_value)) }
        }
        p { a href="/audit" { (ctx.t("back")) } }
    };
    let title = format!("{} · {}", ctx.t("audit"), action_name(&e.action, lang));
    Ok(render(&ctx, &title, body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_summaries_read_as_words() {
        assert_eq!(
            summary("12 items (replacing 3)", Lang::Zh),
            "12条（替换原有3）"
        );
        assert_eq!(
            summary("21 indicators (replacing 0)", Lang::En),
            "21 indicators (replacing 0)"
        );
        assert_eq!(summary("submitted by stats", Lang::Zh), "stats提交");
        assert_eq!(summary("3000 regions", Lang::Zh), "3000个地区");
        assert_eq!(
            summary("role=admin; department=-; name=管理员", Lang::Zh),
            "角色：发展改革委管理员；单位：无；姓名：管理员"
        );
        assert_eq!(
            summary("parent=江北市 level=district", Lang::En),
            "parent: 江北市; level: district"
        );
        assert_eq!(
            summary(
                "revision 2: 21 figures (0 new, 1 corrected); 更正",
                Lang::Zh
            ),
            "第2次发布：21项数据（新发布0项，更正1项）；更正"
        );
        assert_eq!(
            summary("revision 1: 9 figures (9 new, 0 corrected)", Lang::En),
            "revision 1: 9 figures (9 new, 0 corrected)"
        );
    }

    #[test]
    fn documents_are_summarised_never_shown() {
        let ballots: Vec<serde_json::Value> = (0..300)
            .map(|i| serde_json::json!({ "deputy": format!("D{i}"), "marks": ["for", "against"] }))
            .collect();
        let doc = serde_json::json!({ "items": 300, "replaced": 0, "data": ballots }).to_string();
        assert!(doc.len() > 10_000);
        assert_eq!(summary(&doc, Lang::Zh), "300条（替换原有0）");
        let item = serde_json::json!({ "name": "老旧小区改造", "monthly": [1, 2, 3] }).to_string();
        assert_eq!(
            summary(&item, Lang::En),
            "“老旧小区改造” (2 fields, 3 rows)"
        );
        let long = "很".repeat(500);
        let s = summary(&long, Lang::Zh);
        assert_eq!(s.chars().count(), SUMMARY_CHARS + 1);
        assert!(s.ends_with('…'));
        assert_eq!(summary("6.2", Lang::En), "6.2");
    }

    #[test]
    fn keys_read_as_words() {
        assert_eq!(
            key_words("江北区/2024/地区生产总值增速/m6", Lang::Zh),
            "江北区 · 2024 · 地区生产总值增速 · 1-6月"
        );
        assert_eq!(
            key_words("江北区/2023/GDP/annual", Lang::En),
            "江北区 · 2023 · GDP · year"
        );
    }

    #[test]
    fn every_store_action_has_a_name() {
        for (id, ..) in ACTIONS {
            assert_ne!(action_name(id, Lang::Zh), "其他操作");
        }
        assert_eq!(action_name("set_target", Lang::En), "Target changed");
        assert_eq!(action_name("no_such", Lang::Zh), "其他操作");
    }
}
