"""`python -m pipelines status`: the served build, the last runs, freshness."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb

from pipelines import history, publish
from pipelines.config import Settings


def report(settings: Settings, today: date | None = None, last: int = 10) -> str:
    today = today or datetime.now(UTC).date()
    lines = []
    served = publish.served_run_id(settings)
    if served is None:
        lines.append("Served build: none (no build has been published yet).")
    else:
        lines.append(f"Served build: {served}")
        lines.extend(_freshness(settings, served, today))
    runs = history.runs(settings.history_path)
    lines.append(f"Last runs ({min(last, len(runs))} of {len(runs)}):")
    for run in runs[-last:][::-1]:
        mark = " (served)" if run.run_id == served else ""
        lines.append(f"  {run.run_id}  {run.status:<11} as of {run.as_of or '-'}{mark}")
        if run.status != "published" and run.message:
            lines.append(f"      {run.message}")
    kept = publish.kept_run_ids(settings)
    lines.append(f"Kept builds: {', '.join(kept) if kept else 'none'}")
    return "\n".join(lines)


def _freshness(settings: Settings, run_id: str, today: date) -> list[str]:
    path = publish.build_path(settings, run_id)
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            as_of = con.execute("select as_of from meta.runs").fetchall()[0][0]
            files = con.execute(
                "select table_name, delivery, file_name, rows_loaded, rows_quarantined "
                "from meta.load_log where in_use order by table_name"
            ).fetchall()
    except duckdb.Error as error:
        return [f"  the served build cannot be read: {str(error).splitlines()[0]}"]
    lines = [f"  data as of {as_of:%d/%m/%Y} ({(today - as_of).days} day(s) ago)"]
    for table_name, delivery, file_name, loaded, quarantined in files:
        lines.append(
            f"  {table_name:<20} {delivery}/{file_name:<26} {loaded:>10} loaded "
            f"{quarantined:>8} quarantined"
        )
    return lines
