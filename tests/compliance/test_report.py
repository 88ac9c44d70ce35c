"""`wardnews report`: counts recomputed independently from the post files, the xlsx read back with
openpyxl, the HTML chart parsed with lxml and printed by a real headless Chromium."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from lxml import etree

from wardnews.compliance.report import build_report, render_csv, render_html, render_xlsx
from wardnews.content.project import load_project
from wardnews.templating import Templates
from wardnews.urls import Links

REPO = Path(__file__).resolve().parents[2]
WARDNEWS = shutil.which("wardnews", path=os.path.dirname(sys.executable))
NOW_TEXT = "2026-11-22 12:00"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=TZ)
KIND_LABELS = {"news": "Tin tức", "radio": "Chương trình phát thanh", "event": "Sự kiện"}
SVG = "{http://www.w3.org/2000/svg}"


def run(args: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess:
    assert WARDNEWS, "the wardnews console script is installed with the project"
    env = {**os.environ, "WARDNEWS_NOW": NOW_TEXT}
    return subprocess.run([WARDNEWS, *args], cwd=cwd, capture_output=True, env=env)


# --- An independent recount of the sample ward, from the files, with yaml and nothing else ----


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).casefold()


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=TZ)
    return datetime.strptime(str(value), "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def sample_posts() -> list[dict]:
    import yaml

    catalog = yaml.safe_load((REPO / "wardnews/data/criteria-thanh-hoa-2023.yml").read_text())
    keywords = {
        c["code"]: [
            re.compile(
                r"(?<![0-9a-z])" + re.escape(_fold(k)).replace(r"\ ", r"\s+") + r"(?![0-9a-z])"
            )
            for k in c.get("keywords", [])
        ]
        for c in catalog["criteria"]
    }
    posts = []
    for file in sorted((REPO / "posts").rglob("*.md")):
        _, front, body = file.read_text("utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        criteria = list(meta.get("criteria") or [])
        assert all(isinstance(code, str) for code in criteria), file  # quoted in the sample
        auto = False
        if not criteria:
            text = _fold("\n".join([meta["title"], meta.get("summary", ""), body]))
            criteria = [
                code for code, found in keywords.items() if any(k.search(text) for k in found)
            ]
            auto = bool(criteria)
        posts.append(
            {
                "title": " ".join(str(meta["title"]).split()),
                "date": _moment(meta["date"]),
                "kind": meta.get("kind", "news"),
                "draft": meta.get("draft", False) is True,
                "criteria": criteria,
                "auto": auto,
                "airings": [_moment(a) for a in meta.get("airings") or []],
            }
        )
    return posts


def expected(start: date, end: date) -> dict:
    """What the report must say, from the rules written in README and report.py's docstring."""
    low = datetime.combine(start, time(0, 0), tzinfo=TZ)
    high = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=TZ)
    published = [p for p in sample_posts() if not p["draft"] and p["date"] <= NOW]
    inside = sorted((p for p in published if low <= p["date"] < high), key=lambda p: p["date"])
    airings = [(p, a) for p in published for a in p["airings"] if low <= a < high and a <= NOW]
    codes = ["1.10", "2.1", "3.1", "3.2", "3.4"]
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        here = [p for p in inside if (p["date"].year, p["date"].month) == (year, month)]
        months.append(
            [
                f"Tháng {month}/{year}",
                len(here),
                sum(1 for _, a in airings if (a.year, a.month) == (year, month)),
                *(sum(1 for p in here if code in p["criteria"]) for code in codes),
            ]
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "posts": len(inside),
        "airings": len(airings),
        "titles": [p["title"] for p in inside],
        "criteria": {
            code: [
                sum(1 for p in inside if code in p["criteria"]),
                sum(1 for p in inside if code in p["criteria"] and p["auto"]),
                sum(1 for p, _ in airings if code in p["criteria"]),
            ]
            for code in codes
        },
        "kinds": {
            label: [
                sum(1 for p in inside if p["kind"] == kind),
                sum(1 for p, _ in airings if p["kind"] == kind),
            ]
            for kind, label in KIND_LABELS.items()
        },
        "months": months,
    }


