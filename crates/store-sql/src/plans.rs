//! [`Store`]: regions, plans (a region-year's indicator rows), versioned expression edits and
//! the audit trail.

use crate::db::{Col, Tx, backend, sql, sql_built};
use crate::{Dialect, SqlStore, View, audit_reason_tx, audit_tx, ensure_region_tx};
use async_trait::async_trait;
use planwatch_domain::Plan;
use planwatch_store::{
    Actor, AuditEntry, AuditQuery, EditOutcome, ExprField, IndicatorRecord, RegionRecord, Store,
    StoreError, StoreResult, records_from_plan,
};

/// The columns of an indicator row (alias `i`) as one JSON array, in the order of
/// `planwatch_store::regions::records_from_json`. In a published view the actual is the
/// published one (joined by [`published_actual_join`]).
pub(crate) fn indicator_json<D: Dialect>(view: View) -> String {
    let actual = match view {
        View::Working => "i.actual_text",
        View::Published => "pf.value_text",
    };
    D::json_array(&format!(
        "i.seq, i.name, i.unit, i.kind, {}, {}, i.tier, i.direction, i.department, \
         i.target_text, {actual}, i.version",
        D::bool_as_int("i.binding"),
        D::bool_as_int("i.is_new")
    ))
}

/// What a query over indicator rows `i` joins to read the published actual (nothing for the
/// working data).
pub(crate) fn published_actual_join(view: View) -> &'static str {
    match view {
        View::Working => "",
        View::Published => {
            " LEFT JOIN published_figures pf ON pf.region_id = i.region_id \
             AND pf.year = i.year AND pf.indicator = i.name AND pf.period = 0"
        }
    }
}

/// `SELECT … FROM regions r LEFT JOIN regions p` giving [`RegionRecord`] columns.
pub(crate) const REGION_COLUMNS: &str = "SELECT r.id, r.name, p.name AS parent, r.level \
     FROM regions r LEFT JOIN regions p ON p.id = r.parent_id";

pub(crate) fn region_from_row<R: Col>(row: &R) -> StoreResult<RegionRecord>
where
    R::Db: Dialect,
{
    Ok(RegionRecord {
        id: row.col("id")?,
        name: row.col("name")?,
        parent: row.col("parent")?,
        level: row.col("level")?,
    })
}

/// Deletes a region-year's indicator rows; returns how many there were.
pub(crate) async fn delete_plan_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region_id: i64,
    year: i32,
) -> StoreResult<u64> {
    sql("DELETE FROM plan_indicators WHERE region_id = $1 AND year = $2")
        .bind(region_id)
        .bind(year)
        .execute(tx)
        .await
}

/// The columns an indicator row is inserted with, in the order [`bind_indicator`] binds them.
pub(crate) const INDICATOR_INSERT: &str = "INSERT INTO plan_indicators (region_id, year, seq, \
     name, unit, kind, binding, is_new, tier, direction, department, target_text, actual_text) \
     VALUES ";
pub(crate) const INDICATOR_COLUMNS: usize = 13;

/// Binds one indicator row's [`INDICATOR_COLUMNS`] values.
pub(crate) fn bind_indicator<D: Dialect>(
    q: crate::Sql<D>,
    region_id: i64,
    year: i32,
    r: &IndicatorRecord,
) -> crate::Sql<D> {
    q.bind(region_id)
        .bind(year)
        .bind(r.seq)
        .bind(r.name.as_str())
        .bind(r.unit.as_str())
        .bind(r.kind.as_str())
        .bind(r.binding)
        .bind(r.is_new)
        .bind(r.tier.as_deref())
        .bind(r.direction.as_deref())
        .bind(r.department.as_deref())
        .bind(r.target_text.as_str())
        .bind(r.actual_text.as_deref())
}

