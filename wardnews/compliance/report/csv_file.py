"""The report as CSV text (layout in the package's docstring)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from wardnews.compliance.report.model import NOTES, REPORT_TITLE, Report
from wardnews.compliance.report.tables import report_tables, summary_rows

# Spreadsheets run a cell that starts with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: dates as '2024-03-12 08:30', text that a spreadsheet would run as
    a formula quoted (also used by the district's report)."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_csv(report: Report) -> str:
    """The report as one CSV text with labelled sections (layout in the module docstring).

    The text starts with a byte-order mark; write it encoded as UTF-8, as is."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([REPORT_TITLE])
    writer.writerows([label, csv_cell(value)] for label, value in summary_rows(report))
    writer.writerow([])
    for name, header, rows in report_tables(report):
        writer.writerow([f"[{name}]"])
        writer.writerow(header)
        writer.writerows([csv_cell(value) for value in row] for row in rows)
        writer.writerow([])
    writer.writerow(["[Ghi chú]"])
    writer.writerows([note] for note in NOTES)
    return "\ufeff" + out.getvalue()
