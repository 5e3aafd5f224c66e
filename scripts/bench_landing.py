"""Landing directories for the benchmark's scenarios, cut from generated sample data.

Each function here rewrites delivered files row by row and writes the kept rows back in the
file's own format (SPEC §2.1: delimiter, encoding and BOM, line ends, the header as written;
an xlsx keeps its date and number cells), so that what the benchmark adds is an ordinary
delivery, not something the loader would quarantine. Nothing here is timed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from esf.contracts import PROJECT_FOLDER, sources
from esf.ingest.reading import DATE_CELL, EXCEL_SUFFIXES, NUMBER_CELL, decode, detect_delimiter, read_table
from esf.samples.common import write_xlsx

# The column of a population source that names a project's population, and the list of the
# project file that holds its values (SPEC §6: organisationer for HR, kommuner for income support).
POPULATION_COLUMNS = {"organisation": "organisationer", "kommun": "kommuner"}
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class DeliveredFile:
    """A delivered file's rows (folded column names, trimmed text) and how it is written."""

    path: Path
    header: list[str]
    rows: pl.DataFrame
    cell_types: pl.DataFrame | None
    delimiter: str
    encoding: str
    eol: str


def read_delivered(path: Path) -> DeliveredFile:
    table = read_table(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return DeliveredFile(path, table.header, table.rows, table.cell_types, "", "", "")
    data = path.read_bytes()
    text = decode(data)
    try:
        data.decode("utf-8")
        encoding = "utf-8-sig" if data.startswith(BOM) else "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    header_line = next(line for line in text.splitlines() if line.strip())
    eol = "\r\n" if b"\r\n" in data else "\n"
    return DeliveredFile(path, table.header, table.rows, None, detect_delimiter(header_line), encoding, eol)


def write_delivered(file: DeliveredFile, path: Path, keep: pl.Series) -> int:
    """Write the rows of `file` where `keep` holds to `path`, in the file's format; return the rows."""
    rows = file.rows.filter(keep).drop("_row_number")
    path.parent.mkdir(parents=True, exist_ok=True)
    if file.cell_types is not None:
        types = file.cell_types.filter(keep)
        write_xlsx(path, file.header, _typed_cells(rows, types))
        return rows.height
    out = rows.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in rows.columns)
    out.columns = file.header
    text = out.write_csv(separator=file.delimiter, line_terminator=file.eol, quote_style="necessary")
    path.write_bytes(text.encode(file.encoding))
    return rows.height


def _typed_cells(rows: pl.DataFrame, types: pl.DataFrame) -> list[list[object]]:
    """xlsx cells as they were: a date cell a date, a number cell a number, else text."""

    def cell(text: str, kind: str | None) -> object:
        if not text:
            return None
        if kind == DATE_CELL:
            return dt.date.fromisoformat(text)
        if kind == NUMBER_CELL:
            number = float(text)
            return int(number) if number.is_integer() else number
        return text

    return [
        [cell(t, k) for t, k in zip(text_row, type_row, strict=True)]
        for text_row, type_row in zip(rows.iter_rows(), types.iter_rows(), strict=True)
    ]


def parsed_date(column: str) -> pl.Expr:
    """A date column's text as a date, in either form SPEC §2.1 allows (else null)."""
    text = pl.col(column)
    return pl.coalesce(
        text.str.strptime(pl.Date, "%Y-%m-%d", strict=False), text.str.strptime(pl.Date, "%Y%m%d", strict=False)
    )


def data_files(landing: Path, source: str) -> list[Path]:
    return sorted(p for p in (landing / source).rglob("*") if p.is_file())


def rewrite_landing(landing: Path, keep: Callable[[str, DeliveredFile], pl.Series]) -> int:
    """Keep the rows `keep(source, file)` selects in every source file, in place (a file left
    with no rows is removed); return the rows kept."""
    total = 0
    for source in sources():
        for path in data_files(landing, source):
            file = read_delivered(path)
            mask = keep(source, file)
            if mask.all():
                total += file.rows.height
                continue
            path.unlink()
            if mask.any():
                total += write_delivered(file, path, mask)
    return total


