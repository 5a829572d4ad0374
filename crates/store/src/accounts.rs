//! Accounts and data entry: users with roles, login sessions, login throttling, reporters'
//! submissions with their review, and monthly cumulative figures.
//!
//! [`AccountStore`] extends [`Store`], so one backend object serves both and a
//! `&dyn AccountStore` coerces to `&dyn Store` for the use cases in `planwatch-service`.
//!
//! The data-entry story: a reporter saves a [`SubmissionRecord`] (a proposed annual actual or a
//! monthly cumulative figure) as a draft, submits it, and the DRC either returns it with a comment
//! or approves it. Approval writes the value exactly as a direct edit would — the indicator row's
//! (or monthly figure's) version is checked against the one the reporter saw and bumped, and an
//! audit entry records who, when, old → new — in the same transaction that marks the submission
//! approved. An approved submission locks its indicator-period against further submissions.
//!
//! Times are Unix seconds (UTC). Secrets never reach this crate in clear: sessions are keyed by a
//! hash of their token and users carry a password hash (PHC string).

use crate::{Actor, EditOutcome, Store, StoreError, StoreResult};
use async_trait::async_trait;
use planwatch_domain::Plan;
use serde::Serialize;

/// What a user may do; see the web crate for the routes each role reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The development and reform commission (DRC): everything, including approval.
    Admin,
    /// A department's reporter: enters figures for its own department only.
    Reporter,
    /// A leader: reads everything.
    Leader,
    /// A people's congress deputy or committee staff: reads approved data.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Reporter, Role::Leader, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reporter => "reporter",
            Role::Leader => "leader",
            Role::Reviewer => "reviewer",
        }
    }

    /// Parses the form [`Role::as_str`] gives.
    pub fn parse(s: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "发展改革委管理员",
            Role::Reporter => "部门填报员",
            Role::Leader => "区领导",
            Role::Reviewer => "人大代表/审查人员",
        }
    }
}

/// A user to create. The password is already hashed (Argon2 PHC string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Required for reporters, ignored (stored as given) for other roles.
    pub department: Option<String>,
    pub password_hash: String,
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub active: bool,
    pub created_at: i64,
}

/// A login session to store. `key_hash` is a hash of the token the client holds, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub key_hash: String,
    pub user_id: i64,
    /// The per-session token every form and cookie-authenticated API write must echo.
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A live session with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserRecord,
    pub csrf_token: String,
    pub expires_at: i64,
}

/// Which figure a submission proposes: the year's actual, or the cumulative figure of months
/// 1..=m (1-m月累计). Defined with in-year judging in the domain.
pub use planwatch_domain::Period;

/// Where a submission is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 4] = [
        SubmissionStatus::Draft,
        SubmissionStatus::Submitted,
        SubmissionStatus::Approved,
        SubmissionStatus::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        SubmissionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "草稿",
            SubmissionStatus::Submitted => "待审核",
            SubmissionStatus::Approved => "已审核（锁定）",
            SubmissionStatus::Returned => "已退回",
        }
    }

    /// Whether the reporter may still change the value.
    pub fn is_editable(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Returned)
    }
}

/// What a reporter proposes. The department is taken from the indicator's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionInput {
    pub region: String,
    pub year: i32,
    pub indicator: String,
    pub period: Period,
    pub value_text: String,
    /// A progress note (情况说明), optional.
    pub note: Option<String>,
    /// Why a figure that failed a plausibility check is proposed anyway; shown to the approver
    /// and kept in the audit trail when approved.
    pub reason: Option<String>,
}

/// Save as a draft, or save and submit for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionAction {
    SaveDraft,
    Submit,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionRecord {
    pub id: i64,
    pub region: String,
    pub year: i32,
    pub indicator: String,
    pub period: Period,
    pub value_text: String,
    pub note: Option<String>,
    pub status: SubmissionStatus,
    /// The indicator's department when the submission was made.
    pub department: String,
    pub created_by: String,
    /// The version of the target record (indicator row, or monthly figure) the reporter saw;
    /// `None` when the monthly figure did not exist yet. Approval is refused if it moved on.
    pub base_version: Option<i64>,
    pub reviewed_by: Option<String>,
    pub comment: Option<String>,
    /// The reporter's reason for a figure that failed a plausibility check.
    pub reason: Option<String>,
    /// The submission's own version, bumped by every change.
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Which submissions to list; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionFilter {
    pub region: Option<String>,
    pub year: Option<i32>,
    pub department: Option<String>,
    pub status: Option<SubmissionStatus>,
    pub period: Option<Period>,
}

/// The DRC's decision on a submitted value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewDecision {
    /// Apply the value (checked against the version the reporter saw) and lock it.
    Approve { comment: Option<String> },
    /// Send it back to the reporter with a reason.
    Return { comment: String },
}

