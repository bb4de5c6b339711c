"""The UI's words: one catalog per language, French by default. A language's catalog is
`<lang>.json` merged with its area files `<lang>.<area>.json` (one per page or feature, so that
pages grow apart); French and English have the same keys, and a key lives in one file only.

`t(key, lang, **values)` gives the sentence for `key`, with `{name}` placeholders filled in.
Number and date formats live in `dashboard.i18n.formats` and are re-exported here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from dashboard.i18n.formats import (
    MISSING,
    NNBSP,
    format_date,
    format_decimal,
    format_int,
    format_percent,
    format_percent_change,
    format_point_change,
)

CATALOG_DIR = Path(__file__).resolve().parent
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "MISSING",
    "NNBSP",
    "catalog",
    "catalog_files",
    "format_date",
    "format_decimal",
    "format_int",
    "format_percent",
    "format_percent_change",
    "format_point_change",
    "language",
    "t",
]


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every key → sentence of one language (read once, on first use)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    merged: dict[str, str] = {}
    for path in catalog_files(lang):
        with path.open(encoding="utf-8") as handle:
            entries = json.load(handle)
        twice = sorted(merged.keys() & entries.keys())
        if twice:
            raise ValueError(f"{path.name} repeats keys of another catalog file: {twice}")
        merged |= entries
    return merged


def catalog_files(lang: str) -> list[Path]:
    """`<lang>.json` then its area files `<lang>.<area>.json`, by name."""
    return [CATALOG_DIR / f"{lang}.json", *sorted(CATALOG_DIR.glob(f"{lang}.*.json"))]


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The sentence for `key` in `lang`; a missing key raises KeyError (caught by the tests)."""
    text = catalog(lang)[key]
    return text.format(**values) if values else text


def language(requested: object) -> str:
    """A supported language from an untrusted value (URL query): French unless 'en' is asked."""
    return requested if isinstance(requested, str) and requested in LANGUAGES else DEFAULT_LANGUAGE
