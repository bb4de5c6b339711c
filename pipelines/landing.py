"""Find ready deliveries, pick the file in use per table, detect its dialect, read it raw.

Everything here follows LANDING.md: a delivery is a folder named YYYY-MM-DD holding `_READY`;
each table comes from the newest ready delivery that contains it; a CSV is either canonical
(UTF-8, `,`, ISO dates) or a French spreadsheet export (cp1252 or UTF-8, `;`, decimal comma,
DD/MM/YYYY, oui/non). Raw tables hold text only; typing and rules happen in SQL afterwards.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
from duckdb import ColumnExpression, sqltypes

from pipelines.contract import Table

READY_MARKER = "_READY"
DELIVERY_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXTENSIONS = (".parquet", ".csv")  # both present in one delivery: Parquet is used, with a warning
CHUNK = 1 << 20
READ_ERRORS = (duckdb.InvalidInputException, duckdb.IOException, duckdb.ConversionException)


@dataclass(frozen=True)
class Delivery:
    name: str
    day: date
    path: Path


@dataclass
class Landing:
    ready: list[Delivery]  # oldest first
    not_ready: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def today(self) -> date | None:
        """LANDING.md: "today" is the newest ready delivery's date, never the wall clock."""
        return self.ready[-1].day if self.ready else None


@dataclass(frozen=True)
class Candidate:
    delivery: Delivery
    path: Path
    warnings: tuple[str, ...] = ()