def csv_sections(text: str) -> tuple[dict[str, str], dict[str, list[list[str]]]]:
    """The summary lines and the '[Section]' tables of the CSV layout."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    summary = {row[0]: row[1] for row in rows[1 : rows.index([])] if len(row) == 2}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for row in rows:
        if len(row) == 1 and row[0].startswith("[") and row[0].endswith("]"):
            current = sections.setdefault(row[0][1:-1], [])
        elif not row:
            current = None
        elif current is not None:
            current.append(row)
    return summary, sections


RANGES = [(date(2024, 1, 1), date(2024, 6, 30)), (date(2024, 1, 10), date(2024, 2, 4))]


@pytest.mark.parametrize("start,end", RANGES, ids=["nua-dau-2024", "giua-tuan"])
def test_csv_counts_match_an_independent_recount_of_the_sample(start, end):
    want = expected(start, end)
    assert want["posts"] > 0 and want["airings"] > 0  # the recount is not vacuous
    result = run(["report", "--from", f"{start}", "--to", f"{end:%d/%m/%Y}", "--format", "csv"])
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(b"\xef\xbb\xbf")  # Excel reads Vietnamese UTF-8
    summary, sections = csv_sections(result.stdout.decode("utf-8"))
    assert summary["Kỳ báo cáo"] == f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    assert summary["Tổng số bài đã đăng"] == str(want["posts"])
    assert summary["Tổng số lần phát sóng"] == str(want["airings"])
    criteria = sections["Theo tiêu chí"]
    assert criteria[0] == [
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Số bài",
        "Trong đó gắn tự động",
        "Số lần phát sóng",
    ]
    assert {row[0]: [int(v) for v in row[2:]] for row in criteria[1:]} == want["criteria"]
    kinds = sections["Theo loại bài"]
    assert {row[0]: [int(v) for v in row[1:]] for row in kinds[1:]} == want["kinds"]
    months = sections["Theo tháng"]
    assert months[0][:3] == ["Tháng", "Số bài", "Số lần phát sóng"]
    assert months[0][-1] == "Số phút âm thanh đã đăng"  # tests/compliance/test_report_audio.py
    assert [[row[0], *map(int, row[1:-1])] for row in months[1:]] == want["months"]
    assert [row[2] for row in sections["Danh sách bài"][1:]] == want["titles"]


def test_the_sample_half_year_has_the_airings_of_its_programmes_and_its_auto_tags():
    """Guards the recount itself: H1 2024 of the sample has auto-tagged posts and airings."""
    want = expected(*RANGES[0])
    assert want["kinds"]["Chương trình phát thanh"][1] == want["airings"]
    assert sum(auto for _, auto, _ in want["criteria"].values()) > 0


def test_xlsx_opens_with_openpyxl_and_holds_the_same_counts(tmp_path):
    start, end = RANGES[0]
    want = expected(start, end)
    out = tmp_path / "bao-cao.xlsx"
    result = run(
        ["report", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "xlsx", "-o", str(out)]
    )
    assert result.returncode == 0, result.stderr.decode()
    assert f"vào {out}" in result.stdout.decode()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo tiêu chí",
        "Theo tháng",
        "Nhịp đăng",
        "Danh sách bài",
    ]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Đơn vị"] == "Phường Ngọc Trạo"
    assert summary["Tổng số bài đã đăng"] == want["posts"]
    assert summary["Tổng số lần phát sóng"] == want["airings"]
    assert summary["Chương trình phát thanh"] == want["kinds"]["Chương trình phát thanh"][0]
    rows = list(book["Theo tiêu chí"].iter_rows(values_only=True))
    assert {row[0]: list(row[2:]) for row in rows[1:]} == want["criteria"]
    rows = list(book["Theo tháng"].iter_rows(values_only=True))
    assert [list(row[:-1]) for row in rows[1:]] == want["months"]  # last: minutes of audio
    rows = list(book["Danh sách bài"].iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == want["titles"]
    assert isinstance(rows[1][1], datetime)  # a real date the officer can sort and filter
    assert rows[1][6].startswith("https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/tin-tuc/")
    rules = [row for row in book["Nhịp đăng"].iter_rows(values_only=True) if any(row)]
    assert rules[0] == ("Quy tắc", "Yêu cầu", "Số kỳ đạt", "Số kỳ không đạt", "Số kỳ đang diễn ra")
    assert ("Quy tắc", "Kỳ", "Số bài", "Số lần phát sóng", "Kết quả") in rules


# --- Deterministic output --------------------------------------------------------------------


def test_same_input_same_bytes_and_no_clock_in_the_workbook(tmp_path):
    outputs = []
    for name in ("a", "b"):
        for fmt in ("csv", "html", "xlsx"):
            run(
                [
                    "report",
                    "--from",
                    "2024-01-01",
                    "--to",
                    "2024-06-30",
                    "--format",
                    fmt,
                    "-o",
                    str(tmp_path / f"{name}.{fmt}"),
                ]
            )
        outputs.append(
            [(tmp_path / f"{name}.{fmt}").read_bytes() for fmt in ("csv", "html", "xlsx")]
        )
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(io.BytesIO(outputs[0][2])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 6, 30, 0, 0, 0)}
        core = etree.fromstring(archive.read("docProps/core.xml"))
    dcterms = "{http://purl.org/dc/terms/}"
    assert core.findtext(f"{dcterms}created") == "2024-06-30T00:00:00Z"
    assert core.findtext(f"{dcterms}modified") == "2024-06-30T00:00:00Z"


# --- Counting rules on tiny corpora ----------------------------------------------------------


def radio(title: str, when: str, airings: list[str], criteria: str = '["3.1"]') -> str:
    return (
        f"---\ntitle: {title}\ndate: {when}\nkind: radio\ncriteria: {criteria}\n"
        f"airings: [{', '.join(airings)}]\n---\nNội dung.\n"
    )


def news(title: str, when: str, extra: str = "", body: str = "Nội dung.") -> str:
    return f"---\ntitle: {title}\ndate: {when}\n{extra}---\n{body}\n"


def test_range_edges_local_time_drafts_and_future_airings(make_config, write_post):
    write_post(
        "a.md", radio("Cuối năm cũ", "2023-12-31 05:30", ["2023-12-31 06:00", "2024-01-01 06:00"])
    )
    write_post(
        "b.md",
        radio("Cuối tháng Sáu", "2024-06-30 23:00", ["2024-06-30 23:30", "2024-07-01 06:00"]),
    )
    # 30/06 20:00 UTC is 01/07 03:00 in Hà Nội: outside a report that ends on 30/06.
    write_post("c.md", news("Theo giờ UTC", "2024-06-30 20:00+00:00"))
    write_post("d.md", news("Bản nháp", "2024-03-01 08:00", "draft: true\n"))
    write_post("e.md", news("Đầu năm", "2024-01-01 00:00", 'criteria: ["3.2"]\n'))
    write_post(
        "f.md",
        radio(
            "Phát sau thời điểm hiện tại",
            "2024-06-20 08:00",
            ["2024-06-21 06:00", "2024-06-28 06:00"],
        ),
    )
    write_post(
        "g.md", news("Tự động", "2024-02-01 08:00", body="Vận động thanh toán không dùng tiền mặt.")
    )
    project = load_project(make_config())
    assert project.errors == []
    now = datetime(2024, 6, 25, 12, 0, tzinfo=TZ)  # f's second airing has not happened yet
    report = build_report(project, date(2024, 1, 1), date(2024, 6, 30), now, Links("tin-tuc"))
    assert [p.title for p in report.posts] == ["Đầu năm", "Tự động", "Phát sau thời điểm hiện tại"]
    # a's 01/01 airing, f's 21/06 airing; b (dated after now) and f's 28/06 do not count.
    assert report.airings == 2
    assert [(m.label, m.posts, m.airings) for m in report.months] == [
        ("Tháng 1/2024", 1, 1),
        ("Tháng 2/2024", 1, 0),
        ("Tháng 3/2024", 0, 0),
        ("Tháng 4/2024", 0, 0),
        ("Tháng 5/2024", 0, 0),
        ("Tháng 6/2024", 1, 1),
    ]
    by_code = {c.code: (c.posts, c.auto_posts, c.airings) for c in report.criteria}
    assert by_code["3.1"] == (1, 0, 2)
    assert by_code["3.2"] == (2, 1, 0)
    assert report.posts[1].criteria_text == "3.2 (tự động)"
    assert report.as_of == date(2024, 6, 25)
    later = build_report(project, date(2024, 1, 1), date(2024, 6, 30), NOW, Links("tin-tuc"))
    assert later.as_of is None
    assert [p.title for p in later.posts][-1] == "Cuối tháng Sáu"  # 30/06 23:00 is inside
    assert later.airings == 4  # + b's 30/06 23:30 and f's 28/06; b's 01/07 is outside


def test_rule_periods_overlapping_the_range_kept_and_missed(make_config, write_post):
    config = make_config(cadence={"preset": "ngoc-trao", "start": "2024-01-01"})
    for day in ("2024-01-02", "2024-01-16", "2024-01-23"):  # nothing in week 2 (08/01-14/01)
        write_post(f"{day}.md", news(f"Tin {day}", f"{day} 08:00"))
        write_post(
            f"r{day}.md", radio(f"Số {day}", f"{day} 05:00", [f"{day} 06:00", f"{day} 17:00"])
        )
    project = load_project(config)
    now = datetime(2024, 1, 31, 12, 0, tzinfo=TZ)
    report = build_report(project, date(2024, 1, 10), date(2024, 1, 31), now, Links("tin-tuc"))
    weekly = {rule.id: rule for rule in report.rules}["tin-tuan"]
    assert weekly.requirement == "mỗi tuần ít nhất 1 tin"
    assert [(p.label, p.status_label) for p in weekly.periods] == [
        ("Tuần 02/2024 (08/01–14/01/2024)", "Không đạt"),
        ("Tuần 03/2024 (15/01–21/01/2024)", "Đạt"),
        ("Tuần 04/2024 (22/01–28/01/2024)", "Đạt"),
        ("Tuần 05/2024 (29/01–04/02/2024)", "Đang diễn ra"),
    ]
    assert (weekly.count("kept"), weekly.count("missed"), weekly.count("open")) == (2, 1, 1)
    html_text = render_html(report, Templates())
    assert "Các kỳ không đạt: Chuyên mục trên Trang thông tin điện tử, 1 tin/tuần" in html_text
    assert "Tuần 02/2024 (08/01–14/01/2024): 0 bài" in html_text
    _, sections = csv_sections(render_csv(report))
    assert [
        "Chuyên mục trên Trang thông tin điện tử, 1 tin/tuần",
        "Tuần 02/2024 (08/01–14/01/2024)",
        "0",
        "0",
        "Không đạt",
    ] in sections["Nhịp đăng theo kỳ"]


def test_urls_are_absolute_under_site_url_else_relative(make_config, write_post, project_root):
    write_post("a.md", news("Một tin", "2024-01-05 08:00", "slug: mot-tin\n"))
    config = make_config(url_prefix="chuyen-doi-so")
    project = load_project(config)
    report = build_report(project, date(2024, 1, 1), date(2024, 1, 31), NOW, Links("chuyen-doi-so"))
    assert report.posts[0].url == "chuyen-doi-so/mot-tin/"
    from dataclasses import replace

    project = replace(project, config=replace(config, site_url="https://x.gov.vn/cds"))
    report = build_report(project, date(2024, 1, 1), date(2024, 1, 31), NOW, Links("chuyen-doi-so"))
    assert report.posts[0].url == "https://x.gov.vn/cds/chuyen-doi-so/mot-tin/"


def test_a_title_that_looks_like_a_formula_stays_text(make_config, write_post):
    write_post(
        "a.md", news('"=HYPERLINK(\\"http://x\\")"', "2024-01-05 08:00", "slug: cong-thuc\n")
    )
    project = load_project(make_config())
    report = build_report(project, date(2024, 1, 1), date(2024, 1, 31), NOW, Links("tin-tuc"))
    _, sections = csv_sections(render_csv(report))
    assert sections["Danh sách bài"][1][2] == '\'=HYPERLINK("http://x")'
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    cell = book["Danh sách bài"].cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    assert "&lt;" not in report.posts[0].title
    assert '<td><a href="tin-tuc/cong-thuc/">=HYPERLINK(&quot;http://x&quot;)</a>' in render_html(
        report, Templates()
    )


# --- The command line ------------------------------------------------------------------------


def test_xlsx_needs_an_output_file():
    result = run(["report", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "xlsx"])
    assert result.returncode == 2
    assert result.stdout == b""
    assert "tệp xlsx không in ra màn hình được; hãy chọn tệp ghi báo cáo bằng -o" in (
        result.stderr.decode()
    )


@pytest.mark.parametrize(
    "start,end,message",
    [
        (
            "2024-02-30",
            "2024-06-30",
            "--from: ngày 30/2/2024 không tồn tại, nhưng gặp '2024-02-30'",
        ),
        ("2024-01-01", "tháng sáu", "--to: cần một ngày dạng 2024-03-12"),
        (
            "30/06/2024",
            "2024-01-01",
            "ngày đầu kỳ (--from 30/06/2024) sau ngày cuối kỳ (--to 01/01/2024); hãy đổi lại",
        ),
    ],
)
def test_bad_dates_exit_2_with_a_vietnamese_message(start, end, message):
    result = run(["report", "--from", start, "--to", end, "--format", "csv"])
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert b"Traceback" not in result.stderr and result.stdout == b""


def test_invalid_posts_refuse_the_report_with_every_problem(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Thử\nextra:\n  wardnews:\n    unit_name: Lê Lợi\n    unit_level: xã\n", "utf-8"
    )
    (tmp_path / "posts/a.md").write_text("---\ntitle: A\n---\nx\n", "utf-8")
    (tmp_path / "posts/b.md").write_text("---\ntitle: B\ndate: 2024-01-02\n---\nx\n", "utf-8")
    out = tmp_path / "bao-cao.csv"
    result = run(
        ["report", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "csv", "-o", str(out)],
        cwd=tmp_path,
    )
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "posts/a.md, khóa 'date': lỗi: thiếu ngày đăng" in stderr
    assert "Có 1 lỗi: chưa lập được báo cáo." in stderr
    assert not out.exists()


def test_report_with_another_config_file(tmp_path):
    result = run(
        [
            "report",
            "-f",
            str(REPO / "mkdocs.yml"),
            "--from",
            "01/01/2024",
            "--to",
            "31/01/2024",
            "--format",
            "csv",
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    summary, _ = csv_sections(result.stdout.decode("utf-8"))
    assert summary["Tổng số bài đã đăng"] == str(
        expected(date(2024, 1, 1), date(2024, 1, 31))["posts"]
    )
