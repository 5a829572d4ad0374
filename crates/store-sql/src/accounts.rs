//! [`AccountStore`]: users, sessions, login throttling, submissions with their review, and
//! monthly figures (migration `0002_accounts.sql`).

use crate::db::{Col, Tx, backend, sql, sql_built};
use crate::plans::{ExprEdit, save_plan_tx, set_expr_tx};
use crate::{Dialect, SqlStore, audit_reason_tx, audit_tx};
use async_trait::async_trait;
use planwatch_domain::Plan;
use planwatch_domain::plausibility::Slot;
use planwatch_store::accounts::{
    AccountStore, FigureWrite, MonthlyFigure, NewSession, NewUser, Period, ReviewDecision,
    ReviewOutcome, Role, SessionRecord, SubmissionAction, SubmissionFilter, SubmissionInput,
    SubmissionRecord, SubmissionStatus, UnderReview, UserRecord, submission_key, unix_now,
    validate_new_user, validate_submission,
};
use planwatch_store::{Actor, EditOutcome, ExprField, StoreError, StoreResult};
use std::collections::HashMap;

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.department, u.password_hash, u.active, u.created_at";

const SUBMISSION_SELECT: &str = "SELECT s.id, r.name AS region, s.year, s.indicator, s.month, \
     s.value_text, s.note, s.status, s.department, s.created_by, s.base_version, s.reviewed_by, \
     s.comment, s.version, s.created_at, s.updated_at, s.reason \
     FROM submissions s JOIN regions r ON r.id = s.region_id";

fn user_from_row<R: Col>(row: &R) -> StoreResult<UserRecord>
where
    R::Db: Dialect,
{
    let role: String = row.col("role")?;
    Ok(UserRecord {
        id: row.col("id")?,
        username: row.col("username")?,
        display_name: row.col("display_name")?,
        role: Role::parse(&role).ok_or_else(|| {
            StoreError::Invalid(format!("a user row holds the unknown role {role:?}"))
        })?,
        department: row.col("department")?,
        password_hash: row.col("password_hash")?,
        active: row.col("active")?,
        created_at: row.col("created_at")?,
    })
}

fn submission_from_row<R: Col>(row: &R) -> StoreResult<SubmissionRecord>
where
    R::Db: Dialect,
{
    let month: i64 = row.col("month")?;
    let status: String = row.col("status")?;
    let id: i64 = row.col("id")?;
    Ok(SubmissionRecord {
        id,
        region: row.col("region")?,
        year: row.col("year")?,
        indicator: row.col("indicator")?,
        period: Period::from_db(month)
            .ok_or_else(|| StoreError::Invalid(format!("submission {id} has month {month}")))?,
        value_text: row.col("value_text")?,
        note: row.col("note")?,
        status: SubmissionStatus::parse(&status)
            .ok_or_else(|| StoreError::Invalid(format!("submission {id} has status {status:?}")))?,
        department: row.col("department")?,
        created_by: row.col("created_by")?,
        base_version: row.col("base_version")?,
        reviewed_by: row.col("reviewed_by")?,
        comment: row.col("comment")?,
        reason: row.col("reason")?,
        version: row.col("version")?,
        created_at: row.col("created_at")?,
        updated_at: row.col("updated_at")?,
    })
}

async fn submission_tx<D: Dialect>(tx: &mut Tx<D>, id: i64) -> StoreResult<SubmissionRecord> {
    let row = sql_built(format!("{SUBMISSION_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    submission_from_row(&row)
}

/// The indicator row an entry refers to: (region id, department, row id, actual, version).
async fn indicator_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region: &str,
    year: i32,
    indicator: &str,
) -> StoreResult<(i64, Option<String>, i64, Option<String>, i64)> {
    let row = sql(
        "SELECT i.region_id, i.department, i.id, i.actual_text, i.version \
         FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
         WHERE r.name = $1 AND i.year = $2 AND i.name = $3",
    )
    .bind(region)
    .bind(year)
    .bind(indicator)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("indicator {indicator:?} in {region} {year}")))?;
    Ok((
        row.col("region_id")?,
        row.col("department")?,
        row.col("id")?,
        row.col("actual_text")?,
        row.col("version")?,
    ))
}

