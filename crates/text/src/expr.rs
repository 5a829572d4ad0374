//! Target and actual expressions: `6.5以上`, `≤0.021`, `下降2.3%`, `1650亿元左右`, `5%~6%`,
//! `市级下达`, `与经济增长同步`, `完成市级下达目标`, `稳中提质`, `市级暂未反馈`.
//!
//! Reading goes in three steps. The text is folded (full-width to half-width, spaces dropped,
//! bracketed notes taken aside, trailing full stops dropped). A leading 力争/预计 sets a flag.
//! Then the closed phrase grammars (pending, outcome, delegated, relative, qualitative) are tried
//! on text without Arabic digits, and otherwise the figure grammar:
//!
//! ```text
//! [subject] prefix* quantity [range-separator quantity] suffix*
//! ```
//!
//! where prefixes are verbs (增长, 下降, 达到, 控制在), comparisons (不低于, 超过, ≤) and
//! approximations (约, 近), and suffixes are 以上, 以内, 左右, 余 and the like. Whatever is left
//! over makes the expression [`Form::Unparsed`] with a diagnostic naming the leftover text.
//!
//! A worded decline (下降, 减少, 回落 …) negates the figure and mirrors a bound, because the
//! expression is about the change: `下降3%以上` is a change of at most −3% (`Bound { Le, -3 }`),
//! with `worded_decline` set so a judge of a "…下降" indicator can read it back as "a decrease of
//! at least 3". Approximation words keep their sense about the size of the decline (`下降近5%`
//! is `Approx { Nearly, -5 }`: a decline of nearly 5).

use crate::normalize::{Words, compact, equals, longest_at, starts_at};
use crate::number::NumError;
use crate::phrase::{self, Outcome};
use crate::quantity::{RawQty, lex_quantity};
use planwatch_domain::quantity::split_scale;
use planwatch_domain::{Approx, Cmp, Expr, Form, Message, Quantity};
use std::sync::LazyLock;

/// What a word before the figure does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// 增长, 提高: the figure is a rise, read as is.
    Grow,
    /// 下降, 减少, 回落: the figure is a fall, negated.
    Decline,
    /// 达到, 完成, 保持在: the figure is reached.
    Reach,
    /// 控制在: an upper bound unless 左右 makes it approximate.
    Control,
    /// 同比, 可比, 比上年: the usual basis of a change; nothing to record.
    Skip,
    Strive,
    Estimate,
    Cmp(Cmp),
    Approx(Approx),
}

