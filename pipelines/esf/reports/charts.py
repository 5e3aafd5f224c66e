"""Static SVG charts for the report: a goal's value over time, its target and expected path.

Drawn with matplotlib into inline SVG (text kept as text), so the HTML needs nothing from
a network; each chart carries a text alternative (SPEC §8.3).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

from esf.reports.swedish import tick

plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9})

LINE = "#1f4e79"
TARGET = "#b71c1c"
EXPECTED = "#6d6d6d"


@dataclass(frozen=True)
class Series:
    labels: list[str]  # period labels in order
    values: list[float | None]  # None where there is no value or it is hidden
    target: float | None
    expected: list[float | None] | None  # the expected path of a cumulative goal


def goal_chart(series: Series, title: str, description: str, y_label: str) -> str:
    """An inline <svg> with role="img", a <title> and a <desc>."""
    # SVG ids salted with the title: unique per chart on a page, and the same data gives the same
    # bytes (a report that did not change is not sent again)
    with plt.rc_context({"svg.hashsalt": title}):
        return _draw(series, title, description, y_label)


def _draw(series: Series, title: str, description: str, y_label: str) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 2.6), dpi=100)
    x = list(range(len(series.labels)))
    ax.plot(
        x,
        [v if v is not None else float("nan") for v in series.values],
        color=LINE,
        linewidth=2,
        marker="o" if len(x) <= 24 else None,
        markersize=3,
        label="Utfall",
    )
    if series.expected:
        ax.plot(
            x,
            [v if v is not None else float("nan") for v in series.expected],
            color=EXPECTED,
            linestyle=":",
            linewidth=1.5,
            label="Förväntat hittills",
        )
    if series.target is not None:
        ax.axhline(series.target, color=TARGET, linestyle="--", linewidth=1.2, label="Målvärde")
    step = max(1, -(-len(x) // 6))  # at most six labels
    ax.set_xticks(x[::step], [series.labels[i] for i in x[::step]], rotation=0)
    _y_axis(ax, series, integer=y_label == "antal")
    ax.set_ylabel(y_label)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="best", frameon=False, fontsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    # no date or creator: the same data gives the same bytes
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return _accessible(buffer.getvalue(), title, description)


def _accessible(svg: str, title: str, description: str) -> str:
    """The <svg> element alone, with role="img", an aria-label, a <title> and a <desc>."""
    svg = svg[svg.index("<svg") :]
    head_end = svg.index(">") + 1
    # the chart takes its column's width in HTML (the viewBox keeps its proportions)
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[: head_end - 1])
    return (
        head
        + f' role="img" aria-label="{_escape(title)}" style="width:100%;height:auto"'
        + ">"
        + f"<title>{_escape(title)}</title><desc>{_escape(description)}</desc>"
        + svg[head_end:]
    )


def _y_axis(ax, series: Series, integer: bool) -> None:
    """Room above and below everything drawn (the target line never on the frame's edge), whole-number
    ticks for counts, and Swedish numbers on the axis (`87,5`, `1 200`)."""
    drawn = [v for v in [*series.values, *(series.expected or []), series.target] if v is not None]
    if drawn:
        low, high = min(drawn), max(drawn)
        pad = (high - low) * 0.12 or max(abs(high) * 0.12, 1.0)
        bottom = 0 if low >= 0 and (integer or low - pad < 0) else low - pad
        ax.set_ylim(bottom, max(high + pad, 1) if integer else high + pad)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=integer, min_n_ticks=1 if integer else 2))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: tick(value)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass(frozen=True)
class Estimate:
    label: str  # the group: Totalt, Kvinnor, Män
    effect: float | None  # None where there is none or it is hidden: not drawn
    low: float | None
    high: float | None


def effect_chart(estimates: list[Estimate], title: str, description: str, x_label: str) -> str:
    """A point and its 95 % interval per group, with the zero line: an inline <svg> like goal_chart."""
    with plt.rc_context({"svg.hashsalt": title}):
        fig, ax = plt.subplots(figsize=(6.4, 0.6 + 0.45 * len(estimates)), dpi=100)
        y = list(range(len(estimates)))[::-1]
        ax.axvline(0, color=EXPECTED, linewidth=1, label="Ingen skillnad")
        for yi, e in zip(y, estimates, strict=True):
            if e.effect is None:
                continue
            if e.low is not None and e.high is not None:
                ax.plot([e.low, e.high], [yi, yi], color=LINE, linewidth=2)
            ax.plot([e.effect], [yi], marker="o", color=LINE, markersize=6)
        ax.set_yticks(y, [e.label for e in estimates])
        ax.set_ylim(-0.6, len(estimates) - 0.4)
        ax.set_xlabel(x_label)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return _accessible(buffer.getvalue(), title, description)
