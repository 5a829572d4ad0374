//! What a reading produces. Every item carries the 1-based line it came from and, where it
//! comes from prose, the sentence it was read in, so that a reviewer can always go back to the
//! text.

use planwatch_domain::{Expr, Lang, Tier};
use rust_decimal::Decimal;
use serde::Serialize;

/// Everything read from one report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reading {
    /// The report's title, when one was found in its first lines.
    pub title: Option<String>,
    /// The most specific administrative unit named in the title ("江北区").
    pub region: Option<String>,
    /// The year whose execution the report reviews (2023 in "2023年…执行情况及2024年计划草案").
    pub execution_year: Option<i32>,
    /// The year whose plan the report proposes.
    pub plan_year: Option<i32>,
    /// A part of the year the execution covers ("上半年", "1-3月"), when not the whole year.
    pub period: Option<String>,
    /// How the input was decoded: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "GB18030", "docx", "text".
    pub encoding: String,
    /// Number of lines read (for .docx: paragraphs and table rows).
    pub lines: usize,
    /// The indicator tables found, in order.
    pub tables: Vec<ReadTable>,
    /// Every indicator row of every table, in order.
    pub indicators: Vec<ReadIndicator>,
    /// Indicator-style targets and actuals stated in prose.
    pub inline: Vec<InlineTarget>,
    /// Numeric statements in the narrative of what happened.
    pub claims: Vec<Claim>,
    /// Key-project figures, one entry per paragraph that states them.
    pub projects: Vec<ProjectFigures>,
    /// Livelihood-project (民生实事) figures and lists.
    pub livelihood: Vec<LivelihoodFigures>,
    /// Quantified task targets in the plan's prose.
    pub measures: Vec<Measure>,
    /// The prose's statements about how many indicators were met or missed, and which.
    pub summary_claims: Vec<SummaryClaim>,
    /// Changes to the indicator system the prose announces (新增…指标, 将…调整为…).
    pub system_changes: Vec<SystemChange>,
    /// Statements of a part as a percentage of a whole that can be recomputed
    /// ("635亿元，完成年计划710亿元的89.4%").
    pub shares: Vec<ShareStatement>,
    /// Reported figures — a level, its growth, or both, for a period — from statistical
    /// tables (a bulletin's `指标 | 单位 | 绝对数 | 比上年增长`, an appendix of values by year) and
    /// from the prose of what happened ("全年地区生产总值1744亿元，比上年增长6.7%").
    pub figures: Vec<ReadFigure>,
    /// What could not be read, with the line (0 for the whole document).
    pub diagnostics: Vec<Diagnostic>,
}

/// Something the reader could not read, or a limit it applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line; 0 when it concerns the whole input.
    pub line: usize,
    /// The Chinese sentence.
    pub message: String,
    /// The same facts in English; texts quoted from the report stay as they are, inside “…”.
    pub message_en: String,
}

impl Diagnostic {
    /// A diagnostic in both languages.
    pub fn new(line: usize, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic {
            line,
            message: zh.into(),
            message_en: en.into(),
        }
    }

    /// The message in `lang` (the Chinese one should an English text be missing, so that a
    /// diagnostic never shows empty).
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.message_en.is_empty() => &self.message_en,
            _ => &self.message,
        }
    }
}

/// What a table column holds, decided from its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ColumnRole {
    Seq,
    Name,
    Category,
    Unit,
    /// 约束性/预期性 per row.
    Nature,
    Department,
    Note,
    /// A target column, with the year its header names.
    Target {
        year: Option<i32>,
    },
    /// An actual column; `part` tells an absolute value (绝对值) from a growth rate (增幅).
    Actual {
        year: Option<i32>,
        part: ActualPart,
    },
    /// A printed verdict per row: 完成, 未完成, 基本完成.
    Verdict,
    Other,
}

/// Which part of a split actual column a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActualPart {
    Whole,
    Absolute,
    Growth,
}

/// One indicator table as found.
#[derive(Debug, Clone, Serialize)]
pub struct ReadTable {
    /// Index in [`Reading::tables`].
    pub index: usize,
    /// The caption ("附件1 2023年国民经济和社会发展计划主要指标完成情况"); "" when none.
    pub caption: String,
    pub year: Option<i32>,
    /// How the table was laid out in the input.
    pub layout: TableLayout,
    /// The column headers as composed from (possibly two-level) header rows.
    pub columns: Vec<String>,
    pub roles: Vec<ColumnRole>,
    /// The table note ("注：加*为约束性指标；其他为预期性指标。").
    pub note: Option<String>,
    /// Section rows met in the table, with the number of rows each announces and the
    /// number that actually follow it ("核心指标8项" → 8, 8).
    pub sections: Vec<TableSection>,
    /// First and last line of the table body.
    pub first_line: usize,
    pub last_line: usize,
    /// Number of indicator rows read from it.
    pub rows: usize,
    /// Whether the table has an actual column (an execution table) or only targets.
    pub has_actual: bool,
}

