//! Demo accounts and illustrative in-year figures for `planwatch serve --demo`.
//!
//! The demo region's plans come from `planwatch-service` (江北区 2023 with actuals, 2024 with
//! targets). The monthly cumulative figures added here for 2023 and 2024 are **illustrative,
//! not from any published report**: they exist so the cockpit's time-progress view, the
//! projections and the charts have something to show.
//! The demo then publishes what it loaded (2023's actuals, each month with figures) once, as
//! the DRC would, so the public pages show it; later changes wait for 数据发布.

use crate::auth::{generate_password, hash_password};
use crate::error::WebError;
use planwatch_service::demo::DEMO_REGION;
use planwatch_store::accounts::NewUser;
use planwatch_store::{Actor, Role};

/// A demo account with its freshly set password.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub department: Option<&'static str>,
    pub password: String,
}

/// (username, display name, role, department)
pub const ACCOUNTS: [(&str, &str, Role, Option<&str>); 5] = [
    ("admin", "区发展改革委管理员", Role::Admin, None),
    ("stats", "区统计局填报员", Role::Reporter, Some("区统计局")),
    (
        "commerce",
        "区商务委填报员",
        Role::Reporter,
        Some("区商务委"),
    ),
    ("leader", "区领导", Role::Leader, None),
    ("deputy", "人大代表", Role::Reviewer, None),
];

/// Illustrative 2023 cumulative figures, ending on the 2023 actuals, so charts have last
/// year's line and projections a seasonal profile: (indicator, month, value).
pub const MONTHLY_2023: [(&str, u8, &str); 12] = [
    ("地区生产总值增速", 3, "5.9"),
    ("地区生产总值增速", 6, "6.2"),
    ("地区生产总值增速", 9, "6.4"),
    ("地区生产总值增速", 12, "6.7"),
    ("城镇新增就业人数", 3, "1.2"),
    ("城镇新增就业人数", 6, "2.6"),
    ("城镇新增就业人数", 9, "4.1"),
    ("城镇新增就业人数", 12, "5.6"),
    ("空气质量优良天数", 3, "62"),
    ("空气质量优良天数", 6, "137"),
    ("空气质量优良天数", 9, "214"),
    ("空气质量优良天数", 12, "289"),
];

/// Illustrative 2024 cumulative figures: (indicator, month, value).
pub const MONTHLY_2024: [(&str, u8, &str); 9] = [
    ("地区生产总值增速", 3, "5.6"),
    ("地区生产总值增速", 6, "5.8"),
    ("固定资产投资增速", 6, "3.2"),
    ("社会消费品零售总额增速", 6, "8.1"),
    ("全体居民人均可支配收入增速", 6, "5.9"),
    ("城镇新增就业人数", 3, "0.9"),
    ("城镇新增就业人数", 6, "2.0"),
    ("空气质量优良天数", 6, "138"),
    ("一般公共预算收入增速", 6, "0.8"),
];

/// Loads the demo plans, creates (or resets the passwords of) the demo accounts and adds the
/// illustrative monthly figures where absent. Returns the accounts with their new passwords.
pub async fn install(
    store: &dyn crate::WebStore,
    actor: &Actor,
) -> Result<Vec<DemoAccount>, WebError> {
    planwatch_service::load_demo(store, actor).await?;
    let mut out = Vec::new();
    for (username, display_name, role, department) in ACCOUNTS {
        let password = generate_password()?;
        let hash = hash_password(&password)?;
        if store.user_by_name(username).await?.is_some() {
            store.set_password_hash(username, &hash, actor).await?;
        } else {
            store
                .create_user(
                    &NewUser {
                        username: username.into(),
                        display_name: display_name.into(),
                        role,
                        department: department.map(str::to_string),
                        password_hash: hash,
                    },
                    actor,
                )
                .await?;
        }
        out.push(DemoAccount {
            username,
            display_name,
            role,
            department,
            password,
        });
    }
    let demo_actor = Actor::new(actor.user.clone(), "demo (illustrative monthly figures)");
    for (year, figures) in [(2023, &MONTHLY_2023[..]), (2024, &MONTHLY_2024[..])] {
        let existing = store.monthly_figures(DEMO_REGION, year).await?;
        for (indicator, month, value) in figures {
            if existing
                .iter()
                .any(|f| f.indicator == *indicator && f.month == *month)
            {
                continue;
            }
            store
                .set_monthly_figure(
                    DEMO_REGION,
                    year,
                    indicator,
                    *month,
                    value,
                    Some(0),
                    &demo_actor,
                )
                .await?;
        }
    }
    publish_once(store, &demo_actor).await?;
    Ok(out)
}

/// Publishes the demo's 2023 actuals and every month with figures, each unless published before.
async fn publish_once(store: &dyn crate::WebStore, actor: &Actor) -> Result<(), WebError> {
    let mut periods: Vec<(i32, u8)> = MONTHLY_2023
        .iter()
        .map(|(_, m, _)| (2023, *m))
        .chain(MONTHLY_2024.iter().map(|(_, m, _)| (2024, *m)))
        .chain(std::iter::once((2023, 0)))
        .collect();
    periods.sort_unstable();
    periods.dedup();
    for (year, period) in periods {
        let done = store.publications(DEMO_REGION, Some(year)).await?;
        if !done.iter().any(|p| p.period == period) {
            store
                .publish(DEMO_REGION, year, period, None, actor)
                .await?;
        }
    }
    Ok(())
}