/// A submitted item as its reviewer finds it: what the checks of [`ReviewDecision::check`] read.
#[derive(Debug, Clone, Copy)]
pub struct UnderReview<'a> {
    /// What the item is called in messages: `submission`, `entry`.
    pub noun: &'a str,
    pub id: i64,
    /// The item's readable key (region, year, indicator or ledger item, period).
    pub key: &'a str,
    pub version: i64,
    pub status: SubmissionStatus,
    /// The submitted value as a reader would see it, carried by a conflict.
    pub current: &'a str,
    /// Who a return goes back to: `the reporter`, `the department`.
    pub returned_to: &'a str,
}

/// What a checked decision does: the status it sets and the comment it keeps (trimmed; an
/// approval's empty comment is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewOutcome {
    Approve { comment: Option<String> },
    Return { comment: String },
}

impl ReviewDecision {
    /// The checks every review of a submitted item makes before it writes anything, the same
    /// for indicator figures and ledger entries: the version the reviewer saw is still the
    /// item's ([`StoreError::Conflict`] otherwise), the item still awaits review, and a return
    /// carries a reason.
    pub fn check(
        &self,
        item: UnderReview<'_>,
        expected_version: Option<i64>,
    ) -> StoreResult<ReviewOutcome> {
        if let Some(expected) = expected_version
            && expected != item.version
        {
            return Err(StoreError::Conflict {
                what: format!("{} {}", item.noun, item.key),
                expected,
                actual: item.version,
                current: Some(item.current.to_string()),
                yours: match self {
                    ReviewDecision::Approve { .. } => "approve".to_string(),
                    ReviewDecision::Return { comment } => format!("return: {comment}"),
                },
            });
        }
        if item.status != SubmissionStatus::Submitted {
            return Err(StoreError::Invalid(format!(
                "{} {} ({}) is {} and not awaiting review",
                item.noun,
                item.id,
                item.key,
                item.status.as_str()
            )));
        }
        Ok(match self {
            ReviewDecision::Return { comment } => {
                let comment = comment.trim();
                if comment.is_empty() {
                    return Err(StoreError::Invalid(format!(
                        "returning this {} needs a reason for {}",
                        item.noun, item.returned_to
                    )));
                }
                ReviewOutcome::Return {
                    comment: comment.to_string(),
                }
            }
            ReviewDecision::Approve { comment } => ReviewOutcome::Approve {
                comment: comment
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            },
        })
    }
}

/// One monthly cumulative figure (1-m月累计) of an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthlyFigure {
    pub region: String,
    pub year: i32,
    pub indicator: String,
    pub month: u8,
    pub value_text: String,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: String,
}

/// Storage of accounts, sessions, login throttling, submissions and monthly figures. Every
/// change to users, submissions and figures leaves an audit entry; sessions and failed logins
/// are operational data and do not.
#[async_trait]
pub trait AccountStore: Store {
    /// Creates a user. A taken username, an empty name or a reporter without a department is
    /// [`crate::StoreError::Invalid`].
    async fn create_user(&self, user: &NewUser, actor: &Actor) -> StoreResult<UserRecord>;

    async fn user_by_name(&self, username: &str) -> StoreResult<Option<UserRecord>>;

    /// All users, by username.
    async fn users(&self) -> StoreResult<Vec<UserRecord>>;

    /// Replaces a user's password hash and ends all of the user's sessions.
    async fn set_password_hash(&self, username: &str, hash: &str, actor: &Actor)
    -> StoreResult<()>;

    async fn create_session(&self, session: &NewSession) -> StoreResult<()>;

    /// The session with this key if it has not expired at `now` and its user is active.
    async fn session(&self, key_hash: &str, now: i64) -> StoreResult<Option<SessionRecord>>;

    async fn delete_session(&self, key_hash: &str) -> StoreResult<()>;

    /// Deletes sessions expired at `now`; returns how many.
    async fn purge_sessions(&self, now: i64) -> StoreResult<u64>;

    async fn record_login_failure(&self, username: &str, ip: &str, at: i64) -> StoreResult<()>;

