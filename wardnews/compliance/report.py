"""The periodic report a unit sends upward (6 months, a year): what was published, on which
criteria, through which channels, and whether the posting rhythm was kept.

:func:`build_report` computes a :class:`Report` as plain values; ``render_csv``, ``render_xlsx``
and ``render_html`` turn it into bytes an officer can send. Rules of counting (also in the
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

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from wardnews.compliance.cadence import PERIODS, PeriodResult, check_cadence
from wardnews.compliance.chart import MonthBar, months_between, posts_per_month_svg
from wardnews.content.posts import KINDS, Post
from wardnews.content.project import Project
from wardnews.content.text import escape
from wardnews.site.render import Links

REPORT_TITLE = "Báo cáo kết quả tuyên truyền chuyển đổi số"
STATUS_LABELS = {"kept": "Đạt", "missed": "Không đạt", "open": "Đang diễn ra"}
AUTO_MARK = "(tự động)"
NOTES = (
    "Bài được tính khi đã đăng (không phải bản nháp, không hẹn giờ) và có ngày đăng trong kỳ "
    "báo cáo, theo giờ địa phương.",
    "Một bài gắn nhiều tiêu chí được tính ở mỗi tiêu chí; (tự động) là tiêu chí gắn theo từ khóa "
    "cho bài không ghi tiêu chí.",
    "Số lần phát sóng: các lần phát trong kỳ báo cáo (đã diễn ra) của các chương trình đã đăng.",
    "Nhịp đăng: các kỳ (tuần, tháng, quý, năm) có ngày nằm trong kỳ báo cáo, mỗi kỳ xét trọn vẹn.",
)


@dataclass(frozen=True)
class CriterionCount:
    code: str
    name: str
    posts: int
    auto_posts: int  # of ``posts``, those tagged by the keyword rules
    airings: int


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    posts: int
    airings: int


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    posts: int
    airings: int
    by_criterion: tuple[int, ...]  # posts per criterion, in the order of Report.criteria

    @property
    def label(self) -> str:
        return f"Tháng {self.month}/{self.year}"


@dataclass(frozen=True)
class PeriodLine:
    label: str
    posts: int
    airings: int
    status: str  # kept | missed | open

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class RuleSummary:
    id: str
    name: str
    requirement: str
    periods: tuple[PeriodLine, ...]

    def count(self, status: str) -> int:
        """How many of the rule's periods in the report have this status."""
        return sum(1 for period in self.periods if period.status == status)


@dataclass(frozen=True)
class PostLine:
    date: datetime  # local time of the unit
    title: str
    url: str
    kind: str
    criteria: tuple[str, ...]
    auto: bool
    airings: int

    @property
    def criteria_text(self) -> str:
        """'3.1, 3.4', or '3.2 (tự động)' for keyword tags."""
        text = ", ".join(self.criteria)
        return f"{text} {AUTO_MARK}" if text and self.auto else text


@dataclass(frozen=True)
class Report:
    unit_title: str
    section_title: str
    catalog_name: str
    start: date
    end: date
    # The day the figures stop when the report is made before its end; None once it is over.
    as_of: date | None
    criteria: tuple[CriterionCount, ...]
    kinds: tuple[KindCount, ...]
    months: tuple[MonthCount, ...]
    rules: tuple[RuleSummary, ...]
    posts: tuple[PostLine, ...]
    airings: int
    without_criteria: int

    @property
    def total_posts(self) -> int:
        return len(self.posts)

    @property
    def auto_tagged(self) -> int:
        return sum(1 for post in self.posts if post.auto)

    @property
    def period_text(self) -> str:
        return f"từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"