/// Words that may come before the figure. Matched longest first at each position.
const PREFIXES_LIST: &[(&str, Word)] = &[
    ("力争", Word::Strive),
    ("争取", Word::Strive),
    ("努力", Word::Strive),
    ("预计", Word::Estimate),
    ("初步预计", Word::Estimate),
    ("预估", Word::Estimate),
    ("估计", Word::Estimate),
    ("预测", Word::Estimate),
    ("初步测算", Word::Estimate),
    ("初步核算", Word::Estimate),
    ("预期", Word::Skip),
    ("确保", Word::Skip),
    ("同比", Word::Skip),
    ("可比", Word::Skip),
    ("同口径", Word::Skip),
    ("比上年", Word::Skip),
    ("较上年", Word::Skip),
    ("比去年", Word::Skip),
    ("较去年", Word::Skip),
    ("比同期", Word::Skip),
    ("较同期", Word::Skip),
    ("全年", Word::Skip),
    ("累计", Word::Skip),
    ("实际", Word::Skip),
    ("共计", Word::Skip),
    ("合计", Word::Skip),
    ("总计", Word::Skip),
    ("增长", Word::Grow),
    ("增长率", Word::Grow),
    ("增加", Word::Grow),
    ("提高", Word::Grow),
    ("上升", Word::Grow),
    ("提升", Word::Grow),
    ("回升", Word::Grow),
    ("上涨", Word::Grow),
    ("增速", Word::Grow),
    ("增幅", Word::Grow),
    ("涨幅", Word::Grow),
    ("下降", Word::Decline),
    ("减少", Word::Decline),
    ("回落", Word::Decline),
    ("降低", Word::Decline),
    ("下滑", Word::Decline),
    ("下跌", Word::Decline),
    ("缩减", Word::Decline),
    ("压减", Word::Decline),
    ("降幅", Word::Decline),
    ("新增", Word::Reach),
    ("达到", Word::Reach),
    ("达", Word::Reach),
    ("实现", Word::Reach),
    ("完成", Word::Reach),
    ("为", Word::Reach),
    ("是", Word::Reach),
    ("保持在", Word::Reach),
    ("保持", Word::Reach),
    ("稳定在", Word::Reach),
    ("维持在", Word::Reach),
    ("维持", Word::Reach),
    ("在", Word::Reach),
    ("到", Word::Reach),
    ("至", Word::Reach),
    ("=", Word::Reach),
    ("控制在", Word::Control),
    ("控制", Word::Control),
    ("超过", Word::Cmp(Cmp::Gt)),
    ("超出", Word::Cmp(Cmp::Gt)),
    ("超", Word::Cmp(Cmp::Gt)),
    ("逾", Word::Cmp(Cmp::Gt)),
    ("高于", Word::Cmp(Cmp::Gt)),
    ("大于", Word::Cmp(Cmp::Gt)),
    ("多于", Word::Cmp(Cmp::Gt)),
    ("突破", Word::Cmp(Cmp::Gt)),
    (">", Word::Cmp(Cmp::Gt)),
    ("不低于", Word::Cmp(Cmp::Ge)),
    ("不少于", Word::Cmp(Cmp::Ge)),
    ("不小于", Word::Cmp(Cmp::Ge)),
    ("至少", Word::Cmp(Cmp::Ge)),
    ("大于等于", Word::Cmp(Cmp::Ge)),
    ("大于或等于", Word::Cmp(Cmp::Ge)),
    ("≥", Word::Cmp(Cmp::Ge)),
    (">=", Word::Cmp(Cmp::Ge)),
    ("=>", Word::Cmp(Cmp::Ge)),
    ("不超过", Word::Cmp(Cmp::Le)),
    ("不高于", Word::Cmp(Cmp::Le)),
    ("不大于", Word::Cmp(Cmp::Le)),
    ("不多于", Word::Cmp(Cmp::Le)),
    ("至多", Word::Cmp(Cmp::Le)),
    ("最多", Word::Cmp(Cmp::Le)),
    ("小于等于", Word::Cmp(Cmp::Le)),
    ("小于或等于", Word::Cmp(Cmp::Le)),
    ("≤", Word::Cmp(Cmp::Le)),
    ("<=", Word::Cmp(Cmp::Le)),
    ("=<", Word::Cmp(Cmp::Le)),
    ("低于", Word::Cmp(Cmp::Lt)),
    ("少于", Word::Cmp(Cmp::Lt)),
    ("小于", Word::Cmp(Cmp::Lt)),
    ("不足", Word::Cmp(Cmp::Lt)),
    ("不到", Word::Cmp(Cmp::Lt)),
    ("<", Word::Cmp(Cmp::Lt)),
    ("约", Word::Approx(Approx::About)),
    ("约为", Word::Approx(Approx::About)),
    ("大约", Word::Approx(Approx::About)),
    ("大概", Word::Approx(Approx::About)),
    ("大致", Word::Approx(Approx::About)),
    ("约合", Word::Approx(Approx::About)),
    ("近", Word::Approx(Approx::Nearly)),
    ("接近", Word::Approx(Approx::Nearly)),
    ("将近", Word::Approx(Approx::Nearly)),
    ("逼近", Word::Approx(Approx::Nearly)),
    ("近乎", Word::Approx(Approx::Nearly)),
    ("几近", Word::Approx(Approx::Nearly)),
];
static PREFIXES: LazyLock<Words<Word>> = LazyLock::new(|| Words::new(PREFIXES_LIST));

/// What a word after the figure does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Cmp(Cmp),
    Approx(Approx),
    /// 之间 after a range: nothing to add.
    Between,
}

const SUFFIXES_LIST: &[(&str, Suffix)] = &[
    ("以上", Suffix::Cmp(Cmp::Ge)),
    ("及以上", Suffix::Cmp(Cmp::Ge)),
    ("以下", Suffix::Cmp(Cmp::Le)),
    ("及以下", Suffix::Cmp(Cmp::Le)),
    ("以内", Suffix::Cmp(Cmp::Le)),
    ("之内", Suffix::Cmp(Cmp::Le)),
    ("左右", Suffix::Approx(Approx::About)),
    ("上下", Suffix::Approx(Approx::About)),
    ("有余", Suffix::Approx(Approx::MoreThan)),
    ("余", Suffix::Approx(Approx::MoreThan)),
    ("多", Suffix::Approx(Approx::MoreThan)),
    ("之间", Suffix::Between),
];
static SUFFIXES: LazyLock<Words<Suffix>> = LazyLock::new(|| Words::new(SUFFIXES_LIST));

/// Leading flags of any expression, figure or not.
const FLAGS_LIST: &[(&str, Word)] = &[
    ("力争", Word::Strive),
    ("争取", Word::Strive),
    ("努力", Word::Strive),
    ("预计", Word::Estimate),
    ("初步预计", Word::Estimate),
    ("预估", Word::Estimate),
    ("估计", Word::Estimate),
    ("预测", Word::Estimate),
    ("初步测算", Word::Estimate),
    ("初步核算", Word::Estimate),
    ("确保", Word::Skip),
];
static FLAGS: LazyLock<Words<Word>> = LazyLock::new(|| Words::new(FLAGS_LIST));

