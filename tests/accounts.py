"""Accounts for the tests: one app-state database per session holding an account of each role
(with one password, hashed once), copied for each test; `signed_in` runs code as one of them
inside a request (pages and builders read the user's scope from the request), `log_in` signs a
Flask test client in through the real `/login`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask

PASSWORD = "mot-de-passe-des-tests"
SECRET_KEY = "k" * 64
# (username, role, région, funder): régions 84 and 11 and the funders FT, REG-84 and OBL-C2E
# are the demo delivery's (tests/conftest.py demo_build); the sample has région 84 too
ACCOUNTS = (
    ("admin", "admin", None, None),
    ("comite", "committee", None, None),
    ("direction-84", "director", "84", None),
    ("direction-11", "director", "11", None),
    ("financeur-ft", "funder", None, "FT"),
    ("financeur-reg-84", "funder", None, "REG-84"),
    ("financeur-obl-c2e", "funder", None, "OBL-C2E"),
    ("financeur-f-r84", "funder", None, "F-R84"),  # the sample delivery's région funder
)


def create(path: Path) -> None:
    from dashboard import passwords
    from dashboard.appstate import db, users

    con = db.connect(path)
    hashed = passwords.hash_password(PASSWORD)
    for username, role, region, funder in ACCOUNTS:
        users.add(con, username, hashed, role, region, funder)
    db.close_all()


def copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@contextmanager
def signed_in(username: str) -> Iterator[None]:
    """The block runs as `username` (from the test's app-state database): its user is the one
    `dashboard.auth.current_user` finds (an application context, not a request: Dash refuses to
    register pages inside a request, and a test may build the app in the block)."""
    from dashboard.appstate import db, users
    from dashboard.config import load_settings

    user = users.by_name(db.connect(load_settings().app_db), username)
    with flask.Flask("tests").app_context():
        flask.g.copilote_user = user
        yield


def log_in(client, username: str, password: str = PASSWORD):
    """Sign a Flask test client in; returns the login response."""
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
