//! Every diagnostic carries an English sentence written from the same facts, with no Chinese
//! outside the texts it quotes from the report (inside “…”), so that English pages show none.

mod common;

use planwatch_domain::Lang;
use planwatch_domain::lang::outside_quotes;
use planwatch_reader::{Diagnostic, ReadOptions, read_bytes, read_bytes_with, read_text_with};

fn is_cjk(c: char) -> bool {
    // Ideographs, radicals, CJK punctuation and full-width forms (“，” “（” would show a
    // Chinese sentence leaking into the English one).
    matches!(c as u32,
        0x2E80..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

fn assert_english(d: &Diagnostic, what: &str) {
    assert!(!d.message.is_empty(), "{what}: {d:?}");
    assert!(!d.message_en.trim().is_empty(), "{what}: no English: {d:?}");
    assert!(
        !outside_quotes(&d.message_en).chars().any(is_cjk),
        "{what}: Chinese outside quotes in the English message: {}",
        d.message_en
    );
    assert_eq!(d.message_in(Lang::En), d.message_en);
    assert_eq!(d.message_in(Lang::Zh), d.message);
}

/// A report that goes wrong in many ways: a row without a name, a row without figures, a
/// key-project table, a caption with no table, a header with no rows; named .docx though it is
/// text.
const REPORT: &str = "关于某县2024年国民经济和社会发展计划执行情况的报告

一、2024年计划执行情况

全县地区生产总值增长5.1%，发展势头良好。

附表1 2024年度主要指标执行情况
| 序号 | 指标 | 2024年实际完成 | 2024年目标 | 单位 |
|---|---|---|---|---|
| 1 | 单位GDP能耗下降 | 3.2 | 3以上 | % |
|  |  | 88 | 90 | % |
| 3 | 地区生产总值增速 | | | % |

附表2 2025年主要指标计划

二、2025年工作

附表3 重点项目表
| 序号 | 项目名称 | 总投资 | 年度计划投资 |
|---|---|---|---|
| 1 | 某某大道 | 10 | 2 |

序号 指标名称 2025年目标 单位
";

#[test]
fn every_kind_of_diagnostic_has_an_english_message() {
    let mut all: Vec<Diagnostic> = Vec::new();
    let r = read_bytes(REPORT.as_bytes(), Some("report.docx")).expect("text reads");
    all.extend(r.diagnostics);

    // Corrupt bytes in UTF-8; a character cut off at the end.
    let text = common::fixture("fullwidth.txt");
    let mut bytes = text.clone().into_bytes();
    for at in [200, 900, 1500] {
        let mut k = at;
        while k < bytes.len() && (bytes[k] & 0xC0) == 0x80 {
            k += 1;
        }
        bytes.insert(k, 0xFF);
    }
    all.extend(read_bytes(&bytes, None).expect("reads").diagnostics);
    let mut cut = text.len() / 2;
    while text.is_char_boundary(cut) {
        cut += 1;
    }
    all.extend(
        read_bytes(&text.as_bytes()[..cut], None)
            .expect("reads")
            .diagnostics,
    );

    // GB18030 with a stray byte.
    let pipe_rows = common::fixture("pipe_rows.txt");
    let (gb, _, _) = encoding_rs::GB18030.encode(&pipe_rows);
    let mut gb = gb.into_owned();
    gb.extend_from_slice(&[0x81, 0x0A]);
    all.extend(read_bytes(&gb, None).expect("reads").diagnostics);

    // The limits.
    let long = text.repeat(20);
    for opts in [
        ReadOptions {
            max_items: 10,
            ..ReadOptions::default()
        },
        ReadOptions {
            max_bytes: 1000,
            ..ReadOptions::default()
        },
        ReadOptions {
            max_lines: 5,
            ..ReadOptions::default()
        },
    ] {
        all.extend(read_text_with(&long, &opts).diagnostics);
        all.extend(
            read_bytes_with(long.as_bytes(), None, &opts)
                .expect("reads")
                .diagnostics,
        );
    }
    // Nothing to read at all.
    all.extend(
        read_bytes("你好。".as_bytes(), None)
            .expect("reads")
            .diagnostics,
    );

    for d in &all {
        assert_english(d, "synthetic");
    }
    // The inputs above still produce the diagnostics they were written for.
    for zh in [
        ".docx",
        "没有指标名称",
        "没有目标和实际值",
        "重点项目表",
        "之后没有读到指标表",
        "像是指标表的表头",
        "无效字节",
        "不完整",
        "GB18030",
        "每类",
        "字节",
        "行的读取上限",
        "未读到指标表",
    ] {
        assert!(
            all.iter().any(|d| d.message.contains(zh)),
            "no diagnostic with “{zh}”: {all:#?}"
        );
    }
    // The English keeps the texts it quotes.
    let caption = all
        .iter()
        .find(|d| d.message.contains("附表2"))
        .expect("the caption without a table");
    assert!(caption.message_en.contains("“附表2 2025年主要指标计划”"));
    // JSON carries both.
    let json = serde_json::to_value(&all[0]).expect("serializes");
    assert_eq!(json["message"], all[0].message.as_str());
    assert_eq!(json["message_en"], all[0].message_en.as_str());
}

#[test]
fn corpus_diagnostics_have_english_messages() {
    let Some(dir) = common::corpus_dir() else {
        eprintln!("note: shared/corpus not found; skipping");
        return;
    };
    let mut files = 0;
    let mut seen = 0;
    for e in std::fs::read_dir(dir).expect("corpus dir lists") {
        let p = e.expect("corpus entry").path();
        if p.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let bytes = std::fs::read(&p).expect("corpus file reads");
        let r = read_bytes(&bytes, p.to_str()).expect("corpus file is a report");
        for d in &r.diagnostics {
            assert_english(d, &p.display().to_string());
            seen += 1;
        }
        files += 1;
    }
    assert!(files >= 10);
    eprintln!("{seen} diagnostics on {files} corpus files checked");
}