def restrict_to_projects(landing: Path, projects: set[str]) -> int:
    """Keep only the files and rows of `projects` (their project files, their register rows and the
    rows of their populations); return the data rows kept."""
    population: dict[str, set[str]] = {column: set() for column in POPULATION_COLUMNS}
    for path in data_files(landing, PROJECT_FOLDER):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("kod") not in projects:
            path.unlink()
            continue
        for column, key in POPULATION_COLUMNS.items():
            population[column] |= {str(v).strip().lower() for v in doc.get(key) or []}

    def keep(source: str, file: DeliveredFile) -> pl.Series:
        project_column = sources()[source].project_column
        if project_column:
            return file.rows[project_column].is_in(sorted(projects))
        column = next(c for c in POPULATION_COLUMNS if c in file.rows.columns)
        return file.rows[column].str.to_lowercase().is_in(sorted(population[column]))

    return rewrite_landing(landing, keep)


def hold_back_last_month(landing: Path, pending: Path) -> dict[str, tuple[str, int]]:
    """Move each source's rows of its last month (by its `freshness` date column) out of `landing`
    into new files under `pending` (same folder, the file's name + `_YYYY-MM`, the same format):
    the next month's deliveries. Returns, per source, that month and its rows."""
    shutil.rmtree(pending, ignore_errors=True)
    moved: dict[str, tuple[str, int]] = {}
    for name, source in sources().items():
        files = [read_delivered(p) for p in data_files(landing, name)]
        months = [f.rows.select(parsed_date(source.freshness_column).dt.truncate("1mo")).to_series() for f in files]
        last = max((m.max() for m in months if m.drop_nulls().len()), default=None)
        if last is None:
            continue
        label, n = last.strftime("%Y-%m"), 0
        for file, month in zip(files, months, strict=True):
            new = (month == last).fill_null(False)
            if not new.any():
                continue
            relative = file.path.relative_to(landing)
            n += write_delivered(file, pending / relative.with_name(f"{file.path.stem}_{label}{file.path.suffix}"), new)
            file.path.unlink()
            if not new.all():
                write_delivered(file, file.path, ~new)
        moved[name] = (label, n)
    return moved


@dataclass(frozen=True)
class Correction:
    path: Path
    key: str
    start: dt.date
    end: str
    old: str
    new: str


def write_correction(landing: Path, before: dt.date) -> Correction | None:
    """A correction delivery (SPEC §2.1: a later row with a loaded key replaces it): one sick-leave
    spell, the latest starting on or before `before` at 100 %, re-delivered at 50 % in a new file
    beside its own, in its format. None when there is no such spell."""
    source = sources()["sjukfranvaro"]
    best: tuple[dt.date, DeliveredFile, int] | None = None
    for path in data_files(landing, source.name):
        file = read_delivered(path)
        dated = file.rows.with_row_index("_i").with_columns(parsed_date("sjuk_from").alias("_from"))
        candidates = dated.filter((pl.col("_from") <= before) & (pl.col("omfattning").str.strip_chars("% ") == "100"))
        if candidates.height:
            row = candidates.sort("_from").row(-1, named=True)
            if best is None or row["_from"] > best[0]:
                best = (row["_from"], file, row["_i"])
    if best is None:
        return None
    start, file, index = best
    row = file.rows.row(index, named=True)
    (key,) = source.key
    changed = file.rows.with_columns(
        pl.when(pl.int_range(pl.len()) == index).then(pl.lit("50")).otherwise(pl.col("omfattning")).alias("omfattning")
    )
    target = file.path.with_name(f"{file.path.stem}_rattelse{file.path.suffix}")
    keep = pl.Series([i == index for i in range(file.rows.height)])
    write_delivered(dataclasses.replace(file, rows=changed), target, keep)
    return Correction(target, row[key], start, row["sjuk_tom"], row["omfattning"], "50")
