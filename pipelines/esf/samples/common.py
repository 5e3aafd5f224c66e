"""Shared helpers for the sample generator: fake persons, dates and byte-stable file writers.

Everything here is deterministic: randomness comes only from `random.Random` streams the
caller passes in, and the writers fix every byte (line endings, zip timestamps in xlsx).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random

from openpyxl import Workbook

from esf.personnummer import luhn_check_digit

FIXED_TIME = dt.datetime(2015, 1, 15, 8, 0, 0)  # stamped into xlsx metadata instead of "now"


def rng_for(seed: int, label: str) -> Random:
    """One stream per part of the story, so that changing one part leaves the others' bytes alone."""
    return Random(f"{seed}:{label}")


def od(y: int, m: int, d: int) -> int:
    """A date as its proleptic ordinal: plain ints keep the many-row loops cheap."""
    return dt.date(y, m, d).toordinal()


@cache
def iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


@cache
def compact(ordinal: int) -> str:
    return iso(ordinal).replace("-", "")


@cache
def year_of(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


def month_of(ordinal: int) -> int:
    """Absolute month number y*12 + (m-1)."""
    d = dt.date.fromordinal(ordinal)
    return d.year * 12 + d.month - 1


@cache
def month_start(mi: int) -> int:
    return od(mi // 12, mi % 12 + 1, 1)


def as_date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


# ---------------------------------------------------------------- persons


class People:
    """Issues unique fake personnummer (12-digit `YYYYMMDDNNNN`) shared by all sources."""

    def __init__(self) -> None:
        self._used: dict[str, None] = {}

    def new(self, rng: Random, sex: str, first_year: int, last_year: int) -> str:
        """A new person of sex `K`/`M`; about 1 in 250 gets a samordningsnummer (day + 60)."""
        digits = "13579" if sex == "M" else "02468"
        while True:
            y, m = rng.randint(first_year, last_year), rng.randint(1, 12)
            d = rng.randint(1, 28 if m == 2 else 30)
            if rng.random() < 0.004:
                d += 60
            nine = f"{y % 100:02d}{m:02d}{d:02d}{rng.randint(0, 99):02d}{rng.choice(digits)}"
            ten = nine + str(luhn_check_digit(nine))
            if ten not in self._used:
                self._used[ten] = None
                return f"{y // 100}{ten}"


def sex_of(pnr12: str) -> str:
    return "M" if int(pnr12[10]) % 2 else "K"


PNR_FORMS = {
    "dash12": lambda p: f"{p[:8]}-{p[8:]}",
    "plain12": lambda p: p,
    "dash10": lambda p: f"{p[2:8]}-{p[8:]}",
}


def wrong_check(pnr12: str) -> str:
    """The same personnummer with a wrong check digit, as `YYYYMMDD-NNNN`."""
    return f"{pnr12[:8]}-{pnr12[8:11]}{(int(pnr12[11]) + 1) % 10}"


# ---------------------------------------------------------------- writers


@dataclass(frozen=True)
class Fmt:
    """How one extract is written: what differs between the municipalities' systems."""

    delim: str = ";"
    encoding: str = "utf-8"  # "utf-8-sig" writes a BOM; "cp1252" is Windows-1252
    pnr: str = "dash12"
    dates: str = "iso"  # or "compact" (YYYYMMDD)
    eol: str = "\n"

    def p(self, pnr12: str) -> str:
        return PNR_FORMS[self.pnr](pnr12) if pnr12 else ""

    def d(self, ordinal: int | None) -> str:
        if ordinal is None:
            return ""
        return compact(ordinal) if self.dates == "compact" else iso(ordinal)


def _quote(cell: str, delim: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if (delim in cell or '"' in cell) else cell


def write_delimited(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], fmt: Fmt, noise: dict[int, str] | None = None
) -> int:
    """Write an extract and return its data rows; `noise` puts raw lines before given row indexes.

    Cells are joined directly (fast for a million rows); only a line whose delimiter count is
    off is re-joined with CSV quoting.
    """
    delim, width, eol = fmt.delim, len(header) - 1, fmt.eol
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding=fmt.encoding, newline="") as fh:
        lines = [delim.join(header)]
        for n, row in enumerate(rows, start=1):
            if noise and n - 1 in noise:
                lines.append(noise[n - 1])
            line = delim.join(row)
            if line.count(delim) != width or '"' in line:
                line = delim.join(_quote(c, delim) for c in row)
            lines.append(line)
            if len(lines) >= 20_000:
                fh.write(eol.join(lines) + eol)
                lines = []
        if lines:
            fh.write(eol.join(lines) + eol)
    return n


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """First-sheet workbook with real date cells, re-zipped with fixed timestamps (byte-stable)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(list(header))
    n = 0
    for row in rows:
        ws.append(list(row))
        n += 1
    for cell in ws[1]:
        cell.number_format = "@"
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            zout.writestr(
                zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6]), data, compress_type=zipfile.ZIP_DEFLATED
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return n
