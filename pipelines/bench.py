"""`python -m pipelines.bench`: the pipeline against its floor (DuckDB alone reading the files).

Each measured step is a fresh child process: wall time around it, peak memory = its max RSS from
`os.wait4` (Linux: grandchildren it waited for included). Medians of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import duckdb

from pipelines import landing
from pipelines.config import PROJECT_DIR, ConfigError, load_settings
from pipelines.contract import TABLES

GOAL_PARCOURS, GOAL_SECONDS, GOAL_RATIO, GOAL_PEAK_MB = 1_000_000, 60.0, 4.0, 2000.0
HEADER = (
    "| parcours (N) | rows in landing | generation s | floor s | floor peak MB "
    "| pipeline s | pipeline peak MB | pipeline / floor |"
)
CHILD_ENV = {"COPILOTE_RETENTION_DAYS": "36500"}  # a benchmark deletes nothing from its landing


class BenchError(Exception):
    """A step failed: the message names it and ends with the child's output."""


class Child(NamedTuple):
    wall_s: float
    peak_mb: float  # decimal MB (10^6 bytes), the unit of DuckDB's memory_limit "2GB"


def run_child(args: list[object], what: str) -> Child:
    """`python -m ARGS…` (output to a file: no pipe to fill while we wait); raise if it fails."""
    command, env = [sys.executable, "-m", *map(str, args)], {**os.environ, **CHILD_ENV}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=out, env=env, cwd=PROJECT_DIR)
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child alone
        child = Child(time.perf_counter() - start, usage.ru_maxrss * 1024 / 1e6)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
        if proc.returncode != 0:
            out.seek(0)
            tail = out.read().decode(errors="replace").strip().splitlines()[-40:]
            raise BenchError(f"{what} failed (exit {proc.returncode}):\n" + "\n".join(tail))
    return child


def generate(n: int, args: argparse.Namespace) -> tuple[Path, float, bool]:
    """The demo landing of `n` parcours, reused if its stamp matches: (path, seconds, reused)."""
    target = args.work / f"landing-{n}"
    wanted = {"parcours": n, "seed": args.seed, "as_of": args.as_of, "generator": _generator()}
    stamp = target / ".bench-stamp.json"  # a file: the pipeline only looks at folders
    if not args.fresh and stamp.is_file():
        saved = json.loads(stamp.read_text())
        if {key: saved.get(key) for key in wanted} == wanted:
            return target, saved["generation_s"], True
    shutil.rmtree(target, ignore_errors=True)
    command = ["pipelines", "demo-data", "--out", target, "--parcours", n, "--seed", args.seed]
    child = run_child([*command, "--as-of", args.as_of], f"demo-data N={n}")
    stamp.write_text(json.dumps({**wanted, "generation_s": child.wall_s}))
    return target, child.wall_s, False


