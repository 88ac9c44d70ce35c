"""``wardnews report --sources``: the supervision board of a chosen period as CSV, an Excel
workbook or a printable HTML page. The same cache and the same ``WARDNEWS_NOW`` give the same
bytes (the workbook is stamped with the period's last day, as the unit's own report is)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, time
from typing import Any

from wardnews.compliance.report.csv_file import csv_cell
from wardnews.compliance.report.xlsx_file import restamp_zip
from wardnews.content.config import UnitConfig
from wardnews.district.board import NOTE, Board
from wardnews.district.pages import board_view
from wardnews.templating import Templates

TITLE = "BÁO CÁO GIÁM SÁT CHUYÊN MỤC CHUYỂN ĐỔI SỐ CỦA CÁC PHƯỜNG, XÃ"


def board_table(board: Board, config: UnitConfig) -> tuple[list[str], list[list[Any]]]:
    """One row per ward: name, level, each period's posts and broadcasts, totals, rhythm, the
    missed periods, last post, feed state, items gathered."""
    header = ["Đơn vị", "Cấp"]
    for column in board.columns:
        header += [f"{column}: số tin", f"{column}: phát sóng"]
    header += [
        "Tổng số tin",
        "Tổng số lần phát sóng",
        "Nhịp đăng",
        "Các kỳ không đạt",
        "Bài gần nhất",
        "Nguồn tin",
        "Số tin đã thu thập",
        "Địa chỉ nguồn tin",
    ]
    rows = []
    for row in board.rows:
        values: list[Any] = [row.source.title, row.source.level]
        for cell in row.cells:
            values += [cell.posts, cell.airings]
        last = row.last_post.astimezone(config.tz).replace(tzinfo=None) if row.last_post else ""
        values += [
            row.posts,
            row.airings,
            row.rhythm,
            "; ".join(row.missed),
            last,
            row.state_text,
            row.history,
            row.source.feed,
        ]
        rows.append(values)
    return header, rows


def _heading(board: Board, config: UnitConfig) -> list[tuple[str, str]]:
    return [
        ("Đơn vị", config.unit_title),
        ("Kỳ", f"{board.start:%d/%m/%Y} – {board.end:%d/%m/%Y}"),
        ("Theo", "tuần" if board.unit == "week" else "tháng"),
        ("Số đơn vị chưa đạt nhịp đăng", str(len(board.behind))),
    ]


def render_board_csv(board: Board, config: UnitConfig) -> str:
    """UTF-8 text with a byte-order mark (Excel shows Vietnamese); write it as it is."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerows([label, csv_cell(value)] for label, value in _heading(board, config))
    writer.writerow([])
    header, rows = board_table(board, config)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    writer.writerow([])
    writer.writerow(["[Ghi chú]"])
    writer.writerow([NOTE])
    return "\ufeff" + out.getvalue()


def render_board_xlsx(board: Board, config: UnitConfig) -> bytes:
    """A workbook of one sheet, "Giám sát", stamped with the period's last day."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    stamp = datetime.combine(board.end, time(0, 0))
    book = Workbook()
    book.properties.creator = "wardnews"
    book.properties.title = TITLE
    book.properties.language = "vi-VN"
    book.properties.created = stamp
    book.properties.modified = stamp
    sheet = book.active
    sheet.title = "Giám sát"
    sheet.cell(row=1, column=1, value=TITLE).font = Font(bold=True, size=14)
    number = 2
    for label, value in _heading(board, config):
        sheet.cell(row=number, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=number, column=2, value=value).data_type = "s"
        number += 1
    header, rows = board_table(board, config)
    number += 1
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=number, column=column, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        number += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a ward name "=..." stays text, never a formula
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.cell(row=number + 2, column=1, value=NOTE)
    sheet.column_dimensions["A"].width = 28
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not save_workbook(): it stamps the clock
    return restamp_zip(raw.getvalue(), stamp)


def render_board_html(board: Board, config: UnitConfig, templates: Templates) -> str:
    """A standalone printable page (A4, Vietnamese)."""
    return templates.render(
        "district/report.html",
        report_title=TITLE,
        unit_title=config.unit_title,
        board=board_view(board, config, ""),
    )
