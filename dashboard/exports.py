"""CSV exports of what a page shows, for the view in the URL (pure writer + one Flask route).

`GET /export/<name>.csv?<view>` recomputes the table from the same view state as the screen
(the same scope and queries), so that the file equals the table on screen. French by default:
semicolon, UTF-8 with BOM, decimal comma — French spreadsheet software opens it as is;
`&separateur=virgule` gives comma, decimal point. The first lines say what the file holds: the
page, the filters, the data's date; then a blank line, then the table.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import flask
import polars as pl

from dashboard import auth, queries
from dashboard.components.disclosure import export_refused
from dashboard.state import ViewState

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    title: str
    metadata: list[tuple[str, str]]  # (label, value) lines above the table
    frame: pl.DataFrame  # columns already named for the reader, values as shown (or numbers)


# name → builder(scope, state) → Export; pages register theirs (see register_table)
TABLES: dict[str, Callable[[queries.Scope, ViewState], Export]] = {}


def register_table(name: str) -> Callable:
    def decorate(builder: Callable[[queries.Scope, ViewState], Export]) -> Callable:
        TABLES[name] = builder
        return builder

    return decorate


def cell(value: object, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        return number(float(value), decimal_comma)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if decimal_comma else value.isoformat()
    return inert(str(value))


def number(value: float, decimal_comma: bool) -> str:
    """A number as a spreadsheet reads it: no exponent, no '-0', nothing for NaN."""
    if math.isnan(value) or math.isinf(value):
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace(".", ",") if decimal_comma else text


def inert(text: str) -> str:
    """Text a spreadsheet will not run: a cell starting like a formula (= + - @, or a tab or
    carriage return before one) gets a leading apostrophe (OWASP's CSV-injection advice)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def to_csv(export: Export, french: bool = True) -> str:
    """The file's text: metadata lines, a blank line, the header and the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\r\n")
    writer.writerow([inert(export.title)])
    for label, value in export.metadata:
        writer.writerow([inert(label), inert(value)])
    writer.writerow([])
    writer.writerow([inert(name) for name in export.frame.columns])
    for row in export.frame.iter_rows():
        writer.writerow([cell(value, french) for value in row])
    return BOM + buffer.getvalue()  # both dialects: spreadsheet software then reads UTF-8


def read_table(text: str, french: bool = True) -> list[list[str]]:
    """The header and rows of an exported file (after the metadata block): for tests and users'
    scripts alike."""
    lines = text.removeprefix(BOM).split("\r\n")
    start = lines.index("") + 1
    reader = csv.reader(lines[start:], delimiter=";" if french else ",")
    return [row for row in reader if row]


def response(name: str, args: dict) -> flask.Response:
    builder = TABLES.get(name)
    if builder is None:
        flask.abort(404)
    scope, state = auth.view({k: v for k, v in args.items() if k != "separateur"})
    french = args.get("separateur") != "virgule"
    try:
        export = builder(scope, state)
    except queries.NotPublished:  # as on screen: a sentence saying what to choose
        return flask.Response(export_refused(state.lang), status=403, mimetype="text/plain")
    except queries.DataUnavailable:
        flask.abort(503)
    except queries.ScopeRefused:  # not for this user (e.g. personal data): as on screen
        flask.abort(403)
    body = to_csv(export, french)
    filename = f"copilote-{name}.csv"
    return flask.Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def register(server: flask.Flask) -> None:
    @server.route("/export/<name>.csv")
    def _export(name: str) -> flask.Response:
        return response(name, flask.request.args.to_dict())
