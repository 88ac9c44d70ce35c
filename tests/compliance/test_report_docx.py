"""`wardnews report --format docx`: the Word document read back with python-docx, its figures
compared with the csv report's, its chart opened with Pillow, and the file converted to PDF by
LibreOffice (headless) with its first page's layout read back with poppler."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from PIL import Image

from wardnews.compliance.chart import criterion_colour
from wardnews.compliance.report import build_report, decree_date, letterhead_for, render_docx
from wardnews.content.project import load_project
from wardnews.templating import Templates
from wardnews.urls import Links

REPO = Path(__file__).resolve().parents[2]
WARDNEWS = shutil.which("wardnews", path=os.path.dirname(sys.executable))
NOW_TEXT = "2026-11-22 12:00"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HALF_YEAR = ("--from", "2024-01-01", "--to", "2024-06-30")


def run(args: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess:
    assert WARDNEWS, "the wardnews console script is installed with the project"
    env = {**os.environ, "WARDNEWS_NOW": NOW_TEXT}
    return subprocess.run([WARDNEWS, *args], cwd=cwd, capture_output=True, text=True, env=env)


def csv_tables(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """The CSV report's summary rows and every data row of its '[Section]' tables."""
    import csv

    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    summary = [row for row in rows[1 : rows.index([])] if len(row) == 2]
    data, section = [], None
    for row in rows:
        if len(row) == 1 and row[0].startswith("["):
            section = row[0]
        elif not row:
            section = None
        elif section not in (None, "[Ghi chú]"):
            data.append(row)
    return summary, data


def docx_text(document) -> tuple[list[str], list[list[str]]]:
    """Every paragraph of the body, and every row of every table, as text."""
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, rows


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "bao-cao-6-thang.docx"
    result = run(["report", *HALF_YEAR, "-o", str(out)])  # the format from the file's ending
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(out))
    return out


def test_the_docx_holds_every_figure_of_the_csv_report(sample_docx):
    result = run(["report", *HALF_YEAR, "--format", "csv"])
    assert result.returncode == 0, result.stderr
    summary, data = csv_tables(result.stdout)
    assert len(data) > 40  # criteria, kinds, months, rule periods and 27 posts
    document = docx.Document(str(sample_docx))
    paragraphs, rows = docx_text(document)
    for label, value in summary:
        assert f"- {label}: {value}." in paragraphs
    for row in data:
        # The CSV writes 2024-03-12 08:30 for spreadsheets; the document, as Vietnamese do.
        shown = [re.sub(r"^(\d{4})-(\d\d)-(\d\d) ", r"\3/\2/\1 ", cell) for cell in row]
        assert shown in rows, row
    assert any(p.startswith("Phường Ngọc Trạo báo cáo kết quả đăng tin") for p in paragraphs)
    assert "Kết quả tuyên truyền chuyển đổi số từ 01/01/2024 đến 30/06/2024" in paragraphs


def test_the_letterhead_of_decree_30(sample_docx):
    document = docx.Document(str(sample_docx))
    section = document.sections[0]
    size = [round(length.mm) for length in (section.page_width, section.page_height)]
    assert size == [210, 297]  # A4
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm) for length in margins] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG NGỌC TRẠO",
        "Số: \u2003\u2003\u2003/BC-UBND",
    ]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngọc Trạo, ngày 22 tháng 11 năm 2026",
    ]
    signature = document.tables[-1].rows[0].cells
    assert [p.text for p in signature[0].paragraphs] == [
        "Nơi nhận:",
        "- UBND cấp trên (để báo cáo);",
        "- Lưu: VT.",
    ]
    assert [p.text for p in signature[1].paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]


@pytest.mark.parametrize(
    "day,text",
    [
        (date(2024, 7, 1), "ngày 01 tháng 7 năm 2024"),
        (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (date(2024, 1, 31), "ngày 31 tháng 01 năm 2024"),
        (date(2024, 12, 10), "ngày 10 tháng 12 năm 2024"),
    ],
)
def test_dates_as_the_decree_writes_them(day, text):
    assert decree_date(day) == text


def test_the_chart_is_a_png_of_the_bars(sample_docx):
    with zipfile.ZipFile(sample_docx) as archive:
        pictures = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(pictures) == 1
        image = Image.open(io.BytesIO(archive.read(pictures[0])))
        image.load()
    assert image.format == "PNG" and image.width == 1800
    colours = {f"#{r:02x}{g:02x}{b:02x}" for _, (r, g, b) in image.getcolors(1 << 20)}
    # The sample's half year has posts under the five criteria: a bar segment of each colour.
    assert {criterion_colour(i) for i in range(5)} <= colours


def test_missed_periods_named_and_the_unit_keys(make_config, write_post, write_file):
    for day in ("2024-01-02", "2024-01-09", "2024-01-23"):
        write_post(f"tin-{day}.md", f"---\ntitle: Tin {day}\ndate: {day} 08:00\n---\nTin.\n")
    config = make_config(
        cadence={
            "rules": [
                {"id": "tuan", "name": "Tin hằng tuần", "period": "week", "start": "2024-01-01"}
            ]
        },
        report_issuer="UBND thành phố Thanh Hóa\nỦy ban nhân dân phường Ngọc Trạo",
        report_symbol="BC-CĐS",
        report_place="Thanh Hóa",
        report_signer_title="KT. CHỦ TỊCH\nPhó Chủ tịch",
        report_signer_name="Nguyễn Văn A",
        report_recipients=["UBND thành phố (để b/c)", "Lưu: VT, VHTT"],
    )
    project = load_project(config)
    assert project.errors == []
    now = datetime(2024, 2, 1, 9, 0, tzinfo=TZ)
    report = build_report(project, date(2024, 1, 1), date(2024, 1, 31), now, Links("tin-tuc"))
    data = render_docx(report, letterhead_for(config), date(2024, 2, 1))
    document = docx.Document(io.BytesIO(data))
    paragraphs, rows = docx_text(document)
    assert any(
        p.startswith("- Tin hằng tuần (mỗi tuần ít nhất 1 tin): 3 kỳ đạt, 1 kỳ không đạt")
        and p.endswith("Các kỳ không đạt: Tuần 03/2024 (15/01–21/01/2024).")
        for p in paragraphs
    ), paragraphs
    assert ["Tin hằng tuần", "Tuần 03/2024 (15/01–21/01/2024)", "0", "0", "Không đạt"] in rows
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "UBND THÀNH PHỐ THANH HÓA"
    assert "Số: \u2003\u2003\u2003/BC-CĐS" in [p.text for p in left.paragraphs]
    assert "Thanh Hóa, ngày 01 tháng 02 năm 2024" in [p.text for p in right.paragraphs]
    signature = document.tables[-1].rows[0].cells
    assert [p.text for p in signature[0].paragraphs][1:] == [
        "- UBND thành phố (để b/c);",
        "- Lưu: VT, VHTT.",
    ]
    assert [p.text for p in signature[1].paragraphs if p.text] == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn A",
    ]


