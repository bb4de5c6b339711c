"""Documented is a tested property: every mart and column of a build is in warehouse/schema.yml."""

from __future__ import annotations

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