/// Bracketed notes that are flags rather than remarks: `6.7（预计）`.
const NOTE_FLAGS: &[(&str, Word)] = &[
    ("预计", Word::Estimate),
    ("预计数", Word::Estimate),
    ("预计值", Word::Estimate),
    ("初步预计", Word::Estimate),
    ("预估", Word::Estimate),
    ("估计", Word::Estimate),
    ("估算", Word::Estimate),
    ("初步", Word::Estimate),
    ("初步数", Word::Estimate),
    ("快报", Word::Estimate),
    ("快报数", Word::Estimate),
    ("力争", Word::Strive),
];

/// The meaning read from a text, before it is put into an [`Expr`].
#[derive(Debug, Default)]
struct Reading {
    form: Option<Form>,
    strive: bool,
    estimated: bool,
    worded_decline: bool,
    notes: Vec<Message>,
}

/// A diagnostic in both languages, written from the same facts: `msg!(["中文{x}"], ["English
/// {x}"])`.
macro_rules! msg {
    ([$($zh:tt)*], [$($en:tt)*]) => {
        Message::new(format!($($zh)*), format!($($en)*))
    };
}

impl Reading {
    fn with_form(mut self, form: Form) -> Self {
        self.form = Some(form);
        self
    }
    fn note_subject(&mut self, subject: &str) {
        self.notes.push(msg!(
            ["表述前的“{subject}”视为指标名称，已略去"],
            ["\"{subject}\" before the expression was read as its subject and set aside"]
        ));
    }
}

/// Why the figure grammar failed.
#[derive(Debug)]
enum FigureError {
    /// No number where one could start: the text is not a figure at all.
    NoFigure,
    /// A figure was there but something about it was not understood.
    Bad(Message),
}

/// Words that announce a revised target inside a note: "（后调整为2%左右）".
const REVISION_WORDS: &[&str] = &[
    "调整为",
    "调整至",
    "调整到",
    "调为",
    "调至",
    "调减为",
    "调增为",
    "下调为",
    "下调至",
    "上调为",
    "上调至",
    "修订为",
    "修改为",
    "变更为",
];

/// The new target a revision note states, when the note is one: `后调整为2%左右` → `2%左右`,
/// `年中经区人大常委会批准调整为增长5%` → `增长5%`. Anything before the revision word is the
/// occasion (后, 年中, 经…批准) and is set aside.
pub fn revision_of(note: &str) -> Option<String> {
    let cs: Vec<char> = compact(note.trim());
    for k in 0..cs.len().min(24) {
        if let Some(w) = REVISION_WORDS.iter().find(|w| starts_at(&cs, k, w)) {
            let rest: String = cs[k + w.chars().count()..].iter().collect();
            return Some(rest);
        }
    }
    None
}

/// Parses a target or actual expression. Never panics; the original text (trimmed) is kept in
/// [`Expr::text`], and text that cannot be read becomes [`Form::Unparsed`] with a diagnostic
/// saying what was not understood.
///
/// ```
/// use planwatch_text::parse_expr;
/// use planwatch_domain::{Cmp, Form};
/// let e = parse_expr("6.5以上");
/// assert!(matches!(e.form, Form::Bound { cmp: Cmp::Ge, .. }));
/// assert_eq!(e.text, "6.5以上");
/// let e = parse_expr("下降2.3%");
/// assert!(e.worded_decline);
/// assert_eq!(e.figure().map(|q| q.to_string()), Some("-2.3%".to_string()));
/// assert!(parse_expr("不知所云").is_unparsed());
/// ```
pub fn parse_expr(text: &str) -> Expr {
    let original = text.trim();
    let mut expr = Expr::new(original, Form::Unparsed);
    let mut cs = compact(original);
    let mut reading = Reading::default();
    for note in take_notes(&mut cs) {
        let cn: Vec<char> = note.chars().collect();
        match NOTE_FLAGS.iter().find(|(w, _)| equals(&cn, w)) {
            Some((_, Word::Strive)) => reading.strive = true,
            Some(_) => reading.estimated = true,
            None => match revision_of(&note) {
                // "（后调整为2%左右）": the revised target, read on its own.
                Some(rev) if !rev.is_empty() && expr.revised.is_none() => {
                    expr.revised = Some(Box::new(parse_expr(&rev)));
                }
                _ => reading.notes.push(msg!(
                    ["括注“（{note}）”不属于数值，已略去"],
                    ["note \"({note})\" set aside; it is not part of the figure"]
                )),
            },
        }
    }
    trim_punctuation(&mut cs);
    // "增长8%左右，力争500亿元": a main target and a stretch target.
    if let Some((main, stretch)) = split_stretch(&cs) {
        let main_text: String = main.iter().collect();
        let stretch_text: String = stretch.iter().collect();
        let main = parse_expr(&main_text);
        if !main.is_unparsed() {
            let mut stretch = parse_expr(&stretch_text);
            stretch.strive = true;
            return Expr {
                text: original.to_string(),
                stretch: Some(Box::new(stretch)),
                revised: expr.revised,
                ..main
            };
        }
    }
    let result = read(&cs, original, reading);
    match result {
        Ok(r) => {
            expr.form = r.form.unwrap_or(Form::Unparsed);
            expr.strive = r.strive;
            expr.estimated = r.estimated;
            expr.worded_decline = r.worded_decline;
            expr.diagnostics = r.notes;
        }
        Err((notes, message)) => {
            expr.diagnostics = notes;
            expr.diagnostics.push(message);
        }
    }
    if expr.is_unparsed() && expr.diagnostics.is_empty() {
        expr.diagnostics
            .push(Message::new("无法识别", "not understood"));
    }
    expr
}