    /// Failed logins for this username from this address at or after `since`.
    async fn login_failures_since(&self, username: &str, ip: &str, since: i64) -> StoreResult<i64>;

    async fn clear_login_failures(&self, username: &str, ip: &str) -> StoreResult<()>;

    /// Creates or updates the open submission of an indicator-period. Refused when the
    /// indicator-period is locked by an approved submission or a submission awaits review
    /// ([`crate::StoreError::Invalid`]), when `expected_version` is stale
    /// ([`crate::StoreError::Conflict`] with both values), or when the indicator is unknown.
    async fn save_submission(
        &self,
        input: &SubmissionInput,
        action: SubmissionAction,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<SubmissionRecord>;

    async fn submission(&self, id: i64) -> StoreResult<Option<SubmissionRecord>>;

    /// Submissions matching the filter, newest change first.
    async fn submissions(&self, filter: &SubmissionFilter) -> StoreResult<Vec<SubmissionRecord>>;

    /// Approves or returns a submitted value. Approval applies the value in the same
    /// transaction, refusing with a conflict (both values) when the target record moved on
    /// since the reporter saw it.
    async fn review_submission(
        &self,
        id: i64,
        decision: &ReviewDecision,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<SubmissionRecord>;

    /// A region-year's monthly figures, by indicator then month.
    async fn monthly_figures(&self, region: &str, year: i32) -> StoreResult<Vec<MonthlyFigure>>;

    /// Sets a monthly figure directly (a DRC correction). With `expected_version`, refuses when
    /// the figure is at another version (a missing figure counts as version 0).
    #[allow(clippy::too_many_arguments)]
    async fn set_monthly_figure(
        &self,
        region: &str,
        year: i32,
        indicator: &str,
        month: u8,
        text: &str,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EditOutcome>;

    /// Writes targets, actuals and monthly figures in one transaction, each checked against
    /// its expected version and audited with its reason; the first failure leaves nothing
    /// written. Outcomes are in the order of `writes`.
    async fn write_figures(
        &self,
        writes: &[FigureWrite],
        actor: &Actor,
    ) -> StoreResult<Vec<EditOutcome>>;

    /// Replaces a region-year's indicator system as [`Store::save_plan`] does, then writes
    /// `writes` (all of that region-year) over it as [`AccountStore::write_figures`] does, in
    /// one transaction: an import that redefines the plan passes the plan with the values it
    /// changes still at their stored ones (a new indicator's target empty), so each changed
    /// value is audited on its own, old → new, with its reason. Expected versions are those of
    /// the rows before the replacement; rows that were stored keep counting their versions on,
    /// so an edit made against the old plan conflicts. The first failure leaves nothing written.
    async fn save_plan_with_figures(
        &self,
        plan: &Plan,
        writes: &[FigureWrite],
        actor: &Actor,
    ) -> StoreResult<Vec<EditOutcome>>;
}

/// One figure of a [`AccountStore::write_figures`] batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureWrite {
    pub region: String,
    pub year: i32,
    pub indicator: String,
    /// The year's target or actual, or the 1-m月 cumulative figure.
    pub slot: planwatch_domain::plausibility::Slot,
    pub text: String,
    /// Refuse when the record is at another version (a missing monthly figure is version 0).
    pub expected_version: Option<i64>,
    /// Why a figure that failed a plausibility check is written anyway.
    pub reason: Option<String>,
}

/// The current time in Unix seconds (0 if the clock is before 1970).
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Checks the fields of a new user the same way in every backend.
pub fn validate_new_user(user: &NewUser) -> StoreResult<()> {
    let invalid = |m: String| Err(crate::StoreError::Invalid(m));
    let name = user.username.trim();
    if name.is_empty() || name != user.username {
        return invalid(format!(
            "username {:?} must be non-empty without surrounding spaces",
            user.username
        ));
    }
    if name.chars().count() > 64 || name.chars().any(char::is_control) {
        return invalid(format!(
            "username {name:?} is too long or has control characters"
        ));
    }
    if user.display_name.trim().is_empty() {
        return invalid(format!("user {name:?} needs a display name"));
    }
    if user.role == Role::Reporter
        && user
            .department
            .as_deref()
            .map(str::trim)
            .unwrap_or("")
            .is_empty()
    {
        return invalid(format!("reporter {name:?} needs a department"));
    }
    if user.password_hash.is_empty() {
        return invalid(format!("user {name:?} has no password hash"));
    }
    Ok(())
}

/// Checks a submission's fields the same way in every backend.
pub fn validate_submission(input: &SubmissionInput) -> StoreResult<()> {
    if let Period::Month(m) = input.period
        && !(1..=12).contains(&m)
    {
        return Err(crate::StoreError::Invalid(format!(
            "month {m} is not 1..12"
        )));
    }
    if input.value_text.trim().is_empty() {
        return Err(crate::StoreError::Invalid(format!(
            "{} {} {}: the value is empty",
            input.region,
            input.indicator,
            input.period.label_zh()
        )));
    }
    Ok(())
}

/// The audit key of an indicator-period: `江北区/2024/地区生产总值增速/m6`.
pub fn submission_key(region: &str, year: i32, indicator: &str, period: Period) -> String {
    format!("{region}/{year}/{indicator}/{}", period.key())
}

#[cfg(feature = "conformance")]
pub mod conformance {
    //! The accounts behaviour every backend must show. Each backend's tests call
    //! [`run_accounts`] on a fresh, empty store.

    use super::*;
    use crate::{ExprField, StoreError};
    use planwatch_domain::plausibility::Slot;
    use planwatch_domain::{IndicatorDef, Plan, PlanIndicator};

    fn new_user(name: &str, role: Role, department: Option<&str>) -> NewUser {
        NewUser {
            username: name.into(),
            display_name: format!("{name} 显示名"),
            role,
            department: department.map(str::to_string),
            password_hash: format!("$argon2id$fake${name}"),
        }
    }

    fn plan() -> Plan {
        let rows = [
            ("地区生产总值增速", "%", "区统计局", "6以上"),
            ("社会消费品零售总额增速", "%", "区商务委", "7.5以上"),
            ("城镇新增就业人数", "万人", "区人力社保局", "3.5"),
        ];
        Plan {
            region: "账户区".into(),
            year: 2024,
            indicators: rows
                .iter()
                .zip(1..)
                .map(|((name, unit, dept, target), seq)| {
                    let mut def = IndicatorDef::new(*name, *unit);
                    def.department = Some((*dept).to_string());
                    PlanIndicator {
                        seq,
                        def,
                        target: planwatch_text::parse_expr(target),
                        actual: None,
                    }
                })
                .collect(),
        }
    }

    fn input(indicator: &str, period: Period, value: &str) -> SubmissionInput {
        SubmissionInput {
            region: "账户区".into(),
            year: 2024,
            indicator: indicator.into(),
            period,
            value_text: value.into(),
            note: Some("情况说明".into()),
            reason: None,
        }
    }

    /// Runs every check; panics (it is test code) naming the failing check.
    pub async fn run_accounts(store: &dyn AccountStore) {
        users_and_sessions(store).await;
        throttling(store).await;
        submissions(store).await;
        monthly_figures(store).await;
        figure_batches(store).await;
    }

    async fn users_and_sessions(store: &dyn AccountStore) {
        let admin = Actor::new("root", "conformance");
        let stats = store
            .create_user(&new_user("stats", Role::Reporter, Some("区统计局")), &admin)
            .await
            .expect("create reporter");
        assert_eq!(stats.role, Role::Reporter);
        assert_eq!(stats.department.as_deref(), Some("区统计局"));
        assert!(stats.active);
        store
            .create_user(&new_user("boss", Role::Leader, None), &admin)
            .await
            .expect("create leader");
        // Names are unique; reporters need a department; odd names are refused.
        for bad in [
            new_user("stats", Role::Leader, None),
            new_user("nodept", Role::Reporter, None),
            new_user(" spaced", Role::Leader, None),
            new_user("", Role::Leader, None),
        ] {
            assert!(
                matches!(
                    store.create_user(&bad, &admin).await,
                    Err(StoreError::Invalid(_))
                ),
                "refuse user {:?}",
                bad.username
            );
        }
        let names: Vec<String> = store
            .users()
            .await
            .expect("users")
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert_eq!(names, vec!["boss", "stats"]);
        assert!(
            store
                .user_by_name("nobody")
                .await
                .expect("lookup")
                .is_none()
        );
        // Escaping is the web's job: the store keeps names exactly as given.
        let odd = store
            .create_user(
                &NewUser {
                    display_name: "<script>alert(1)</script>".into(),
                    ..new_user("odd", Role::Reviewer, None)
                },
                &admin,
            )
            .await
            .expect("odd display name");
        assert_eq!(odd.display_name, "<script>alert(1)</script>");

        // Sessions: found while live, gone when expired or deleted.
        let s = NewSession {
            key_hash: "k1".into(),
            user_id: stats.id,
            csrf_token: "c1".into(),
            created_at: 1000,
            expires_at: 2000,
        };
        store.create_session(&s).await.expect("create session");
        let live = store
            .session("k1", 1500)
            .await
            .expect("session")
            .expect("live");
        assert_eq!(live.user.username, "stats");
        assert_eq!(live.csrf_token, "c1");
        assert!(
            store.session("k1", 2000).await.expect("session").is_none(),
            "expired"
        );
        assert!(
            store
                .session("nope", 1500)
                .await
                .expect("session")
                .is_none()
        );
        store
            .create_session(&NewSession {
                key_hash: "k2".into(),
                expires_at: 9_000,
                ..s.clone()
            })
            .await
            .expect("second session");
        assert_eq!(store.purge_sessions(2500).await.expect("purge"), 1);
        assert!(store.session("k2", 2500).await.expect("session").is_some());
        store.delete_session("k2").await.expect("delete");
        assert!(store.session("k2", 2500).await.expect("session").is_none());

        // A new password ends the user's sessions.
        store
            .create_session(&NewSession {
                key_hash: "k3".into(),
                expires_at: i64::MAX / 2,
                ..s
            })
            .await
            .expect("third session");
        store
            .set_password_hash("stats", "$argon2id$new", &admin)
            .await
            .expect("set password");
        assert!(store.session("k3", 2500).await.expect("session").is_none());
        let stats = store
            .user_by_name("stats")
            .await
            .expect("lookup")
            .expect("user");
        assert_eq!(stats.password_hash, "$argon2id$new");
        assert!(matches!(
            store.set_password_hash("nobody", "x", &admin).await,
            Err(StoreError::NotFound(_))
        ));

        let audit = store.audit_entries(50).await.expect("audit");
        assert!(
            audit
                .iter()
                .any(|a| a.action == "create_user" && a.entity_key == "stats"),
            "user creation audited"
        );
        let pw = audit
            .iter()
            .find(|a| a.action == "set_password")
            .expect("password change audited");
        assert!(
            pw.new_value
                .as_deref()
                .is_none_or(|v| !v.contains("argon2")),
            "no hash in the audit trail"
        );
    }

    async fn throttling(store: &dyn AccountStore) {
        for t in [100, 200, 300] {
            store
                .record_login_failure("stats", "10.0.0.1", t)
                .await
                .expect("record failure");
        }
        store
            .record_login_failure("stats", "10.0.0.2", 300)
            .await
            .expect("record failure");
        let n = |since| store.login_failures_since("stats", "10.0.0.1", since);
        assert_eq!(n(0).await.expect("count"), 3);
        assert_eq!(n(150).await.expect("count"), 2);
        store
            .clear_login_failures("stats", "10.0.0.1")
            .await
            .expect("clear");
        assert_eq!(n(0).await.expect("count"), 0);
        assert_eq!(
            store
                .login_failures_since("stats", "10.0.0.2", 0)
                .await
                .expect("count"),
            1,
            "other addresses keep their count"
        );
    }

    async fn submissions(store: &dyn AccountStore) {
        let reporter = Actor::new("stats", "conformance");
        let drc = Actor::new("drc", "conformance");
        store.save_plan(&plan(), &drc).await.expect("save plan");
        let gdp = "地区生产总值增速";

        // Draft, edit with the right version, refuse a stale one.
        let d = store
            .save_submission(
                &input(gdp, Period::Annual, "5.9"),
                SubmissionAction::SaveDraft,
                None,
                &reporter,
            )
            .await
            .expect("draft");
        assert_eq!(d.status, SubmissionStatus::Draft);
        assert_eq!(d.department, "区统计局", "department from the indicator");
        assert_eq!(d.base_version, Some(1));
        assert_eq!(d.version, 1);
        let d = store
            .save_submission(
                &input(gdp, Period::Annual, "6.1"),
                SubmissionAction::SaveDraft,
                Some(1),
                &reporter,
            )
            .await
            .expect("edit draft");
        assert_eq!((d.version, d.value_text.as_str()), (2, "6.1"));
        match store
            .save_submission(
                &input(gdp, Period::Annual, "7"),
                SubmissionAction::SaveDraft,
                Some(1),
                &reporter,
            )
            .await
        {
            Err(StoreError::Conflict {
                expected,
                actual,
                current,
                yours,
                ..
            }) => {
                assert_eq!((expected, actual), (1, 2));
                assert_eq!(current.as_deref(), Some("6.1"));
                assert_eq!(yours, "7");
            }
            other => panic!("stale draft edit must conflict, got {other:?}"),
        }

        // Submit; a submitted value cannot be changed by the reporter.
        let s = store
            .save_submission(
                &input(gdp, Period::Annual, "6.2"),
                SubmissionAction::Submit,
                Some(2),
                &reporter,
            )
            .await
            .expect("submit");
        assert_eq!(s.status, SubmissionStatus::Submitted);
        assert!(matches!(
            store
                .save_submission(
                    &input(gdp, Period::Annual, "6.3"),
                    SubmissionAction::SaveDraft,
                    None,
                    &reporter
                )
                .await,
            Err(StoreError::Invalid(_))
        ));

        // Return with a comment; the reporter resubmits.
        let r = store
            .review_submission(
                s.id,
                &ReviewDecision::Return {
                    comment: "请附统计快报".into(),
                },
                Some(s.version),
                &drc,
            )
            .await
            .expect("return");
        assert_eq!(r.status, SubmissionStatus::Returned);
        assert_eq!(r.comment.as_deref(), Some("请附统计快报"));
        assert_eq!(r.reviewed_by.as_deref(), Some("drc"));
        assert!(
            matches!(
                store
                    .review_submission(r.id, &ReviewDecision::Approve { comment: None }, None, &drc)
                    .await,
                Err(StoreError::Invalid(_))
            ),
            "only submitted values can be reviewed"
        );
        let s = store
            .save_submission(
                &input(gdp, Period::Annual, "6.2"),
                SubmissionAction::Submit,
                Some(r.version),
                &reporter,
            )
            .await
            .expect("resubmit");
        assert_eq!(s.id, r.id, "the open submission is reused");

        // A stale review is refused.
        assert!(matches!(
            store
                .review_submission(
                    s.id,
                    &ReviewDecision::Approve { comment: None },
                    Some(1),
                    &drc
                )
                .await,
            Err(StoreError::Conflict { .. })
        ));

        // Approval applies the value with a version bump and an audit entry, and locks it.
        let a = store
            .review_submission(
                s.id,
                &ReviewDecision::Approve {
                    comment: Some("同意".into()),
                },
                Some(s.version),
                &drc,
            )
            .await
            .expect("approve");
        assert_eq!(a.status, SubmissionStatus::Approved);
        let rec = store
            .indicator_records("账户区", 2024)
            .await
            .expect("records")
            .into_iter()
            .find(|r| r.name == gdp)
            .expect("row");
        assert_eq!(rec.actual_text.as_deref(), Some("6.2"));
        assert_eq!(rec.version, 2);
        let audit = store.audit_entries(20).await.expect("audit");
        let set = audit
            .iter()
            .find(|e| e.action == "set_actual" && e.entity_key == format!("账户区/2024/{gdp}"))
            .expect("approval audited as set_actual");
        assert_eq!(set.actor, "drc");
        assert_eq!(set.old_value, None);
        assert_eq!(set.new_value.as_deref(), Some("6.2"));
        assert!(audit.iter().any(|e| e.action == "submission_approve"));
        assert!(
            matches!(
                store
                    .save_submission(
                        &input(gdp, Period::Annual, "9"),
                        SubmissionAction::SaveDraft,
                        None,
                        &reporter
                    )
                    .await,
                Err(StoreError::Invalid(_))
            ),
            "approved values are locked"
        );

        // Approval against a record that moved on: conflict with both values, nothing changes.
        let retail = "社会消费品零售总额增速";
        let s = store
            .save_submission(
                &input(retail, Period::Annual, "8"),
                SubmissionAction::Submit,
                None,
                &Actor::new("commerce", "conformance"),
            )
            .await
            .expect("submit retail");
        assert_eq!(s.department, "区商务委");
        store
            .set_expr_text("账户区", 2024, retail, ExprField::Actual, "7.9", None, &drc)
            .await
            .expect("direct edit");
        match store
            .review_submission(s.id, &ReviewDecision::Approve { comment: None }, None, &drc)
            .await
        {
            Err(StoreError::Conflict {
                expected,
                actual,
                current,
                yours,
                ..
            }) => {
                assert_eq!((expected, actual), (1, 2));
                assert_eq!(current.as_deref(), Some("7.9"));
                assert_eq!(yours, "8");
            }
            other => panic!("approval over a newer record must conflict, got {other:?}"),
        }
        let still = store.submission(s.id).await.expect("get").expect("present");
        assert_eq!(
            still.status,
            SubmissionStatus::Submitted,
            "nothing half-done"
        );

        // Unknown indicator, bad month, empty value.
        assert!(matches!(
            store
                .save_submission(
                    &input("无此指标", Period::Annual, "1"),
                    SubmissionAction::SaveDraft,
                    None,
                    &reporter
                )
                .await,
            Err(StoreError::NotFound(_))
        ));
        for bad in [
            input(gdp, Period::Month(13), "1"),
            input(gdp, Period::Month(2), " "),
        ] {
            assert!(matches!(
                store
                    .save_submission(&bad, SubmissionAction::SaveDraft, None, &reporter)
                    .await,
                Err(StoreError::Invalid(_))
            ));
        }

        // Filters.
        let by_dept = store
            .submissions(&SubmissionFilter {
                department: Some("区商务委".into()),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(by_dept.len(), 1);
        let submitted = store
            .submissions(&SubmissionFilter {
                status: Some(SubmissionStatus::Submitted),
                region: Some("账户区".into()),
                year: Some(2024),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(submitted.len(), 1);
        assert_eq!(submitted[0].indicator, retail);
        assert!(store.submission(999_999).await.expect("get").is_none());
    }

    async fn monthly_figures(store: &dyn AccountStore) {
        let reporter = Actor::new("hr", "conformance");
        let drc = Actor::new("drc", "conformance");
        let jobs = "城镇新增就业人数";
        // A monthly figure through a submission.
        let s = store
            .save_submission(
                &input(jobs, Period::Month(6), "2.1"),
                SubmissionAction::Submit,
                None,
                &reporter,
            )
            .await
            .expect("submit monthly");
        assert_eq!(s.base_version, None, "no figure yet");
        store
            .review_submission(s.id, &ReviewDecision::Approve { comment: None }, None, &drc)
            .await
            .expect("approve monthly");
        // Directly, with versions.
        let e = store
            .set_monthly_figure("账户区", 2024, jobs, 3, "0.9", Some(0), &drc)
            .await
            .expect("new figure");
        assert_eq!((e.old_text, e.version), (None, 1));
        let e = store
            .set_monthly_figure("账户区", 2024, jobs, 3, "1.0", Some(1), &drc)
            .await
            .expect("corrected figure");
        assert_eq!((e.old_text.as_deref(), e.version), (Some("0.9"), 2));
        assert!(matches!(
            store
                .set_monthly_figure("账户区", 2024, jobs, 3, "1.1", Some(1), &drc)
                .await,
            Err(StoreError::Conflict { .. })
        ));
        assert!(matches!(
            store
                .set_monthly_figure("账户区", 2024, jobs, 0, "1.1", None, &drc)
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            store
                .set_monthly_figure("账户区", 2024, "无此指标", 3, "1", None, &drc)
                .await,
            Err(StoreError::NotFound(_))
        ));
        let figures = store
            .monthly_figures("账户区", 2024)
            .await
            .expect("figures");
        let got: Vec<(u8, &str, i64)> = figures
            .iter()
            .map(|f| (f.month, f.value_text.as_str(), f.version))
            .collect();
        assert_eq!(got, vec![(3, "1.0", 2), (6, "2.1", 1)]);
        assert_eq!(figures[1].updated_by, "drc");
        let audit = store.audit_entries(10).await.expect("audit");
        assert!(
            audit
                .iter()
                .any(|e| e.action == "set_monthly"
                    && e.entity_key == format!("账户区/2024/{jobs}/m3")),
            "monthly edits audited"
        );
    }

    fn write(indicator: &str, slot: Slot, text: &str, reason: Option<&str>) -> FigureWrite {
        FigureWrite {
            region: "账户区".into(),
            year: 2024,
            indicator: indicator.into(),
            slot,
            text: text.into(),
            expected_version: None,
            reason: reason.map(str::to_string),
        }
    }

    /// A batch is written whole or not at all, each value audited with its reason; a
    /// submission keeps its reason for the approver.
    async fn figure_batches(store: &dyn AccountStore) {
        let drc = Actor::new("importer", "conformance");
        let retail = "社会消费品零售总额增速";
        let before = store
            .monthly_figures("账户区", 2024)
            .await
            .expect("figures");
        let bad = [
            write(retail, Slot::Month(2), "5.1", None),
            write("无此指标", Slot::Month(2), "1", None),
        ];
        assert!(matches!(
            store.write_figures(&bad, &drc).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            store
                .monthly_figures("账户区", 2024)
                .await
                .expect("figures"),
            before,
            "a failed batch leaves nothing written"
        );
        let good = [
            write(retail, Slot::Month(2), "5.1", None),
            write(retail, Slot::Month(3), "25.3", Some("春节错月，基数低")),
            write(retail, Slot::Actual, "7.9", None),
        ];
        let out = store.write_figures(&good, &drc).await.expect("batch");
        assert_eq!(out.len(), 3);
        assert_eq!(out[1].new_text, "25.3");
        let plan = store
            .load_plan("账户区", 2024)
            .await
            .expect("plan")
            .expect("some");
        let actual = plan.indicator(retail).and_then(|i| i.actual.as_ref());
        assert_eq!(actual.map(|a| a.text.as_str()), Some("7.9"));
        let audit = store.audit_entries(5).await.expect("audit");
        let m3 = audit
            .iter()
            .find(|e| e.entity_key == format!("账户区/2024/{retail}/m3"))
            .expect("m3 audited");
        assert_eq!(m3.actor, "importer");
        assert_eq!(m3.reason.as_deref(), Some("春节错月，基数低"));
        let mut with_reason = input(retail, Period::Month(5), "30");
        with_reason.reason = Some("新开业商场集中开业".into());
        let s = store
            .save_submission(&with_reason, SubmissionAction::Submit, None, &drc)
            .await
            .expect("submission with a reason");
        assert_eq!(s.reason.as_deref(), Some("新开业商场集中开业"));
        let approved = store
            .review_submission(s.id, &ReviewDecision::Approve { comment: None }, None, &drc)
            .await
            .expect("approve");
        assert_eq!(approved.reason.as_deref(), Some("新开业商场集中开业"));
        let audit = store.audit_entries(3).await.expect("audit");
        assert!(audit.iter().any(
            |e| e.action == "set_monthly" && e.reason.as_deref() == Some("新开业商场集中开业")
        ));
    }
}

#[cfg(test)]
mod review_checks {
    use super::*;

    fn item(status: SubmissionStatus) -> UnderReview<'static> {
        UnderReview {
            noun: "entry",
            id: 7,
            key: "江北区/2024/project/P1/m5",
            version: 3,
            status,
            current: "5月完成投资1.2亿元",
            returned_to: "the department",
        }
    }

    #[test]
    fn a_stale_version_is_a_conflict_carrying_both_sides() {
        let decision = ReviewDecision::Return {
            comment: "请补充".into(),
        };
        match decision.check(item(SubmissionStatus::Submitted), Some(2)) {
            Err(StoreError::Conflict {
                expected,
                actual,
                current,
                yours,
                ..
            }) => {
                assert_eq!((expected, actual), (2, 3));
                assert_eq!(current.as_deref(), Some("5月完成投资1.2亿元"));
                assert_eq!(yours, "return: 请补充");
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn only_submitted_items_are_reviewed() {
        let approve = ReviewDecision::Approve { comment: None };
        let err = approve
            .check(item(SubmissionStatus::Approved), Some(3))
            .unwrap_err();
        assert!(err.to_string().contains("not awaiting review"), "{err}");
    }

    #[test]
    fn a_return_needs_a_reason_and_comments_are_trimmed() {
        let blank = ReviewDecision::Return {
            comment: "  ".into(),
        };
        let err = blank
            .check(item(SubmissionStatus::Submitted), None)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("needs a reason for the department"),
            "{err}"
        );
        let approve = ReviewDecision::Approve {
            comment: Some("  ".into()),
        };
        assert_eq!(
            approve
                .check(item(SubmissionStatus::Submitted), Some(3))
                .unwrap(),
            ReviewOutcome::Approve { comment: None }
        );
        let back = ReviewDecision::Return {
            comment: " 数据口径不符 ".into(),
        };
        assert_eq!(
            back.check(item(SubmissionStatus::Submitted), None).unwrap(),
            ReviewOutcome::Return {
                comment: "数据口径不符".into()
            }
        );
    }
}