def post_url(site_url: str, path: str) -> str:
    """Absolute URL under ``site_url``, or the site-relative ``path`` when there is none."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def build_report(project: Project, start: date, end: date, now: datetime, links: Links) -> Report:
    """Count the published posts of ``start``..``end`` (local days, both included)."""
    config = project.config
    tz = config.tz
    range_start = datetime.combine(start, time(0, 0), tzinfo=tz)
    range_end = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=tz)
    published = [post for post in project.posts if post.is_published(now)]
    posts = sorted(
        (post for post in published if range_start <= post.date < range_end),
        key=lambda post: (post.date.timestamp(), post.slug),
    )
    airings = [
        (post, moment)
        for post in published
        for moment in post.airings
        if range_start <= moment < range_end and moment <= now
    ]
    codes = project.catalog.codes

    criteria = []
    for criterion in project.catalog.criteria:
        tagged = [post for post in posts if criterion.code in post.all_criteria]
        criteria.append(
            CriterionCount(
                criterion.code,
                criterion.name,
                len(tagged),
                sum(1 for post in tagged if not post.criteria),
                sum(1 for post, _ in airings if criterion.code in post.all_criteria),
            )
        )
    kinds = tuple(
        KindCount(
            kind,
            label,
            sum(1 for post in posts if post.kind == kind),
            sum(1 for post, _ in airings if post.kind == kind),
        )
        for kind, label in KINDS.items()
    )
    months = _months(posts, airings, codes, tz, start, end)

    rules = []
    for status in check_cadence(project.cadence, project.posts, now, tz):
        rule = status.rule
        needs = f"mỗi {PERIODS[rule.period]} ít nhất {rule.min_posts} {rule.noun}"
        if rule.min_airings:
            needs += f", {rule.min_airings} lần phát sóng"
        overlapping = (
            result
            for result in status.periods
            if result.period.start < range_end and result.period.end > range_start
        )
        rules.append(RuleSummary(rule.id, rule.name, needs, tuple(map(_line, overlapping))))

    airings_of = Counter(post.path for post, _ in airings)
    lines = tuple(
        PostLine(
            post.date.astimezone(tz),
            post.title,
            post_url(config.site_url, links.post(post)),
            post.kind,
            post.all_criteria,
            bool(post.auto_criteria) and not post.criteria,
            airings_of[post.path],
        )
        for post in posts
    )
    return Report(
        unit_title=config.unit_title,
        section_title=config.section_title,
        catalog_name=project.catalog.name,
        start=start,
        end=end,
        as_of=now.astimezone(tz).date() if now < range_end else None,
        criteria=tuple(criteria),
        kinds=kinds,
        months=months,
        rules=tuple(rules),
        posts=lines,
        airings=len(airings),
        without_criteria=sum(1 for post in posts if not post.all_criteria),
    )


def _months(
    posts: list[Post],
    airings: list[tuple[Post, datetime]],
    codes: tuple[str, ...],
    tz: tzinfo,
    start: date,
    end: date,
) -> tuple[MonthCount, ...]:
    index = {code: i for i, code in enumerate(codes)}
    keys = months_between(start, end)
    post_counts: Counter[tuple[int, int]] = Counter()
    airing_counts: Counter[tuple[int, int]] = Counter()
    tags = {key: [0] * len(codes) for key in keys}
    for post in posts:
        local = post.date.astimezone(tz)
        post_counts[(local.year, local.month)] += 1
        for code in post.all_criteria:
            if code in index:  # the door rejects unknown codes; stay total anyway
                tags[(local.year, local.month)][index[code]] += 1
    for _post, moment in airings:
        local = moment.astimezone(tz)
        airing_counts[(local.year, local.month)] += 1
    return tuple(
        MonthCount(year, month, post_counts[key], airing_counts[key], tuple(tags[key]))
        for key in keys
        for year, month in [key]
    )


def _line(result: PeriodResult) -> PeriodLine:
    return PeriodLine(result.period.label, result.posts, result.airings, result.status)


def report_chart(report: Report, chart_id: str = "wn-report-chart") -> str:
    """The report's posts-per-month chart (inline SVG)."""
    bars = [MonthBar(m.year, m.month, m.by_criterion) for m in report.months]
    return posts_per_month_svg(report.criteria, bars, chart_id=chart_id)


# ---------------------------------------------------------------------------------------------
# Tables shared by the three formats: (section name, header, rows)