/// Splits `main，力争stretch` at the separator before 力争/争取/努力 (outside brackets), when
/// there is something on both sides.
fn split_stretch(cs: &[char]) -> Option<(&[char], &[char])> {
    let k = (1..cs.len()).find(|&k| {
        matches!(cs[k], ',' | ';' | '、')
            && ["力争", "争取", "努力"]
                .iter()
                .any(|w| starts_at(cs, k + 1, w))
    })?;
    let rest = &cs[k + 1..];
    (k > 0 && rest.len() > 2).then_some((&cs[..k], rest))
}

/// Takes bracketed parts out of the text and returns their contents. Unbalanced brackets stay
/// in the text, where they make the expression unparsed.
fn take_notes(cs: &mut Vec<char>) -> Vec<String> {
    let mut notes = Vec::new();
    let mut out = Vec::with_capacity(cs.len());
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '(' {
            let mut depth = 0usize;
            let mut close = None;
            for (j, &c) in cs.iter().enumerate().skip(i) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if let Some(j) = close {
                notes.push(cs[i + 1..j].iter().collect());
                i = j + 1;
                continue;
            }
        }
        out.push(cs[i]);
        i += 1;
    }
    *cs = out;
    notes
}

/// Drops full stops and list punctuation at the end, and bullet marks (`——`, `●`) at the start.
fn trim_punctuation(cs: &mut Vec<char>) {
    while cs
        .last()
        .is_some_and(|c| matches!(c, '。' | '.' | ';' | ',' | '、' | '!' | ':' | '|'))
        && cs.len() > 1
    {
        cs.pop();
    }
    let bullets = cs
        .iter()
        .take_while(|c| matches!(c, '●' | '•' | '▪' | '◆' | '■' | '·'))
        .count();
    let dashes = cs.iter().skip(bullets).take_while(|&&c| c == '-').count();
    let lead = if dashes >= 2 && cs.len() > bullets + dashes {
        bullets + dashes
    } else {
        bullets
    };
    if lead > 0 && lead < cs.len() {
        cs.drain(..lead);
    }
}

type ReadResult = Result<Reading, (Vec<Message>, Message)>;

