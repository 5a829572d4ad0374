//! Text, Markdown and JSON renderings of the CLI's results.

use crate::Format;
use anyhow::Result;
use comfy_table::{Table, presets};
use planwatch_domain::Lang;
use planwatch_domain::diff::Change;
use planwatch_service::{EditResult, Evaluation};
use planwatch_store::AuditEntry;
use std::fmt::Write;

fn table(header: &[&str], rows: Vec<Vec<String>>, format: Format) -> String {
    let mut t = Table::new();
    t.load_style(if format == Format::Md {
        presets::ASCII_MARKDOWN
    } else {
        presets::UTF8_FULL_CONDENSED
    });
    t.set_header(header.iter().copied());
    for row in rows {
        t.add_row(row);
    }
    format!("{t}\n")
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// The annex-style table with status and explanation, then counts by status.
pub fn evaluation(eval: &Evaluation, format: Format) -> Result<String> {
    if format == Format::Json {
        return json(eval);
    }
    let rows = eval
        .indicators
        .iter()
        .map(|i| {
            vec![
                i.seq.to_string(),
                i.label.clone(),
                i.target.text.clone(),
                i.actual
                    .as_ref()
                    .map(|a| a.text.clone())
                    .unwrap_or_default(),
                i.status_zh.to_string(),
                i.explanation.clone(),
            ]
        })
        .collect();
    let mut out = String::new();
    if format == Format::Md {
        writeln!(out, "## {} {}年主要指标完成情况\n", eval.region, eval.year)?;
    } else {
        writeln!(out, "{} {}年主要指标完成情况", eval.region, eval.year)?;
    }
    out.push_str(&table(
        &["序号", "指标名称", "预期目标", "实际完成", "状态", "说明"],
        rows,
        format,
    ));
    if format == Format::Md {
        out.push('\n');
    }
    let counts: Vec<String> = planwatch_domain::Status::ALL
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s.label_zh(),
                eval.summary.get(s.as_str()).copied().unwrap_or(0)
            )
        })
        .collect();
    writeln!(
        out,
        "合计 {} 项：{}",
        eval.indicators.len(),
        counts.join("，")
    )?;
    out.push_str("注：加*为约束性指标；其他为预期性指标。\n");
    Ok(out)
}

pub fn changes(from: i32, to: i32, changes: &[Change], format: Format) -> Result<String> {
    if format == Format::Json {
        return json(&changes);
    }
    let rows: Vec<Vec<String>> = changes
        .iter()
        .map(|c| vec![c.kind_label(Lang::Zh).to_string(), c.description()])
        .collect();
    let mut out = String::new();
    writeln!(out, "指标体系变化 {from} → {to}：{} 处", changes.len())?;
    if !rows.is_empty() {
        out.push_str(&table(&["变化", "说明"], rows, format));
    }
    Ok(out)
}

pub fn edit(result: &EditResult, format: Format) -> Result<String> {
    if format == Format::Json {
        return json(result);
    }
    let e = &result.evaluation;
    let mut out = String::new();
    writeln!(
        out,
        "{}：{} → {}（版本 {}）",
        e.name,
        result.edit.old_text.as_deref().unwrap_or("（空）"),
        result.edit.new_text,
        result.edit.version
    )?;
    writeln!(
        out,
        "判定：{}（规则 {}）{}",
        e.status_zh, e.rule, e.explanation
    )?;
    Ok(out)
}

pub fn audit(entries: &[AuditEntry], format: Format) -> Result<String> {
    if format == Format::Json {
        return json(&entries);
    }
    let rows = entries
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.at.clone(),
                format!("{}@{}", a.actor, a.origin),
                a.action.clone(),
                a.entity_key.clone(),
                a.old_value.clone().unwrap_or_default(),
                a.new_value.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Ok(table(
        &["#", "时间", "操作人", "操作", "对象", "原值", "新值"],
        rows,
        format,
    ))
}