def _tables(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    codes = [c.code for c in report.criteria]
    rule_rows = [
        [rule.name, rule.requirement, rule.count("kept"), rule.count("missed"), rule.count("open")]
        for rule in report.rules
    ]
    period_rows = [
        [rule.name, line.label, line.posts, line.airings, line.status_label]
        for rule in report.rules
        for line in rule.periods
    ]
    return [
        (
            "Theo tiêu chí",
            ["Mã tiêu chí", "Tên tiêu chí", "Số bài", "Trong đó gắn tự động", "Số lần phát sóng"],
            [[c.code, c.name, c.posts, c.auto_posts, c.airings] for c in report.criteria],
        ),
        (
            "Theo loại bài",
            ["Loại bài", "Số bài", "Số lần phát sóng"],
            [[k.label, k.posts, k.airings] for k in report.kinds],
        ),
        (
            "Theo tháng",
            ["Tháng", "Số bài", "Số lần phát sóng", *(f"Tiêu chí {code}" for code in codes)],
            [[m.label, m.posts, m.airings, *m.by_criterion] for m in report.months],
        ),
        (
            "Nhịp đăng",
            ["Quy tắc", "Yêu cầu", "Số kỳ đạt", "Số kỳ không đạt", "Số kỳ đang diễn ra"],
            rule_rows,
        ),
        (
            "Nhịp đăng theo kỳ",
            ["Quy tắc", "Kỳ", "Số bài", "Số lần phát sóng", "Kết quả"],
            period_rows,
        ),
        (
            "Danh sách bài",
            ["STT", "Ngày đăng", "Tiêu đề", "Loại bài", "Tiêu chí", "Số lần phát sóng", "Địa chỉ"],
            [
                [n, p.date, p.title, KINDS[p.kind], p.criteria_text, p.airings, p.url]
                for n, p in enumerate(report.posts, start=1)
            ],
        ),
    ]


def _summary(report: Report) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("Đơn vị", report.unit_title),
        ("Chuyên mục", report.section_title),
        ("Kỳ báo cáo", report.period_text),
    ]
    if report.as_of is not None:
        rows.append(
            ("Số liệu tính đến ngày", f"{report.as_of:%d/%m/%Y} (kỳ báo cáo chưa kết thúc)")
        )
    rows += [
        ("Bộ tiêu chí", report.catalog_name),
        ("Tổng số bài đã đăng", report.total_posts),
        ("Tổng số lần phát sóng", report.airings),
        ("Số bài gắn tiêu chí tự động", report.auto_tagged),
        ("Số bài chưa gắn tiêu chí", report.without_criteria),
    ]
    return rows


# Spreadsheets run a cell that starts with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@")


def _csv_cell(value: Any) -> Any:
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
    writer.writerows([label, _csv_cell(value)] for label, value in _summary(report))
    writer.writerow([])
    for name, header, rows in _tables(report):
        writer.writerow([f"[{name}]"])
        writer.writerow(header)
        writer.writerows([_csv_cell(value) for value in row] for row in rows)
        writer.writerow([])
    writer.writerow(["[Ghi chú]"])
    writer.writerows([note] for note in NOTES)
    return "\ufeff" + out.getvalue()


# Sheet after "Tổng hợp" -> column widths (characters).
_SHEETS = {
    "Theo tiêu chí": [12, 60, 10, 20, 18],
    "Theo tháng": [16, 10, 18],
    "Nhịp đăng": [60, 48, 12, 16, 20],
    "Danh sách bài": [6, 17, 70, 24, 22, 18, 60],
}


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
    for label, value in _summary(report):
        put(summary, row, [label, value])
        summary.cell(row=row, column=1).font = bold
        row += 1
    tables = {name: (header, rows) for name, header, rows in _tables(report)}
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
    return _restamp_zip(raw.getvalue(), stamp)


def _restamp_zip(data: bytes, stamp: datetime) -> bytes:
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


# ---------------------------------------------------------------------------------------------
# HTML: one printable A4 page

_CSS = """\
@page { size: A4; margin: 15mm 15mm 18mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", "Liberation Serif", "Noto Serif", serif; font-size: 12pt;
  line-height: 1.35; color: #000; background: #fff; margin: 0 auto; max-width: 180mm;
  padding: 8mm 0; }
@media print { body { padding: 0; max-width: none; } }
.unit { text-transform: uppercase; font-weight: bold; margin: 0; }
h1 { font-size: 16pt; text-align: center; text-transform: uppercase; margin: 10mm 0 2mm; }
.period { text-align: center; font-style: italic; margin: 0 0 8mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; break-after: avoid; }
h3 { font-size: 12pt; margin: 4mm 0 1mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 11pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
.months td:first-child { white-space: nowrap; }
.url { font-size: 9pt; word-break: break-all; }
a { color: inherit; text-decoration: none; }
figure { margin: 3mm 0; break-inside: avoid; }
.notes { font-size: 10pt; }
"""