fn read(cs: &[char], original: &str, mut r: Reading) -> ReadResult {
    if cs.is_empty() {
        return Ok(r.with_form(Form::Pending { reason: None }));
    }
    if phrase::is_blank_mark(cs) {
        return Ok(r.with_form(Form::Pending { reason: None }));
    }
    // Leading flags apply to every kind of expression: 力争完成, 预计增长6%.
    let mut i = 0;
    while let Some((w, n)) = longest_at(cs, i, &FLAGS) {
        match w {
            Word::Strive => r.strive = true,
            Word::Estimate => r.estimated = true,
            _ => {}
        }
        i += n;
    }
    let cs = &cs[i..];
    if cs.is_empty() {
        return Err((
            r.notes,
            Message::new(
                "“力争”“预计”等词后没有内容",
                "a flag (力争/预计) with nothing after it",
            ),
        ));
    }
    let has_digit = cs.iter().any(|c| c.is_ascii_digit());
    if !has_digit && let Some(r) = read_phrase(cs, original, &mut r)? {
        return Ok(r);
    }
    let first_error = match read_figure(cs, 0) {
        Ok(fig) => return Ok(merge(r, fig)),
        Err(e) => e,
    };
    // Relative to another figure, by a margin: 高于全市0.5-1个百分点.
    if let Some(form) = relative_with_margin(cs) {
        return Ok(r.with_form(form));
    }
    // The figure may follow a subject: 地区生产总值增长6%以上, 新增学位超8000个.
    let mut tries = 0;
    let mut subject_error = None;
    for k in 1..cs.len() {
        if !figure_may_start(cs, k) {
            continue;
        }
        let subject = &cs[..k];
        if !phrase::is_subject(subject) || has_meaning_words(subject) {
            continue;
        }
        tries += 1;
        if tries > 8 {
            break;
        }
        match read_figure(cs, k) {
            Ok(fig) => {
                let mut out = merge(r, fig);
                out.note_subject(&subject.iter().collect::<String>());
                return Ok(out);
            }
            Err(FigureError::Bad(m)) if subject_error.is_none() => subject_error = Some(m),
            Err(_) => {}
        }
    }
    let whole: String = cs.iter().collect();
    let message = match (first_error, subject_error) {
        (FigureError::Bad(m), _) | (FigureError::NoFigure, Some(m)) => m,
        (FigureError::NoFigure, None) if has_digit => msg!(
            ["“{whole}”中读不出数值"],
            ["no figure could be read from \"{whole}\""]
        ),
        (FigureError::NoFigure, None) => msg!(
            [
                "“{whole}”既不是数值，也不是可识别的表述（待反馈、完成情况、上级下达、与其他指标比较或定性表述）"
            ],
            [
                "\"{whole}\" has no figure and is not a recognised phrase (pending, outcome, delegated, relative or qualitative)"
            ]
        ),
    };
    Err((r.notes, message))
}

/// The phrase grammars, for text without Arabic digits. `Ok(None)` when none applies.
fn read_phrase(
    cs: &[char],
    original: &str,
    r: &mut Reading,
) -> Result<Option<Reading>, (Vec<Message>, Message)> {
    let take = |r: &mut Reading| std::mem::take(r);
    if phrase::is_pending(cs) {
        let reason = Some(original.to_string());
        return Ok(Some(take(r).with_form(Form::Pending { reason })));
    }
    if let Some((outcome, subject)) = phrase::outcome(cs) {
        let mut out = take(r);
        if let Some(s) = subject {
            out.note_subject(&s);
        }
        return match outcome {
            Outcome::Met(met) => Ok(Some(out.with_form(Form::Outcome { met }))),
            Outcome::Basically => {
                let said = cs.iter().collect::<String>();
                Err((
                    out.notes,
                    msg!(
                        ["“{said}”是“基本完成”，完成情况表述只能是完成或未完成；请填写具体数值"],
                        [
                            "\"{said}\" says basically met, which is neither met nor not met, and an outcome can only be one of those; enter the figure instead"
                        ]
                    ),
                ))
            }
        };
    }
    if let Some((authority, subject, assumed)) = phrase::delegated(cs) {
        let mut out = take(r);
        if let Some(s) = subject {
            out.note_subject(&s);
        }
        if assumed {
            out.notes.push(Message::new(
                "“下达”前未写明下达机关，按上级下达理解",
                "no authority is named before 下达; read as the level above (上级)",
            ));
        }
        return Ok(Some(out.with_form(Form::Delegated { authority })));
    }
    if let Some(rel) = phrase::relative(cs) {
        let mut out = take(r);
        if let Some(s) = &rel.subject {
            out.note_subject(s);
        }
        return match rel.relation {
            Some(relation) => Ok(Some(out.with_form(Form::Relative {
                reference: rel.reference,
                relation,
                margin: None,
            }))),
            None => {
                let (w, r) = (&rel.word, &rel.reference);
                Err((
                    out.notes,
                    msg!(
                        ["“{w}{r}”：不能把目标定为低于另一指标（可用的关系为同步、高于、不低于）"],
                        [
                            "\"{w}{r}\": a target below another indicator cannot be expressed (relations are in step, above, not below)"
                        ]
                    ),
                ))
            }
        };
    }
    if let Some(subject) = phrase::qualitative(cs) {
        let mut out = take(r);
        if let Some(s) = subject {
            out.note_subject(&s);
        }
        return Ok(Some(out.with_form(Form::Qualitative)));
    }
    // 翻番 / 翻一番: doubling, a growth of 100%; 翻两番, of 300%.
    let mut i = 0;
    while let Some((Word::Reach | Word::Skip | Word::Strive, n)) = longest_at(cs, i, &PREFIXES) {
        i += n;
    }
    for (word, pct) in [
        ("翻番", 100),
        ("翻一番", 100),
        ("翻了一番", 100),
        ("翻两番", 300),
        ("翻了两番", 300),
    ] {
        if equals(&cs[i..], word) {
            let q = Quantity::new(rust_decimal::Decimal::from(pct), "%");
            return Ok(Some(take(r).with_form(Form::Value(q))));
        }
    }
    // 正增长 / 负增长: a sign without a size is a bound at zero.
    let mut i = 0;
    while let Some((Word::Reach | Word::Skip, n)) = longest_at(cs, i, &PREFIXES) {
        i += n;
    }
    let rest = &cs[i..];
    for (word, cmp) in [("正增长", Cmp::Gt), ("负增长", Cmp::Lt)] {
        if equals(rest, word) {
            let zero = Quantity::bare(rust_decimal::Decimal::ZERO);
            return Ok(Some(take(r).with_form(Form::Bound { cmp, value: zero })));
        }
    }
    Ok(None)
}

