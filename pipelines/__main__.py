"""`python -m pipelines run|publish|status|rejects|schedule|demo-data|sample-landing` — a thin CLI.

Exit codes: 0 done (run: published), 1 not published / refused, 2 usage or configuration
error, 3 another run holds the lock.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from pipelines import build, demo, publish, rejects, sample, schedule, status
from pipelines.config import ConfigError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def with_dirs(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--landing", help="landing folder (default: $COPILOTE_LANDING_DIR)")
        sub.add_argument("--warehouse", help="warehouse folder (default: $COPILOTE_WAREHOUSE_DIR)")
        return sub

    with_dirs("run", "build from the landing deliveries and publish if the audit passes")
    sub = with_dirs("publish", "serve a kept build (roll back or forward)")
    sub.add_argument("--build", required=True, metavar="RUN_ID")
    with_dirs("status", "served build, last runs, freshness")
    sub = with_dirs("rejects", "export a run's quarantined rows as CSV for the source owner")
    sub.add_argument("--run", required=True, metavar="RUN_ID")
    sub.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    sub.add_argument("--table", help="only this table")
    with_dirs("schedule", "run every night at 02:30 Europe/Paris (daylight-saving safe)")
    sub = commands.add_parser("demo-data", help="write realistic demo deliveries (seeded)")
    sub.add_argument("--out", required=True, type=Path, help="landing folder to write into")
    sub.add_argument("--parcours", type=int, default=200_000, help="number of parcours")
    sub.add_argument("--seed", type=int, default=1)
    yesterday = date.today() - timedelta(days=1)
    sub.add_argument("--as-of", type=date.fromisoformat, default=yesterday,
                     help="newest delivery's date, YYYY-MM-DD (default: yesterday)")  # fmt: skip
    sub.add_argument("--defect-rate", type=float, default=0.0, help="share of rows with a defect")
    sub = commands.add_parser("sample-landing", help="write a small valid sample delivery")
    sub.add_argument("--out", required=True, type=Path)
    return parser


def _demo_data(args: argparse.Namespace) -> int:
    if args.out.is_dir() and any(args.out.iterdir()):
        print(f"note: {args.out} is not empty; its other deliveries stay and may mix with the "
              "demo's (use an empty folder for a clean demo)", file=sys.stderr)  # fmt: skip
    try:
        summary = demo.generate(args.out, args.parcours, args.seed, args.as_of, args.defect_rate)
    except demo.DemoError as error:
        print(error, file=sys.stderr)
        return 2
    rows = ", ".join(f"{name} {count:,}" for name, count in summary.rows.items())
    print(f"demo deliveries written to {args.out}: {', '.join(f.name for f in summary.folders)}")
    print(f"rows: {rows}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo-data":
        return _demo_data(args)
    if args.command == "sample-landing":
        written = sample.write(args.out)
        print(f"sample delivery written: {written}")
        return 0
    try:
        settings = load_settings(args.landing, args.warehouse)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "run":
        outcome = build.run(settings)
        stream = sys.stdout if outcome.exit_code == 0 else sys.stderr
        print(outcome.message, file=stream)
        return outcome.exit_code
    if args.command == "publish":
        try:
            publish.publish_existing(settings, args.build)
        except publish.PublishError as error:
            print(f"not published: {error}", file=sys.stderr)
            return 1
        print(f"now serving {args.build}")
        return 0
    if args.command == "status":
        print(status.report(settings))
        return 0
    if args.command == "rejects":
        try:
            count = rejects.export(settings, args.run, args.out, args.table)
        except rejects.RejectsError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{count} quarantine rows written to {args.out}")
        return 0
    schedule.loop(
        lambda: schedule.run_in_child(str(settings.landing_dir), str(settings.warehouse_dir))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
