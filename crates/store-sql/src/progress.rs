//! [`ProgressStore`]: departments' progress entries on ledger items, their review, and the
//! ledger writes an approval applies (migration `0005`).

use crate::db::{Col, Tx, backend, sql, sql_built};
use crate::{Dialect, SqlStore, View, audit_tx};
use async_trait::async_trait;
use planwatch_store::accounts::{ReviewDecision, ReviewOutcome, UnderReview, unix_now};
use planwatch_store::progress::{
    EntryFilter, EntryInput, EntryKind, EntryRecord, LedgerWrite, ProgressStore, entry_key,
    validate_entry,
};
use planwatch_store::{Actor, LedgerItem, LedgerKind, StoreError, StoreResult, SubmissionStatus};

const ENTRY_SELECT: &str = "SELECT e.id, r.name AS region, e.year, e.kind, e.item_key, e.period, \
     e.department, e.payload, e.summary, e.status, e.created_by, e.reviewed_by, e.comment, \
     e.version, e.created_at, e.updated_at FROM ledger_entries e JOIN regions r ON r.id = e.region_id";

fn entry_from_row<R: Col>(row: &R) -> StoreResult<EntryRecord>
where
    R::Db: Dialect,
{
    let id: i64 = row.col("id")?;
    let kind: String = row.col("kind")?;
    let status: String = row.col("status")?;
    let period: i64 = row.col("period")?;
    Ok(EntryRecord {
        id,
        region: row.col("region")?,
        year: row.col("year")?,
        kind: EntryKind::parse(&kind)
            .ok_or_else(|| StoreError::Invalid(format!("entry {id} has kind {kind:?}")))?,
        item_key: row.col("item_key")?,
        period: u8::try_from(period)
            .map_err(|_| StoreError::Invalid(format!("entry {id} has period {period}")))?,
        department: row.col("department")?,
        payload: row.col("payload")?,
        summary: row.col("summary")?,
        status: SubmissionStatus::parse(&status)
            .ok_or_else(|| StoreError::Invalid(format!("entry {id} has status {status:?}")))?,
        created_by: row.col("created_by")?,
        reviewed_by: row.col("reviewed_by")?,
        comment: row.col("comment")?,
        version: row.col("version")?,
        created_at: row.col("created_at")?,
        updated_at: row.col("updated_at")?,
    })
}