def _html_table(header: list[str], rows: list[list[Any]], numeric: set[int], css: str = "") -> str:
    def cell(tag: str, column: int, value: Any) -> str:
        align = ' class="num"' if column in numeric else ""
        return f"<{tag}{align}>{escape(str(value))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    table = f'<table class="{css}">' if css else "<table>"
    return f"{table}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def render_html(report: Report) -> str:
    """The report as a standalone printable page (A4, Vietnamese), chart drawn inline."""
    tables = {name: (header, rows) for name, header, rows in _tables(report)}
    heading = f"{REPORT_TITLE} – {report.unit_title} – {report.period_text}"
    by_kind = ", ".join(f"{k.label.lower()} {k.posts}" for k in report.kinds)
    summary = [
        f"Tổng số bài đã đăng: <strong>{report.total_posts}</strong> ({escape(by_kind)}).",
        f"Tổng số lần phát sóng: <strong>{report.airings}</strong>.",
        f"Số bài gắn tiêu chí tự động (theo từ khóa): {report.auto_tagged}; "
        f"số bài chưa gắn tiêu chí: {report.without_criteria}.",
        f"Bộ tiêu chí: {escape(report.catalog_name)}.",
    ]
    if report.as_of is not None:
        summary.append(f"Kỳ báo cáo chưa kết thúc: số liệu tính đến ngày {report.as_of:%d/%m/%Y}.")
    month_header, month_rows = tables["Theo tháng"]
    rule_parts = []
    if not report.rules:
        rule_parts.append("<p>Đơn vị chưa cấu hình nhịp đăng bài.</p>")
    else:
        header, rows = tables["Nhịp đăng"]
        rule_parts.append(_html_table(header, rows, {2, 3, 4}))
        for rule in report.rules:
            missed = [line for line in rule.periods if line.status == "missed"]
            if missed:
                items = "".join(
                    f"<li>{escape(line.label)}: {line.posts} bài, {line.airings} lần phát sóng</li>"
                    for line in missed
                )
                rule_parts.append(
                    f"<h3>Các kỳ không đạt: {escape(rule.name)}</h3>\n<ul>{items}</ul>"
                )
    post_rows = "\n".join(
        f'<tr><td class="num">{n}</td><td>{p.date:%d/%m/%Y %H:%M}</td>'
        f'<td><a href="{escape(p.url)}">{escape(p.title)}</a>'
        f'<div class="url">{escape(p.url)}</div></td><td>{escape(KINDS[p.kind])}</td>'
        f"<td>{escape(p.criteria_text)}</td></tr>"
        for n, p in enumerate(report.posts, start=1)
    )
    posts_table = (
        '<table>\n<thead><tr><th class="num">STT</th><th>Ngày đăng</th><th>Tiêu đề, địa chỉ</th>'
        f"<th>Loại bài</th><th>Tiêu chí</th></tr></thead>\n<tbody>\n{post_rows}\n</tbody>\n</table>"
        if report.posts
        else "<p>Không có bài nào trong kỳ báo cáo.</p>"
    )
    body = [
        f'<p class="unit">{escape(report.unit_title)}</p>',
        f"<h1>{escape(REPORT_TITLE)}</h1>",
        f'<p class="period">{escape(report.section_title)}, kỳ báo cáo '
        f"{escape(report.period_text)}</p>",
        "<h2>I. Tổng hợp</h2>",
        "<ul>" + "".join(f"<li>{line}</li>" for line in summary) + "</ul>",
        "<h2>II. Theo tiêu chí</h2>",
        _html_table(*tables["Theo tiêu chí"], {2, 3, 4}),
        "<h2>III. Theo loại bài</h2>",
        _html_table(*tables["Theo loại bài"], {1, 2}),
        "<h2>IV. Theo tháng</h2>",
        f'<figure class="wn-chart">{report_chart(report)}</figure>',
        _html_table(month_header, month_rows, set(range(1, len(month_header))), "months"),
        "<h2>V. Thực hiện nhịp đăng bài</h2>",
        *rule_parts,
        "<h2>VI. Danh sách bài đã đăng</h2>",
        posts_table,
        '<h2>Ghi chú</h2>\n<ul class="notes">'
        + "".join(f"<li>{escape(note)}</li>" for note in NOTES)
        + "</ul>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(heading)}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
