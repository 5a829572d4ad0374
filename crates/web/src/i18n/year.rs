//! Texts of the year's work pages (progress entries, publishing, downloads, saved reviews,
//! departments), looked up by [`super::tr`] after the main table.

/// key, Chinese, English.
pub(super) const TEXTS: &[(&str, &str, &str)] = &[
    ("progress_entry", "进展填报", "Progress"),
    ("downloads", "报告下载", "Downloads"),
    ("publish", "数据发布", "Publishing"),
    ("departments_page", "部门一览", "Departments"),
    ("as_of_date", "判断日期", "As of"),
    ("realism", "目标合理性", "Target realism"),
    (
        "realism_note",
        "每项有数值的目标对照本区近五年的实际、上年实际、同组和同一上级所辖地区的目标中位数及排名，以及上级目标。",
        "Each target with a figure is held against the region's last five years, last year's actual, the median and rank of its peers' and sibling regions' targets, and the level above's target.",
    ),
    (
        "realism_none",
        "未发现明显偏离历史、同组或上级的目标。",
        "No target stands out against history, peers or the level above.",
    ),
    (
        "realism_unchecked",
        "没有可比较数值、未作检查的目标：",
        "Targets without a figure to compare, not checked:",
    ),
    ("dept_items", "负责事项", "Items"),
    ("dept_on_track", "正常推进", "On track"),
    ("dept_behind", "滞后", "Behind"),
    ("dept_undecided", "尚无法判断", "Not yet decidable"),
    ("dept_owed", "应报数据", "Figures owed"),
    ("dept_late", "逾期未报", "Late"),
    ("dept_returned", "被退回", "Sent back"),
    ("dept_unassigned", "未指定部门", "No department named"),
    ("due_date", "截止日期", "Due by"),
    (
        "no_late_figures",
        "各部门均无逾期未报的数据。",
        "No department has late figures.",
    ),
    ("awaiting_review", "待审核", "awaiting review"),
    (
        "tally_waits",
        "请先填写有效的拟确定项目数，再计票。",
        "Enter a usable number of projects to adopt to count the votes.",
    ),
    (
        "dept_none",
        "本年度还没有由部门负责的事项。",
        "No department answers for anything this year yet.",
    ),
    (
        "dept_nothing",
        "本年度没有由该部门负责的指标、项目、任务或民生实事，也没有应报数据。",
        "This department answers for no indicator, project, task or livelihood project this year, and owes no figures.",
    ),
    (
        "dept_not_yours",
        "只能查看本部门的情况。",
        "You may only see your own department.",
    ),
    (
        "review_roles_saved",
        "区发展改革委、区领导和人大代表可上传报告审查；审查结果连同文件保存，可随时打开、导出和重新审查。",
        "The DRC, leaders and deputies may upload a report; the review is kept with the file, to reopen, export and rerun.",
    ),
];
