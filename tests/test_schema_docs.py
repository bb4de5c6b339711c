"""Documented is a tested property: every mart and column of a build is in warehouse/schema.yml."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import query

SCHEMA = Path(__file__).resolve().parent.parent / "warehouse" / "schema.yml"


def _built_columns(settings) -> dict[str, list[str]]:
    rows = query(
        settings,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position",
    )
    built: dict[str, list[str]] = {}
    for table_name, column in rows:
        built.setdefault(table_name, []).append(column)
    return built


def test_every_mart_and_column_is_documented(settings, published):
    documented = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["marts"]
    built = _built_columns(settings)
    assert sorted(built) == sorted(documented), "marts built ≠ marts documented"
    for name, columns in built.items():
        assert documented[name]["grain"].startswith("one row per"), name
        assert list(documented[name]["columns"]) == columns, name
        assert all(str(text).strip() for text in documented[name]["columns"].values()), name


PERSONAL = re.compile(
    r"(^|_)(nom|prenom|first_?name|last_?name|surname|email|mail|courriel|phone|telephone|tel|"
    r"mobile|adresse|address|street|rue|nir|ssn|secu|securite_sociale|birth_?date|"
    r"date_naissance|iban)(_|$)"
)


def test_no_column_of_the_served_schemas_looks_like_personal_data(settings, published):
    """Minimal data (SECURITY.md): pseudonyms only, never names, e-mails, phone numbers,
    addresses or social-security numbers in what the dashboard can read."""
    rows = query(
        settings,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('marts', 'meta')",
    )
    assert len(rows) > 50
    offenders = [f"{s}.{t}.{c}" for s, t, c in rows if PERSONAL.search(c.lower())]
    assert offenders == []
    assert PERSONAL.search("beneficiary_email") and PERSONAL.search("nom")  # the rule bites
