"""Catalogs (same keys, used keys exist, no hard-coded UI text) and French/English formats."""

from __future__ import annotations

import ast
import json
import re
import string
from datetime import date, datetime
from pathlib import Path

import pytest

from dashboard.i18n import (
    LANGUAGES,
    catalog,
    catalog_files,
    format_date,
    format_decimal,
    format_int,
    format_percent,
    format_percent_change,
    format_point_change,
    language,
    t,
)
from dashboard.kpis import KPIS

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
N = "\u202f"  # narrow no-break space: French thousands separator and before % and pt


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys_and_placeholders():
    fr, en = (catalog(lang) for lang in LANGUAGES)
    assert sorted(fr) == sorted(en)
    areas = {lang: [p.name.removeprefix(lang) for p in catalog_files(lang)] for lang in LANGUAGES}
    assert areas["fr"] == areas["en"], "each area file exists in both languages"
    for fr_file, en_file in zip(catalog_files("fr"), catalog_files("en"), strict=True):
        assert sorted(json.loads(fr_file.read_text())) == sorted(json.loads(en_file.read_text()))
    for key in fr:
        assert fr[key].strip() and en[key].strip(), key
        assert _placeholders(fr[key]) == _placeholders(en[key]), key


def test_every_key_the_code_uses_exists():
    used = set()
    for path in DASHBOARD.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    for kpi in KPIS:  # keys built as kpi.<key>.label / .definition
        used |= {f"kpi.{kpi.key}.label", f"kpi.{kpi.key}.definition"}
    assert len(used) > 10
    for lang in LANGUAGES:
        assert used <= set(catalog(lang)), sorted(used - set(catalog(lang)))


def _ui_modules() -> list[Path]:
    return [*(DASHBOARD / "pages").glob("*.py"), *(DASHBOARD / "components").glob("*.py")]


def test_layouts_hold_no_hard_coded_text():
    """No string literal is given as children (first argument or children=) to a component."""
    for path in _ui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            if not (isinstance(owner, ast.Name) and owner.id in {"html", "dbc"}):
                continue
            texts = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "children")]
            literal = [a for a in texts if isinstance(a, ast.Constant | ast.JoinedStr)]
            assert not literal, f"{path.name}:{node.lineno} hard-coded text"


def test_t_fills_placeholders_and_refuses_unknown_keys_and_languages():
    assert t("overview.as_of", date="24/11/2026") == "Données au 24/11/2026"
    assert t("overview.as_of", "en", date="2026-11-24") == "Data as of 2026-11-24"
    assert t("app.demo_badge") == "Données de démonstration"
    with pytest.raises(KeyError):
        t("no.such.key")
    with pytest.raises(ValueError):
        t("app.title", "de")
    assert [language(v) for v in ("en", "fr", "de", None, ["en"], "EN")] == [
        "en",
        "fr",
        "fr",
        "fr",
        "fr",
        "fr",
    ]


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (0, "0", "0"),
        (7, "7", "7"),
        (1234, f"1{N}234", "1,234"),
        (-1234567, f"-1{N}234{N}567", "-1,234,567"),
        (999.6, f"1{N}000", "1,000"),
        (None, "—", "—"),
        (float("nan"), "—", "—"),
    ],
)
def test_format_int(value, fr, en):
    assert format_int(value) == fr
    assert format_int(value, "en") == en


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (1234.5, f"1{N}234,5", "1,234.5"),
        (-1234.56, f"-1{N}234,6", "-1,234.6"),
        (-0.04, "0,0", "0.0"),  # no negative zero
        (0.25, "0,2", "0.2"),  # round half to even, as Python's format
        (None, "—", "—"),
    ],
)
def test_format_decimal(value, fr, en):
    assert format_decimal(value) == fr
    assert format_decimal(value, "en") == en


@pytest.mark.parametrize(
    ("fraction", "fr", "en"),
    [
        (0.482, f"48,2{N}%", "48.2%"),
        (2 / 3, f"66,7{N}%", "66.7%"),
        (1.0, f"100,0{N}%", "100.0%"),
        (-0.05, f"-5,0{N}%", "-5.0%"),
        (12.345, f"1{N}234,5{N}%", "1,234.5%"),
        (None, "—", "—"),
    ],
)
def test_format_percent(fraction, fr, en):
    assert format_percent(fraction) == fr
    assert format_percent(fraction, "en") == en


def test_format_changes_are_signed():
    assert format_percent_change(0.032) == f"+3,2{N}%"
    assert format_percent_change(-0.25) == f"-25,0{N}%"
    assert format_percent_change(0.0) == f"0,0{N}%"
    assert format_percent_change(-0.0001) == f"0,0{N}%"
    assert format_percent_change(0.032, "en") == "+3.2%"
    assert format_percent_change(None) == "—"
    assert format_point_change(1.4) == f"+1,4{N}pt"
    assert format_point_change(-100 / 3) == f"-33,3{N}pt"
    assert format_point_change(0) == f"0,0{N}pt"
    assert format_point_change(1.4, "en") == f"+1.4{N}pp"
    assert format_point_change(None, "en") == "—"


def test_format_date():
    assert format_date(date(2026, 11, 24)) == "24/11/2026"
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date(date(2026, 11, 24), "en") == "2026-11-24"
    assert format_date(datetime(2026, 11, 24, 23, 59), "en") == "2026-11-24"
    assert format_date(None) == "—"


def test_unknown_languages_are_refused_by_the_formats():
    for formatter in (format_int, format_decimal, format_percent, format_point_change):
        with pytest.raises(ValueError):
            formatter(1.0, "de")
    with pytest.raises(ValueError):
        format_date(date(2026, 1, 1), "de")


def test_french_units_are_held_to_their_number_by_a_narrow_no_break_space():
    """'1 234 €', '3 144 MWh/an', '148 jours': the unit never wraps away from its number."""
    loose = {key: text for key, text in catalog("fr").items() if "{value} " in text}
    assert loose == {}
