"""The report as an Excel workbook, the same bytes for the same report."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from types import MappingProxyType
from typing import Any

from wardnews.compliance.report.model import NOTES, REPORT_TITLE, Report
from wardnews.compliance.report.tables import report_tables, summary_rows

# Sheet after "Tổng hợp" -> column widths (characters).
_SHEETS = MappingProxyType(
    {
        "Theo tiêu chí": [12, 60, 10, 20, 18],
        "Theo tháng": [16, 10, 18],
        "Nhịp đăng": [60, 48, 12, 16, 20],
        "Danh sách bài": [6, 17, 70, 24, 22, 18, 60],
    }
)


def render_xlsx(report: Report) -> bytes:
    """The report as an Excel workbook: sheets "Tổng hợp", "Theo tiêu chí", "Theo tháng",
    "Nhịp đăng" and "Danh sách bài". The same report gives the same bytes: the workbook's
    dates and the zip entries' times are the report's last day, never the clock."""
    # Imported here: only this renderer needs openpyxl, and it is slow to import.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    stamp = datetime.combine(report.end, time(0, 0))
    book = Workbook()
    book.properties.creator = "wardnews"
    book.properties.title = f"{REPORT_TITLE} – {report.unit_title} – {report.period_text}"
    book.properties.language = "vi-VN"
    book.properties.created = stamp
    book.properties.modified = stamp
    bold = Font(bold=True)

    def put(sheet, row: int, values: list[Any], header: bool = False) -> None:
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a title "=..." stays text, never a formula
            elif isinstance(value, datetime):
                cell.value = value.replace(tzinfo=None)
                cell.number_format = "dd/mm/yyyy hh:mm"
            if header:
                cell.font = bold
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    summary = book.active
    summary.title = "Tổng hợp"
    summary.cell(row=1, column=1, value=REPORT_TITLE).font = Font(bold=True, size=14)
    row = 3
    for label, value in summary_rows(report):
        put(summary, row, [label, value])
        summary.cell(row=row, column=1).font = bold
        row += 1
    tables = {name: (header, rows) for name, header, rows in report_tables(report)}
    row += 1
    put(summary, row, ["Theo loại bài", "Số bài", "Số lần phát sóng"], header=True)
    for kind_row in tables["Theo loại bài"][1]:
        row += 1
        put(summary, row, kind_row)
    row += 2
    for note in NOTES:
        put(summary, row, [note])
        row += 1
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 60

    for name, widths in _SHEETS.items():
        sheet = book.create_sheet(name)
        header, rows = tables[name]
        put(sheet, 1, header, header=True)
        for number, values in enumerate(rows, start=2):
            put(sheet, number, values)
        if name == "Nhịp đăng":  # then every period of every rule, under its own header
            start_row = len(rows) + 3
            header, rows = tables["Nhịp đăng theo kỳ"]
            put(sheet, start_row, header, header=True)
            for number, values in enumerate(rows, start=start_row + 1):
                put(sheet, number, values)
        if name == "Danh sách bài":
            for number in range(2, len(rows) + 2):
                link = sheet.cell(row=number, column=7)
                if str(link.value).startswith(("http://", "https://")):
                    link.hyperlink = link.value
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
        sheet.freeze_panes = "A2"

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not save_workbook(): it stamps the clock
    return restamp_zip(raw.getvalue(), stamp)


def restamp_zip(data: bytes, stamp: datetime) -> bytes:
    """The same archive with every entry dated ``stamp`` (zip cannot go before 1980)."""
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