def test_same_report_same_day_same_bytes(make_config, write_post):
    write_post("a.md", "---\ntitle: Tin\ndate: 2024-01-02 08:00\n---\nTin.\n")
    config = make_config()
    project = load_project(config)
    now = datetime(2024, 7, 1, 8, 0, tzinfo=TZ)
    report = build_report(project, date(2024, 1, 1), date(2024, 6, 30), now, Links("tin-tuc"))
    first = render_docx(report, letterhead_for(config), date(2024, 7, 1))
    assert render_docx(report, letterhead_for(config), date(2024, 7, 1)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created == datetime(2024, 7, 1, 0, 0, tzinfo=UTC)


def test_a_unit_replaces_the_base_document(make_config, write_post, project_root):
    write_post("a.md", "---\ntitle: Tin\ndate: 2024-01-02 08:00\n---\nTin.\n")
    base = docx.Document()
    base.styles["Normal"].font.name = "Arial"
    base.add_paragraph("nội dung cũ của mẫu, được thay")
    (project_root / "mau/compliance").mkdir(parents=True)
    base.save(str(project_root / "mau/compliance/report.docx"))
    config = make_config(templates_dir="mau")
    project = load_project(config)
    now = datetime(2024, 7, 1, 8, 0, tzinfo=TZ)
    report = build_report(project, date(2024, 1, 1), date(2024, 6, 30), now, Links("tin-tuc"))
    data = render_docx(report, letterhead_for(config), now.date(), Templates(project_root / "mau"))
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == "Arial"
    assert "nội dung cũ của mẫu, được thay" not in [p.text for p in document.paragraphs]
    assert document.tables[0].rows[0].cells[1].paragraphs[0].text == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )


def test_a_base_document_that_is_not_word_is_a_clear_error(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "mau/compliance").mkdir(parents=True)
    (tmp_path / "mau/compliance/report.docx").write_text("không phải Word", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Thử\nextra:\n  wardnews:\n    unit_name: Lê Lợi\n    unit_level: xã\n"
        "    templates_dir: mau\n",
        "utf-8",
    )
    out = tmp_path / "bao-cao.docx"
    result = run(["report", *HALF_YEAR, "-o", str(out)], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"{tmp_path.resolve() / 'mau/compliance/report.docx'}: lỗi: cần một tệp Word (.docx) lưu "
        "từ Word hoặc LibreOffice, nhưng tệp này không mở được\n"
    )
    assert "Traceback" not in result.stderr and not out.exists()


def test_docx_is_never_written_to_the_terminal():
    result = run(["report", *HALF_YEAR, "--format", "docx"])
    assert result.returncode == 2
    assert result.stdout == ""
    assert "tệp docx không in ra màn hình được; hãy chọn tệp ghi báo cáo bằng -o" in result.stderr


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
def test_libreoffice_converts_it_and_the_first_page_has_the_letterhead(sample_docx, tmp_path):
    assert shutil.which("pdftotext") and shutil.which("pdftoppm"), "poppler-utils (.ci/run)"
    profile = tmp_path / "profile"  # its own profile: no clash with another LibreOffice
    converted = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(sample_docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao-6-thang.pdf"
    assert pdf.is_file(), converted.stdout + converted.stderr
    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in first.splitlines() if line.strip()]
    # Issuer on the left, national name on the right, on the same line; then the motto, the
    # number, the place and date, the title: Nghị định 30's header.
    assert re.search(r"ỦY BAN NHÂN DÂN\s{3,}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", lines[0]), lines
    assert re.search(r"PHƯỜNG NGỌC TRẠO\s{3,}Độc lập - Tự do - Hạnh phúc", lines[1]), lines
    assert re.search(r"Số:\s+/BC-UBND\s{3,}Ngọc Trạo, ngày 22 tháng 11 năm 2026", lines[2])
    assert lines[3].strip() == "BÁO CÁO"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (page,) = tmp_path.glob("p*.png")
    with Image.open(page) as image:
        width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
