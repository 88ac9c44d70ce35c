"""The printable report (html_page.py and the templates compliance/report.html, report.css): what
it shows, parsed with lxml and printed by a real headless Chromium; every title stays text."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from test_report import NOW, RANGES, SVG, expected, news, run

from wardnews.compliance.report import build_report, render_html
from wardnews.content.project import load_project
from wardnews.templating import Templates
from wardnews.urls import Links


def _chart(html_text: str) -> etree._Element:
    match = re.search(r"<svg\b.*?</svg>", html_text, re.S)
    assert match, "the report draws its chart inline"
    return etree.fromstring(match.group().encode("utf-8"))


def test_html_report_is_a_printable_vietnamese_a4_page_with_its_chart():
    start, end = RANGES[0]
    want = expected(start, end)
    result = run(["report", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "html"])
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    doc = lxml.html.fromstring(text)
    assert doc.get("lang") == "vi"
    assert "@page { size: A4;" in doc.findtext(".//style")
    assert doc.findtext(".//h1") == "Báo cáo kết quả tuyên truyền chuyển đổi số"
    assert "Phường Ngọc Trạo" in doc.findtext(".//title")
    assert "từ 01/01/2024 đến 30/06/2024" in doc.text_content()
    assert not doc.xpath("//script") and "http-equiv" not in text
    assert doc.xpath("//figure[@class='wn-chart']/svg")  # inline, not an <img>
    bars = _chart(text).findall(f".//{SVG}rect[@class='wn-bar']")
    codes = ["1.10", "2.1", "3.1", "3.2", "3.4"]
    non_zero = {
        (f"{int(m[0].split('/')[1]):04d}-{int(m[0].split()[1].split('/')[0]):02d}", code): count
        for m in want["months"]
        for code, count in zip(codes, m[3:], strict=True)
        if count
    }
    drawn = {(b.get("data-month"), b.get("data-criterion")): b for b in bars}
    assert len(bars) == len(drawn) == len(non_zero)
    assert {key: int(bar.get("data-count")) for key, bar in drawn.items()} == non_zero
    per_post = [float(bar.get("height")) / non_zero[key] for key, bar in drawn.items()]
    assert max(per_post) - min(per_post) < 0.01


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():  # the Debian package, when PATH is minimal
        return "/usr/bin/chromium"
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium không có trên máy CI: cài gói chromium để kiểm tra báo cáo in")
    pytest.skip("không có Chromium (gói chromium) để mở báo cáo HTML")


def _headless(browser: str, profile: Path, *args: str) -> None:
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )


def test_html_report_renders_in_a_real_headless_chromium(tmp_path):
    browser = _chromium()
    result = run(
        [
            "report",
            "--from",
            "2024-01-01",
            "--to",
            "2024-06-30",
            "--format",
            "html",
            "-o",
            str(tmp_path / "bao-cao.html"),
        ]
    )
    assert result.returncode == 0, result.stderr.decode()
    page = (tmp_path / "bao-cao.html").as_uri()
    pdf = tmp_path / "bao-cao.pdf"
    _headless(
        browser, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page
    )
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert len(boxes) >= 2  # the sample's half year does not fit on one page
    for width, height in boxes:  # A4 is 595.28 x 841.89 points
        assert abs(float(width) - 595.28) < 2 and abs(float(height) - 841.89) < 2

    from PIL import Image

    shot = tmp_path / "bao-cao.png"
    _headless(
        browser,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=900,1600",
        f"--screenshot={shot}",
        page,
    )
    with Image.open(shot) as image:
        pixels = {colour: n for n, colour in image.convert("RGB").getcolors(1 << 24)}
    chart = _chart((tmp_path / "bao-cao.html").read_text("utf-8"))
    colours = {
        b.get("data-criterion"): b.get("fill")
        for b in chart.iter(f"{SVG}rect")
        if b.get("data-criterion")
    }
    totals = {code: counts[0] for code, counts in expected(*RANGES[0])["criteria"].items()}
    painted = {
        code: pixels[tuple(int(fill[i : i + 2], 16) for i in (1, 3, 5))]
        for code, fill in colours.items()
    }
    # Every criterion's bars are painted, and its area follows its number of posts.
    per_post = [painted[code] / totals[code] for code in colours]
    assert min(per_post) > 100, painted
    assert max(per_post) < 1.25 * statistics.median(per_post)
    assert min(per_post) > 0.8 * statistics.median(per_post)


@pytest.mark.parametrize("title", ["</title><script>alert(1)</script>", 'A < B & "C"'])
def test_titles_and_names_stay_text(make_config, write_post, title):
    quoted = title.replace("'", "''")
    write_post("a.md", news(f"'{quoted}'", "2024-01-05 08:00", "slug: a\n"))
    config = make_config(unit_name=title, section_title=title)
    project = load_project(config)
    assert project.errors == []
    report = build_report(project, date(2024, 1, 1), date(2024, 1, 31), NOW, Links("tin-tuc"))
    doc = lxml.html.document_fromstring(render_html(report, Templates()))
    assert not doc.xpath("//script")
    assert title in doc.findtext(".//title")
    assert doc.findtext(".//p[@class='unit']") == report.unit_title
    assert doc.xpath("//td/a")[0].text == title
    assert title in doc.findtext(".//p[@class='period']")


def test_a_unit_may_restyle_the_report_with_its_own_stylesheet(tmp_path, make_config):
    (tmp_path / "compliance").mkdir()
    (tmp_path / "compliance" / "report.css").write_text("body { color: #123456; }\n", "utf-8")
    project = load_project(make_config())
    report = build_report(project, date(2024, 1, 1), date(2024, 1, 31), NOW, Links("tin-tuc"))
    shipped = lxml.html.document_fromstring(render_html(report, Templates()))
    own = lxml.html.document_fromstring(render_html(report, Templates(tmp_path)))
    assert "@page { size: A4;" in shipped.findtext(".//style")
    assert own.findtext(".//style") == "\nbody { color: #123456; }\n"
    assert own.findtext(".//h1") == shipped.findtext(".//h1")