/// `高于全市0.5-1个百分点`, `快于经济增长1个百分点`: a relative phrase followed by the margin.
fn relative_with_margin(cs: &[char]) -> Option<Form> {
    let d = cs.iter().position(|c| c.is_ascii_digit())?;
    let rel = phrase::relative(&cs[..d])?;
    let relation = rel.relation?;
    let fig = read_figure(cs, d).ok()?;
    // "1个百分点以上" and "1个百分点左右" state the margin as much as "1个百分点" does.
    let (low, high) = match fig.form {
        Form::Value(q)
        | Form::Approx { value: q, .. }
        | Form::Bound {
            cmp: Cmp::Ge | Cmp::Gt,
            value: q,
        } if q.value.is_sign_positive() => (q.clone(), q),
        Form::Range { low, high } if low.value.is_sign_positive() => (low, high),
        _ => return None,
    };
    Some(Form::Relative {
        reference: rel.reference,
        relation,
        margin: Some(planwatch_domain::Margin { low, high }),
    })
}

/// Whether a figure (a prefix word or a number) may start at `cs[k]` after a subject.
fn figure_may_start(cs: &[char], k: usize) -> bool {
    // Only Arabic digits start a figure straight after a subject: a Chinese numeral there is
    // too often part of a word (第一, 一是, 翻一番).
    let digit_start =
        cs[k].is_ascii_digit() && !cs[k - 1].is_ascii_digit() && !matches!(cs[k - 1], '.' | ',');
    digit_start
        || starts_at(cs, k, "百分之")
        || starts_at(cs, k, "千分之")
        || longest_at(cs, k, &PREFIXES).is_some()
}

/// Nouns that contain a keyword but say nothing about the figure: 增加值 (value added) is not
/// 增加 (a rise), 约束性 is not 约 (about).
const KEYWORD_NOUNS_LIST: &[(&str, ())] = &[
    ("增加值", ()),
    ("约束性", ()),
    ("节约", ()),
    ("超市", ()),
    ("近期", ()),
    ("最近", ()),
    ("附近", ()),
    ("高新", ()),
    ("高质量", ()),
    ("高端", ()),
];
static KEYWORD_NOUNS: LazyLock<Words<()>> = LazyLock::new(|| Words::new(KEYWORD_NOUNS_LIST));

/// Whether a would-be subject holds a word that changes the figure's meaning (a comparison,
/// an approximation, a rise or fall); dropping it as "subject" would misread the expression.
fn has_meaning_words(subject: &[char]) -> bool {
    let mut k = 0;
    while k < subject.len() {
        if let Some((_, n)) = longest_at(subject, k, &KEYWORD_NOUNS) {
            k += n;
            continue;
        }
        if matches!(
            longest_at(subject, k, &PREFIXES),
            Some((
                Word::Grow
                    | Word::Decline
                    | Word::Control
                    | Word::Cmp(_)
                    | Word::Approx(_)
                    | Word::Strive
                    | Word::Estimate,
                _
            ))
        ) {
            return true;
        }
        k += 1;
    }
    false
}

/// A figure as read by [`read_figure`].
struct Figure {
    form: Form,
    strive: bool,
    estimated: bool,
    worded_decline: bool,
    notes: Vec<Message>,
}

fn merge(mut r: Reading, fig: Figure) -> Reading {
    r.form = Some(fig.form);
    r.strive |= fig.strive;
    r.estimated |= fig.estimated;
    r.worded_decline = fig.worded_decline;
    r.notes.extend(fig.notes);
    r
}

fn overflow_message(e: NumError, cs: &[char]) -> FigureError {
    let text: String = cs.iter().collect();
    FigureError::Bad(match e {
        NumError::Overflow => msg!(
            ["“{text}”中的数字过大或位数过多，无法精确保存"],
            ["the number in \"{text}\" is too large or too precise to hold exactly"]
        ),
        NumError::DivisionByZero => msg!(
            ["“{text}”中的分数分母为零"],
            ["the fraction in \"{text}\" divides by zero"]
        ),
    })
}

