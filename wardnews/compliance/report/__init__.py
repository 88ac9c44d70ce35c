"""The periodic report a unit sends upward (6 months, a year): what was published, on which
criteria, through which channels, and whether the posting rhythm was kept.

:func:`build_report` computes a :class:`Report` as plain values; ``render_csv``, ``render_xlsx``,
``render_html`` and ``render_docx`` (a Word document in the layout of Nghị định 30/2020) turn it
into bytes an officer can send. Rules of counting (also in the
report's own notes):

- a post counts when it is published (not a draft, dated at or before *now*) and its date falls
  between the first and the last day of the report, both included, in the unit's local time;
- a post tagged with several criteria counts once for each; automatic tags (keyword rules) count
  too and are also counted apart;
- airings are broadcasts whose own time falls in the report's days and is not in the future, of
  any published post: a programme posted on 30/06 and replayed on 02/07 brings one airing to a
  report that ends on 30/06 and one to the next;
- rule periods are those that overlap the report's days, judged on the whole period (the week of
  30/12/2024-05/01/2025 is kept or missed by the posts of those seven days).

CSV layout: a UTF-8 file with a byte-order mark (Excel then reads Vietnamese correctly), comma
separated. It opens with the report's title, unit and period, then one section per table. A
section starts with a row holding only its name in brackets ("[Theo tiêu chí]"), then a header
row, then the data rows, and ends with an empty row. Dates of posts are written 2024-03-12 08:30
so that no spreadsheet reads a day as a month.
"""

from wardnews.compliance.report.csv_file import render_csv
from wardnews.compliance.report.docx_file import (
    Letterhead,
    decree_date,
    letterhead_for,
    render_docx,
)
from wardnews.compliance.report.html_page import render_html, report_chart
from wardnews.compliance.report.model import (
    AUTO_MARK,
    NOTES,
    REPORT_TITLE,
    STATUS_LABELS,
    CriterionCount,
    KindCount,
    MonthCount,
    PeriodLine,
    PostLine,
    Report,
    RuleSummary,
    build_report,
    post_url,
)
from wardnews.compliance.report.xlsx_file import render_xlsx

__all__ = [
    "AUTO_MARK",
    "NOTES",
    "REPORT_TITLE",
    "STATUS_LABELS",
    "CriterionCount",
    "KindCount",
    "Letterhead",
    "MonthCount",
    "PeriodLine",
    "PostLine",
    "Report",
    "RuleSummary",
    "build_report",
    "decree_date",
    "letterhead_for",
    "post_url",
    "render_csv",
    "render_docx",
    "render_html",
    "render_xlsx",
    "report_chart",
]
