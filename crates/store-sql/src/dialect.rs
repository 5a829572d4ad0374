//! Where the two databases differ: the [`Dialect`] trait, and every SQL word that differs,
//! written once with its two variants side by side. Everything else is shared.

use crate::db::{Binds, Decodes, Executes, quote};
use sqlx::Database;
use sqlx::migrate::{Migrate, Migrator};

/// The database engines planwatch stores in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One file per office (`sqlite.rs`).
    Sqlite,
    /// A server for a city or province (`postgres.rs`).
    Postgres,
}

/// A database the shared code runs on: implemented in `sqlite.rs` for `sqlx::Sqlite` and in
/// `postgres.rs` for `sqlx::Postgres`, which say which [`Engine`] they are and where their
/// migrations are. The provided items are the SQL that differs between them; shared statements
/// name the differing words, `format!("SELECT {} …", D::json_group(&D::json_array("a, b")))`,
/// and read as one text otherwise. A new difference is one more provided item here, with a
/// variant for each backend (the `match` makes forgetting one a compile error).
///
/// The supertraits are the value types the shared code binds and reads (see [`crate::db`] for
/// why they are spelled out); add one when a new query needs a new type.
pub trait Dialect:
    Database<Connection: Migrate>
    + Executes
    + Binds<i64>
    + Binds<i32>
    + Binds<bool>
    + Binds<String>
    + for<'a> Binds<&'a str>
    + for<'a> Binds<&'a String>
    + Binds<Option<i64>>
    + Binds<Option<i32>>
    + Binds<Option<String>>
    + for<'a> Binds<Option<&'a str>>
    + Decodes<i64>
    + Decodes<i32>
    + Decodes<bool>
    + Decodes<String>
    + Decodes<Option<i64>>
    + Decodes<Option<i32>>
    + Decodes<Option<String>>
    + Decodes<Option<Option<String>>>
    + Send
    + Sync
{
    /// Which database this is.
    const ENGINE: Engine;

    /// This backend's migrations (its `migrations/` folder, compiled in).
    const MIGRATOR: &'static Migrator;

    /// Rows changed by a statement (an inherent method of each backend's result type).
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// The backend's name, for messages.
    const BACKEND_NAME: &'static str = match Self::ENGINE {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    };

    /// The statement that opens a write transaction. SQLite's `BEGIN IMMEDIATE` takes the
    /// write lock up front, so concurrent writers wait for each other (busy timeout) instead of
    /// failing when a read transaction tries to upgrade to a write; PostgreSQL locks rows.
    const BEGIN_WRITE: &'static str = match Self::ENGINE {
        Engine::Sqlite => "BEGIN IMMEDIATE",
        Engine::Postgres => "BEGIN",
    };

    /// The statement that opens a read transaction seeing one consistent snapshot (dumps). A
    /// deferred SQLite transaction reads one snapshot from its first read on (WAL mode).
    const BEGIN_SNAPSHOT: &'static str = match Self::ENGINE {
        Engine::Sqlite => "BEGIN",
        Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };

    /// A query giving 1 when sqlx's `_sqlx_migrations` table exists, else 0. `to_regclass`
    /// follows `search_path`, as the migrator does.
    const MIGRATIONS_TABLE_EXISTS: &'static str = match Self::ENGINE {
        Engine::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
        }
        Engine::Postgres => "SELECT COUNT(to_regclass('_sqlx_migrations'))",
    };

    /// The database's tables (one TEXT column), sorted.
    const TABLES: &'static str = match Self::ENGINE {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };

    /// The columns of table `$1` as (name, declared type), in column order.
    const COLUMNS: &'static str = match Self::ENGINE {
        Engine::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
        Engine::Postgres => {
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };

    /// What a year's indicator rows (`i`, joined to regions `r`) are grouped by to get one row
    /// per region. SQLite may select `r.name` beside a group of `i.region_id` and then walks the
    /// index (year, region_id, seq) without sorting; PostgreSQL wants the selected columns (or
    /// the key they depend on) grouped.
    const GROUP_BY_REGION: &'static str = match Self::ENGINE {
        Engine::Sqlite => "i.region_id",
        Engine::Postgres => "r.id, r.name",
    };

    /// What [`planwatch_store::Store::close`] runs before closing the pool: on SQLite a
    /// checkpoint that copies every committed page into the database file and truncates the
    /// write-ahead log, so the `.db` file alone holds every change (an office copies that one
    /// file to back it up). It returns (busy, log pages, checkpointed pages).
    const CLOSING_CHECKPOINT: Option<&'static str> = match Self::ENGINE {
        Engine::Sqlite => Some("PRAGMA wal_checkpoint(TRUNCATE)"),
        Engine::Postgres => None,
    };

    /// How parameter `n` (1-based) of a generated multi-row statement is written, every
    /// parameter appearing once and in order ([`crate::db::values_placeholders`]). SQLite reads
    /// `$N` as a *named* parameter and looks each name up in a list when binding, so a
    /// 2,000-row INSERT of 14,000 `$N` parameters costs O(n²) per execution (bulk imports ran
    /// 40–60× slower than with `?`, measured in docs/benchmarks.md); a plain `?` is numbered by
    /// its position and has no name.
    fn push_parameter(out: &mut String, n: usize) {
        match Self::ENGINE {
            Engine::Sqlite => out.push('?'),
            Engine::Postgres => {
                out.push('$');
                out.push_str(&n.to_string());
            }
        }
    }

    /// A JSON array of the comma-separated SQL expressions `items`.
    fn json_array(items: &str) -> String {
        match Self::ENGINE {
            Engine::Sqlite => format!("json_array({items})"),
            Engine::Postgres => format!("json_build_array({items})"),
        }
    }

    /// The JSON array (as TEXT) of `expr` over a group's rows, `[]` for none (PostgreSQL's
    /// `json_agg` of no rows is NULL).
    fn json_group(expr: &str) -> String {
        match Self::ENGINE {
            Engine::Sqlite => format!("json_group_array({expr})"),
            Engine::Postgres => format!("COALESCE(json_agg({expr})::text, '[]')"),
        }
    }

    /// A boolean column as the integer 0/1 that JSON rows carry on both backends (SQLite
    /// stores booleans as 0/1 already).
    fn bool_as_int(column: &str) -> String {
        match Self::ENGINE {
            Engine::Sqlite => column.to_string(),
            Engine::Postgres => format!("{column}::int"),
        }
    }

    /// `column IN` the strings of the JSON array bound as parameter `param` (`$1`). On
    /// PostgreSQL the strings become an array first: `IN (SELECT json_array_elements_text…)`
    /// was planned as a semi-join filtering every indicator row of the years (11.7 ms for a
    /// city's 14 districts), `= ANY(ARRAY(…))` walks the (region_id, year) index from each
    /// matching region (0.76 ms), as the array parameter did before the backends merged.
    fn in_json_strings(column: &str, param: &str) -> String {
        match Self::ENGINE {
            Engine::Sqlite => format!("{column} IN (SELECT value FROM json_each({param}))"),
            Engine::Postgres => {
                format!("{column} = ANY(ARRAY(SELECT json_array_elements_text({param}::json)))")
            }
        }
    }

    /// A timestamp column as RFC 3339 UTC text with milliseconds (`2024-01-31T08:00:00.000Z`);
    /// SQLite stores it so already (migration 0001).
    fn timestamp_text(column: &str) -> String {
        match Self::ENGINE {
            Engine::Sqlite => column.to_string(),
            Engine::Postgres => {
                format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
            }
        }
    }

    /// How a dump reads column `quoted` of declared type `ty`: as the dump's portable text
    /// (booleans `0`/`1`, timestamps as [`Dialect::timestamp_text`]).
    fn dump_column(quoted: &str, ty: &str) -> String {
        match (Self::ENGINE, ty) {
            (Engine::Sqlite, _) => format!("CAST({quoted} AS TEXT)"),
            (Engine::Postgres, "boolean") => {
                format!("CASE WHEN {quoted} THEN '1' WHEN NOT {quoted} THEN '0' END")
            }
            (Engine::Postgres, "timestamp with time zone") => Self::timestamp_text(quoted),
            (Engine::Postgres, _) => format!("{quoted}::text"),
        }
    }

    /// How a restore binds a dump's text into a column of declared type `ty` as parameter `n`
    /// (SQLite converts text to the column's affinity itself).
    fn restore_param(n: usize, ty: &str) -> String {
        match Self::ENGINE {
            Engine::Sqlite => format!("${n}"),
            Engine::Postgres => format!("${n}::{ty}"),
        }
    }

    /// A statement to run after restoring the rows of `table`, which has an `id` column:
    /// PostgreSQL's serial sequence must continue after the restored ids.
    fn after_restoring_ids(table: &str) -> Option<String> {
        match Self::ENGINE {
            Engine::Sqlite => None,
            Engine::Postgres => {
                let literal = table.replace('\'', "''");
                Some(format!(
                    "SELECT setval(pg_get_serial_sequence('{literal}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {}), 0) + 1, false) \
                     WHERE pg_get_serial_sequence('{literal}', 'id') IS NOT NULL",
                    quote(table)
                ))
            }
        }
    }
}