/// A section row of a table ("核心指标8项").
#[derive(Debug, Clone, Serialize)]
pub struct TableSection {
    pub text: String,
    pub tier: Option<Tier>,
    /// The count the section row states, if any.
    pub stated: Option<u32>,
    /// How many indicator rows follow it before the next section.
    pub rows: u32,
    pub line: usize,
}

/// How a table was laid out in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableLayout {
    /// One cell per tab-indented line, rows separated by blank lines (Word "save as text").
    TabCells,
    /// One cell per line, each ending with ` |`.
    PipeCells,
    /// One row per line, cells separated by `|`.
    PipeRows,
    /// One cell per line, without tabs or pipes, rows found from what the cells are.
    CellLines,
    /// One row per line, cells separated by runs of spaces or tabs (yearbooks,
    /// `pdftotext -layout`).
    SpacedRows,
    /// A whole table run together in one paragraph of space-separated cells.
    Paragraph,
    /// A real table of a .docx file.
    Docx,
    /// A `<table>` of a web page.
    Html,
    /// A ruled table of a PDF, its cells rebuilt from the positions of their text.
    Pdf,
}

/// One indicator row of a table.
#[derive(Debug, Clone, Serialize)]
pub struct ReadIndicator {
    /// Index of the table in [`Reading::tables`].
    pub table_index: usize,
    /// The table caption.
    pub table: String,
    pub year: Option<i32>,
    /// 序号, from its own column or from the label ("1.增加值").
    pub seq: Option<u32>,
    /// The label as printed ("#区级税收收入增速（%）").
    pub label: String,
    pub name: String,
    pub unit: String,
    /// 约束性: marked `*` (or the table's marker), or under a 约束性 section/column.
    pub binding: bool,
    /// Marked `#` with its own 序号: new this year.
    pub is_new: bool,
    pub tier: Option<Tier>,
    /// The (merged) category cell that applies to the row ("经济发展实力").
    pub category: Option<String>,
    /// For a `#` sub-row without 序号 ("#规模以上工业总产值(区属)"): the row it belongs to.
    pub sub_of: Option<String>,
    pub target: Expr,
    pub actual: Option<Expr>,
    /// Other value columns kept as written (header, text): the absolute value beside a
    /// growth actual, a department, a note.
    pub extra: Vec<ExtraCell>,
    /// The verdict the table prints for the row (完成, 未完成, 基本完成), when it has a verdict
    /// column; `review` compares it with planwatch's own judgement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// Line of the row's label.
    pub line: usize,
}

/// A cell kept beside the target and actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraCell {
    pub header: String,
    pub text: String,
}

/// Whether a prose statement is a target or a reported result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Target,
    Actual,
}

/// An indicator-style target or actual stated in prose ("地区生产总值增长6%以上").
#[derive(Debug, Clone, Serialize)]
pub struct InlineTarget {
    pub role: Role,
    pub subject: String,
    pub expr: Expr,
    pub year: Option<i32>,
    /// The sub-heading it is listed under ("(二)约束性指标").
    pub group: Option<String>,
    /// From a 约束性/预期性 group heading.
    pub binding: Option<bool>,
    pub line: usize,
    /// The sentence.
    pub text: String,
}

/// How a figure is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// 近, 接近, 将近
    Nearly,
    /// 超, 超过, 逾, 突破, 以上
    Over,
    /// 余, 多
    MoreThan,
    /// 约, 左右, 大约, 上下
    About,
    /// 以内, 以下, 不超过, 控制在
    Within,
    /// 预计
    Estimated,
    /// 达, 达到
    Reached,
}

/// Whether a figure was worded as a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// 增长, 提高, 回升, 上升, 增加
    Increase,
    /// 下降, 减少, 回落, 降低
    Decrease,
}

