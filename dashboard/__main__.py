"""`python -m dashboard serve [--host 127.0.0.1] [--port 8050]`: Flask's server, for local use.
`python -m dashboard geo`: rebuild the map geometry assets (dashboard/assets/geo/) from
warehouse/reference (see dashboard/geo.py).
`python -m dashboard users …`: the accounts (see dashboard/users_cli.py).

In production (Procfile, `make demo`) gunicorn serves `dashboard.app:server` instead.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import users_cli
from dashboard.app import create_app
from dashboard.config import ConfigError


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the dashboard locally (Flask dev server)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8050, help="port to listen on")
    commands.add_parser(
        "geo", help="rebuild dashboard/assets/geo/<level>.geojson from the reference"
    )
    users_cli.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "geo":
        return _geo()
    if args.command == "users":
        return users_cli.main(args)
    try:
        app = create_app()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def _geo() -> int:
    import gzip

    from dashboard import geo

    for level, path in geo.write().items():
        raw = path.read_bytes()
        print(f"{path}: {len(raw):,} bytes, {len(gzip.compress(raw, mtime=0)):,} gzipped ({level})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