async fn entry_tx<D: Dialect>(tx: &mut Tx<D>, id: i64) -> StoreResult<Option<EntryRecord>> {
    let row = sql_built(format!("{ENTRY_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    row.as_ref().map(entry_from_row).transpose()
}

/// Applies one ledger write of an approval, checked against the version it was computed from.
async fn apply_write_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region_id: i64,
    (region, year): (&str, i32),
    w: &LedgerWrite,
    actor: &Actor,
) -> StoreResult<()> {
    let current = sql("SELECT data, version FROM ledger_items \
         WHERE region_id = $1 AND year = $2 AND kind = $3 AND item_key = $4")
    .bind(region_id)
    .bind(year)
    .bind(w.kind.as_str())
    .bind(w.key.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let what = format!("{} {}", w.kind.as_str(), w.key);
    let (old, version): (Option<String>, i64) = match &current {
        Some(row) => (Some(row.col("data")?), row.col("version")?),
        None => (None, 0),
    };
    let conflict = |actual: i64| StoreError::Conflict {
        what: what.clone(),
        expected: w.expected_version.unwrap_or(0),
        actual,
        current: old.clone(),
        yours: w.data.clone(),
    };
    match (w.expected_version, &current) {
        (Some(expected), Some(_)) => {
            let updated = sql("UPDATE ledger_items SET data = $1, version = version + 1 \
                 WHERE region_id = $2 AND year = $3 AND kind = $4 AND item_key = $5 \
                 AND version = $6")
            .bind(w.data.as_str())
            .bind(region_id)
            .bind(year)
            .bind(w.kind.as_str())
            .bind(w.key.as_str())
            .bind(expected)
            .execute(&mut *tx)
            .await?;
            if updated != 1 {
                return Err(conflict(version));
            }
        }
        (None, None) => {
            sql(
                "INSERT INTO ledger_items (region_id, year, kind, item_key, position, data) \
                 SELECT $1, $2, $3, $4, COALESCE(MAX(position), -1) + 1, $5 FROM ledger_items \
                 WHERE region_id = $1 AND year = $2 AND kind = $3",
            )
            .bind(region_id)
            .bind(year)
            .bind(w.kind.as_str())
            .bind(w.key.as_str())
            .bind(w.data.as_str())
            .on_duplicate(conflict(1))
            .execute(&mut *tx)
            .await?;
        }
        (_, _) => return Err(conflict(version)),
    }
    audit_tx(
        tx,
        actor,
        "set_ledger_item",
        w.kind.as_str(),
        &format!("{region}/{year}/{}", w.key),
        old.as_deref(),
        Some(&w.data),
    )
    .await
}

#[async_trait]
impl<D: Dialect> ProgressStore for SqlStore<D> {
    async fn save_entry(
        &self,
        input: &EntryInput,
        department: &str,
        submit: bool,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EntryRecord> {
        validate_entry(input)?;
        if department.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "{} {} has no responsible department, so nobody can report on it",
                input.kind.as_str(),
                input.item_key
            )));
        }
        let key = entry_key(
            &input.region,
            input.year,
            input.kind,
            &input.item_key,
            input.period,
        );
        let mut tx = self.write_tx().await?;
        let region_id: i64 = sql("SELECT id FROM regions WHERE name = $1")
            .bind(&input.region)
            .scalar_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("region {:?}", input.region)))?;
        let open = sql(
            "SELECT id, status, version, summary FROM ledger_entries WHERE region_id = $1 \
             AND year = $2 AND kind = $3 AND item_key = $4 AND period = $5 \
             AND status <> 'approved'",
        )
        .bind(region_id)
        .bind(input.year)
        .bind(input.kind.as_str())
        .bind(&input.item_key)
        .bind(i64::from(input.period))
        .fetch_optional(&mut tx)
        .await?;
        let status = if submit {
            SubmissionStatus::Submitted
        } else {
            SubmissionStatus::Draft
        };
        let now = unix_now();
        let (id, old) = match open {
            Some(row) => {
                let id: i64 = row.col("id")?;
                let version: i64 = row.col("version")?;
                let old: String = row.col("summary")?;
                let current: String = row.col("status")?;
                if current == SubmissionStatus::Submitted.as_str() {
                    return Err(StoreError::Invalid(format!(
                        "{key} is awaiting review and cannot be changed until it is returned"
                    )));
                }
                let conflict = |actual: i64| StoreError::Conflict {
                    what: format!("entry {key}"),
                    expected: expected_version.unwrap_or(version),
                    actual,
                    current: Some(old.clone()),
                    yours: input.summary.clone(),
                };
                if let Some(e) = expected_version
                    && e != version
                {
                    return Err(conflict(version));
                }
                let updated = sql(
                    "UPDATE ledger_entries SET payload = $1, summary = $2, status = $3, \
                     department = $4, created_by = $5, version = version + 1, updated_at = $6 \
                     WHERE id = $7 AND version = $8",
                )
                .bind(&input.payload)
                .bind(&input.summary)
                .bind(status.as_str())
                .bind(department)
                .bind(&actor.user)
                .bind(now)
                .bind(id)
                .bind(version)
                .execute(&mut tx)
                .await?;
                if updated != 1 {
                    return Err(conflict(version + 1));
                }
                (id, Some(old))
            }
            None => {
                if let Some(e) = expected_version
                    && e != 0
                {
                    return Err(StoreError::Conflict {
                        what: format!("entry {key}"),
                        expected: e,
                        actual: 0,
                        current: None,
                        yours: input.summary.clone(),
                    });
                }
                let id: i64 = sql(
                    "INSERT INTO ledger_entries (region_id, year, kind, item_key, period, \
                     department, payload, summary, status, created_by, version, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) \
                     RETURNING id",
                )
                .bind(region_id)
                .bind(input.year)
                .bind(input.kind.as_str())
                .bind(&input.item_key)
                .bind(i64::from(input.period))
                .bind(department)
                .bind(&input.payload)
                .bind(&input.summary)
                .bind(status.as_str())
                .bind(&actor.user)
                .bind(now)
                .on_duplicate(StoreError::Conflict {
                    what: format!("entry {key}"),
                    expected: 0,
                    actual: 1,
                    current: None,
                    yours: input.summary.clone(),
                })
                .scalar(&mut tx)
                .await?;
                (id, None)
            }
        };
        let action = if submit {
            "entry_submit"
        } else {
            "entry_draft"
        };
        audit_tx(
            &mut tx,
            actor,
            action,
            "ledger_entry",
            &key,
            old.as_deref(),
            Some(&input.summary),
        )
        .await?;
        let record = entry_tx(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("entry {id}")))?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn entry(&self, id: i64) -> StoreResult<Option<EntryRecord>> {
        let row = sql_built(format!("{ENTRY_SELECT} WHERE e.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(entry_from_row).transpose()
    }

    async fn entries(&self, filter: &EntryFilter) -> StoreResult<Vec<EntryRecord>> {
        sql_built(format!(
            "{ENTRY_SELECT} WHERE ($1 IS NULL OR r.name = $1) AND ($2 IS NULL OR e.year = $2) \
             AND ($3 IS NULL OR e.kind = $3) AND ($4 IS NULL OR e.department = $4) \
             AND ($5 IS NULL OR e.status = $5) AND ($6 IS NULL OR e.item_key = $6) \
             ORDER BY e.updated_at DESC, e.id DESC"
        ))
        .bind(filter.region.as_deref())
        .bind(filter.year)
        .bind(filter.kind.map(EntryKind::as_str))
        .bind(filter.department.as_deref())
        .bind(filter.status.map(SubmissionStatus::as_str))
        .bind(filter.item_key.as_deref())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(entry_from_row)
        .collect()
    }

    async fn review_entry(
        &self,
        id: i64,
        decision: &ReviewDecision,
        expected_version: Option<i64>,
        writes: &[LedgerWrite],
        actor: &Actor,
    ) -> StoreResult<EntryRecord> {
        let mut tx = self.write_tx().await?;
        let e = entry_tx(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("entry {id}")))?;
        let key = entry_key(&e.region, e.year, e.kind, &e.item_key, e.period);
        let outcome = decision.check(
            UnderReview {
                noun: "entry",
                id,
                key: &key,
                version: e.version,
                status: e.status,
                current: &e.summary,
                returned_to: "the department",
            },
            expected_version,
        )?;
        let (status, comment, action) = match outcome {
            ReviewOutcome::Return { comment } => {
                (SubmissionStatus::Returned, Some(comment), "entry_return")
            }
            ReviewOutcome::Approve { comment } => {
                let region_id: i64 = sql("SELECT region_id FROM ledger_entries WHERE id = $1")
                    .bind(id)
                    .scalar(&mut tx)
                    .await?;
                for w in writes {
                    apply_write_tx(&mut tx, region_id, (&e.region, e.year), w, actor).await?;
                }
                (SubmissionStatus::Approved, comment, "entry_approve")
            }
        };
        sql(
            "UPDATE ledger_entries SET status = $1, comment = $2, reviewed_by = $3, \
             version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
        )
        .bind(status.as_str())
        .bind(comment.as_deref())
        .bind(&actor.user)
        .bind(unix_now())
        .bind(id)
        .bind(e.version)
        .execute(&mut tx)
        .await?;
        let new_value = match status {
            SubmissionStatus::Returned => comment.clone(),
            _ => Some(e.summary.clone()),
        };
        audit_tx(
            &mut tx,
            actor,
            action,
            "ledger_entry",
            &key,
            Some(&format!("submitted by {}", e.created_by)),
            new_value.as_deref(),
        )
        .await?;
        let record = entry_tx(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("entry {id}")))?;
        tx.commit().await.map_err(backend)?;
        Ok(record)
    }

    async fn ledger_item(
        &self,
        region: &str,
        year: i32,
        kind: LedgerKind,
        key: &str,
    ) -> StoreResult<Option<LedgerItem>> {
        let table = match self.view {
            View::Working => "ledger_items",
            View::Published => "published_ledger_items",
        };
        let row = sql_built(format!(
            "SELECT l.item_key, l.position, l.data, l.version FROM {table} l \
             JOIN regions r ON r.id = l.region_id \
             WHERE r.name = $1 AND l.year = $2 AND l.kind = $3 AND l.item_key = $4"
        ))
        .bind(region)
        .bind(year)
        .bind(kind.as_str())
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(LedgerItem {
                key: row.col("item_key")?,
                position: row.col("position")?,
                data: row.col("data")?,
                version: row.col("version")?,
            })
        })
        .transpose()
    }
}
