//! Portable logical dumps: every table of a planwatch database as rows of text, independent of
//! the backend, for `planwatch backup`, `restore` and `copy` (SQLite ⇄ PostgreSQL).
//!
//! Values are normalised on the way out so that both backends write the same dump for the same
//! data: NULL stays NULL, booleans are `0`/`1`, timestamps are RFC 3339 UTC with milliseconds.
//! Sessions and failed-login records are left out: they are security state of one server, not
//! data.
//!
//! The file format is JSON Lines: a header line `{"format":"planwatch-dump","version":1,
//! "schema_version":N}`, then per table a line `{"table":…,"columns":[…],"rows":N}` followed by
//! its N rows, each a JSON array of strings or nulls.

use crate::{StoreError, StoreResult};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// Tables a dump never carries.
pub const EXCLUDED_TABLES: [&str; 3] = ["_sqlx_migrations", "sessions", "login_failures"];

/// Tables restored first, in this order, because others refer to them.
pub const FIRST_TABLES: [&str; 2] = ["regions", "users"];

/// One table's rows as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDump {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// A whole database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dump {
    pub schema_version: i64,
    pub tables: Vec<TableDump>,
}

impl Dump {
    /// Puts tables in restore order: [`FIRST_TABLES`], then the rest by name.
    pub fn sort_tables(&mut self) {
        self.tables.sort_by_key(|t| {
            let first = FIRST_TABLES.iter().position(|f| *f == t.name);
            (first.unwrap_or(FIRST_TABLES.len()), t.name.clone())
        });
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    schema_version: i64,
}

#[derive(Serialize, Deserialize)]
struct TableHeader {
    table: String,
    columns: Vec<String>,
    rows: usize,
}

const FORMAT: &str = "planwatch-dump";

/// Writes a dump as JSON Lines.
pub fn write_dump(dump: &Dump, out: &mut impl Write) -> std::io::Result<()> {
    let header = Header {
        format: FORMAT.into(),
        version: 1,
        schema_version: dump.schema_version,
    };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n")?;
    for t in &dump.tables {
        let th = TableHeader {
            table: t.name.clone(),
            columns: t.columns.clone(),
            rows: t.rows.len(),
        };
        serde_json::to_writer(&mut *out, &th)?;
        out.write_all(b"\n")?;
        for row in &t.rows {
            serde_json::to_writer(&mut *out, row)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}

/// Reads a dump written by [`write_dump`]; any deviation is an error naming the line.
pub fn read_dump(input: impl BufRead) -> StoreResult<Dump> {
    let mut lines = input.lines().enumerate();
    let mut next = |what: &str| -> StoreResult<(usize, String)> {
        match lines.next() {
            Some((i, Ok(line))) => Ok((i + 1, line)),
            Some((i, Err(e))) => Err(StoreError::Invalid(format!("dump line {}: {e}", i + 1))),
            None => Err(StoreError::Invalid(format!(
                "dump ends early: expected {what}"
            ))),
        }
    };
    let bad = |line: usize, what: &str, e: serde_json::Error| {
        StoreError::Invalid(format!("dump line {line}: expected {what}: {e}"))
    };
    let (n, line) = next("the header")?;
    let header: Header = serde_json::from_str(&line).map_err(|e| bad(n, "the header", e))?;
    if header.format != FORMAT || header.version != 1 {
        return Err(StoreError::Invalid(format!(
            "dump line 1: not a planwatch dump (format {:?} version {})",
            header.format, header.version
        )));
    }
    let mut tables = Vec::new();
    loop {
        let (n, line) = match lines.next() {
            None => break,
            Some((i, Ok(l))) => (i + 1, l),
            Some((i, Err(e))) => {
                return Err(StoreError::Invalid(format!("dump line {}: {e}", i + 1)));
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let th: TableHeader =
            serde_json::from_str(&line).map_err(|e| bad(n, "a table header", e))?;
        let mut rows = Vec::with_capacity(th.rows.min(1 << 20));
        for _ in 0..th.rows {
            let (n, line) = match lines.next() {
                Some((i, Ok(l))) => (i + 1, l),
                Some((i, Err(e))) => {
                    return Err(StoreError::Invalid(format!("dump line {}: {e}", i + 1)));
                }
                None => {
                    return Err(StoreError::Invalid(format!(
                        "dump ends inside table {} (expected {} rows)",
                        th.table, th.rows
                    )));
                }
            };
            let row: Vec<Option<String>> =
                serde_json::from_str(&line).map_err(|e| bad(n, "a row", e))?;
            if row.len() != th.columns.len() {
                return Err(StoreError::Invalid(format!(
                    "dump line {n}: table {} row has {} values for {} columns",
                    th.table,
                    row.len(),
                    th.columns.len()
                )));
            }
            rows.push(row);
        }
        tables.push(TableDump {
            name: th.table,
            columns: th.columns,
            rows,
        });
    }
    Ok(Dump {
        schema_version: header.schema_version,
        tables,
    })
}

/// Dumping and restoring a whole database.
#[async_trait]
pub trait DumpStore: Send + Sync {
    /// Every table (but [`EXCLUDED_TABLES`]) with all its rows, in restore order, read in one
    /// transaction so the dump is consistent.
    async fn dump(&self) -> StoreResult<Dump>;

    /// Loads a dump into this database, which must hold no data yet, in one transaction.
    /// Refuses a dump from a newer schema, unknown tables and unknown columns.
    async fn restore(&self, dump: &Dump) -> StoreResult<()>;
}

/// Checks shared by both backends before a restore.
pub fn check_restorable(dump: &Dump, known_version: i64) -> StoreResult<()> {
    if dump.schema_version > known_version {
        return Err(StoreError::NewerSchema {
            found: dump.schema_version,
            known: known_version,
        });
    }
    for t in &dump.tables {
        if EXCLUDED_TABLES.contains(&t.name.as_str()) {
            return Err(StoreError::Invalid(format!(
                "dump carries table {} which is never restored",
                t.name
            )));
        }
    }
    Ok(())
}

/// The rows of a table with a `parent_id` column ordered so that every parent comes before its
/// children (rows whose parent is not in the table keep their place at the end); other tables
/// keep their order. Lets a restore satisfy self-references without deferring constraints.
pub fn parent_first(table: &TableDump) -> Vec<&Vec<Option<String>>> {
    let (Some(id_col), Some(parent_col)) = (
        table.columns.iter().position(|c| c == "id"),
        table.columns.iter().position(|c| c == "parent_id"),
    ) else {
        return table.rows.iter().collect();
    };
    let mut placed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(table.rows.len());
    let mut pending: Vec<&Vec<Option<String>>> = table.rows.iter().collect();
    loop {
        let before = pending.len();
        pending.retain(|row| {
            let ready = match row[parent_col].as_deref() {
                None => true,
                Some(p) => placed.contains(p),
            };
            if ready {
                if let Some(id) = row[id_col].as_deref() {
                    placed.insert(id);
                }
                out.push(*row);
            }
            !ready
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    out.extend(pending);
    out
}

/// Sorts rows of a table without an `id` column by their values, so both backends dump them in
/// the same order.
pub fn sort_rows_without_id(table: &mut TableDump) {
    if !table.columns.iter().any(|c| c == "id") {
        table.rows.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dumps_round_trip_through_json_lines() {
        let dump = Dump {
            schema_version: 4,
            tables: vec![TableDump {
                name: "regions".into(),
                columns: vec!["id".into(), "name".into(), "parent_id".into()],
                rows: vec![
                    vec![Some("1".into()), Some("江北区".into()), None],
                    vec![Some("2".into()), Some("a\"b\nc".into()), Some("1".into())],
                ],
            }],
        };
        let mut buf = Vec::new();
        write_dump(&dump, &mut buf).expect("write");
        assert_eq!(read_dump(buf.as_slice()).expect("read"), dump);
    }

    #[test]
    fn a_truncated_or_foreign_dump_names_the_line() {
        let err = read_dump("{\"format\":\"x\",\"version\":1,\"schema_version\":1}\n".as_bytes())
            .expect_err("foreign");
        assert!(err.to_string().contains("not a planwatch dump"));
        let text = "{\"format\":\"planwatch-dump\",\"version\":1,\"schema_version\":1}\n\
                    {\"table\":\"regions\",\"columns\":[\"id\"],\"rows\":2}\n[\"1\"]\n";
        let err = read_dump(text.as_bytes()).expect_err("truncated");
        assert!(
            err.to_string().contains("ends inside table regions"),
            "{err}"
        );
        let text = "{\"format\":\"planwatch-dump\",\"version\":1,\"schema_version\":1}\n\
                    {\"table\":\"regions\",\"columns\":[\"id\"],\"rows\":1}\n[\"1\",\"2\"]\n";
        let err = read_dump(text.as_bytes()).expect_err("wide row");
        assert!(err.to_string().contains("line 3"), "{err}");
    }
}
