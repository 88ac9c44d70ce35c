"""The posts-per-month chart as a PNG picture, for documents that cannot hold SVG (the Word
report). It draws the very coordinates of :func:`wardnews.compliance.chart.chart_layout`, scaled
up for print, with DejaVu Sans (shipped, covers Vietnamese). The same counts give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from wardnews.compliance.chart import MonthBar, NamedCriterion, chart_layout
from wardnews.syndication.banner import FONT_REGULAR, font_file

# 600 SVG units drawn 1,800 pixels wide: sharp at 15 cm on a 300 dpi print.
SCALE = 3


def posts_per_month_png(
    criteria: Sequence[NamedCriterion], months: Sequence[MonthBar], *, scale: int = SCALE
) -> bytes:
    """The chart of :func:`~wardnews.compliance.chart.posts_per_month_svg` as PNG bytes."""
    layout = chart_layout(criteria, months)
    plot = layout["plot"]
    image = Image.new("RGB", (layout["width"] * scale, layout["height"] * scale), "white")
    draw = ImageDraw.Draw(image)
    data = font_file(FONT_REGULAR)
    font = ImageFont.truetype(io.BytesIO(data), 14 * scale, layout_engine=ImageFont.Layout.BASIC)
    small = ImageFont.truetype(io.BytesIO(data), 12 * scale, layout_engine=ImageFont.Layout.BASIC)

    def at(*values: float | str) -> list[float]:
        return [float(value) * scale for value in values]

    for tick in layout["ticks"]:
        colour = "#444444" if tick["value"] == 0 else "#dddddd"
        draw.line(at(plot["left"], tick["y"], plot["right"], tick["y"]), fill=colour, width=scale)
        x, y = at(plot["left"] - 6, tick["y"])
        draw.text((x, y), str(tick["value"]), fill="#222222", font=font, anchor="rm")
    for column in layout["columns"]:
        for segment in column["segments"]:
            left, top = at(column["x"], segment["y"])
            width, height = at(column["width"], segment["height"])
            draw.rectangle([left, top, left + width, top + height], fill=segment["fill"])
        middle, label_y, year_y = at(column["middle"], plot["bottom"] + 13, plot["bottom"] + 30)
        if column["label"]:
            draw.text((middle, label_y), column["label"], fill="#222222", font=font, anchor="ms")
        if column["year"]:
            year = str(column["year"])
            draw.text((middle, year_y), year, fill="#555555", font=small, anchor="ms")
    if layout["empty"]:
        x, y = at(layout["empty"]["x"], layout["empty"]["y"])
        text = "Chưa có bài nào gắn tiêu chí trong thời gian này"
        draw.text((x, y), text, fill="#666666", font=font, anchor="mm")
    for item in layout["legend"]:
        left, top = at(plot["left"], item["y"])
        draw.rectangle([left, top, left + 14 * scale, top + 14 * scale], fill=item["fill"])
        x, y = at(plot["left"] + 20, item["y"] + 12)
        draw.text((x, y), item["short_name"], fill="#222222", font=font, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
