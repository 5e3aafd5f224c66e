"""Decode a delivered file into a frame of trimmed strings with folded column names (SPEC §2.1).

Everything is read as text here; typing and rules are `validation.py`'s job, so that a bad
cell quarantines its row instead of failing the file.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

DELIMITED_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx"}
DELIMITERS = (";", ",", "\t", "|")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "_", "-": "_"})


class UnreadableFile(Exception):
    """The file cannot be decoded or parsed at all (`unreadable_file`)."""


@dataclass(frozen=True)
class RawTable:
    """A file's data rows as strings; `header` keeps the names as written."""

    header: list[str]
    rows: pl.DataFrame  # columns named by fold_name(header), all Utf8, plus _row_number


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
    try:
        if suffix in EXCEL_SUFFIXES:
            frame = _read_excel(path)
        else:
            frame = _read_delimited(path.read_bytes())
    except UnreadableFile:
        raise
    except Exception as exc:  # any decoder/parser failure means the file cannot be read
        raise UnreadableFile(f"{type(exc).__name__}: {exc}") from exc
    header = list(frame.columns)
    renamed = frame.rename({c: fold_name(c) for c in header})
    if len(set(renamed.columns)) != len(header):
        raise UnreadableFile("two header columns have the same name after folding")
    return RawTable(header=header, rows=_clean(renamed))


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


def _read_excel(path: Path) -> pl.DataFrame:
    """First sheet; date cells become ISO dates and whole numbers lose their `.0`."""
    frame = pl.read_excel(path, sheet_id=1, engine="calamine", has_header=True)
    out = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.Datetime or dtype == pl.Date:
            out.append(col.cast(pl.Date).cast(pl.Utf8).alias(name))
        elif dtype.is_float():
            as_int = col.cast(pl.Int64, strict=False)
            out.append(
                pl.when(col == as_int.cast(pl.Float64))
                .then(as_int.cast(pl.Utf8))
                .otherwise(col.cast(pl.Utf8))
                .alias(name)
            )
        else:
            out.append(col.cast(pl.Utf8).alias(name))
    return frame.select(out)


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim cells, drop lines of nothing but blanks, number the data rows from 1."""
    trimmed = frame.select(pl.col(c).cast(pl.Utf8).str.strip_chars().fill_null("") for c in frame.columns)
    if trimmed.width:
        blank = pl.all_horizontal(pl.col(c) == "" for c in trimmed.columns)
        trimmed = trimmed.filter(~blank)
    return trimmed.with_row_index("_row_number", offset=1).with_columns(
        pl.col("_row_number").cast(pl.Int64)
    )