/// A monthly figure's (id, text, version), if present.
async fn monthly_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region_id: i64,
    year: i32,
    indicator: &str,
    month: u8,
) -> StoreResult<Option<(i64, String, i64)>> {
    let row = sql("SELECT id, value_text, version FROM monthly_figures \
         WHERE region_id = $1 AND year = $2 AND indicator = $3 AND month = $4")
    .bind(region_id)
    .bind(year)
    .bind(indicator)
    .bind(i64::from(month))
    .fetch_optional(&mut *tx)
    .await?;
    row.map(|r| Ok((r.col("id")?, r.col("value_text")?, r.col("version")?)))
        .transpose()
}

/// Inserts or updates a monthly figure. `expected` is the version the caller saw (0: absent).
#[allow(clippy::too_many_arguments)]
async fn upsert_monthly_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region_id: i64,
    region: &str,
    year: i32,
    indicator: &str,
    month: u8,
    text: &str,
    expected: Option<i64>,
    actor: &Actor,
    reason: Option<&str>,
) -> StoreResult<EditOutcome> {
    let existing = monthly_tx(tx, region_id, year, indicator, month).await?;
    let (current_version, old) = match &existing {
        Some((_, text, version)) => (*version, Some(text.clone())),
        None => (0, None),
    };
    let conflict = |actual: i64, current: Option<String>| StoreError::Conflict {
        what: format!("{region} {year} {indicator} 1-{month}月"),
        expected: expected.unwrap_or(current_version),
        actual,
        current,
        yours: text.to_string(),
    };
    if let Some(e) = expected
        && e != current_version
    {
        return Err(conflict(current_version, old));
    }
    let now = unix_now();
    match existing {
        Some((id, _, version)) => {
            let updated = sql(
                "UPDATE monthly_figures SET value_text = $1, version = version + 1, \
                 updated_at = $2, updated_by = $3 WHERE id = $4 AND version = $5",
            )
            .bind(text)
            .bind(now)
            .bind(&actor.user)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            if updated != 1 {
                return Err(conflict(version + 1, old));
            }
        }
        None => {
            sql("INSERT INTO monthly_figures \
                 (region_id, year, indicator, month, value_text, version, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7)")
            .bind(region_id)
            .bind(year)
            .bind(indicator)
            .bind(i64::from(month))
            .bind(text)
            .bind(now)
            .bind(&actor.user)
            .on_duplicate(conflict(1, None))
            .execute(&mut *tx)
            .await?;
        }
    }
    let key = submission_key(region, year, indicator, Period::Month(month));
    audit_reason_tx(
        tx,
        actor,
        "set_monthly",
        "monthly_figure",
        &key,
        old.as_deref(),
        Some(text),
        reason,
    )
    .await?;
    Ok(EditOutcome {
        old_text: old,
        new_text: text.to_string(),
        version: current_version + 1,
    })
}

