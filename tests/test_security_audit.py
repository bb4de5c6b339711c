"""The audit log (issue 6 item 4): one event per data response and per export — who, role,
scope, page or export, the filters the data layer bound, data version, rows — never the figures;
sign-ins, refusals and sign-outs too."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.appstate import audit, db
from dashboard.config import load_settings
from tests import callbacks
from tests.accounts import log_in

pytestmark = pytest.mark.usefixtures("dashboard_env")
COLUMNS = {"event_id", "occurred_at", "user_id", "username", "role", "scope", "kind", "target",
           "filters", "data_version", "row_count", "address"}  # fmt: skip


def _events(kind: str | None = None) -> list[dict]:
    return audit.recent(db.connect(load_settings().app_db), kind=kind)


def test_each_data_response_is_one_event_without_the_figures(published):
    client = create_app().server.test_client()
    log_in(client, "financeur-f-r84")
    body = callbacks.page_body("/", "?periode=2025&territoire=R84")
    referer = {"Referer": "http://localhost/?periode=2025"}
    callbacks.page(client, "/", "?periode=2025&territoire=R84")
    answer = client.post(callbacks.UPDATE, data=json.dumps(body),
                         content_type="application/json", headers=referer)  # fmt: skip
    assert answer.status_code == 200
    events = _events("data")
    assert len(events) == 2  # one per response
    event = events[0]
    assert set(event) == COLUMNS
    expected = ("financeur-f-r84", "funder", "funder:F-R84")
    assert (event["username"], event["role"], event["scope"]) == expected
    assert event["target"] == "/" and event["data_version"] == published.run_id
    filters = json.loads(event["filters"])
    # a funder reads the published grain of its own parcours, whatever it asked
    assert filters["slice"] == "F:F-R84" and filters["period_kind"] in ("year", "quarter")
    assert not any(key.startswith("scope_") for key in filters)
    assert event["row_count"] > 0  # how many rows were read: the figures themselves, never
    assert set(filters) <= {"start", "end", "previous_start", "previous_end", "reg_code",
                            "dep_code", "ze_code", "funder_id", "programme_id", "segment",
                            "spark_start", "spark_end", "first_month", "last_month", "level",
                            "code", "territory", "slice", "period_kind", "first",
                            "last"}  # fmt: skip


def test_an_export_is_one_event_and_a_page_of_no_data_none(published):
    client = create_app().server.test_client()
    log_in(client, "admin")
    assert client.get("/export/territoires-classement.csv?periode=2025").status_code == 200
    exported = _events("export")
    assert [(e["target"], e["username"]) for e in exported] == [
        ("territoires-classement.csv", "admin")
    ]
    assert exported[0]["row_count"] > 0
    client.get("/assets/copilote.css")
    client.get("/login")
    assert len(_events("data")) == 0


def test_sign_ins_refusals_and_sign_outs_are_recorded():
    client = create_app().server.test_client()
    client.post("/login", data={"username": "comite", "password": "faux"},
                environ_base={"REMOTE_ADDR": "10.1.2.3"})  # fmt: skip
    log_in(client, "comite")
    client.get("/qualite")
    client.post("/logout")
    kinds = [(e["kind"], e["username"]) for e in reversed(_events())]
    assert kinds == [("login_refused", "comite"), ("login", "comite"), ("denied", "comite"),
                     ("logout", "comite")]  # fmt: skip
    assert _events("login_refused")[0]["address"] == "10.1.2.3"
    assert "faux" not in json.dumps(_events())