#[async_trait]
impl<D: Dialect> Store for SqlStore<D> {
    fn backend(&self) -> &'static str {
        D::BACKEND_NAME
    }

    async fn close(&self) -> StoreResult<()> {
        if self.pool.is_closed() {
            return Ok(());
        }
        let checkpoint = match D::CLOSING_CHECKPOINT {
            Some(statement) => Some(sql(statement).fetch_one(&self.pool).await),
            None => None,
        };
        self.pool.close().await;
        let Some(checkpoint) = checkpoint else {
            return Ok(());
        };
        let row = checkpoint?;
        let (busy, log, done): (i64, i64, i64) = (row.col_at(0)?, row.col_at(1)?, row.col_at(2)?);
        if busy != 0 {
            // Another process (a running `planwatch serve`) still reads an older snapshot; the
            // log stays for it to finish, which is why `backup` is the way to copy a database
            // while the server runs.
            tracing::info!(
                log,
                done,
                "SQLite checkpoint incomplete: another process is reading the database"
            );
        }
        Ok(())
    }

    async fn ensure_region(&self, name: &str, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write_tx().await?;
        let id = ensure_region_tx(&mut tx, name, actor).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn regions(&self) -> StoreResult<Vec<RegionRecord>> {
        sql_built(format!("{REGION_COLUMNS} ORDER BY r.name"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(region_from_row)
            .collect()
    }

    async fn save_plan(&self, plan: &Plan, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        save_plan_tx(&mut tx, plan, actor).await?;
        tx.commit().await.map_err(backend)
    }

    async fn indicator_records(
        &self,
        region: &str,
        year: i32,
    ) -> StoreResult<Vec<IndicatorRecord>> {
        // One row holding a JSON array: sqlx hands SQLite rows from its worker thread one at a
        // time, and under concurrent load those hand-offs, not SQLite, were the cost.
        let json: String = sql_built(format!(
            "SELECT {} FROM plan_indicators i JOIN regions r ON r.id = i.region_id{} \
             WHERE r.name = $1 AND i.year = $2",
            D::json_group(&indicator_json::<D>(self.view)),
            published_actual_join(self.view)
        ))
        .bind(region)
        .bind(year)
        .scalar(&self.pool)
        .await?;
        planwatch_store::regions::records_from_json(&json)
    }

    async fn plan_years(&self, region: &str) -> StoreResult<Vec<i32>> {
        sql(
            "SELECT DISTINCT i.year FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
             WHERE r.name = $1 ORDER BY i.year",
        )
        .bind(region)
        .scalars(&self.pool)
        .await
    }

    async fn set_expr_text(
        &self,
        region: &str,
        year: i32,
        indicator: &str,
        field: ExprField,
        text: &str,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EditOutcome> {
        let mut tx = self.write_tx().await?;
        let outcome = set_expr_tx(
            &mut tx,
            ExprEdit {
                region,
                year,
                indicator,
                field,
                text,
                expected_version,
                reason: None,
            },
            actor,
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(outcome)
    }

    async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sql_built(format!(
            "SELECT id, {} AS at, actor, origin, action, entity, entity_key, old_value, new_value, reason \
             FROM audit_log ORDER BY id DESC LIMIT $1",
            D::timestamp_text("at")
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn audit_entry(&self, id: i64) -> StoreResult<Option<AuditEntry>> {
        let row = sql_built(format!(
            "SELECT id, {} AS at, actor, origin, action, entity, entity_key, old_value, new_value, reason \
             FROM audit_log WHERE id = $1",
            D::timestamp_text("at")
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(audit_from_row).transpose()
    }

    async fn audit_page(&self, query: &AuditQuery) -> StoreResult<(Vec<AuditEntry>, i64)> {
        let pattern = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", like_escape(&s.to_lowercase())));
        let actor = query.actor.as_deref().filter(|a| !a.is_empty());
        const WHERE: &str = "WHERE ($1 IS NULL OR LOWER(actor) LIKE $1 ESCAPE '\\' \
             OR LOWER(action) LIKE $1 ESCAPE '\\' OR LOWER(entity) LIKE $1 ESCAPE '\\' \
             OR LOWER(entity_key) LIKE $1 ESCAPE '\\' \
             OR LOWER(COALESCE(old_value, '')) LIKE $1 ESCAPE '\\' \
             OR LOWER(COALESCE(new_value, '')) LIKE $1 ESCAPE '\\' \
             OR LOWER(COALESCE(reason, '')) LIKE $1 ESCAPE '\\') \
             AND ($2 IS NULL OR actor = $2)";
        let total: i64 = sql_built(format!("SELECT COUNT(*) FROM audit_log {WHERE}"))
            .bind(pattern.as_deref())
            .bind(actor)
            .scalar(&self.pool)
            .await?;
        let order = if query.oldest_first { "ASC" } else { "DESC" };
        let rows = sql_built(format!(
            "SELECT id, {} AS at, actor, origin, action, entity, entity_key, old_value, new_value, reason \
             FROM audit_log {WHERE} ORDER BY id {order} LIMIT $3 OFFSET $4",
            D::timestamp_text("at")
        ))
        .bind(pattern.as_deref())
        .bind(actor)
        .bind(query.limit.clamp(1, 5000))
        .bind(query.offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let entries = rows
            .iter()
            .map(audit_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((entries, total))
    }
}

/// Replaces a region-year's indicator rows with the plan's in the caller's transaction (the
/// region created if needed), with one `save_plan` audit entry; returns the region's id.
pub(crate) async fn save_plan_tx<D: Dialect>(
    tx: &mut Tx<D>,
    plan: &Plan,
    actor: &Actor,
) -> StoreResult<i64> {
    let region_id = ensure_region_tx(tx, &plan.region, actor).await?;
    let replaced = delete_plan_tx(tx, region_id, plan.year).await?;
    let one_row = format!(
        "{INDICATOR_INSERT}{}",
        crate::db::values_placeholders::<D>(1, INDICATOR_COLUMNS)
    );
    // A row at a time, so a duplicate is reported by name.
    for r in records_from_plan(plan) {
        bind_indicator(sql_built(one_row.clone()), region_id, plan.year, &r)
            .on_duplicate(StoreError::Invalid(format!(
                "{} {}: indicator {:?} appears twice",
                plan.region, plan.year, r.name
            )))
            .execute(&mut *tx)
            .await?;
    }
    let key = format!("{}/{}", plan.region, plan.year);
    let summary = format!(
        "{} indicators (replacing {replaced})",
        plan.indicators.len()
    );
    audit_tx(tx, actor, "save_plan", "plan", &key, None, Some(&summary)).await?;
    Ok(region_id)
}

/// One target or actual edit, as [`set_expr_tx`] applies it.
pub(crate) struct ExprEdit<'a> {
    pub region: &'a str,
    pub year: i32,
    pub indicator: &'a str,
    pub field: ExprField,
    pub text: &'a str,
    /// Refuse when the indicator row is at another version.
    pub expected_version: Option<i64>,
    /// Why a figure that failed a plausibility check is entered anyway (audited).
    pub reason: Option<&'a str>,
}

/// Sets a target or actual text in the caller's transaction: version check, bump, audit entry.
pub(crate) async fn set_expr_tx<D: Dialect>(
    tx: &mut Tx<D>,
    edit: ExprEdit<'_>,
    actor: &Actor,
) -> StoreResult<EditOutcome> {
    let ExprEdit {
        region,
        year,
        indicator,
        field,
        text,
        expected_version,
        reason,
    } = edit;
    let row = sql("SELECT i.id, i.target_text, i.actual_text, i.version \
         FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
         WHERE r.name = $1 AND i.year = $2 AND i.name = $3")
    .bind(region)
    .bind(year)
    .bind(indicator)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("indicator {indicator:?} in {region} {year}")))?;
    let id: i64 = row.col("id")?;
    let version: i64 = row.col("version")?;
    let old: Option<String> = match field {
        // A row saved without a target (a new indicator an import fills in) had none.
        ExprField::Target => Some(row.col::<String>("target_text")?).filter(|t| !t.is_empty()),
        ExprField::Actual => row.col("actual_text")?,
    };
    let what = format!("{region} {year} {indicator} {}", field.as_str());
    if let Some(expected) = expected_version
        && expected != version
    {
        return Err(StoreError::Conflict {
            what,
            expected,
            actual: version,
            current: old,
            yours: text.to_string(),
        });
    }
    let update = match field {
        ExprField::Target => sql(
            "UPDATE plan_indicators SET target_text = $1, version = version + 1 \
             WHERE id = $2 AND version = $3",
        ),
        ExprField::Actual => sql(
            "UPDATE plan_indicators SET actual_text = $1, version = version + 1 \
             WHERE id = $2 AND version = $3",
        ),
    };
    let updated = update
        .bind(text)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    if updated != 1 {
        // Another writer got in between our read and write.
        return Err(StoreError::Conflict {
            what,
            expected: version,
            actual: version + 1,
            current: old,
            yours: text.to_string(),
        });
    }
    audit_reason_tx(
        tx,
        actor,
        &format!("set_{}", field.as_str()),
        "indicator",
        &format!("{region}/{year}/{indicator}"),
        old.as_deref(),
        Some(text),
        reason,
    )
    .await?;
    Ok(EditOutcome {
        old_text: old,
        new_text: text.to_string(),
        version: version + 1,
    })
}

fn audit_from_row<R: Col>(row: &R) -> StoreResult<AuditEntry>
where
    R::Db: Dialect,
{
    Ok(AuditEntry {
        id: row.col("id")?,
        at: row.col("at")?,
        actor: row.col("actor")?,
        origin: row.col("origin")?,
        action: row.col("action")?,
        entity: row.col("entity")?,
        entity_key: row.col("entity_key")?,
        old_value: row.col("old_value")?,
        new_value: row.col("new_value")?,
        reason: row.col("reason")?,
    })
}

/// `text` with LIKE's wildcards (and the escape character) escaped by `\`.
pub(crate) fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
