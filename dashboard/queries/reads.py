"""What a request read from the warehouse, noted for the audit log (`dashboard.auth.guard`
writes one event per data response): the queries' bound filters, the rows returned and the
build. Never the figures themselves. Outside a request (tests, command line) nothing is noted."""

from __future__ import annotations

from dataclasses import dataclass, field

import flask


@dataclass
class Reads:
    filters: dict[str, object] = field(default_factory=dict)
    rows: int = 0
    builds: set[str] = field(default_factory=set)


def note(params: dict[str, object], rows: int, build: str) -> None:
    if not flask.has_request_context():
        return
    reads = flask.g.get("copilote_reads")
    if reads is None:
        reads = flask.g.copilote_reads = Reads()
    reads.filters.update((k, v) for k, v in params.items() if not k.startswith("scope_"))
    reads.rows += rows
    reads.builds.add(build)


def of_request() -> Reads | None:
    return flask.g.get("copilote_reads") if flask.has_request_context() else None
