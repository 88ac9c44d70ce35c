"""The report as a Word document in the layout of Nghị định 30/2020/NĐ-CP (administrative
documents), ready to be edited, numbered and signed.

The page (A4, margins 20/20/30/15 mm), the styles (Times New Roman 14 pt) and the document's
properties come from a base document, ``compliance/report.docx`` among the templates: a unit
replaces it by a file of that path in its ``templates_dir`` (made in Word: change the styles and
margins, leave the body empty; whatever its body holds is replaced; the cells' paragraph styles
"Báo cáo - bảng" and "Báo cáo - bảng nhỏ" are made unless it has them). The content is written
with python-docx: letterhead (issuing body and number on the left, national name and motto, place
and date on the right), title, the figures and tables of the other formats, the chart as a PNG
picture, the rhythm with its missed periods named, the posts with their addresses, the notes,
recipients ("Nơi nhận") and the signature block. The number is left as a highlighted blank for
the clerk's office. Same report, same day, same base document: same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from importlib import resources
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from wardnews.compliance.chart import MonthBar
from wardnews.compliance.chart_png import posts_per_month_png
from wardnews.compliance.report.model import NOTES, Report
from wardnews.compliance.report.tables import report_tables, summary_rows
from wardnews.content.config import UnitConfig
from wardnews.problems import Problem, WardnewsError
from wardnews.templating import Templates

BASE_DOCUMENT = "compliance/report.docx"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCUMENT_KIND = "BÁO CÁO"
# The blank a clerk fills with the number given when the report is registered.
NUMBER_BLANK = "\u2003\u2003\u2003"
# Zip entries dated 1980-01-01 (the earliest a zip can say): no build time in the file.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TEXT_WIDTH = Mm(165)  # A4 less the margins of the base document
# Paragraph styles of the tables' cells: made (from Normal) when the base document has none of
# that name, so a unit's base document may define them its own way.
TABLE_STYLE, SMALL_TABLE_STYLE = "Báo cáo - bảng", "Báo cáo - bảng nhỏ"
_STYLE_SIZES = {TABLE_STYLE: Pt(11), SMALL_TABLE_STYLE: Pt(10)}
# Shares of the text width per column; tables not listed share it equally.
_COLUMN_SHARES = {
    "Theo tiêu chí": (14, 44, 14, 14, 14),
    "Theo loại bài": (50, 25, 25),
    "Nhịp đăng": (28, 36, 12, 12, 12),
    "Nhịp đăng theo kỳ": (30, 30, 12, 14, 14),
    "Danh sách bài": (5, 14, 27, 11, 10, 7, 26),
}


@dataclass(frozen=True)
class Letterhead:
    """Who issues the report, who signs it and who receives it (``extra.wardnews.report_*``)."""

    issuer: tuple[str, ...]  # lines, e.g. ('ỦY BAN NHÂN DÂN', 'PHƯỜNG NGỌC TRẠO')
    symbol: str
    place: str
    signer_title: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    section: str  # 'Chuyên mục Chuyển đổi số trên Trang thông tin điện tử phường Ngọc Trạo'


def letterhead_for(config: UnitConfig) -> Letterhead:
    """The letterhead of ``config``, with the defaults of the README for keys left out."""
    place = config.report_place or config.unit_name
    if place.casefold().startswith(config.unit_level.casefold() + " "):
        place = place[len(config.unit_level) + 1 :]
    issuer = config.report_issuer.splitlines() or ["Ủy ban nhân dân", config.unit_title]
    section = config.section_title
    if config.portal_name:
        section += f" trên {config.portal_name}"
    return Letterhead(
        issuer=tuple(line.strip().upper() for line in issuer if line.strip()),
        symbol=config.report_symbol,
        place=place,
        signer_title=tuple(
            line.strip().upper() for line in config.report_signer_title.splitlines() if line
        ),
        signer_name=config.report_signer_name,
        recipients=config.report_recipients,
        section=section,
    )


def decree_date(day: date) -> str:
    """'ngày 01 tháng 7 năm 2024': a zero before days under 10 and months 1 and 2 (Nghị định
    30/2020, Phụ lục I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def render_docx(
    report: Report, letterhead: Letterhead, today: date, templates: Templates | None = None
) -> bytes:
    """The report as the bytes of a .docx file dated ``today`` (the unit's local day)."""
    document = _base_document(templates)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    grid = "Table Grid" if any(s.name == "Table Grid" for s in document.styles) else None

    _letterhead(document, letterhead, today)
    _paragraph(document, DOCUMENT_KIND, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
    _paragraph(
        document,
        f"Kết quả tuyên truyền chuyển đổi số {report.period_text}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _rule_below(document, Mm(40))
    _paragraph(
        document,
        f"{report.unit_title} báo cáo kết quả đăng tin, bài tuyên truyền về chuyển đổi số trên "
        f"{letterhead.section}, {report.period_text}, như sau:",
        indent=True,
        before=12,
    )

    tables = {name: (header, rows) for name, header, rows in report_tables(report)}
    _paragraph(document, "I. SỐ LIỆU CHUNG", bold=True)
    for label, value in summary_rows(report):
        _paragraph(document, f"- {label}: {_text(value)}.", indent=True)

    _paragraph(document, "II. KẾT QUẢ THEO TIÊU CHÍ, LOẠI BÀI VÀ THÁNG", bold=True)
    for number, name in enumerate(("Theo tiêu chí", "Theo loại bài", "Theo tháng"), start=1):
        _paragraph(document, f"{number}. {name}", bold=True, italic=True, indent=True)
        _table(document, name, *tables[name], grid)
    chart_heading = "4. Biểu đồ số bài theo tháng và tiêu chí"
    _paragraph(document, chart_heading, bold=True, italic=True, indent=True)
    bars = [MonthBar(m.year, m.month, m.by_criterion) for m in report.months]
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(
        io.BytesIO(posts_per_month_png(report.criteria, bars)), width=Mm(150)
    )

    _paragraph(document, "III. NHỊP ĐĂNG BÀI", bold=True)
    if not report.rules:
        _paragraph(document, "Đơn vị chưa đặt quy tắc nhịp đăng bài.", indent=True)
    for rule in report.rules:
        missed = [line.label for line in rule.periods if line.status == "missed"]
        text = (
            f"- {rule.name} ({rule.requirement}): {rule.count('kept')} kỳ đạt, "
            f"{rule.count('missed')} kỳ không đạt, {rule.count('open')} kỳ đang diễn ra"
        )
        text += f". Các kỳ không đạt: {'; '.join(missed)}." if missed else "."
        _paragraph(document, text, indent=True)
    if report.rules:
        _table(document, "Nhịp đăng", *tables["Nhịp đăng"], grid)
    if any(rule.periods for rule in report.rules):
        _table(document, "Nhịp đăng theo kỳ", *tables["Nhịp đăng theo kỳ"], grid)

    _paragraph(document, "IV. DANH SÁCH BÀI ĐÃ ĐĂNG", bold=True)
    if report.posts:
        _table(document, "Danh sách bài", *tables["Danh sách bài"], grid)
    else:
        _paragraph(document, "Không có bài nào đăng trong kỳ báo cáo.", indent=True)

    _paragraph(document, "Ghi chú:", bold=True, italic=True, size=Pt(12))
    for note in NOTES:
        _paragraph(document, f"- {note}", italic=True, size=Pt(12))
    _paragraph(document, f"Trên đây là báo cáo của {report.unit_title}./.", indent=True)
    _signature(document, letterhead)

    properties = document.core_properties
    properties.title = f"Báo cáo kết quả tuyên truyền chuyển đổi số {report.period_text}"
    properties.author = properties.last_modified_by = report.unit_title
    # The day the report is dated, as Word stores it (UTC): no clock time in the file.
    properties.created = properties.modified = datetime.combine(today, time(0, 0), tzinfo=UTC)
    properties.revision = 1
    return _stable_zip(document)


def _base_document(templates: Templates | None) -> Any:
    """The unit's base document when its ``templates_dir`` has one, else the shipped one.
    Raises WardnewsError for a file that is not a Word document."""
    override = templates.override_dir if templates is not None else None
    if override is None or not (override / BASE_DOCUMENT).is_file():
        data = resources.files("wardnews").joinpath("templates", BASE_DOCUMENT).read_bytes()
        return docx.Document(io.BytesIO(data))
    path = override / BASE_DOCUMENT
    try:
        return docx.Document(io.BytesIO(path.read_bytes()))
    # python-docx reads a zip of XML parts: any of these means the file is not one.
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, XMLSyntaxError):
        message = (
            "cần một tệp Word (.docx) lưu từ Word hoặc LibreOffice, nhưng tệp này không mở được"
        )
        raise WardnewsError([Problem(path.as_posix(), None, None, message)]) from None


def _stable_zip(document: Any) -> bytes:
    """python-docx dates every zip entry with the clock; rewrite them with a fixed date."""
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return out.getvalue()


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    return str(value)


def _format(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Pt | None = None,
    align: Any = None,
    before: int = 0,
    after: int | None = None,
) -> Paragraph:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = size
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _paragraph(document: Any, text: str, *, indent: bool = False, **style: Any) -> Paragraph:
    paragraph = _format(document.add_paragraph(), text, **style)
    if "align" not in style:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    return paragraph


def _cell_lines(cell: _Cell, lines: Sequence[tuple[str, dict[str, Any]]]) -> list[Paragraph]:
    """Fill a letterhead cell: one centred paragraph per (text, style)."""
    paragraphs = []
    for index, (text, style) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        style = {"align": WD_ALIGN_PARAGRAPH.CENTER, "after": 0, **style}
        paragraphs.append(_format(paragraph, text, **style))
    return paragraphs


def _rule_below(cell_or_document: Any, length: Mm, width: Mm = _TEXT_WIDTH) -> None:
    """The short line Nghị định 30 draws under the issuer, the motto and the title: the bottom
    border of a tiny empty paragraph, narrowed to ``length`` by equal indents (``width``: the
    column's width)."""
    paragraph = cell_or_document.add_paragraph()
    format_ = paragraph.paragraph_format
    format_.space_before = format_.space_after = Pt(0)
    format_.line_spacing = Pt(2)
    format_.left_indent = format_.right_indent = Emu(max(int(width - length) // 2, 0))
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _columns(document: Any, widths: tuple[Mm, Mm]) -> Any:
    """A borderless two-column table (letterhead, signature)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width
    return table


def _letterhead(document: Any, letterhead: Letterhead, today: date) -> None:
    left_width, right_width = Mm(65), Mm(100)
    left, right = _columns(document, (left_width, right_width)).rows[0].cells
    _cell_lines(left, [(line, {"bold": True, "size": Pt(13)}) for line in letterhead.issuer])
    _rule_below(left, Mm(22), left_width)
    number = left.add_paragraph()
    _format(number, "Số: ", size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER, before=8, after=0)
    blank = number.add_run(NUMBER_BLANK)
    blank.font.size = Pt(13)
    blank.font.highlight_color = WD_COLOR_INDEX.YELLOW
    _format(number, f"/{letterhead.symbol}", size=Pt(13))
    _cell_lines(
        right,
        [
            (NATIONAL_NAME, {"bold": True, "size": Pt(12)}),
            (MOTTO, {"bold": True, "size": Pt(13)}),
        ],
    )
    _rule_below(right, Mm(56), right_width)
    place = right.add_paragraph()
    when = f"{letterhead.place}, {decree_date(today)}"
    _format(place, when, italic=True, size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER, before=6)


def _table_style(document: Any, name: str) -> Any:
    found = [style for style in document.styles if style.name == name]
    if found:
        return found[0]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = _STYLE_SIZES[name]
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return style


def _table(
    document: Any, name: str, header: list[str], rows: list[list[Any]], grid: str | None
) -> None:
    style = _table_style(document, SMALL_TABLE_STYLE if name == "Danh sách bài" else TABLE_STYLE)
    table = document.add_table(rows=1 + len(rows), cols=len(header), style=grid)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    shares = _COLUMN_SHARES.get(name, (1,) * len(header))
    widths = [Emu(int(_TEXT_WIDTH) * share // sum(shares)) for share in shares]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # Row by row from the XML, the style's id written directly: python-docx's row.cells walks
    # the whole table for each row, and its paragraph.style looks through every style.
    style_id = style.style_id
    header_row, *data_rows = table._tbl.tr_lst
    for tc, width, text in zip(header_row.tc_lst, widths, header, strict=True):
        cell = _Cell(tc, table)
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph._p.style, paragraph.alignment = style_id, WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    for tr, values in zip(data_rows, rows, strict=True):
        for tc, width, value in zip(tr.tc_lst, widths, values, strict=True):
            cell = _Cell(tc, table)
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            if isinstance(value, int):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(_text(value))
    document.add_paragraph()


def _signature(document: Any, letterhead: Letterhead) -> None:
    left, right = _columns(document, (Mm(75), Mm(90))).rows[0].cells
    lines = [("Nơi nhận:", {"bold": True, "italic": True, "size": Pt(12)})]
    for number, recipient in enumerate(letterhead.recipients, start=1):
        end = "." if number == len(letterhead.recipients) else ";"
        lines.append((f"- {recipient}{end}", {"size": Pt(11)}))
    for paragraph in _cell_lines(left, lines):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    signer = [(line, {"bold": True, "size": Pt(14)}) for line in letterhead.signer_title]
    signer += [("", {})] * 4  # room for the signature and the seal
    signer.append((letterhead.signer_name, {"bold": True, "size": Pt(14)}))
    _cell_lines(right, signer)