class Unreadable(Exception):
    """A whole file is refused: `rule` is `unreadable_file` or `missing_column`."""

    def __init__(self, rule: str, message: str, value: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.value = value


@dataclass
class RawFile:
    dialect: str  # e.g. "csv canonical utf-8", "csv fr cp1252", "parquet"
    style: str  # "canonical" or "fr": how values are written
    rows_read: int
    sha256: str
    warnings: list[str]
    line_numbers: list[int] | None  # None: record i starts on line i + 2 (or Parquet: no lines)


def scan(landing_dir: Path) -> Landing:
    """Ready deliveries, oldest first; folders still being written or badly named are reported."""
    landing = Landing(ready=[])
    for path in sorted(p for p in landing_dir.iterdir() if p.is_dir()):
        day = _delivery_day(path.name)
        if day is None:
            landing.ignored.append(path.name)
        elif not (path / READY_MARKER).exists():
            landing.not_ready.append(path.name)
        else:
            landing.ready.append(Delivery(path.name, day, path))
    return landing


def _delivery_day(name: str) -> date | None:
    if not DELIVERY_NAME.match(name):
        return None
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def candidates(landing: Landing, table: Table) -> list[Candidate]:
    """Files for `table`, newest delivery first: the first is in use."""
    found = []
    for delivery in reversed(landing.ready):
        present = [delivery.path / f"{table.name}{ext}" for ext in EXTENSIONS]
        present = [p for p in present if p.is_file()]
        if not present:
            continue
        warnings = ()
        if len(present) > 1:
            warnings = (
                f"{delivery.name} holds both {present[0].name} and {present[1].name}: "
                f"{present[0].name} is used",
            )
        found.append(Candidate(delivery, present[0], warnings))
    return found


def unknown_files(delivery: Delivery, known_tables: set[str]) -> list[str]:
    names = []
    for path in sorted(delivery.path.iterdir()):
        stem, suffix = path.stem, path.suffix
        if path.name == READY_MARKER or (suffix in EXTENSIONS and stem in known_tables):
            continue
        names.append(path.name)
    return names


def load_raw(
    con: duckdb.DuckDBPyConnection, table: Table, path: Path, target: str, scratch: Path
) -> RawFile:
    """Read `path` into the text table `target`. Raises Unreadable."""
    if path.suffix == ".parquet":
        return _load_parquet(con, table, path, target)
    return _load_csv(con, table, path, target, scratch)


# --- CSV ---------------------------------------------------------------------------------------


@dataclass
class Scan:
    sha256: str
    encoding: str
    has_bom: bool
    lines: int
    header: bytes


def scan_bytes(path: Path) -> Scan:
    """One streaming pass: checksum, UTF-8 validity, physical line count, header line."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, newlines, last, header = True, 0, b"", b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            if len(header) < 65536 and b"\n" not in header:
                header += chunk[:65536]
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            last = chunk[-1:]
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    lines = newlines + (1 if last and last != b"\n" else 0)
    has_bom = header.startswith(codecs.BOM_UTF8)
    header = header[3:] if has_bom else header
    return Scan(
        digest.hexdigest(),
        "utf-8" if utf8 else "cp1252",
        has_bom,
        lines,
        header.split(b"\n", 1)[0].rstrip(b"\r"),
    )


def _header_names(header: str, delimiter: str) -> list[str]:
    row = next(csv.reader([header], delimiter=delimiter), [])
    return [name.strip().lower() for name in row]


def _detect_delimiter(header: str) -> str:
    semicolons, commas = header.count(";"), header.count(",")
    if semicolons == 0 and commas == 0:
        raise Unreadable("unreadable_file", "no ';' or ',' separator in the header line")
    return ";" if semicolons > commas else ","


def _check_columns(table: Table, names: list[str]) -> list[str]:
    """Contract columns present once each; returns warnings for extra columns."""
    if not any(names):
        raise Unreadable("unreadable_file", "the file is empty or has no header line")
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise Unreadable(
            "unreadable_file", f"column(s) named twice in the header: {', '.join(doubled)}"
        )
    missing = [c for c in table.columns if c not in names]
    if missing:
        raise Unreadable(
            "missing_column",
            f"required column(s) missing: {', '.join(missing)}",
            value="|".join(missing),
        )
    extra = [n for n in names if n not in table.columns]
    return [f"unknown column(s) ignored: {', '.join(extra)}"] if extra else []


def transcode(path: Path, scratch: Path) -> Path:
    """cp1252 → UTF-8, streaming (DuckDB cannot read Windows-1252 without an extension)."""
    out = scratch / f"{path.parent.name}-{path.name}"
    with (
        path.open("r", encoding="cp1252", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return out


def _load_csv(con, table: Table, path: Path, target: str, scratch: Path) -> RawFile:
    info = scan_bytes(path)
    try:
        header = info.header.decode(info.encoding)
    except UnicodeDecodeError:
        raise Unreadable("unreadable_file", "the header line cannot be decoded") from None
    delimiter = _detect_delimiter(header)
    names = _header_names(header, delimiter)
    warnings = _check_columns(table, names)
    readable = transcode(path, scratch) if info.encoding == "cp1252" else path
    style = "fr" if delimiter == ";" else "canonical"
    if info.encoding == "cp1252" and style == "canonical":
        warnings.append("cp1252 encoding with ',' separator (the canonical dialect is UTF-8)")
    columns = {
        name if name in table.columns else f"_extra_{i}": "VARCHAR" for i, name in enumerate(names)
    }
    try:
        relation = con.read_csv(
            str(readable),
            header=True,
            sep=delimiter,
            quotechar='"',
            escapechar='"',
            strict_mode=True,
            auto_detect=False,
            columns=columns,
            na_values=["", "NA"],
        )
        relation.select(*table.columns).create(target)
    except READ_ERRORS as error:
        raise Unreadable("unreadable_file", _first_line(error)) from None
    rows = con.table(target).aggregate("count(*)").fetchall()[0][0]
    line_numbers = None
    if info.lines != rows + 1:  # blank lines or line breaks inside quoted fields
        line_numbers = _record_start_lines(readable, delimiter)
        if len(line_numbers) != rows:
            raise Unreadable(
                "unreadable_file",
                f"{len(line_numbers)} records found by one reader, {rows} by another",
            )
    label = f"csv {style} {info.encoding}{' bom' if info.has_bom else ''}"
    return RawFile(label, style, rows, info.sha256, warnings, line_numbers)


def _record_start_lines(path: Path, delimiter: str) -> list[int]:
    """1-based physical line where each record starts (header = line 1), skipping blank lines."""
    starts = []
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True)
        previous_end = 0
        for number, record in enumerate(reader):
            if number > 0 and record:
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    return starts


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300]


# --- Parquet -----------------------------------------------------------------------------------


def _load_parquet(con, table: Table, path: Path, target: str) -> RawFile:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    try:
        relation = con.read_parquet(str(path))
        names = [c.strip().lower() for c in relation.columns]
        warnings = _check_columns(table, names)
        by_name = dict(zip(names, relation.columns, strict=True))
        relation.select(
            *[ColumnExpression(by_name[c]).cast(sqltypes.VARCHAR).alias(c) for c in table.columns]
        ).create(target)
    except READ_ERRORS as error:
        raise Unreadable("unreadable_file", _first_line(error)) from None
    rows = con.table(target).aggregate("count(*)").fetchall()[0][0]
    return RawFile("parquet", "canonical", rows, digest.hexdigest(), warnings, None)


def describe(landing: Landing) -> str:
    parts = [f"{len(landing.ready)} ready deliveries"]
    if landing.not_ready:
        parts.append(
            f"still being written (no {READY_MARKER}), left alone: {', '.join(landing.not_ready)}"
        )
    if landing.ignored:
        parts.append(f"folders not named YYYY-MM-DD, ignored: {', '.join(landing.ignored)}")
    return "; ".join(parts)
