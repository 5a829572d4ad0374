//! `planwatch backup|restore|copy`: moving a whole database between files and backends.

use crate::{is_postgres, open_sqlite, open_store};
use anyhow::{Context, Result, bail};
use clap::Args;
use planwatch_store::dump::{read_dump, write_dump};
use std::path::PathBuf;

#[derive(Args)]
pub struct BackupArgs {
    /// Where to write. A `.db`/`.sqlite` file from a SQLite database is an online copy of the
    /// database file; anything else is a portable dump (JSON Lines) that `restore` reads into
    /// SQLite or PostgreSQL.
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A dump written by `planwatch backup`.
    input: PathBuf,
}

#[derive(Args)]
pub struct CopyArgs {
    /// The source database (a SQLite path, sqlite: URL or postgres:// URL).
    #[arg(long)]
    from: String,
    /// The target database, which must be empty (it is created if it is a new SQLite file).
    #[arg(long)]
    to: String,
}

fn is_sqlite_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "db" | "sqlite" | "sqlite3"))
}

pub async fn backup(db: &str, args: BackupArgs) -> Result<()> {
    if args.output.exists() {
        bail!(
            "{} exists; a backup never overwrites a file",
            args.output.display()
        );
    }
    if !is_postgres(db) && is_sqlite_file(&args.output) {
        let store = open_sqlite(db, false).await?;
        store
            .backup_to(&args.output)
            .await
            .with_context(|| format!("backup to {}", args.output.display()))?;
        outln!(
            "copied {db} to {} (SQLite online backup)",
            args.output.display()
        )?;
        return Ok(());
    }
    let store = open_store(db, false).await?;
    let dump = store.dump().await?;
    // Write to a temporary name first so a failed backup leaves no half file behind.
    let partial = args.output.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let mut out = std::io::BufWriter::new(file);
    write_dump(&dump, &mut out).with_context(|| format!("writing {}", partial.display()))?;
    drop(out);
    std::fs::rename(&partial, &args.output)
        .with_context(|| format!("cannot move the dump to {}", args.output.display()))?;
    let rows: usize = dump.tables.iter().map(|t| t.rows.len()).sum();
    outln!(
        "dumped {} tables, {rows} rows (schema v{}) to {}",
        dump.tables.len(),
        dump.schema_version,
        args.output.display()
    )?;
    Ok(())
}

pub async fn restore(db: &str, args: RestoreArgs) -> Result<()> {
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let dump = read_dump(std::io::BufReader::new(file))
        .with_context(|| format!("{}", args.input.display()))?;
    let store = open_store(db, true).await?;
    store
        .restore(&dump)
        .await
        .with_context(|| format!("restoring {} into {db}", args.input.display()))?;
    let rows: usize = dump.tables.iter().map(|t| t.rows.len()).sum();
    outln!(
        "restored {} tables, {rows} rows into {db}",
        dump.tables.len()
    )?;
    Ok(())
}

pub async fn copy(args: CopyArgs) -> Result<()> {
    let from = open_store(&args.from, false).await?;
    let dump = from.dump().await?;
    let to = open_store(&args.to, true).await?;
    to.restore(&dump)
        .await
        .with_context(|| format!("copying into {}", args.to))?;
    let rows: usize = dump.tables.iter().map(|t| t.rows.len()).sum();
    outln!(
        "copied {} tables, {rows} rows from {} ({}) to {} ({})",
        dump.tables.len(),
        args.from,
        from.backend(),
        args.to,
        to.backend()
    )?;
    Ok(())
}
