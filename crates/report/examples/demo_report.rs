//! Writes the demo region's 2024 report in every format to a folder (default `target/report-demo`).

use planwatch_domain::Rules;
use planwatch_report::{Format, ReportInput, render};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/report-demo".into());
    std::fs::create_dir_all(&dir)?;
    let plans = planwatch_service::demo::demo_plans();
    let pick = |y: i32| plans.iter().find(|p| p.year == y).cloned();
    let input = ReportInput::new("江北区", 2024, pick(2023), pick(2024), &Rules::default());
    for f in Format::ALL {
        let path = format!("{dir}/jiangbei-2024.{}", f.extension());
        std::fs::write(&path, render(&input, f)?)?;
        println!("{path}");
    }
    Ok(())
}
