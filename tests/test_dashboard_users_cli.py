"""`python -m dashboard users …`: the accounts at a terminal (real app-state database)."""

from __future__ import annotations

import io
import re

import pytest

from dashboard.__main__ import main
from dashboard.appstate import audit, db, users
from dashboard.config import load_settings


def _con():
    return db.connect(load_settings().app_db)


def test_add_prints_a_temporary_password_that_must_be_changed(capsys):
    assert main(["users", "add", "marie", "--role", "director", "--region", "84"]) == 0
    out = capsys.readouterr().out
    temporary = re.search(r"temporary password for marie: (\S+)", out)[1]
    user = users.by_name(_con(), "marie")
    assert (user.role, user.reg_code, user.must_change_password) == ("director", "84", True)
    assert users.authenticate(_con(), "marie", temporary) is not None
    events = audit.recent(_con(), kind="account")
    assert events[0]["target"] == "add marie as director of région 84"
    assert temporary not in str(events)


def test_add_with_a_password_from_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("un-mot-de-passe-solide\n"))
    assert main(["users", "add", "paul", "--role", "funder", "--funder", "FT",
                 "--password-stdin"]) == 0  # fmt: skip
    assert users.authenticate(_con(), "paul", "un-mot-de-passe-solide").funder_id == "FT"
    monkeypatch.setattr("sys.stdin", io.StringIO("court\n"))
    assert main(["users", "add", "jean", "--role", "committee", "--password-stdin"]) == 2
    assert "12 caractères" in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments",
    [["add", "x1", "--role", "director"], ["add", "admin", "--role", "committee"],
     ["add", "y1", "--role", "king"], ["disable", "nobody"], ["set-role", "comite", "funder"]],
)  # fmt: skip
def test_mistakes_are_sentences_and_exit_2(arguments, capsys):
    assert main(["users", *arguments]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_disable_set_role_reset_and_list(capsys):
    assert main(["users", "disable", "comite"]) == 0
    assert main(["users", "set-role", "direction-11", "funder", "--funder", "REG-84"]) == 0
    assert main(["users", "reset-password", "financeur-ft"]) == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"comite\s+committee\s+committee\s+disabled", listing)
    assert re.search(r"direction-11\s+funder\s+funder REG-84\s+active", listing)
    assert re.search(r"financeur-ft\s+funder\s+funder FT\s+must change password", listing)
    assert main(["users", "enable", "comite"]) == 0
    assert not users.by_name(_con(), "comite").is_disabled


def test_demo_accounts_follow_the_served_warehouse(dashboard_env, published, monkeypatch, capsys):
    monkeypatch.setenv("COPILOTE_ENV", "demo")
    monkeypatch.setenv("COPILOTE_DEMO_PASSWORD", "demo")
    assert main(["users", "demo"]) == 0
    out = capsys.readouterr().out
    names = {u.username for u in users.listed(_con())}
    assert {"admin", "comite", "direction-84", "financeur-f-cee"} <= names  # the sample's
    assert "direction-84" in out and "password 'demo'" in out
    assert users.authenticate(_con(), "financeur-F-CEE", "demo").funder_id == "F-CEE"
    assert users.by_name(_con(), "admin").has_demo_password
    assert main(["users", "demo"]) == 0  # again: the same accounts, reset


def test_demo_accounts_are_refused_in_production(dashboard_env, published, capsys):
    assert main(["users", "demo"]) == 2
    assert "COPILOTE_ENV=demo only" in capsys.readouterr().err
    assert all(not u.has_demo_password for u in users.listed(_con()))