/// A numeric statement in the narrative.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub subject: String,
    /// The figure as written (a decrease keeps its positive figure; see `change`).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Unit as written, with its scale prefix ("亿元", "万人", "%", "个百分点"); "" for a ratio.
    pub unit: String,
    pub qualifier: Option<Qualifier>,
    /// Stated with 预计 (an estimate).
    pub estimated: bool,
    pub change: Option<Change>,
    /// Comparisons stated with it: "高于全市平均水平0.6个百分点", "居中心城区第一位",
    /// "占全市近1/2", "同比增长9%".
    pub comparisons: Vec<String>,
    /// For a structure ratio ("2.8:50.9:46.3") its parts; `value` is then the first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ratio: Vec<Decimal>,
    /// True when the subject was carried over from the previous figure of the sentence
    /// ("社会消费品零售总额达869亿元、同比增长8.7%").
    pub subject_inherited: bool,
    /// The words from verb to qualifier ("增长6.7%", "超3.5万亿元").
    pub phrase: String,
    pub year: Option<i32>,
    /// The sentence.
    pub text: String,
    pub line: usize,
}

impl Claim {
    /// The figure with the sign a decrease gives it.
    pub fn signed_value(&self) -> Decimal {
        match self.change {
            Some(Change::Decrease) => -self.value,
            _ => self.value,
        }
    }
}

/// How a quantified measure bounds its figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureCmp {
    AtLeast,
    About,
    AtMost,
    Exact,
}

/// A quantified task target ("引进区域品牌首店100家以上").
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub subject: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub unit: String,
    pub cmp: MeasureCmp,
    /// Worded as an increase or a decrease ("下降4%").
    pub change: Option<Change>,
    /// 力争: an aspiration.
    pub strive: bool,
    pub phrase: String,
    pub year: Option<i32>,
    /// The sentence.
    pub text: String,
    pub line: usize,
}

/// One figure read from prose, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fig {
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub unit: String,
    /// The matched words ("总投资2001.5亿元").
    pub text: String,
    pub line: usize,
}

/// Phases of a key project in the plan year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// 新建 / 新开工
    New,
    /// 续建
    Continuing,
    /// 续建和新建 together
    NewAndContinuing,
    /// 前期
    Preparatory,
}

/// Figures about the projects of one phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseFigures {
    pub phase: Phase,
    /// How many projects are in the phase ("50个新建项目").
    pub count: Option<Fig>,
    /// New projects planned to start ("计划新开工项目270项").
    pub planned: Option<Fig>,
    /// New projects started ("实际已开工129项", "…实现开工").
    pub started: Option<Fig>,
    /// 开工率
    pub start_rate: Option<Fig>,
    /// 投资进度 (completed / annual plan, in %).
    pub progress: Option<Fig>,
    /// Projects completed (建成/竣工).
    pub completed_projects: Option<Fig>,
}

impl PhaseFigures {
    fn new(phase: Phase) -> Self {
        PhaseFigures {
            phase,
            count: None,
            planned: None,
            started: None,
            start_rate: None,
            progress: None,
            completed_projects: None,
        }
    }
}

/// Figures of one category of key projects (社会投资 / 政府投资).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryFigures {
    /// As written: "社会投资", "政府投资".
    pub category: String,
    pub count: Option<Fig>,
    pub total_investment: Option<Fig>,
    pub annual_plan: Option<Fig>,
    pub completed: Option<Fig>,
    pub phases: Vec<PhaseFigures>,
}

/// Key-project figures of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectFigures {
    pub year: Option<i32>,
    /// The plan side ("拟安排重点项目237个") rather than the execution.
    pub plan: bool,
    /// Months covered by cumulative figures ("1-3月" → 3), when stated.
    pub months: Option<u32>,
    pub count: Option<Fig>,
    pub total_investment: Option<Fig>,
    pub annual_plan: Option<Fig>,
    /// Investment completed (完成投资 / 累计完成投资).
    pub completed: Option<Fig>,
    /// Year-on-year growth of completed investment, in %.
    pub growth: Option<Fig>,
    /// Year-on-year increase of completed investment, as an amount.
    pub growth_amount: Option<Fig>,
    /// Completed as a share of the annual plan ("为年度投资计划的30.90%").
    pub plan_share: Option<Fig>,
    /// Points ahead of (positive) or behind (negative) time progress.
    pub time_gap: Option<Fig>,
    /// 开工率 stated for the whole ledger.
    pub start_rate: Option<Fig>,
    pub phases: Vec<PhaseFigures>,
    pub categories: Vec<CategoryFigures>,
    pub line: usize,
    pub text: String,
}

