"""Decode a delivered file into a frame of trimmed strings with folded column names (SPEC §2.1).

Everything is read as text here; typing and rules are `validation.py`'s job, so that a bad
cell quarantines its row instead of failing the file. An xlsx cell is converted on its own,
by its own type, and that type is kept beside the text (`RawTable.cell_types`) for the two
rules that depend on it: a date cell in a month column, a number cell in a personnummer column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

DELIMITED_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx"}
DELIMITERS = (";", ",", "\t", "|")
DATE_CELL, NUMBER_CELL = "date", "number"
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "_", "-": "_"})


class UnreadableFile(Exception):
    """The file cannot be decoded or parsed at all (`unreadable_file`)."""


@dataclass(frozen=True)
class RawTable:
    """A file's data rows as strings; `header` keeps the names as written."""

    header: list[str]
    rows: pl.DataFrame  # columns named by fold_name(header), all Utf8, plus _row_number
    # xlsx only: the same columns and rows, each cell DATE_CELL, NUMBER_CELL or null (text, empty)
    cell_types: pl.DataFrame | None = None


def fold_name(name: str) -> str:
    """`Anställning tom` -> `anstallning_tom`: trim, lower case, fold å/ä/ö/é, spaces and - to _."""
    return name.strip().lower().translate(_FOLD)


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252: what Excel and older Swedish systems write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ";"


def read_table(path: Path) -> RawTable:
    suffix = path.suffix.lower()
    types: pl.DataFrame | None = None
    try:
        if suffix in EXCEL_SUFFIXES:
            frame, types = _read_excel(path)
        else:
            frame = _read_delimited(path.read_bytes())
    except UnreadableFile:
        raise
    except Exception as exc:  # any decoder/parser failure means the file cannot be read
        raise UnreadableFile(f"{type(exc).__name__}: {exc}") from exc
    header = list(frame.columns)
    folded = {c: fold_name(c) for c in header}
    if len(set(folded.values())) != len(header):
        raise UnreadableFile("two header columns have the same name after folding")
    rows, kept = _clean(frame.rename(folded))
    if types is not None:
        types = types.rename(folded).filter(kept)
    return RawTable(header=header, rows=rows, cell_types=types)


def _read_delimited(data: bytes) -> pl.DataFrame:
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise UnreadableFile("neither UTF-8 nor Windows-1252") from exc
    if "\x00" in text:
        raise UnreadableFile("binary content (NUL bytes)")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise UnreadableFile("no header line")
    delimiter = detect_delimiter(header_line)
    # Lines of nothing but delimiters and blanks are no rows (SPEC §2.1): drop them before
    # parsing, so that their field count cannot break the file.
    blank = re.compile(rf"^[\s{re.escape(delimiter)}]*$")
    kept = "\n".join(line for line in lines if not blank.match(line))
    try:
        return pl.read_csv(kept.encode("utf-8"), separator=delimiter, infer_schema=False, has_header=True)
    except pl.exceptions.ComputeError as exc:
        raise UnreadableFile(_ragged_row(kept, delimiter) or str(exc).split("\n")[0]) from exc


def _ragged_row(text: str, delimiter: str) -> str | None:
    """Name the first data row whose field count differs from the header's (error path only)."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    width = len(next(rows, []))
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            return f"row {number} has {len(row)} fields, the header has {width}"
    return None


def _read_excel(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The first sheet as text, cell by cell, and each cell's type (SPEC §2.1).

    openpyxl in read-only mode streams the sheet and gives each cell as Python's value
    of its own type, so a column may mix dates, numbers and text in any order. The header
    is the first non-empty row; a column with neither a header nor a value is dropped.
    The sheet's recorded dimension is not trusted (some exporters write `A1`).
    """
    import openpyxl  # here, not at module import: most deliveries are delimited, and Dagster imports this

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        lines = sheet.iter_rows(values_only=True)
        header = next((line for line in lines if any(_present(v) for v in line)), None)
        if header is None:
            raise UnreadableFile("no header row: the first sheet is empty")
        body = list(lines)
    finally:
        book.close()
    width = max([len(header), *map(len, body)])
    header_cells = [*header, *[None] * (width - len(header))]
    texts: dict[str, list[str]] = {}
    types: dict[str, list[str | None]] = {}
    for index, name_cell in enumerate(header_cells):
        column = [line[index] if index < len(line) else None for line in body]
        name = _cell_text(name_cell).strip() if _present(name_cell) else ""
        if not name and not any(_present(v) for v in column):
            continue
        name = name or f"__UNNAMED__{index}"
        if name in texts:
            raise UnreadableFile(f"two header columns are named '{name}'")
        texts[name] = [_cell_text(v) for v in column]
        types[name] = [_cell_type(v) for v in column]
    frame = pl.DataFrame(texts, schema={n: pl.Utf8 for n in texts})
    return frame, pl.DataFrame(types, schema={n: pl.Utf8 for n in types})


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: object) -> str:
    """One cell as a delimited file would have it: a date or date-time is its ISO date (the
    time of day dropped), a whole number its digits (`50.0` is `50`), text as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")  # never `1e-05`
    return str(value)  # a time of day or a duration: no date, read as text


def _cell_type(value: object) -> str | None:
    if isinstance(value, dt.date):  # datetime is a date too; a bare time is not
        return DATE_CELL
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return NUMBER_CELL
    return None


def _clean(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """Trim cells, drop lines of nothing but blanks, number the data rows from 1; also
    return which lines were kept."""
    trimmed = frame.select(pl.col(c).cast(pl.Utf8).str.strip_chars().fill_null("") for c in frame.columns)
    kept = pl.Series("kept", [True] * trimmed.height, dtype=pl.Boolean)
    if trimmed.width:
        kept = trimmed.select(~pl.all_horizontal(pl.col(c) == "" for c in trimmed.columns)).to_series()
        trimmed = trimmed.filter(kept)
    rows = trimmed.with_row_index("_row_number", offset=1).with_columns(pl.col("_row_number").cast(pl.Int64))
    return rows, kept
