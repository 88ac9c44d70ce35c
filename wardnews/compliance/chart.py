"""A stacked bar chart of posts per month by criterion, drawn as inline SVG.

Used by the printable report (report.py) and by the status page of the site (status_page.py).
No JavaScript, no fonts to download (the system's sans-serif), a ``viewBox`` so it scales from a
phone to an A4 page, ``<title>``/``<desc>`` for screen readers, and the same bytes for the same
counts. A post tagged with two criteria is one segment in each of them, so a bar's height is the
number of criterion tags of the month, which is at least its number of tagged posts.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Protocol

from wardnews.content.posts import Post
from wardnews.templating import Templates

# A narrow drawing with large text: on a 360 px phone the 14 px text is still about 8 px.
WIDTH = 600
_LEFT, _RIGHT, _TOP = 36, 8, 14
_PLOT_HEIGHT = 240
_LEGEND_ROW = 22
_LEGEND_CHARS = 64
# Okabe-Ito and Tableau hues: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#7f3c8d",
    "#8c6d31",
    "#2f4b7c",
    "#bcbd22",
)


class NamedCriterion(Protocol):
    """Anything with a criterion's code and name (catalog.Criterion, report.CriterionCount)."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class MonthBar:
    """One month of the chart: posts per criterion, in the order of the chart's criteria."""

    year: int
    month: int
    counts: tuple[int, ...]

    @property
    def label(self) -> str:
        """Axis label, 'T1' (tháng 1); the year is written under the first bar and January."""
        return f"T{self.month}"


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) of every month from ``first``'s to ``last``'s, both included."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def count_by_month(
    posts: Iterable[Post], codes: Sequence[str], tz: tzinfo, first: date, last: date
) -> tuple[MonthBar, ...]:
    """Bars for every month from ``first`` to ``last``: each post counts once per criterion it
    counts for (``all_criteria``), in the month of its date in local time. The caller chooses the
    posts (published, in range); posts of other months are ignored."""
    index = {code: i for i, code in enumerate(codes)}
    counts = {key: [0] * len(codes) for key in months_between(first, last)}
    for post in posts:
        local = post.date.astimezone(tz)
        row = counts.get((local.year, local.month))
        if row is None:
            continue
        for code in post.all_criteria:
            if code in index:
                row[index[code]] += 1
    return tuple(MonthBar(year, month, tuple(row)) for (year, month), row in counts.items())


def criterion_colour(index: int) -> str:
    """The fill of the ``index``-th criterion of the catalog; the same criterion, the same colour.

    Past the palette (a 37-criterion catalog), hues follow the golden angle so neighbours differ.
    """
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index * 0.381966) % 1.0
    red, green, blue = colorsys.hls_to_rgb(hue, 0.42, 0.6)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def _num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: stable, compact output."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tick_step(highest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if math.ceil(highest / step) <= 5:
            return step
    return 10 ** math.ceil(math.log10(highest / 5))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def posts_per_month_svg(
    criteria: Sequence[NamedCriterion],
    months: Sequence[MonthBar],
    *,
    title: str = "Số bài theo tháng và tiêu chí",
    chart_id: str = "wn-chart",
    templates: Templates | None = None,
) -> str:
    """The chart as one ``<svg>`` element (no blank lines, so Markdown keeps it as raw HTML).

    ``criteria`` fixes the stacking order and the colours (pass the whole catalog so a criterion
    keeps its colour from chart to chart); the legend lists the criteria that have posts. Each
    bar segment is a ``rect`` with ``data-month``, ``data-criterion`` and ``data-count``.
    Drawn by the template ``compliance/chart.svg`` of ``templates`` (default: the shipped ones).
    """
    values = chart_layout(criteria, months)
    return (templates or Templates()).render(
        "compliance/chart.svg",
        chart_id=chart_id,
        title=title,
        description=_description(criteria, months),
        **values,
    )


def chart_layout(criteria: Sequence[NamedCriterion], months: Sequence[MonthBar]) -> dict:
    """Every coordinate of the chart (the SVG template and the PNG of the Word report draw the
    same values): ``width``, ``height``, ``plot``, ``ticks``, ``columns``, ``empty``, ``legend``.
    """
    codes = [criterion.code for criterion in criteria]
    totals = [sum(bar.counts[i] for bar in months) for i in range(len(codes))]
    highest = max((sum(bar.counts) for bar in months), default=0)
    plot_width = WIDTH - _LEFT - _RIGHT
    bottom = _TOP + _PLOT_HEIGHT
    used = [i for i, total in enumerate(totals) if total]
    legend_top = bottom + 50
    step = _tick_step(highest) if highest else 1
    top_value = step * math.ceil(highest / step) if highest else 5
    scale = _PLOT_HEIGHT / top_value
    ticks = [
        {"value": value, "y": _num(bottom - value * scale)}
        for value in range(0, top_value + 1, step)
    ]
    slot = plot_width / max(len(months), 1)
    bar_width = min(slot * 0.62, 56)
    label_every = math.ceil(len(months) / 12) if months else 1
    columns = []
    for position, bar in enumerate(months):
        x = _LEFT + position * slot + (slot - bar_width) / 2
        base = float(bottom)
        segments = []
        for i, count in enumerate(bar.counts[: len(codes)]):
            if not count:
                continue
            base -= count * scale
            segments.append(
                {
                    "y": _num(base),
                    "height": _num(count * scale),
                    "fill": criterion_colour(i),
                    "code": codes[i],
                    "count": count,
                }
            )
        columns.append(
            {
                "x": _num(x),
                "width": _num(bar_width),
                "middle": _num(x + bar_width / 2),
                "month_key": f"{bar.year:04d}-{bar.month:02d}",
                "month_label": f"Tháng {bar.month}/{bar.year}",
                "segments": segments,
                "label": bar.label if position % label_every == 0 else "",
                "year": bar.year if position == 0 or bar.month == 1 else None,
            }
        )
    empty = None
    if not highest:
        empty = {"x": _num(_LEFT + plot_width / 2), "y": _num(_TOP + _PLOT_HEIGHT / 2)}
    legend = []
    for row, i in enumerate(used):
        name = f"{criteria[i].code} – {criteria[i].name}"
        legend.append(
            {
                "y": legend_top + row * _LEGEND_ROW,
                "name": name,
                "short_name": _shorten(name, _LEGEND_CHARS),
                "total": totals[i],
                "fill": criterion_colour(i),
            }
        )
    return {
        "width": WIDTH,
        "height": legend_top + max(len(used), 1) * _LEGEND_ROW + 4,
        "plot": {"left": _LEFT, "right": WIDTH - _RIGHT, "bottom": bottom},
        "ticks": ticks,
        "columns": columns,
        "empty": empty,
        "legend": legend,
    }


def _description(criteria: Sequence[NamedCriterion], months: Sequence[MonthBar]) -> str:
    """The chart in words, for screen readers and for a print without colours."""
    lines = [
        "Biểu đồ cột chồng: số bài mỗi tháng, mỗi màu một tiêu chí; "
        "một bài gắn nhiều tiêu chí được tính ở mỗi tiêu chí."
    ]
    for bar in months:
        parts = [f"{criteria[i].code}: {count} bài" for i, count in enumerate(bar.counts) if count]
        lines.append(f"Tháng {bar.month}/{bar.year}: {'; '.join(parts) or 'không có bài'}.")
    return " ".join(lines)