def _generator() -> str:
    """A digest of the generator's code: a landing made by another version is regenerated."""
    digest = hashlib.sha256()
    for source in sorted((PROJECT_DIR / "pipelines" / "demo").glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def files_in_use(landing_dir: Path, scratch: Path) -> list[dict[str, str]]:
    """The file in use of each table (pipelines.landing) and its delimiter; untimed. DuckDB cannot
    decode Windows-1252 without an extension and its latin-1 decoder refuses the bytes 0x80-0x9F
    (cp1252's — ’ € œ): cp1252 files are transcoded here by the pipeline's own transcoder and the
    floor reads the UTF-8 copy (same decoding cost; the pipeline's transcoding is in its time).
    """
    found, files = landing.scan(landing_dir), []
    for table in TABLES:
        if not (options := landing.candidates(found, table)):
            continue
        path = options[0].path  # the newest ready delivery's file: the file in use
        entry = {"table": table.name, "path": str(path)}
        if path.suffix == ".csv":  # the pipeline's own byte scan (untimed here)
            info = landing.scan_bytes(path)
            entry["delim"] = ";" if info.header.count(b";") > info.header.count(b",") else ","
            if info.encoding == "cp1252":
                entry["path"] = str(landing.transcode(path, scratch))
        files.append(entry)
    return files


# All text, as the pipeline reads before typing; the delimiter is the one detected, the rest is
# sniffed by DuckDB. Every CSV read here is UTF-8 (see files_in_use).
READ_CSV = """read_csv($path, header = true, all_varchar = true, delim = $delim,
                        quote = '"', escape = '"')"""


def floor_child(spec_file: Path) -> int:
    """In the child: one `create table … as select * from read_…` per file in use, nothing else."""
    spec = json.loads(spec_file.read_text())
    config = {"threads": spec["threads"], "memory_limit": spec["memory_limit"]}
    con = duckdb.connect(spec["db"], config={**config, "preserve_insertion_order": True})
    for entry in spec["files"]:
        params = {key: value for key, value in entry.items() if key != "table"}
        source = READ_CSV if "delim" in params else "read_parquet($path)"  # Parquet: as stored
        con.execute(f'create table "{entry["table"]}" as select * from {source}', params)
    con.close()
    return 0


def floor_once(files: list[dict], work: Path, settings: dict) -> tuple[Child, dict[str, int]]:
    """One floor run into a fresh DuckDB file; rows per table are counted after, untimed."""
    with tempfile.TemporaryDirectory(prefix="floor-", dir=work) as scratch:
        db, spec = Path(scratch, "floor.duckdb"), Path(scratch, "spec.json")
        spec.write_text(json.dumps({**settings, "db": str(db), "files": files}))
        child = run_child(["pipelines.bench", "--floor-child", spec], "the floor")
        with duckdb.connect(str(db), read_only=True) as con:
            rows = {f["table"]: con.table(f["table"]).count("*").fetchall()[0][0] for f in files}
    return child, rows


def pipeline_once(landing_dir: Path, work: Path) -> Child:
    """One `python -m pipelines run` into a fresh warehouse folder: it must publish (exit 0)."""
    with tempfile.TemporaryDirectory(prefix="warehouse-", dir=work) as warehouse:
        command = ["pipelines", "run", "--landing", landing_dir, "--warehouse", warehouse]
        return run_child(command, f"the pipeline on {landing_dir}")


def bench_one(n: int | None, args: argparse.Namespace, settings: dict) -> dict[str, object]:
    generation, reused, landing_dir = None, False, args.landing
    if landing_dir is None:
        landing_dir, generation, reused = generate(n, args)
    floors, pipelines, rows = [], [], {}
    with tempfile.TemporaryDirectory(prefix="utf8-", dir=args.work) as scratch:
        files = files_in_use(landing_dir, Path(scratch))
        for i in range(args.repeat):  # interleaved, so that any drift hits both sides alike
            floor, rows = floor_once(files, args.work, settings)
            floors.append(floor)
            pipelines.append(pipeline_once(landing_dir, args.work))
            walls = f"floor {floor.wall_s:.1f} s, pipeline {pipelines[-1].wall_s:.1f} s"
            print(f"{landing_dir.name} #{i + 1}: {walls}", file=sys.stderr)
    result = {"parcours": rows.get("parcours", 0) if n is None else n, "rows": sum(rows.values())}
    result |= {"landing": str(landing_dir), "rows_per_table": rows}
    result |= {"generation_s": generation, "generation_reused": reused}
    result |= _medians("floor", floors) | _medians("pipeline", pipelines)
    return result | {"ratio": result["pipeline_wall_s"] / result["floor_wall_s"]}


def _medians(side: str, children: list[Child]) -> dict[str, object]:
    return {
        f"{side}_wall_s": statistics.median(c.wall_s for c in children),
        f"{side}_peak_mb": statistics.median(c.peak_mb for c in children),
        f"{side}_runs": [{"wall_s": c.wall_s, "peak_mb": c.peak_mb} for c in children],
    }


def machine(settings: dict) -> dict[str, object]:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    ram_gb = round(total_kib * 1024 / 1e9, 1)
    versions = {"python": sys.version.split()[0], "duckdb": duckdb.__version__}
    return {"cpus": os.cpu_count(), "ram_gb": ram_gb, **versions, **settings}


def goals(results: list[dict]) -> list[dict[str, object]]:
    """Judged at 1,000,000 parcours; the ratio and peak fall back to the largest size measured."""
    at = next((r for r in results if r["parcours"] == GOAL_PARCOURS), None)
    row = at or max(results, key=lambda r: r["parcours"])
    where, ratio, peak = f"at N={row['parcours']:,}", row["ratio"], row["pipeline_peak_mb"]
    built = at["pipeline_wall_s"] if at else None
    text = f"{built:.1f} s" if at else f"add {GOAL_PARCOURS} to --sizes"
    checks = [
        ("1,000,000 parcours built in ≤ 60 s", built, GOAL_SECONDS, text),
        ("pipeline ≤ 4× the floor", ratio, GOAL_RATIO, f"{ratio:.1f}× {where}"),
        ("pipeline peak ≤ 2 GB", peak, GOAL_PEAK_MB, f"{peak:,.0f} MB {where}"),
    ]
    return [
        {"goal": goal, "met": None if value is None else value <= limit, "value": text}
        for goal, value, limit, text in checks
    ]


def markdown(results: list[dict], host: dict, checks: list[dict], repeat: int) -> str:
    lines = [HEADER, "|---:" * 8 + "|"]
    for r in results:
        gen = "—" if r["generation_s"] is None else f"{r['generation_s']:.1f}"
        gen += " (reused)" if r["generation_reused"] else ""
        lines.append(
            f"| {r['parcours']:,} | {r['rows']:,} | {gen} | {r['floor_wall_s']:.2f} "
            f"| {r['floor_peak_mb']:,.0f} | {r['pipeline_wall_s']:.2f} "
            f"| {r['pipeline_peak_mb']:,.0f} | {r['ratio']:.1f}× |"
        )
    lines += [
        "",
        f"Medians of {repeat} run(s); {host['cpus']} CPUs, {host['ram_gb']} GB RAM; DuckDB "
        f"{host['duckdb']} (threads {host['threads']}, memory_limit {host['memory_limit']}). "
        "Floor: DuckDB alone loading the files in use as text (cp1252 via a UTF-8 copy). "
        "Peak: the child's max RSS, MB = 10^6 bytes.",
        "",
        "Goals:",
    ]
    for check in checks:
        verdict = {True: "met", False: "NOT met", None: "not measured"}[check["met"]]
        lines.append(f"- {check['goal']}: **{verdict}** ({check['value']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=lambda text: Path(text).resolve(), default="var/bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-24")
    parser.add_argument("--fresh", action="store_true", help="regenerate the demo landings")
    parser.add_argument("--landing", type=Path, help="benchmark this landing (no --sizes)")
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.floor_child:
        return floor_child(args.floor_child)
    args.landing = args.landing.resolve() if args.landing else None
    try:
        loaded = load_settings(args.landing or args.work, args.work)  # what the pipeline will use
        settings = {"threads": loaded.threads, "memory_limit": loaded.memory_limit}
        args.work.mkdir(parents=True, exist_ok=True)
        results = [bench_one(n, args, settings) for n in ([None] if args.landing else args.sizes)]
    except (BenchError, ConfigError) as error:
        print(f"bench stopped: {error}", file=sys.stderr)
        return 1
    host, checks = machine(settings), goals(results)
    report = {"machine": host, "repeat": args.repeat, "seed": args.seed, "as_of": args.as_of}
    report |= {"results": results, "goals": checks}
    out = args.work / "bench-pipeline.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(markdown(results, host, checks, args.repeat))
    print(f"\nresults written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
