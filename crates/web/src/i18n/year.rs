//! Texts of the year's work pages (progress entries, publishing, downloads, saved reviews,
//! departments), looked up by [`super::tr`] after the main table.

/// key, Chinese, English.
pub(super) const TEXTS: &[(&str, &str, &str)] = &[
    ("progress_entry", "进展填报", "Progress"),
    ("downloads", "报告下载", "Downloads"),
    ("publish", "数据发布", "Publishing"),
    (
        "review_roles_saved",
        "区发展改革委、区领导和人大代表可上传报告审查；审查结果连同文件保存，可随时打开、导出和重新审查。",
        "The DRC, leaders and deputies may upload a report; the review is kept with the file, to reopen, export and rerun.",
    ),
];
