"""The app-state database (ARCHITECTURE.md contract 2): its own SQLite file in WAL mode, schema
migrations applied once with a backup of the file first, accounts' rules, and the audit log's
retention."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dashboard.appstate import audit, db, users


def test_a_new_file_gets_the_latest_schema_in_wal_mode(tmp_path: Path):
    con = db.connect(tmp_path / "app.sqlite")
    assert db.version(con) == max(number for number, _ in db.migrations())
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    assert {"users", "login_attempts", "audit_events", "app_settings"} <= tables


def _with_migration(tmp_path: Path, monkeypatch, name: str, text: str) -> None:
    """The schema's migrations plus one more, `name` holding `text`."""
    extra = tmp_path / "migrations"
    extra.mkdir()
    for _, migration in db.migrations():
        (extra / migration.name).write_text(migration.read_text(encoding="utf-8"))
    (extra / name).write_text(text)
    monkeypatch.setattr(db, "MIGRATIONS_DIR", extra)


def test_a_migration_backs_the_file_up_first_and_applies_once(tmp_path: Path, monkeypatch):
    path = tmp_path / "app.sqlite"
    con = db.connect(path)
    users.add(con, "gardien", "hash", "admin")
    _with_migration(tmp_path, monkeypatch, "0999_decisions.sql",
                    "create table decisions (decision_id integer);\n")  # fmt: skip
    assert db.migrate(con, path) == [999]
    assert db.migrate(con, path) == []  # already there
    backups = list(tmp_path.glob("app.sqlite.v1-*.bak"))
    assert len(backups) == 1
    saved = sqlite3.connect(backups[0])
    assert saved.execute("select username from users").fetchall() == [("gardien",)]
    assert saved.execute("pragma user_version").fetchone()[0] == 1


def test_a_failed_migration_changes_nothing(tmp_path: Path, monkeypatch):
    path = tmp_path / "app.sqlite"
    con = db.connect(path)
    _with_migration(tmp_path, monkeypatch, "0002_broken.sql",
                    "create table ok (a integer);\ncreate tabl oops;\n")  # fmt: skip
    with pytest.raises(sqlite3.Error):
        db.migrate(con, path)
    assert db.version(con) == 1
    assert con.execute("select count(*) from sqlite_master where name = 'ok'").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("role", "region", "funder"),
    [("superuser", None, None), ("director", None, None), ("funder", None, None),
     ("admin", "84", None), ("committee", None, "FT"), ("director", "84'; --", None)],
)  # fmt: skip
def test_an_account_holds_exactly_what_its_role_is_scoped_to(tmp_path, role, region, funder):
    with pytest.raises(users.AccountError):
        users.add(db.connect(tmp_path / "app.sqlite"), "quelqu-un", "hash", role, region, funder)


@pytest.mark.parametrize("name", ["", "a", "Jean Dupont", "x" * 80, "<script>", "../admin"])
def test_usernames_are_plain(tmp_path, name):
    with pytest.raises(users.AccountError):
        users.add(db.connect(tmp_path / "app.sqlite"), name, "hash", "committee")


def test_the_last_enabled_admin_stays(tmp_path):
    con = db.connect(tmp_path / "app.sqlite")
    users.add(con, "seul", "hash", "admin")
    with pytest.raises(users.AccountError, match="dernier administrateur"):
        users.set_disabled(con, "seul", True)
    with pytest.raises(users.AccountError, match="dernier administrateur"):
        users.set_role(con, "seul", "committee")
    users.add(con, "second", "hash", "admin")
    assert users.set_disabled(con, "seul", True).is_disabled


def test_audit_events_are_kept_twelve_months(tmp_path):
    con = db.connect(tmp_path / "app.sqlite")
    audit.record(con, audit.Event(kind="data", target="/", username="comite", row_count=3))
    con.execute("update audit_events set occurred_at = '2020-01-01T00:00:00+00:00'")
    audit.record(con, audit.Event(kind="export", target="x", username="comite", row_count=1))
    assert audit.purge(con) == 1
    assert [e["kind"] for e in audit.recent(con)] == ["export"]
    with pytest.raises(ValueError, match="unknown audit event kind"):
        audit.record(con, audit.Event(kind="gossip", target="x"))
