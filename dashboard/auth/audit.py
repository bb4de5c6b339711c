"""Writing the audit log: one event per data response and per export (who, role, scope, page or
export, the filters the data layer bound, data version, rows), per login, logout and account
change — never the figures. Events older than 12 months are forgotten (checked hourly)."""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

import flask

from dashboard.appstate import audit
from dashboard.appstate.users import User
from dashboard.auth import session
from dashboard.queries import reads

PURGE_EVERY_SECONDS = 3600
_purged = {"at": 0.0}
_purge_lock = threading.Lock()
logger = logging.getLogger(__name__)


def record_event(
    kind: str, target: str, user: User | None = None, username: str | None = None, **extra
) -> None:
    """One event about the request's user (or `user`, or only a `username` for a refused
    login). The audit never blocks an answer: a failure to write is logged."""
    user = user if user is not None else session.current_user()
    event = audit.Event(
        kind=kind,
        target=target,
        user_id=None if user is None else user.user_id,
        username=username if user is None else user.username,
        role=None if user is None else user.role,
        scope=None if user is None else session.scope_of(user).describe(),
        address=flask.request.remote_addr if flask.has_request_context() else None,
        **extra,
    )
    try:
        con = session.connection()
        audit.record(con, event)
        _purge_now_and_then(con)
    except Exception as error:
        logger.error("audit event %s %s not written: %s", kind, target, error)


def _purge_now_and_then(con) -> None:
    now = time.time()
    with _purge_lock:
        if now - _purged["at"] < PURGE_EVERY_SECONDS:
            return
        _purged["at"] = now
    audit.purge(con)


def page_of_request() -> str:
    """The page a callback serves: the path of its Referer (same-origin requests carry it)."""
    referrer = flask.request.referrer or ""
    return urlsplit(referrer).path or "?"


def after_data_response(response: flask.Response) -> flask.Response:
    """The data a request read, if any, as one audit event."""
    found = reads.of_request()
    if found is None:
        return response
    path = flask.request.path
    if path.startswith("/export/"):
        kind, target = "export", path.removeprefix("/export/")
    else:
        kind, target = "data", page_of_request()
    record_event(kind, target, filters=found.filters, row_count=found.rows,
                 data_version=",".join(sorted(found.builds)))  # fmt: skip
    return response
