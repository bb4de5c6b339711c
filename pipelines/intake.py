"""Intake: the file in use per table (with fallbacks), its rules, and the accounting.

Every input row ends loaded or quarantined; a table's quarantined share is judged against the
threshold here, before any transformation runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines import landing, sqlfiles
from pipelines.config import Settings
from pipelines.contract import TABLES, Table
from pipelines.progress import Reporter
from pipelines.runstate import NotPublished, RunState
from pipelines.validate import FileInUse, empty_raw, validate_table


def load_and_validate(con, state: RunState, scratch: Path, reporter: Reporter) -> None:
    known = {t.name for t in TABLES}
    for delivery in state.landing.ready:
        extra = landing.unknown_files(delivery, known)
        if extra:
            reporter.say(
                f"warning: {delivery.name} holds files outside the contract, ignored: "
                f"{', '.join(extra)}"
            )
    for table in TABLES:
        with reporter.step(f"load {table.name}") as step:
            used = _load_table(con, table, state, scratch)
            step.rows = used.rows
        with reporter.step(f"validate {table.name}") as step:
            repairs = validate_table(con, used.file)
            state.used[table.name] = used.file
            used.log["repairs"] = repairs
            step.note = f"{repairs} repairs" if repairs else ""


@dataclass
class _Loaded:
    file: FileInUse
    rows: int
    log: dict


def _load_table(con, table: Table, state: RunState, scratch: Path) -> _Loaded:
    options = landing.candidates(state.landing, table)
    refused: list[str] = []
    for candidate in options:
        try:
            raw = landing.load_raw(con, table, candidate.path, f"work.raw_{table.name}", scratch)
        except landing.Unreadable as error:
            _refuse_file(state, table, candidate, error)
            refused.append(f"{candidate.delivery.name}/{candidate.path.name} ({error})")
            continue
        warnings = list(candidate.warnings) + raw.warnings
        if refused:
            warnings.append("fallback: newer file(s) refused: " + "; ".join(refused))
        used = FileInUse(
            table,
            candidate.delivery.name,
            candidate.delivery.day,
            candidate.path.name,
            raw.style,
            raw.line_numbers,
            raw.dialect == "parquet",
        )
        state.used_paths.add(candidate.path)
        log = _log_row(state, candidate, table, raw.dialect, raw.rows_read, warnings, raw.sha256)
        return _Loaded(used, raw.rows_read, log)
    if options:
        state.failures.append(f"{table.name}: no readable file ({'; '.join(refused)})")
        raise NotPublished(
            f"table {table.name}: no readable file in any ready delivery "
            f"({'; '.join(refused)}). Ask its owner for a corrected export."
        )
    if not table.optional:
        state.failures.append(f"{table.name}: no delivery holds it")
        raise NotPublished(
            f"table {table.name}: no ready delivery holds {table.name}.csv or "
            f"{table.name}.parquet; the build would be incomplete."
        )
    empty_raw(con, table)
    return _Loaded(
        FileInUse(table, "", state.landing.today, "", "canonical", None, False), 0, {"rows_read": 0}
    )


def _refuse_file(
    state: RunState, table: Table, candidate: landing.Candidate, error: landing.Unreadable
) -> None:
    state.file_rejects.append(
        (
            state.run_id,
            candidate.delivery.name,
            table.name,
            candidate.path.name,
            None,
            None,
            error.value,
            error.rule,
            str(error),
        )
    )
    _log_row(
        state, candidate, table, "unreadable", 0, [f"{error.rule}: {error}"], None, in_use=False
    )


def _log_row(
    state: RunState,
    candidate: landing.Candidate,
    table: Table,
    dialect: str,
    rows: int,
    warnings: list[str],
    sha256: str | None,
    in_use: bool = True,
) -> dict:
    row = {
        "delivery": candidate.delivery.name,
        "table_name": table.name,
        "file_name": candidate.path.name,
        "dialect": dialect,
        "rows_read": rows,
        "rows_loaded": 0,
        "rows_quarantined": 0,
        "repairs": 0,
        "warnings": "; ".join(warnings),
        "file_sha256": sha256,
        "in_use": in_use,
    }
    state.load_log.append(row)
    return row


def quarantine(con, state: RunState, settings: Settings, reporter: Reporter) -> None:
    with reporter.step("quarantine") as step:
        _account(con, state, settings.max_quarantine_share)
        sql = sqlfiles.read("quarantine/rejects.sql")
        con.sql(sql, params={"run_id": state.run_id}).insert_into("quarantine.rejects")
        if state.file_rejects:
            con.executemany(
                "insert into quarantine.rejects values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                state.file_rejects,
            )
        step.rows = con.execute("select count(*) from quarantine.rejects").fetchall()[0][0]
    blocking = sorted((s for s in state.shares if not s[6]), key=lambda s: -s[4])
    if blocking:
        tables = ", ".join(f"{s[0]} ({s[4]:.1%})".replace("%", " %") for s in blocking)
        raise NotPublished(
            f"table(s) {tables}: quarantined share above the threshold "
            f"COPILOTE_MAX_QUARANTINE_SHARE={settings.max_quarantine_share:g}. See "
            f"quarantine.rejects in the failed build or `python -m pipelines rejects --run "
            f"{state.run_id} --out rejets.csv`."
        )


def _account(con, state: RunState, threshold: float) -> None:
    """rows read = loaded + quarantined per file; the quarantined share per table.

    A cascaded row counts toward the table whose row was refused first: in that table's
    numerator and its denominator, so a share stays between 0 and 1.
    """
    counts = {
        row[0]: row[1:] for row in con.sql(sqlfiles.read("quarantine/table_counts.sql")).fetchall()
    }
    for row in (r for r in state.load_log if r["in_use"]):
        quarantined, charged, cascaded_in = counts.get(row["table_name"], (0, 0, 0))
        row["rows_quarantined"] = quarantined
        row["rows_loaded"] = row["rows_read"] - quarantined
        base = row["rows_read"] + cascaded_in
        share = charged / base if base else 0.0
        passed = share <= threshold
        state.shares.append(
            (row["table_name"], row["rows_read"], quarantined, charged, share, threshold, passed)
        )
        if not passed:
            state.failures.append(
                f"{row['table_name']}: {share:.1%} of its rows quarantined "
                f"(threshold {threshold:.1%})"
            )
