//! Page language: Chinese by default, English on request (`?lang=en`, remembered in the
//! `pw_lang` cookie). Texts are looked up by key with [`tr`]; a missing key shows the key, so a
//! forgotten translation is visible rather than silent.

use planwatch_domain::Status;
use planwatch_store::{Period, Role, SubmissionStatus};

mod year;

/// The language of a page: the domain's [`Lang`], so a page and the sentences the domain writes
/// for it are always in the same language.
pub use planwatch_domain::Lang;

/// The `lang` attribute of a page in `lang`.
pub fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// key, Chinese, English.
const TEXTS: &[(&str, &str, &str)] = &[
    ("app", "规划计划执行监测", "Plan monitoring"),
    ("home", "首页", "Home"),
    ("menu", "菜单", "Menu"),
    ("cockpit", "驾驶舱", "Cockpit"),
    ("indicators", "主要指标", "Indicators"),
    ("entry", "数据填报", "Data entry"),
    ("review", "填报审核", "Review"),
    ("audit", "审计日志", "Audit trail"),
    ("diff", "指标体系变化", "Indicator changes"),
    ("login", "登录", "Log in"),
    ("logout", "退出", "Log out"),
    ("username", "用户名", "Username"),
    ("password", "密码", "Password"),
    ("login_required", "请先登录。", "Please log in."),
    (
        "login_failed",
        "用户名或密码错误。",
        "Wrong username or password.",
    ),
    (
        "forbidden",
        "无权访问此页面。",
        "You may not open this page.",
    ),
    ("not_found", "未找到。", "Not found."),
    ("bad_request", "请求有误。", "Bad request."),
    ("conflict", "数据已被他人修改", "Changed by someone else"),
    (
        "internal",
        "服务器内部错误，请稍后再试或联系管理员。",
        "Internal error; try again later or ask the administrator.",
    ),
    (
        "too_many",
        "登录失败次数过多，请稍后再试。",
        "Too many failed logins; try again later.",
    ),
    (
        "csrf",
        "表单已过期或来源不明，请刷新页面后重试。",
        "The form expired or came from elsewhere; reload the page and try again.",
    ),
    (
        "form_expired",
        "表单已过期（页面打开太久或已重新登录），内容未保存。请核对下列内容后再次提交。",
        "The form expired (the page was open too long, or you logged in again); nothing was saved. Check what you typed and send it again.",
    ),
    ("form_expired_title", "请再次提交", "Please send again"),
    ("submit_again", "再次提交", "Send again"),
    ("region", "地区", "Region"),
    ("year", "年度", "Year"),
    ("compare", "地区比较", "Compare regions"),
    ("compare_group", "比较组", "Peer group"),
    ("compare_parent", "或上级地区", "or parent region"),
    ("compare_children", "下辖地区", "children"),
    ("compare_annual", "全年实际", "annual actual"),
    ("compare_streak_by", "连续按", "Streaks by"),
    ("compare_by_quarter", "季度", "quarter"),
    ("compare_by_month", "月", "month"),
    ("compare_rank", "名次", "Rank"),
    ("compare_no_group", "不选比较组", "No peer group"),
    ("compare_no_parent", "不选上级地区", "No parent region"),
    (
        "compare_none_exist",
        "尚未设置比较组，也没有地区登记了上级地区，暂无可比较的地区。管理员可导入地区树（设置各地区的上级）或把地区加入比较组后再来比较。",
        "No peer group is set up and no region has a parent region yet, so there is nothing to compare. An administrator can import the region tree (each region's parent) or put regions into a peer group.",
    ),
    (
        "compare_no_rows",
        "所选范围内没有地区有可比较的数据。",
        "No region in this scope has a figure to compare.",
    ),
    (
        "share_over_whole",
        "数据有误：有地区占上级的比重超过100%，部分不能大于整体。请核对该地区或上级地区的数据。",
        "Data problem: a region's share of its parent is above 100%; a part cannot exceed its whole. Check that region's figure or the parent's.",
    ),
    (
        "share_over_short",
        "超过整体，数据有误",
        "exceeds the whole: a data error",
    ),
    ("compare_gap", "与平均水平", "Against the average"),
    ("compare_share", "占比", "Share"),
    ("compare_phrase", "表述", "Phrase"),
    ("compare_average", "平均水平", "Average"),
    ("compare_rollup", "合计", "Total"),
    ("compare_no_rollup", "不汇总：", "Not summed:"),
    ("compare_missing", "无可比数据", "No comparable figure"),
    (
        "compare_hint",
        "选择比较组（或填写上级地区）和年度后查看。",
        "Choose a peer group (or a parent region) and a year.",
    ),
    (
        "compare_one_scope",
        "比较组与上级地区只能选其一",
        "Give a peer group or a parent region, not both",
    ),
    ("month", "月份", "Month"),
    ("latest_month", "最新月份", "Latest month"),
    ("period", "填报期", "Period"),
    ("annual", "全年实际", "Year's actual"),
    ("seq", "序号", "No."),
    ("indicator", "指标名称", "Indicator"),
    ("target", "预期目标", "Target"),
    ("actual", "实际完成", "Actual"),
    ("status", "状态", "Status"),
    ("explanation", "说明", "Explanation"),
    ("rule", "判定规则", "Rule"),
    ("department", "责任单位", "Department"),
    ("latest", "最新数据", "Latest figure"),
    ("time_progress", "时间进度", "Time elapsed"),
    ("completion", "完成进度", "Completion"),
    ("counts", "状态分布", "Statuses"),
    ("lagging", "需关注的指标", "Lagging indicators"),
    ("projected", "全年预计", "Year-end projection"),
    ("trend", "走势", "Trend"),
    (
        "target_vs_actual",
        "历年目标与实际",
        "Target and actual by year",
    ),
    ("chart_numbers", "图中数据", "The numbers in the chart"),
    ("dept_note", "责任单位说明", "Department's note"),
    ("showing_only", "只显示", "Showing only"),
    ("show_all", "显示全部", "Show all"),
    (
        "none_with_status",
        "没有处于该状态的指标。",
        "No indicator has this status.",
    ),
    ("no_figure_yet", "尚无数据", "No figure yet"),
    ("no_lagging", "暂无滞后指标。", "Nothing lags."),
    (
        "binding_note",
        "加*为约束性指标；其他为预期性指标。",
        "* marks binding indicators; the others are anticipatory.",
    ),
    (
        "new_note",
        "#为新增指标。",
        "# marks an indicator new this year.",
    ),
    ("core", "核心指标", "Core indicators"),
    ("other", "其他指标", "Other indicators"),
    ("history", "历年情况", "Across years"),
    ("monthly", "月度累计数据", "Monthly cumulative figures"),
    (
        "monthly_hidden",
        "月度数据登录后可见。",
        "Monthly figures are shown after login.",
    ),
    ("no_monthly", "暂无月度数据。", "No monthly figures yet."),
    ("definition", "指标定义", "Definition"),
    ("unit", "单位", "Unit"),
    ("kind", "类型", "Kind"),
    ("direction", "方向", "Direction"),
    ("nature", "指标属性", "Type of target"),
    ("data_json", "本表数据（JSON）", "This table as data (JSON)"),
    ("binding", "约束性", "Binding"),
    ("anticipatory", "预期性", "Anticipatory"),
    ("value", "数值", "Value"),
    ("note", "情况说明", "Note"),
    ("reason", "原因说明", "Reason"),
    ("figures_due", "报送情况", "Figures due"),
    ("owed", "应报", "Owed"),
    ("due_by", "截止", "due"),
    ("late_figures", "逾期未报", "Late figures"),
    ("figures_import", "数据导入", "Import figures"),
    (
        "import_monthly",
        "统计月报（月度数据）",
        "Monthly figures (统计月报)",
    ),
    (
        "import_indicators",
        "指标表（附件2格式）",
        "Indicator sheet (annex layout)",
    ),
    (
        "import_hint",
        "先预览将要新增、修改、不变、未匹配和被拒绝的数值，确认后一次写入；有错误的文件不会导入任何数据。",
        "Preview what would be new, changed, unchanged, unmatched or refused, then confirm to write it all at once; a file with errors imports nothing.",
    ),
    ("import_written", "已导入数值", "Values written"),
    ("import_preview", "导入预览", "Import preview"),
    ("confirm_import", "确认导入", "Confirm import"),
    (
        "nothing_to_import",
        "没有需要写入的数值。",
        "Nothing to write.",
    ),
    ("similarity", "相似度", "similarity"),
    (
        "reason_hint",
        "数值异常，请说明原因后再提交",
        "The figure looks unusual: give a reason to enter it",
    ),
    ("save_draft", "保存草稿", "Save draft"),
    ("submit", "提交审核", "Submit for review"),
    ("approve", "通过", "Approve"),
    ("return", "退回", "Return"),
    ("comment", "审核意见", "Comment"),
    ("submitted_by", "填报人", "Reported by"),
    ("reviewed_by", "审核人", "Reviewed by"),
    ("updated", "更新时间", "Updated"),
    ("current_value", "当前值", "Current value"),
    ("your_value", "您提交的值", "Your value"),
    ("version", "版本", "Version"),
    ("saved", "已保存。", "Saved."),
    (
        "fix_marked",
        "有填报未能保存，请按标出的提示修改后再提交；其余填写内容已保留。",
        "Some values were not saved: correct the marked fields and send again; everything typed is kept.",
    ),
    (
        "nothing_to_save",
        "没有填写任何数值。",
        "No value was filled in.",
    ),
    ("queue", "待审核", "Awaiting review"),
    (
        "queue_empty",
        "没有待审核的填报。",
        "Nothing awaits review.",
    ),
    ("recent", "近期处理", "Recently handled"),
    ("locked", "已锁定", "Locked"),
    ("under_review", "审核中，暂不可修改", "Under review"),
    ("departments", "填报单位", "Reporting departments"),
    ("your_department", "本单位", "Your department"),
    ("open", "进入", "Open"),
    ("when", "时间", "When"),
    ("who", "操作人", "Who"),
    ("origin", "来源", "From"),
    ("action", "操作", "Action"),
    ("entity", "对象", "Object"),
    ("change", "变化", "Change"),
    ("from_year", "起始年度", "From"),
    ("to_year", "对比年度", "To"),
    ("added", "新增", "Added"),
    ("removed", "删除", "Removed"),
    ("changes", "变化", "Changes"),
    (
        "no_changes",
        "指标体系无变化。",
        "The indicator system did not change.",
    ),
    ("show", "查看", "Show"),
    (
        "no_plan",
        "该地区该年度尚无计划数据。",
        "No plan for this region and year.",
    ),
    (
        "welcome",
        "本系统汇集各部门填报数据，按明确规则逐项判定主要指标完成情况。",
        "Department figures, collected and judged indicator by indicator by explicit rules.",
    ),
    (
        "public_note",
        "未登录用户可查看已公开（已审核）的指标数据。",
        "Without logging in you see published (approved) indicator data.",
    ),
    ("lang_switch", "English", "中文"),
    (
        "home_no_data",
        "尚无任何地区的计划数据。",
        "No region has plan data yet.",
    ),
    ("logged_in_as", "当前用户", "Signed in as"),
    ("light", "预警灯", "Light"),
    ("as_of", "截至", "As of"),
    ("of_target", "占全年目标", "of the annual target"),
    ("figure_for", "数据期", "Figure for"),
    ("in_year", "年内进度", "In-year progress"),
    ("monthly_path", "目标进度线", "Target path"),
    ("entries_for", "填报", "Entries for"),
    (
        "only_own",
        "填报员只能填报本单位负责的指标。",
        "Reporters fill in only their own department's indicators.",
    ),
    ("none", "无", "none"),
    ("api_docs", "接口文档（OpenAPI）", "API (OpenAPI)"),
    ("chart_title", "各状态指标个数", "Indicators per status"),
    ("submissions", "填报记录", "Submissions"),
    ("preview", "通过后判定", "If approved"),
    // Ledgers and report review.
    ("projects", "重点项目", "Key projects"),
    ("livelihood", "民生实事", "Livelihood projects"),
    ("tasks", "重点任务", "Key tasks"),
    ("report_review", "报告审查", "Report review"),
    ("code", "项目编号", "Code"),
    ("project", "项目名称", "Project"),
    ("category", "投资类别", "Category"),
    ("phase", "项目阶段", "Phase"),
    ("build_status", "建设状态", "Build status"),
    ("responsible_unit", "责任单位", "Responsible unit"),
    ("street", "街道", "Street"),
    ("sector", "行业", "Sector"),
    (
        "total_investment",
        "总投资（亿元）",
        "Total investment (100M yuan)",
    ),
    ("annual_plan", "年度计划（亿元）", "Annual plan (100M yuan)"),
    ("completed", "完成投资（亿元）", "Completed (100M yuan)"),
    ("progress_pct", "投资进度", "Progress"),
    ("reasons", "原因", "Reasons"),
    ("all", "全部", "All"),
    ("filter", "筛选", "Filter"),
    (
        "filter_empty",
        "没有符合筛选条件的条目，请放宽条件或选择“全部”。",
        "Nothing matches the filters; widen them or choose “All”.",
    ),
    ("shown_of", "显示项目数", "Projects shown"),
    ("figures", "汇总数据", "Figures"),
    ("paragraph", "报告表述", "Report paragraph"),
    ("plan_paragraph", "计划表述", "Plan paragraph"),
    ("export_xlsx", "导出Excel", "Export to Excel"),
    ("import_xlsx", "从Excel导入", "Import from Excel"),
    (
        "import_note",
        "导入将整体替换该年度台账；文件有任何错误时不导入任何数据。",
        "An import replaces the year's ledger as a whole; a file with any error changes nothing.",
    ),
    (
        "import_failed",
        "文件有错误，未导入任何数据",
        "The file has errors; nothing was imported",
    ),
    ("imported", "已导入", "Imported"),
    ("file", "文件", "File"),
    ("upload", "上传", "Upload"),
    ("sheet", "工作表", "Sheet"),
    ("cell", "单元格", "Cell"),
    ("column", "列", "Column"),
    ("expected", "应为", "Expected"),
    (
        "no_ledger",
        "该地区该年度尚无台账。",
        "No ledger for this region and year.",
    ),
    ("milestones", "前期手续", "Milestones"),
    ("monthly_progress", "月度进展", "Monthly progress"),
    (
        "investment_curve",
        "累计投资进度",
        "Investment through the year",
    ),
    ("cumulative", "累计完成（亿元）", "Cumulative (100M yuan)"),
    ("image_progress", "形象进度", "Physical progress"),
    ("planned_start", "计划开工", "Planned start"),
    ("actual_start", "实际开工", "Actual start"),
    ("planned_completion", "计划竣工", "Planned completion"),
    ("actual_completion", "实际竣工", "Actual completion"),
    (
        "last_year_same",
        "上年同期（亿元）",
        "Same period last year",
    ),
    ("progress_note", "进展情况", "Progress note"),
    ("back", "返回", "Back"),
    (
        "no_monthly_reports",
        "该年度台账无月度进展，汇总为台账所列全年数据。",
        "The ledger has no monthly reports; the figures are the ledger's for the year.",
    ),
    ("candidates", "候选项目", "Candidates"),
    ("theme", "类别", "Theme"),
    ("target_task", "目标任务", "Target"),
    ("budget_wan", "预算（万元）", "Budget (10k yuan)"),
    ("vote", "票决结果", "Vote"),
    ("seats", "拟确定项目数", "Seats"),
    ("ballots_cast", "收回选票", "Ballots cast"),
    ("valid_ballots", "有效票", "Valid ballots"),
    ("present", "出席代表", "Deputies present"),
    ("majority_needed", "过半数需", "Majority needs"),
    ("for_votes", "赞成", "For"),
    ("against", "反对", "Against"),
    ("abstain", "弃权", "Abstain"),
    ("unmarked", "未表决", "Unmarked"),
    ("adopted", "当选", "Adopted"),
    (
        "adopted_list",
        "确定的民生实事项目（按得票排序）",
        "Adopted, in order of votes",
    ),
    ("tie", "票数相同", "Tie"),
    ("invalid_ballots", "无效票", "Invalid ballots"),
    ("deputy", "代表编号", "Deputy"),
    ("warnings", "提示", "Warnings"),
    ("no_ballots", "尚无选票。", "No ballots yet."),
    (
        "last_year_progress",
        "上年民生实事完成情况",
        "Last year's livelihood projects",
    ),
    ("completed_value", "完成值", "Completed"),
    ("state", "完成情况", "State"),
    ("import_kind", "导入内容", "What to import"),
    (
        "import_candidates",
        "候选项目（含选票、进度）",
        "Candidates (with ballots, progress)",
    ),
    (
        "import_ballots",
        "选票（按已存候选项目）",
        "Ballots (against stored candidates)",
    ),
    ("today", "日期", "Date"),
    ("measure", "具体措施", "Measure"),
    ("lead", "牵头单位", "Lead"),
    ("supporting", "配合单位", "Supporting"),
    ("deadline", "完成时限", "Deadline"),
    ("progress_notes", "进展", "Progress notes"),
    ("days_left", "剩余天数", "Days left"),
    (
        "upload_report",
        "上传报告（.txt、.docx、网页 .html 或文字版 .pdf，不超过20 MB）",
        "Upload a report (.txt, .docx, a saved .html page or a text .pdf; at most 20 MB)",
    ),
    ("what_was_read", "读取结果", "What was read"),
    ("findings", "审查发现", "Findings"),
    ("report_text", "报告原文", "Report text"),
    ("encoding", "编码", "Encoding"),
    ("lines", "行数", "Lines"),
    ("tables", "表格", "Tables"),
    ("indicator_rows", "指标行", "Indicator rows"),
    ("claims", "数据表述", "Claims"),
    ("measures", "量化措施", "Measures"),
    ("diagnostics", "读取提示", "Diagnostics"),
    ("passed", "通过", "Passed"),
    ("evidence", "依据", "Evidence"),
    ("no_findings", "未发现问题。", "No findings."),
    (
        "text_unavailable",
        "原文无法按行显示（非UTF-8或.docx），下列为审查引用的行。",
        "The text cannot be shown line by line (not UTF-8, or .docx); these are the lines the findings cite.",
    ),
    (
        "review_roles",
        "区发展改革委、区领导和人大代表可上传报告审查；审查结果不保存。",
        "The DRC, leaders and deputies may upload a report; results are not stored.",
    ),
];