impl ProjectFigures {
    /// The phase entry, created on first use.
    pub(crate) fn phase_mut(phases: &mut Vec<PhaseFigures>, phase: Phase) -> &mut PhaseFigures {
        if let Some(i) = phases.iter().position(|p| p.phase == phase) {
            &mut phases[i]
        } else {
            phases.push(PhaseFigures::new(phase));
            let last = phases.len() - 1;
            &mut phases[last]
        }
    }

    pub fn phase(&self, phase: Phase) -> Option<&PhaseFigures> {
        self.phases.iter().find(|p| p.phase == phase)
    }
}

/// Livelihood-project figures of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LivelihoodFigures {
    pub year: Option<i32>,
    /// The plan side (candidates or projects for the coming year).
    pub plan: bool,
    /// A list of candidates put to the deputies' vote (候选).
    pub candidates: bool,
    /// The number of projects, as first stated.
    pub count: Option<Fig>,
    /// Every statement of the number (a report may state it more than once).
    pub count_mentions: Vec<Fig>,
    /// "均完成", "全面完成".
    pub all_done: bool,
    /// Counts per theme ("宜居示范" 7).
    pub themes: Vec<(String, Fig)>,
    /// A numbered list of the projects, when the text gives one.
    pub items: Vec<LivelihoodItem>,
    pub line: usize,
    pub text: String,
}

/// One numbered livelihood project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LivelihoodItem {
    pub seq: u32,
    pub text: String,
    pub line: usize,
}

/// Which group of indicators a summary statement speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryGroup {
    /// All indicators ("20项指标整体符合预期", "共设置21项指标").
    Total,
    /// Met or basically met ("14项指标完成目标或基本达到预期").
    OnTrack,
    /// Below expectation ("5项指标略低于预期").
    Below,
    /// No data yet.
    Pending,
    /// 核心指标N项
    Core,
    /// 其他指标N项
    Other,
    /// 约束性指标N项
    Binding,
    /// 预期性指标N项
    Anticipatory,
}

/// A name the prose gives in a summary, matched to a table row where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedIndicator {
    pub text: String,
    /// Index into [`Reading::indicators`] of the row it names.
    pub matched: Option<usize>,
}

/// A statement about a group of indicators.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryClaim {
    pub group: SummaryGroup,
    pub count: Option<u32>,
    pub names: Vec<NamedIndicator>,
    /// The list of names is complete (no 等), so what it leaves out is left out.
    pub complete: bool,
    pub year: Option<i32>,
    /// Whether it speaks of the plan (the coming year's indicator system).
    pub plan: bool,
    pub line: usize,
    pub text: String,
}

/// A change to the indicator system announced in prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SystemChangeKind {
    Added { name: String },
    Removed { name: String },
    Replaced { from: String, to: String },
}

/// A change to the indicator system, with where it was stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemChange {
    #[serde(flatten)]
    pub kind: SystemChangeKind,
    pub year: Option<i32>,
    pub line: usize,
    pub text: String,
}

/// "A，完成年计划B的C%": a part, the whole and the stated percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareStatement {
    pub subject: String,
    pub part: Fig,
    pub whole: Fig,
    pub percent: Fig,
    pub line: usize,
    pub text: String,
}

/// Where a figure was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum FigureOrigin {
    /// A statistical table, with its caption ("" when it has none) and layout.
    Table {
        caption: String,
        layout: TableLayout,
    },
    /// A sentence of the prose.
    Prose,
}

/// A reported figure: the level of something, its growth, or both, for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadFigure {
    /// The name as printed, without footnote marks, period words (全年, 年末) or a leading 其中.
    pub name: String,
    /// For a `其中：` row, the row it is part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// The value column's header when a row has several measures (数量, 金额).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The level's unit with its scale ("亿元", "万人", "%"); "" when there is no level.
    pub unit: String,
    /// The level as printed ("1744"), read as a number below.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_text: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// Growth in percent, negative for a decrease.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub growth: Option<Decimal>,
    /// What the growth compares with, as printed: 比上年增长, 比上年末增长, 五年平均增长, 同比增长.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth_basis: Option<String>,
    /// A share column beside the level (比重, 占…比重), in percent.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub share: Option<Decimal>,
    /// The period as printed when a table says it per column ("2016年", "五年累计"), else the
    /// year the document reports on ("2024年").
    pub period: Option<String>,
    /// The single year the figure is for; `None` for a span ("五年累计") or an unknown year.
    pub year: Option<i32>,
    /// Marked as an estimate (预计, `（*）`).
    pub estimated: bool,
    pub origin: FigureOrigin,
    pub line: usize,
    /// The row's cells or the sentence.
    pub text: String,
}