#[async_trait]
impl<D: Dialect> AccountStore for SqlStore<D> {
    async fn create_user(&self, user: &NewUser, actor: &Actor) -> StoreResult<UserRecord> {
        validate_new_user(user)?;
        let mut tx = self.write_tx().await?;
        let id: i64 = sql(
            "INSERT INTO users (username, display_name, role, department, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&user.username)
        .bind(user.display_name.trim())
        .bind(user.role.as_str())
        .bind(user.department.as_deref().map(str::trim))
        .bind(&user.password_hash)
        .bind(true)
        .bind(unix_now())
        .on_duplicate(StoreError::Invalid(format!("the username {:?} is taken", user.username)))
.scalar(&mut tx)
.await?;
        let summary = format!(
            "role={}; department={}; name={}",
            user.role.as_str(),
            user.department.as_deref().unwrap_or("-"),
            user.display_name.trim()
        );
        audit_tx(
            &mut tx,
            actor,
            "create_user",
            "user",
            &user.username,
            None,
            Some(&summary),
        )
        .await?;
        let row = sql_built(format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
        ))
        .bind(id)
        .fetch_one(&mut tx)
        .await?;
        let record = user_from_row(&row)?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn user_by_name(&self, username: &str) -> StoreResult<Option<UserRecord>> {
        let row = sql_built(format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn users(&self) -> StoreResult<Vec<UserRecord>> {
        let rows = sql_built(format!(
            "SELECT {USER_COLUMNS} FROM users u ORDER BY u.username"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn set_password_hash(
        &self,
        username: &str,
        hash: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        if hash.is_empty() {
            return Err(StoreError::Invalid("empty password hash".into()));
        }
        let mut tx = self.write_tx().await?;
        let updated = sql("UPDATE users SET password_hash = $1 WHERE username = $2")
            .bind(hash)
            .bind(username)
            .execute(&mut tx)
            .await?;
        if updated == 0 {
            return Err(StoreError::NotFound(format!("user {username:?}")));
        }
        sql("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)")
            .bind(username)
            .execute(&mut tx)
            .await?;
        audit_tx(&mut tx, actor, "set_password", "user", username, None, None).await?;
        tx.commit().await.map_err(backend)
    }

    async fn create_session(&self, session: &NewSession) -> StoreResult<()> {
        sql(
            "INSERT INTO sessions (key_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.key_hash)
        .bind(session.user_id)
        .bind(&session.csrf_token)
        .bind(session.created_at)
        .bind(session.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, key_hash: &str, now: i64) -> StoreResult<Option<SessionRecord>> {
        let row = sql_built(format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.key_hash = $1 AND s.expires_at > $2 AND u.active"
        ))
        .bind(key_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            user: user_from_row(&row)?,
            csrf_token: row.col("csrf_token")?,
            expires_at: row.col("expires_at")?,
        }))
    }

    async fn delete_session(&self, key_hash: &str) -> StoreResult<()> {
        sql("DELETE FROM sessions WHERE key_hash = $1")
            .bind(key_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn purge_sessions(&self, now: i64) -> StoreResult<u64> {
        Ok(sql("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?)
    }

    async fn record_login_failure(&self, username: &str, ip: &str, at: i64) -> StoreResult<()> {
        sql("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
            .bind(username)
            .bind(ip)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn login_failures_since(&self, username: &str, ip: &str, since: i64) -> StoreResult<i64> {
        sql("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND ip = $2 AND at >= $3")
            .bind(username)
            .bind(ip)
            .bind(since)
            .scalar(&self.pool)
            .await
    }

    async fn clear_login_failures(&self, username: &str, ip: &str) -> StoreResult<()> {
        sql("DELETE FROM login_failures WHERE username = $1 AND ip = $2")
            .bind(username)
            .bind(ip)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn save_submission(
        &self,
        input: &SubmissionInput,
        action: SubmissionAction,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<SubmissionRecord> {
        validate_submission(input)?;
        let value = input.value_text.trim();
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let reason = input
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let key = submission_key(&input.region, input.year, &input.indicator, input.period);
        let mut tx = self.write_tx().await?;
        let (region_id, department, _, _, indicator_version) =
            indicator_tx(&mut tx, &input.region, input.year, &input.indicator).await?;
        let Some(department) = department.filter(|d| !d.trim().is_empty()) else {
            return Err(StoreError::Invalid(format!(
                "{key}: the indicator has no responsible department, so nobody can report it"
            )));
        };
        let base_version = match input.period {
            Period::Annual => Some(indicator_version),
            Period::Month(m) => monthly_tx(&mut tx, region_id, input.year, &input.indicator, m)
                .await?
                .map(|(_, _, v)| v),
        };
        let month = input.period.as_db();
        let approved_by: Option<Option<String>> = sql(
            "SELECT reviewed_by FROM submissions WHERE region_id = $1 AND year = $2 \
             AND indicator = $3 AND month = $4 AND status = 'approved'",
        )
        .bind(region_id)
        .bind(input.year)
        .bind(&input.indicator)
        .bind(month)
        .scalar_optional(&mut tx)
        .await?;
        if let Some(by) = approved_by {
            return Err(StoreError::Invalid(format!(
                "{key} was approved by {} and is locked",
                by.unwrap_or_default()
            )));
        }
        let open = sql(
            "SELECT id, status, version, value_text FROM submissions WHERE region_id = $1 \
             AND year = $2 AND indicator = $3 AND month = $4 AND status <> 'approved'",
        )
        .bind(region_id)
        .bind(input.year)
        .bind(&input.indicator)
        .bind(month)
        .fetch_optional(&mut tx)
        .await?;
        let status = match action {
            SubmissionAction::SaveDraft => SubmissionStatus::Draft,
            SubmissionAction::Submit => SubmissionStatus::Submitted,
        };
        let now = unix_now();
        let (id, old) = match open {
            Some(row) => {
                let id: i64 = row.col("id")?;
                let version: i64 = row.col("version")?;
                let old: String = row.col("value_text")?;
                let current: String = row.col("status")?;
                if current == SubmissionStatus::Submitted.as_str() {
                    return Err(StoreError::Invalid(format!(
                        "{key} is awaiting review and cannot be changed until it is returned"
                    )));
                }
                let conflict = |actual: i64| StoreError::Conflict {
                    what: format!("submission {key}"),
                    expected: expected_version.unwrap_or(version),
                    actual,
                    current: Some(old.clone()),
                    yours: value.to_string(),
                };
                if let Some(e) = expected_version
                    && e != version
                {
                    return Err(conflict(version));
                }
                let updated = sql(
                    "UPDATE submissions SET value_text = $1, note = $2, status = $3, \
                     base_version = $4, created_by = $5, version = version + 1, updated_at = $6, \
                     reason = $9 WHERE id = $7 AND version = $8",
                )
                .bind(value)
                .bind(note)
                .bind(status.as_str())
                .bind(base_version)
                .bind(&actor.user)
                .bind(now)
                .bind(id)
                .bind(version)
                .bind(reason)
                .execute(&mut tx)
                .await?;
                if updated != 1 {
                    return Err(conflict(version + 1));
                }
                (id, Some(old))
            }
            None => {
                let id: i64 = sql(
                    "INSERT INTO submissions (region_id, year, indicator, month, value_text, note, \
                     status, department, created_by, base_version, version, created_at, updated_at, reason) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11, $12) RETURNING id",
                )
                .bind(region_id)
                .bind(input.year)
                .bind(&input.indicator)
                .bind(month)
                .bind(value)
                .bind(note)
                .bind(status.as_str())
                .bind(&department)
                .bind(&actor.user)
                .bind(base_version)
                .bind(now)
                .bind(reason)
                .on_duplicate(StoreError::Conflict {
                        what: format!("submission {key}"),
                        expected: 0,
                        actual: 1,
                        current: None,
                        yours: value.to_string(),
                })
.scalar(&mut tx)
.await?;
                (id, None)
            }
        };
        let action_name = match action {
            SubmissionAction::SaveDraft => "submission_draft",
            SubmissionAction::Submit => "submission_submit",
        };
        audit_reason_tx(
            &mut tx,
            actor,
            action_name,
            "submission",
            &key,
            old.as_deref(),
            Some(value),
            reason,
        )
        .await?;
        let record = submission_tx(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn submission(&self, id: i64) -> StoreResult<Option<SubmissionRecord>> {
        let row = sql_built(format!("{SUBMISSION_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(submission_from_row).transpose()
    }

    async fn submissions(&self, filter: &SubmissionFilter) -> StoreResult<Vec<SubmissionRecord>> {
        let rows = sql_built(format!(
            "{SUBMISSION_SELECT} WHERE ($1 IS NULL OR r.name = $1) AND ($2 IS NULL OR s.year = $2) \
             AND ($3 IS NULL OR s.department = $3) AND ($4 IS NULL OR s.status = $4) \
             AND ($5 IS NULL OR s.month = $5) ORDER BY s.updated_at DESC, s.id DESC"
        ))
        .bind(filter.region.as_deref())
        .bind(filter.year)
        .bind(filter.department.as_deref())
        .bind(filter.status.map(SubmissionStatus::as_str))
        .bind(filter.period.map(Period::as_db))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(submission_from_row).collect()
    }

    async fn review_submission(
        &self,
        id: i64,
        decision: &ReviewDecision,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<SubmissionRecord> {
        let mut tx = self.write_tx().await?;
        let row = sql_built(format!("{SUBMISSION_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("submission {id}")))?;
        let s = submission_from_row(&row)?;
        let key = submission_key(&s.region, s.year, &s.indicator, s.period);
        let outcome = decision.check(
            UnderReview {
                noun: "submission",
                id,
                key: &key,
                version: s.version,
                status: s.status,
                current: &s.value_text,
                returned_to: "the reporter",
            },
            expected_version,
        )?;
        let (status, comment, action) = match outcome {
            ReviewOutcome::Return { comment } => (
                SubmissionStatus::Returned,
                Some(comment),
                "submission_return",
            ),
            ReviewOutcome::Approve { comment } => {
                match s.period {
                    Period::Annual => {
                        set_expr_tx(
                            &mut tx,
                            ExprEdit {
                                region: &s.region,
                                year: s.year,
                                indicator: &s.indicator,
                                field: ExprField::Actual,
                                text: &s.value_text,
                                expected_version: Some(s.base_version.unwrap_or(0)),
                                reason: s.reason.as_deref(),
                            },
                            actor,
                        )
                        .await?;
                    }
                    Period::Month(m) => {
                        let region_id: i64 = sql("SELECT region_id FROM submissions WHERE id = $1")
                            .bind(id)
                            .scalar(&mut tx)
                            .await?;
                        upsert_monthly_tx(
                            &mut tx,
                            region_id,
                            &s.region,
                            s.year,
                            &s.indicator,
                            m,
                            &s.value_text,
                            Some(s.base_version.unwrap_or(0)),
                            actor,
                            s.reason.as_deref(),
                        )
                        .await?;
                    }
                }
                (SubmissionStatus::Approved, comment, "submission_approve")
            }
        };
        sql(
            "UPDATE submissions SET status = $1, comment = $2, reviewed_by = $3, \
             version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
        )
        .bind(status.as_str())
        .bind(comment.as_deref())
        .bind(&actor.user)
        .bind(unix_now())
        .bind(id)
        .bind(s.version)
        .on_duplicate(StoreError::Invalid(format!(
            "{key} has already been approved"
        )))
        .execute(&mut tx)
        .await?;
        let new_value = match status {
            SubmissionStatus::Returned => comment.clone(),
            _ => Some(s.value_text.clone()),
        };
        audit_tx(
            &mut tx,
            actor,
            action,
            "submission",
            &key,
            Some(&format!("submitted by {}", s.created_by)),
            new_value.as_deref(),
        )
        .await?;
        let record = submission_tx(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn monthly_figures(&self, region: &str, year: i32) -> StoreResult<Vec<MonthlyFigure>> {
        // One row holding a JSON array rather than a row per figure (up to 25 × 12): see
        // `indicator_records`.
        let json: String = sql_built(format!(
            "SELECT {} FROM {} m JOIN regions r ON r.id = m.region_id \
             WHERE r.name = $1 AND m.year = $2",
            D::json_group(&D::json_array(
                "m.indicator, m.month, m.value_text, m.version, m.updated_at, m.updated_by"
            )),
            crate::publication::monthly_source(self.view)
        ))
        .bind(region)
        .bind(year)
        .scalar(&self.pool)
        .await?;
        type Item = (String, i64, String, i64, i64, String);
        let items: Vec<Item> = serde_json::from_str(&json)
            .map_err(|e| StoreError::Invalid(format!("unreadable monthly figures: {e}")))?;
        let mut figures = items
            .into_iter()
            .map(
                |(indicator, month, value_text, version, updated_at, updated_by)| {
                    Ok(MonthlyFigure {
                        region: region.to_string(),
                        year,
                        indicator,
                        month: u8::try_from(month).map_err(|_| {
                            StoreError::Invalid(format!("monthly figure month {month}"))
                        })?,
                        value_text,
                        version,
                        updated_at,
                        updated_by,
                    })
                },
            )
            .collect::<StoreResult<Vec<_>>>()?;
        figures.sort_unstable_by(|a, b| {
            a.indicator
                .cmp(&b.indicator)
                .then_with(|| a.month.cmp(&b.month))
        });
        Ok(figures)
    }

    async fn set_monthly_figure(
        &self,
        region: &str,
        year: i32,
        indicator: &str,
        month: u8,
        text: &str,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EditOutcome> {
        if !(1..=12).contains(&month) {
            return Err(StoreError::Invalid(format!("month {month} is not 1..12")));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{region} {year} {indicator} 1-{month}月: the value is empty"
            )));
        }
        let mut tx = self.write_tx().await?;
        let (region_id, ..) = indicator_tx(&mut tx, region, year, indicator).await?;
        let outcome = upsert_monthly_tx(
            &mut tx,
            region_id,
            region,
            year,
            indicator,
            month,
            text,
            expected_version,
            actor,
            None,
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(outcome)
    }

    async fn write_figures(
        &self,
        writes: &[FigureWrite],
        actor: &Actor,
    ) -> StoreResult<Vec<EditOutcome>> {
        let mut tx = self.write_tx().await?;
        let mut outcomes = Vec::with_capacity(writes.len());
        for w in writes {
            outcomes.push(write_figure_tx(&mut tx, w, w.expected_version, actor).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(outcomes)
    }

    async fn save_plan_with_figures(
        &self,
        plan: &Plan,
        writes: &[FigureWrite],
        actor: &Actor,
    ) -> StoreResult<Vec<EditOutcome>> {
        let mut tx = self.write_tx().await?;
        if let Some(w) = writes
            .iter()
            .find(|w| w.region != plan.region || w.year != plan.year)
        {
            return Err(StoreError::Invalid(format!(
                "{} {} {}: a figure of another plan than {} {}",
                w.region, w.year, w.indicator, plan.region, plan.year
            )));
        }
        // The rows as they stand: the writes' versions are checked against them, and the rows
        // that stay count on from them, so a stale edit still conflicts after the replacement.
        let before: HashMap<String, (i64, String, Option<String>)> =
            sql("SELECT i.name, i.version, i.target_text, i.actual_text \
             FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
             WHERE r.name = $1 AND i.year = $2")
            .bind(plan.region.as_str())
            .bind(plan.year)
            .fetch_all(&mut tx)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.col("name")?,
                    (
                        row.col("version")?,
                        row.col("target_text")?,
                        row.col("actual_text")?,
                    ),
                ))
            })
            .collect::<StoreResult<_>>()?;
        for w in writes {
            let (Some(expected), Slot::Target | Slot::Actual) = (w.expected_version, w.slot) else {
                continue;
            };
            let Some((version, target, actual)) = before.get(&w.indicator) else {
                return Err(StoreError::NotFound(format!(
                    "indicator {:?} in {} {}",
                    w.indicator, w.region, w.year
                )));
            };
            if *version != expected {
                return Err(StoreError::Conflict {
                    what: format!(
                        "{} {} {} {}",
                        w.region,
                        w.year,
                        w.indicator,
                        w.slot.label().zh
                    ),
                    expected,
                    actual: *version,
                    current: if w.slot == Slot::Target {
                        Some(target.clone())
                    } else {
                        actual.clone()
                    },
                    yours: w.text.clone(),
                });
            }
        }
        let region_id = save_plan_tx(&mut tx, plan, actor).await?;
        for (name, (version, ..)) in &before {
            sql("UPDATE plan_indicators SET version = $1 \
                 WHERE region_id = $2 AND year = $3 AND name = $4")
            .bind(*version + 1)
            .bind(region_id)
            .bind(plan.year)
            .bind(name.as_str())
            .execute(&mut tx)
            .await?;
        }
        let mut outcomes = Vec::with_capacity(writes.len());
        for w in writes {
            // Versions were checked above; the rows are this transaction's own now.
            outcomes.push(write_figure_tx(&mut tx, w, None, actor).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(outcomes)
    }
}

/// One figure of a batch in the caller's transaction: a target or actual through
/// [`set_expr_tx`], a monthly figure through [`upsert_monthly_tx`], audited with its reason.
async fn write_figure_tx<D: Dialect>(
    tx: &mut Tx<D>,
    w: &FigureWrite,
    expected_version: Option<i64>,
    actor: &Actor,
) -> StoreResult<EditOutcome> {
    let text = w.text.trim();
    if text.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{} {} {} {}: the value is empty",
            w.region,
            w.year,
            w.indicator,
            w.slot.label().zh
        )));
    }
    match w.slot {
        Slot::Target | Slot::Actual => {
            let field = if w.slot == Slot::Target {
                ExprField::Target
            } else {
                ExprField::Actual
            };
            set_expr_tx(
                tx,
                ExprEdit {
                    region: &w.region,
                    year: w.year,
                    indicator: &w.indicator,
                    field,
                    text,
                    expected_version,
                    reason: w.reason.as_deref(),
                },
                actor,
            )
            .await
        }
        Slot::Month(m) => {
            if !(1..=12).contains(&m) {
                return Err(StoreError::Invalid(format!("month {m} is not 1..12")));
            }
            let (region_id, ..) = indicator_tx(tx, &w.region, w.year, &w.indicator).await?;
            upsert_monthly_tx(
                tx,
                region_id,
                &w.region,
                w.year,
                &w.indicator,
                m,
                text,
                expected_version,
                actor,
                w.reason.as_deref(),
            )
            .await
        }
    }
}