fn range_separator(cs: &[char], i: usize) -> Option<usize> {
    match cs.get(i) {
        Some('-' | '~' | '至' | '到') => Some(1),
        _ => None,
    }
}

/// Reads `prefix* quantity [separator quantity] suffix*` starting at `cs[start..]`, which must
/// be consumed to the end.
fn read_figure(cs: &[char], start: usize) -> Result<Figure, FigureError> {
    let bad = |m: Message| FigureError::Bad(m);
    let word_text = |from: usize, to: usize| cs[from..to].iter().collect::<String>();
    let mut i = start;
    let mut grow = false;
    let mut decline = false;
    let mut control = false;
    let mut strive = false;
    let mut estimated = false;
    let mut pre_cmp: Option<(Cmp, String)> = None;
    let mut approxes: Vec<(Approx, String)> = Vec::new();
    while let Some((w, n)) = longest_at(cs, i, &PREFIXES) {
        let word = word_text(i, i + n);
        match w {
            Word::Grow => grow = true,
            Word::Decline => decline = true,
            Word::Control => control = true,
            Word::Strive => strive = true,
            Word::Estimate => estimated = true,
            Word::Reach | Word::Skip => {}
            Word::Cmp(c) => {
                if let Some((prev, prev_word)) = &pre_cmp
                    && *prev != c
                {
                    return Err(bad(msg!(
                        ["“{prev_word}”与“{word}”相互矛盾"],
                        ["\"{prev_word}\" and \"{word}\" contradict each other"]
                    )));
                }
                pre_cmp = Some((c, word));
            }
            Word::Approx(a) => approxes.push((a, word)),
        }
        i += n;
    }
    if grow && decline {
        let said = word_text(start, i);
        return Err(bad(msg!(
            ["“{said}”既说增长又说下降"],
            ["\"{said}\" says both a rise and a fall"]
        )));
    }
    let Some(mut low) = lex_quantity(cs, i).map_err(|e| overflow_message(e, &cs[start..]))? else {
        if i == start {
            return Err(FigureError::NoFigure);
        }
        let rest = word_text(i, cs.len());
        let said = word_text(start, i);
        return Err(bad(if rest.is_empty() {
            msg!(
                ["“{said}”后面没有数值"],
                ["\"{said}\" is not followed by a figure"]
            )
        } else {
            msg!(
                ["“{said}”后面应是数值，却是“{rest}”"],
                ["expected a figure after \"{said}\", found \"{rest}\""]
            )
        }));
    };
    i = low.end;
    let mut high: Option<RawQty> = None;
    if let Some(n) = range_separator(cs, i)
        && let Some(q) = lex_quantity(cs, i + n).map_err(|e| overflow_message(e, &cs[start..]))?
    {
        i = q.end;
        high = Some(q);
    }
    let mut suf_cmp: Option<(Cmp, String)> = None;
    while let Some((s, n)) = longest_at(cs, i, &SUFFIXES) {
        let word = word_text(i, i + n);
        match s {
            Suffix::Cmp(c) => {
                if let Some((_, prev_word)) = &suf_cmp {
                    return Err(bad(msg!(
                        ["“{prev_word}”与“{word}”重复限定了数值"],
                        ["\"{prev_word}\" and \"{word}\" both bound the figure"]
                    )));
                }
                suf_cmp = Some((c, word));
            }
            Suffix::Approx(a) => approxes.push((a, word)),
            Suffix::Between => {
                if high.is_none() {
                    return Err(bad(Message::new(
                        "“之间”需要一个区间（如5-6）",
                        "\"之间\" (between) needs a range",
                    )));
                }
            }
        }
        i += n;
    }
    if i < cs.len() {
        let (rest, figure) = (word_text(i, cs.len()), word_text(start, i));
        return Err(bad(msg!(
            ["数值“{figure}”后的“{rest}”无法识别"],
            ["did not understand \"{rest}\" after the figure \"{figure}\""]
        )));
    }
    let mut notes = Vec::new();
    let form = match high {
        Some(mut high) => {
            if let Some((_, w)) = pre_cmp.as_ref().or(suf_cmp.as_ref()) {
                return Err(bad(msg!(
                    ["区间不能再用“{w}”限定"],
                    ["a range cannot also be bounded by \"{w}\""]
                )));
            }
            if low.more_than || high.more_than {
                approxes.push((Approx::MoreThan, "余".to_string()));
            }
            if let Some((_, w)) = approxes.first() {
                notes.push(msg!(
                    ["区间上的“{w}”不改变含义，按区间读取"],
                    ["\"{w}\" on a range adds nothing; read as the range"]
                ));
            }
            share_unit(&mut low, &mut high);
            let lo = low
                .into_quantity()
                .map_err(|e| overflow_message(e, &cs[start..]))?;
            let hi = high
                .into_quantity()
                .map_err(|e| overflow_message(e, &cs[start..]))?;
            if !lo.unit.is_empty()
                && !hi.unit.is_empty()
                && split_scale(&lo.unit).1 != split_scale(&hi.unit).1
            {
                let (a, b) = (&lo.unit, &hi.unit);
                return Err(bad(msg!(
                    ["区间两端单位不同（{a}和{b}）"],
                    ["the range ends are in different units ({a} and {b})"]
                )));
            }
            let (lo, hi) = if decline {
                if lo.value.is_sign_negative() || hi.value.is_sign_negative() {
                    return Err(bad(Message::new(
                        "“下降”一个负数，含义不明",
                        "a fall (下降) of a negative figure is ambiguous",
                    )));
                }
                (negate(hi), negate(lo))
            } else {
                (lo, hi)
            };
            if lo.in_unit(&hi.unit).is_some_and(|v| v > hi.value) {
                return Err(bad(msg!(
                    ["区间由大到小（从{lo}到{hi}）"],
                    ["the range runs backwards (from {lo} to {hi})"]
                )));
            }
            Form::Range { low: lo, high: hi }
        }
        None => {
            if low.more_than {
                approxes.push((Approx::MoreThan, "余".to_string()));
            }
            let q = low
                .into_quantity()
                .map_err(|e| overflow_message(e, &cs[start..]))?;
            if decline && q.value.is_sign_negative() {
                return Err(bad(Message::new(
                    "“下降”一个负数，含义不明",
                    "a fall (下降) of a negative figure is ambiguous",
                )));
            }
            let approx = match approxes.as_slice() {
                [] => None,
                [(a, w), rest @ ..] => {
                    if let Some((_, w2)) = rest.iter().find(|(b, _)| b != a) {
                        return Err(bad(msg!(
                            ["“{w}”与“{w2}”相互矛盾"],
                            ["\"{w}\" and \"{w2}\" contradict each other"]
                        )));
                    }
                    Some((*a, w.clone()))
                }
            };
            let cmp = match (pre_cmp, suf_cmp) {
                (Some((a, wa)), Some((b, wb))) => {
                    if a.is_lower_bound() != b.is_lower_bound() {
                        return Err(bad(msg!(
                            ["“{wa}”与“{wb}”相互矛盾"],
                            ["\"{wa}\" and \"{wb}\" contradict each other"]
                        )));
                    }
                    Some((a, wa))
                }
                (a, b) => a.or(b),
            };
            let q = if decline { negate(q) } else { q };
            let flip = |c: Cmp| if decline { c.mirrored() } else { c };
            match (cmp, approx, control) {
                (None, Some((Approx::About, _)), true) => Form::Approx {
                    approx: Approx::About,
                    value: q,
                },
                (None, None, true) => Form::Bound {
                    cmp: flip(Cmp::Le),
                    value: q,
                },
                (Some((c, _)), None, _) => Form::Bound {
                    cmp: flip(c),
                    value: q,
                },
                (Some((c, _)), Some((Approx::MoreThan, w)), _) if c.is_lower_bound() => {
                    notes.push(msg!(
                        ["下限中的“{w}”不改变含义"],
                        ["\"{w}\" inside a lower bound adds nothing"]
                    ));
                    Form::Bound {
                        cmp: flip(c),
                        value: q,
                    }
                }
                (Some((_, wc)), Some((_, wa)), _) => {
                    return Err(bad(msg!(
                        ["“{wc}”与“{wa}”相互矛盾"],
                        ["\"{wc}\" and \"{wa}\" contradict each other"]
                    )));
                }
                (None, Some((a, _)), false) | (None, Some((a, _)), true) => Form::Approx {
                    approx: a,
                    value: q,
                },
                (None, None, false) => Form::Value(q),
            }
        }
    };
    Ok(Figure {
        form,
        strive,
        estimated,
        worded_decline: decline,
        notes,
    })
}

fn negate(q: Quantity) -> Quantity {
    Quantity::new(-q.value, q.unit)
}

/// Gives a range end without a unit the other end's: `5-6%` is 5% to 6%, `5-6亿元` is
/// 5亿元 to 6亿元, `5000万-1亿元` is 5000万元 to 1亿元.
fn share_unit(low: &mut RawQty, high: &mut RawQty) {
    fn fill(a: &mut RawQty, b: &RawQty) {
        if a.unit.is_empty() && a.scale.is_none() {
            a.scale = b.scale;
            a.unit = b.unit.clone();
        } else if a.unit.is_empty() && !b.unit.is_empty() {
            a.unit = b.unit.clone();
        }
    }
    if low.unit.is_empty() {
        fill(low, high);
    } else if high.unit.is_empty() {
        fill(high, low);
    }
}