/// The text for `key` in `lang`; the key itself when unknown.
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    for (k, zh, en) in TEXTS.iter().chain(year::TEXTS) {
        if *k == key {
            return match lang {
                Lang::Zh => zh,
                Lang::En => en,
            };
        }
    }
    key
}

pub fn status_label(lang: Lang, status: Status) -> &'static str {
    status.label(lang)
}

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    match lang {
        Lang::Zh => role.label_zh(),
        Lang::En => match role {
            Role::Admin => "DRC administrator",
            Role::Reporter => "Department reporter",
            Role::Leader => "Leader",
            Role::Reviewer => "Deputy / reviewer",
        },
    }
}

pub fn submission_label(lang: Lang, status: SubmissionStatus) -> &'static str {
    match lang {
        Lang::Zh => status.label_zh(),
        Lang::En => match status {
            SubmissionStatus::Draft => "Draft",
            SubmissionStatus::Submitted => "Awaiting review",
            SubmissionStatus::Approved => "Approved (locked)",
            SubmissionStatus::Returned => "Returned",
        },
    }
}

pub fn period_label(lang: Lang, period: Period) -> String {
    match lang {
        Lang::Zh => period.label_zh(),
        Lang::En => period.label_en(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in TEXTS.iter().chain(year::TEXTS) {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "{k} lacks a text");
        }
        assert_eq!(tr(Lang::Zh, "cockpit"), "驾驶舱");
        assert_eq!(tr(Lang::En, "cockpit"), "Cockpit");
        assert_eq!(tr(Lang::En, "no-such-key"), "no-such-key");
    }

    #[test]
    fn periods_read_like_reports() {
        assert_eq!(period_label(Lang::Zh, Period::Month(6)), "1-6月");
        assert_eq!(period_label(Lang::En, Period::Month(6)), "Jan–Jun");
        assert_eq!(period_label(Lang::Zh, Period::Annual), "全年");
    }
}
