"""One nightly run: landing → new build file → audit → publish (or not), recorded in the history.

The build is written to a fresh file `builds/<run_id>.duckdb`; the served build is never opened
read-write. Working tables live in an in-memory database attached as `work`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import history, landing, protect, publish, retention, sqlfiles
from pipelines.config import REFERENCE_DIR, Settings
from pipelines.contract import TABLES
from pipelines.intake import load_and_validate, quarantine
from pipelines.lock import LockHeld, exclusive
from pipelines.progress import Reporter
from pipelines.runstate import NotPublished, Outcome, RunState
from pipelines.validate import register_foreign_keys

EXIT_PUBLISHED, EXIT_NOT_PUBLISHED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
REFERENCE_FILES = {
    "regions": "regions.csv",
    "departements": "departements.csv",
    "zones_emploi": "zones_emploi_2020.csv",
    "communes": "communes_ze2020.csv",
    "energy_factors": "energy_factors.csv",
}
INTERMEDIATE = (
    "int_communes",
    "int_sites",
    "int_parcours",
    "int_energy_per_survey",
    "int_parcours_energy",
)


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%S}Z-{now:%f}"  # sortable: one writer at a time (the lock)


def run(
    settings: Settings,
    reporter: Reporter | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Outcome:
    """One run. `clock` only stamps the run (its id and times): the data never read it."""
    reporter = reporter or Reporter()
    clock = clock or (lambda: datetime.now(UTC))
    if not settings.landing_dir.is_dir():
        return Outcome(
            EXIT_USAGE,
            f"landing folder {settings.landing_dir} does not exist: "
            "check COPILOTE_LANDING_DIR or --landing.",
        )
    try:
        with exclusive(settings.lock_path):
            return _locked_run(settings, reporter, clock)
    except LockHeld as held:
        return Outcome(EXIT_LOCKED, str(held))


def _locked_run(settings: Settings, reporter: Reporter, clock: Callable[[], datetime]) -> Outcome:
    started = clock()
    state = RunState(new_run_id(started), started)
    history.append(
        settings.history_path,
        {
            "event": "started",
            "run_id": state.run_id,
            "at": state.started_at.isoformat(),
            "pid": os.getpid(),
        },
    )
    reporter.say(f"run {state.run_id}: landing {settings.landing_dir}")
    settings.builds_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"copilote-{state.run_id}-"))
    try:
        build_file = publish.build_path(settings, state.run_id)
        status, message = _build(settings, state, build_file, scratch, reporter)
    except Exception as error:  # an unexpected fault: recorded, never published
        traceback.print_exc()
        status, message = "failed", f"internal error: {type(error).__name__}: {error}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    deleted: list[str] = []
    if status == "succeeded":
        with reporter.step("publish") as step:
            publish.switch_pointer(settings, state.run_id)
            step.note = f"current → builds/{state.run_id}.duckdb"
        status = "published"
        deleted = retention.apply(state.landing, settings, state.used_paths)
        for name in deleted:
            reporter.say(f"retention: deleted {name}")
    _finish(settings, state, status, message, deleted)
    removed = publish.prune(settings)
    if removed:
        reporter.say(
            f"builds removed (beyond the {settings.keep_builds} kept): {', '.join(removed)}"
        )
    reporter.say(f"run {state.run_id}: {status}. {message}")
    code = EXIT_PUBLISHED if status == "published" else EXIT_NOT_PUBLISHED
    return Outcome(code, message, state.run_id)


def _finish(
    settings: Settings, state: RunState, status: str, message: str, deleted: list[str]
) -> None:
    history.append(
        settings.history_path,
        {
            "event": "finished",
            "run_id": state.run_id,
            "status": status,
            "message": message,
            "at": datetime.now(UTC).isoformat(),
            "as_of": state.landing.today.isoformat()
            if state.landing and state.landing.today
            else None,
            "deliveries": sorted({u.delivery for u in state.used.values() if u.delivery}),
            "failures": state.failures,
            "load_log": state.load_log,
            "deleted": deleted,
            "not_ready": state.landing.not_ready if state.landing else [],
        },
    )


def _build(
    settings: Settings, state: RunState, build_file: Path, scratch: Path, reporter: Reporter
) -> tuple[str, str]:
    state.landing = landing.scan(settings.landing_dir)
    reporter.say(landing.describe(state.landing))
    if state.landing.today is None:
        raise_message = (
            "no ready delivery (a folder YYYY-MM-DD holding _READY) in the landing folder"
        )
        state.failures.append(raise_message)
        return "failed", f"not published: {raise_message}."
    con = duckdb.connect(
        str(build_file),
        config={
            "threads": settings.threads,
            "memory_limit": settings.memory_limit,
            "temp_directory": str(scratch / "spill"),
            "preserve_insertion_order": True,
        },
    )
    try:
        try:
            _prepare(con)
            load_and_validate(con, state, scratch, reporter)
            quarantine(con, state, settings, reporter)
            _transform(con, state, reporter, settings.memory_limit)
            _checks(con, state, reporter)
            status, message = "succeeded", _summary(state)
        except NotPublished as refusal:
            status, message = "failed", f"not published: {refusal}"
        _write_meta(con, state, status, message)
        con.execute("detach work")
        con.execute("checkpoint")
    finally:
        con.close()
    if Path(f"{build_file}.wal").exists():
        return "failed", "not published: the build file was not closed cleanly (a .wal remains)."
    return status, message


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("attach ':memory:' as work")
    for statement in sqlfiles.statements(sqlfiles.read("work_tables.sql")):
        con.execute(statement)
    for ddl in ("build_tables.sql", "macros.sql"):
        for statement in sqlfiles.statements(sqlfiles.read(ddl)):
            con.execute(statement)
    for name, file_name in REFERENCE_FILES.items():
        sql = sqlfiles.read(f"reference/ref_{name}.sql")
        con.sql(sql, params={"path": str(REFERENCE_DIR / file_name)}).create(f"ref.{name}")
    register_foreign_keys(con, TABLES)


def _transform(con, state: RunState, reporter: Reporter, memory_limit: str) -> None:
    _pause_for_fault_injection(reporter)
    params = {"as_of": state.landing.today}
    steps = [("intermediate", name) for name in INTERMEDIATE]
    steps += [("marts", name) for name in sqlfiles.names("marts")]
    for schema, name in steps:
        with reporter.step(f"{schema} {name}") as step:
            sql = sqlfiles.read(f"{schema}/{name}.sql")
            con.sql(sql, params=sqlfiles.params_for(sql, params)).create(f"{schema}.{name}")
            step.rows = con.table(f"{schema}.{name}").aggregate("count(*)").fetchall()[0][0]
    with reporter.step("marts protected_kpis") as step:
        step.rows = protect.publish(con, state.landing.today, memory_limit)


def _pause_for_fault_injection(reporter: Reporter) -> None:
    """Tests kill a run here: COPILOTE_PIPELINE_PAUSE_SECONDS holds it here (build file open)."""
    seconds = float(os.environ.get("COPILOTE_PIPELINE_PAUSE_SECONDS", "0") or 0)
    if seconds > 0:
        reporter.say(f"paused {seconds:g} s before the transformations (fault-injection setting)")
        time.sleep(seconds)


def _checks(con, state: RunState, reporter: Reporter) -> None:
    failed = []
    with reporter.step("checks") as step:
        for path in sqlfiles.check_files():
            sql = path.read_text(encoding="utf-8")
            severity = "warn" if "-- severity: warn" in sql else "error"
            description = " ".join(
                line.removeprefix("--").strip()
                for line in sql.splitlines()
                if line.startswith("--") and "severity:" not in line
            )
            failing = con.sql(sql).aggregate("count(*)").fetchall()[0][0]
            status = "pass" if failing == 0 else ("warn" if severity == "warn" else "fail")
            con.execute(
                "insert into meta.check_results values (?, ?, ?, ?, ?)",
                [path.stem, severity, status, failing, description],
            )
            if status == "fail":
                failed.append(f"{path.stem} ({failing} rows)")
        failed += _audit_protection(con)
        step.rows = len(sqlfiles.check_files()) + 1
    if failed:
        state.failures.append("checks failed: " + ", ".join(failed))
        raise NotPublished("audit failed: " + ", ".join(failed))


def _audit_protection(con) -> list[str]:
    """The disclosure audit of marts.protected_kpis (a recoverable count fails the build)."""
    found = protect.audit_build(con)
    examples = "; ".join(f"{r.column} {'/'.join(map(str, r.cell))}: {r.how}" for r in found[:5])
    description = (
        "Protected figures: no count from 1 to 10 is published and no hidden count can be "
        "recovered from the published margins, hierarchy, periods or programmes."
        + (f" Found: {examples}" if found else "")
    )
    status = "fail" if found else "pass"
    con.execute(
        "insert into meta.check_results values (?, ?, ?, ?, ?)",
        ["audit_protected_kpis", "error", status, len(found), description],
    )
    return [f"audit_protected_kpis ({len(found)} rows)"] if found else []


def _write_meta(con, state: RunState, status: str, message: str) -> None:
    deliveries = ",".join(sorted({u.delivery for u in state.used.values() if u.delivery}))
    con.execute(
        "insert into meta.runs values (?, ?, ?, ?, ?, ?, ?)",
        [
            state.run_id,
            state.started_at,
            datetime.now(UTC),
            status,
            deliveries,
            state.landing.today,
            message,
        ],
    )
    con.executemany(
        "insert into meta.load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                state.run_id,
                r["delivery"],
                r["table_name"],
                r["file_name"],
                r["dialect"],
                r["rows_read"],
                r["rows_loaded"],
                r["rows_quarantined"],
                r["repairs"],
                r["warnings"],
                r["file_sha256"],
                r["in_use"],
            ]
            for r in state.load_log
        ],
    )
    if state.shares:
        con.executemany(
            "insert into meta.quarantine_shares values (?, ?, ?, ?, ?, ?, ?)", state.shares
        )


def _summary(state: RunState) -> str:
    loaded = sum(r["rows_loaded"] for r in state.load_log if r["in_use"])
    quarantined = sum(r["rows_quarantined"] for r in state.load_log if r["in_use"])
    return (
        f"as of {state.landing.today.isoformat()}: {loaded} rows loaded, "
        f"{quarantined} quarantined, from {len(state.used)} tables."
    )
