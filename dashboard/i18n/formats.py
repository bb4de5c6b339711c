"""French and English number and date formats (pure; no locale module, no process state).

French: thousands grouped by a narrow no-break space (U+202F, the French typographic "espace
fine insécable"), decimal comma, the same narrow no-break space before % and before the unit
"pt" (1 234 · 1 234,5 · 48,2 % · +1,4 pt), dates DD/MM/YYYY (24/11/2026).
English: 1,234 · 1,234.5 · 48.2% · +1.4 pp, dates in ISO 8601 (2026-11-24), unambiguous for
international partners. Negative numbers carry an ASCII hyphen-minus (as CLDR's French, and so
that a copied figure pastes into a spreadsheet); a change that rounds to zero carries no sign.
A missing value (None or NaN) is shown as an em dash.
"""

from __future__ import annotations

import math
from datetime import date

NNBSP = "\u202f"
MISSING = "—"
UNITS = {"fr": {"point": "pt"}, "en": {"point": "pp"}}


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float, digits: int, lang: str, signed: bool = False) -> str:
    text = f"{abs(value):,.{digits}f}"
    is_zero = float(text.replace(",", "")) == 0
    sign = "" if is_zero else "-" if value < 0 else "+" if signed else ""
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    elif lang != "en":
        raise ValueError(f"unknown language {lang!r}")
    return sign + text


def format_int(value: float | None, lang: str = "fr") -> str:
    """1 234 (fr) / 1,234 (en); a float is rounded to the nearest integer."""
    return MISSING if _missing(value) else _number(value, 0, lang)


def format_decimal(value: float | None, lang: str = "fr", digits: int = 1) -> str:
    """1 234,5 (fr) / 1,234.5 (en)."""
    return MISSING if _missing(value) else _number(value, digits, lang)


def _percent(number: str, lang: str) -> str:
    return f"{number}{NNBSP}%" if lang == "fr" else f"{number}%"


def format_percent(fraction: float | None, lang: str = "fr", digits: int = 1) -> str:
    """A fraction as a percentage: 0.482 → 48,2 % (fr) / 48.2% (en)."""
    if _missing(fraction):
        return MISSING
    return _percent(_number(fraction * 100, digits, lang), lang)


def format_percent_change(fraction: float | None, lang: str = "fr", digits: int = 1) -> str:
    """A relative change, signed: 0.032 → +3,2 % (fr) / +3.2% (en)."""
    if _missing(fraction):
        return MISSING
    return _percent(_number(fraction * 100, digits, lang, signed=True), lang)


def format_point_change(points: float | None, lang: str = "fr", digits: int = 1) -> str:
    """A change between two rates in percentage points, signed: +1,4 pt (fr) / +1.4 pp (en)."""
    if _missing(points):
        return MISSING
    number = _number(points, digits, lang, signed=True)
    unit = UNITS[lang]["point"]
    return f"{number}{NNBSP}{unit}"


def format_date(day: date | None, lang: str = "fr") -> str:
    """24/11/2026 (fr) / 2026-11-24 (en, ISO 8601)."""
    if day is None:
        return MISSING
    if lang == "fr":
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    if lang == "en":
        return day.isoformat()[:10]
    raise ValueError(f"unknown language {lang!r}")
