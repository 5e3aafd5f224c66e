"""Operator output that reads in a terminal and in a log: `esf run` and `esf status` are read
from cron mail and Dagster logs too.

On a terminal a table is a rich table whose cells wrap rather than being cut; anywhere else
(a pipe, a file) it is plain text in aligned columns, and nothing is ever cut or wrapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table


def console_for(file) -> Console:
    """A console on `file`; off a terminal it writes long lines as they are, not wrapped at 80."""
    console = Console(file=file)
    if not console.is_terminal:
        console.soft_wrap = True
    return console


def print_table(
    console: Console, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[str] = ()
) -> None:
    """A titled table; the columns named in `right` are right-aligned (numbers)."""
    right = set(right)
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if console.is_terminal:
        table = Table(title=title, title_justify="left")
        for name in headers:
            table.add_column(name, justify="right" if name in right else "left", overflow="fold")
        for row in cells:
            table.add_row(*row)
        console.print(table)
        return
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if name in right else v.ljust(w) for v, w, name in zip(values, widths, headers, strict=True)
        ).rstrip()

    console.out("\n".join([title, line(headers), *(line(row) for row in cells)]) + "\n", highlight=False)


def print_list(console: Console, title: str, lines: Sequence[str]) -> None:
    """A titled list of whole lines (a file and its reason), one per line, never cut; a reason
    that spans lines (a library's error) is joined into one."""
    console.out("\n".join([title, *(f"  {' '.join(text.split())}" for text in lines)]) + "\n", highlight=False)
