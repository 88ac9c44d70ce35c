"""The status page '<prefix>/tinh-hinh/': every rule, its current period, its missed weeks."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import markdown
import pytest
import yaml
from lxml import etree

from wardnews.compliance.cadence import check_cadence
from wardnews.content.config import read_project_config
from wardnews.content.project import load_project
from wardnews.site.status_page import status_page
from wardnews.urls import Links

REPO = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SVG = "{http://www.w3.org/2000/svg}"
# The Markdown extensions of the sample mkdocs.yml: the page goes through these in a build.
EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "tables"]


def news(day: str, criteria: str = '["3.1"]') -> str:
    return f"---\ntitle: Tin ngày {day}\ndate: {day} 08:00\ncriteria: {criteria}\n---\nTin.\n"


def radio(day: str, airings: list[str]) -> str:
    return (
        f"---\ntitle: Chương trình ngày {day}\ndate: {day} 05:00\nkind: radio\n"
        f'criteria: ["3.4"]\nairings: [{", ".join(airings)}]\n---\nPhát thanh.\n'
    )


@pytest.fixture
def ward(make_config, write_post):
    """Ngọc Trạo's rules from 01/01/2024; the news of week 3 (15/01-21/01) is missing."""
    for day in ("2024-01-02", "2024-01-09", "2024-01-23"):
        write_post(f"tin-{day}.md", news(day))
    for day, airings in (
        ("2024-01-01", ["2024-01-02 06:00", "2024-01-04 17:00"]),
        ("2024-01-08", ["2024-01-09 06:00", "2024-01-11 17:00"]),
        ("2024-01-15", ["2024-01-16 06:00", "2024-01-18 17:00"]),
        ("2024-01-22", ["2024-01-23 06:00", "2024-01-25 17:00"]),
        ("2024-01-29", ["2024-01-30 06:00"]),
    ):
        write_post(f"radio-{day}.md", radio(day, airings))
    config = make_config(cadence={"preset": "ngoc-trao", "start": "2024-01-01"})
    project = load_project(config)
    assert project.errors == []
    return project


def page_for(project, now: datetime, prefix: str = "tin-tuc"):
    statuses = check_cadence(project.cadence, project.posts, now, project.config.tz)
    return status_page(project.config, project.catalog, project.posts, statuses, now, Links(prefix))


def body_of(page) -> lxml.html.HtmlElement:
    """The page as a reader gets it: front matter off, Markdown through Python-Markdown."""
    _, front, text = page.markdown.split("---\n", 2)
    assert yaml.safe_load(front)["title"] == page.title
    rendered = markdown.markdown(text, extensions=EXTENSIONS)
    return lxml.html.fromstring(f"<div>{rendered}</div>")


def test_every_rule_its_current_period_and_the_missed_week(ward):
    now = datetime(2024, 1, 31, 12, 0, tzinfo=TZ)
    page = page_for(ward, now)
    assert page.url == "tin-tuc/tinh-hinh/"
    assert page.src_uri == "tin-tuc/tinh-hinh/index.md"
    assert page.title == "Tình hình thực hiện nhịp đăng bài"
    doc = body_of(page)
    assert doc.findtext(".//h1") == "Tình hình thực hiện nhịp đăng bài"
    sections = {s.findtext("h2"): s for s in doc.xpath("//section[@class='wn-rule']")}
    assert list(sections) == [
        "Chuyên mục trên Trang thông tin điện tử, 1 tin/tuần",
        "Chuyên mục phát thanh 01 chuyên mục/tuần, phát lại ít nhất 02 lần/tuần",
    ]
    weekly, radio_rule = sections.values()
    assert weekly.xpath("string(.//p[contains(@class, 'wn-rule-current')])") == (
        "Kỳ hiện tại: Tuần 05/2024 (29/01–04/02/2024): còn 5 ngày, cần thêm 1 tin (0/1 tin). "
        "Kỳ kết thúc hết ngày 04/02/2024."
    )
    assert [li.text_content() for li in weekly.xpath(".//li[@class='wn-missed']")] == [
        "Tuần 03/2024 (15/01–21/01/2024): không đạt, thiếu 1 tin (0/1 tin)"
    ]
    assert "Đã đạt 3/4 kỳ đã kết thúc." in weekly.text_content()
    assert "Mỗi tuần cần ít nhất 1 tin (tính loại bài: tin tức, sự kiện)." in weekly.text_content()
    assert radio_rule.xpath(".//li[@class='wn-missed']") == []
    assert "Không có kỳ nào không đạt." in radio_rule.text_content()
    assert radio_rule.xpath("string(.//p[contains(@class, 'wn-rule-current')])") == (
        "Kỳ hiện tại: Tuần 05/2024 (29/01–04/02/2024): còn 5 ngày, cần thêm 1 lần phát sóng "
        "(1/1 chương trình, 1/2 lần phát sóng). Kỳ kết thúc hết ngày 04/02/2024."
    )


def test_a_kept_current_period_still_says_how_long_it_runs(ward, write_post):
    now = datetime(2024, 1, 24, 12, 0, tzinfo=TZ)
    doc = body_of(page_for(ward, now))
    current = doc.xpath("string(//section[1]//p[contains(@class, 'wn-rule-current')])")
    assert current == (
        "Kỳ hiện tại: Tuần 04/2024 (22/01–28/01/2024): đã đạt (1/1 tin). "
        "Kỳ kết thúc hết ngày 28/01/2024 (còn 5 ngày)."
    )


def test_the_chart_of_the_rules_months_survives_markdown(ward, write_post):
    write_post("nam-truoc.md", news("2023-12-20", '["2.1"]'))
    now = datetime(2024, 3, 2, 9, 0, tzinfo=TZ)
    page = page_for(ward, now)
    assert "\n\n" not in page.markdown.split('<figure class="wn-chart">')[1].split("</figure>")[0]
    doc = body_of(page)
    svg = doc.xpath("//figure[@class='wn-chart']/svg")
    assert len(svg) == 1  # raw HTML kept whole, not wrapped in <p> or escaped
    root = etree.fromstring(
        page.markdown.split('<figure class="wn-chart">\n')[1].split("\n</figure>")[0].encode()
    )
    # The rule runs from 01/01/2024 and has no end: its months up to today.
    title = "Số bài theo tháng và tiêu chí, từ tháng 1/2024 đến tháng 3/2024"
    assert root.findtext(f"{SVG}title") == title
    assert doc.xpath("string((//h2)[last()])") == title
    bars = root.findall(f".//{SVG}rect[@class='wn-bar']")
    assert {(b.get("data-month"), b.get("data-criterion"), b.get("data-count")) for b in bars} == {
        ("2024-01", "3.1", "3"),
        ("2024-01", "3.4", "5"),
    }
    labels = [t.text for t in root.iter(f"{SVG}text") if re.fullmatch(r"T\d+|\d{4}", t.text or "")]
    assert labels == ["T1", "2024", "T2", "T3"]  # the rule's months; not 2023
    assert len(doc.xpath("//svg//rect[@class='wn-bar']")) == len(bars)


def test_a_link_to_the_criteria_and_a_custom_prefix(make_config, write_post):
    write_post("a.md", news("2024-01-02"))
    project = load_project(make_config(url_prefix="chuyen-doi-so/tin"))
    page = page_for(project, datetime(2024, 2, 1, tzinfo=TZ), prefix="chuyen-doi-so/tin")
    assert page.url == "chuyen-doi-so/tin/tinh-hinh/"
    assert page.dest_uri == "chuyen-doi-so/tin/tinh-hinh/index.html"
    doc = body_of(page)
    assert doc.xpath("//a[text()='Bài viết theo tiêu chí']/@href") == ["../tieu-chi/"]
    assert "Chưa có quy tắc nhịp đăng bài nào" in doc.text_content()


def test_ended_and_not_yet_started_rules(make_config, write_post):
    write_post("a.md", news("2024-01-02"))
    config = make_config(
        cadence={
            "rules": [
                {
                    "id": "cu",
                    "name": "Quy tắc <cũ>",
                    "period": "month",
                    "start": "2023-01-01",
                    "end": "2023-12-31",
                },
                {"id": "moi", "name": "Quy tắc mới", "period": "quarter", "start": "2025-01-01"},
            ]
        }
    )
    project = load_project(config)
    page = page_for(project, datetime(2024, 6, 1, tzinfo=TZ))
    assert "<h2>Quy tắc &lt;cũ&gt;</h2>" in page.markdown
    doc = body_of(page)
    assert "Quy tắc đã kết thúc ngày 31/12/2023." in doc.text_content()
    assert "Đã đạt 0/12 kỳ đã kết thúc." in doc.text_content()
    assert len(doc.xpath("//li[@class='wn-missed']")) == 12
    assert "Chưa đến ngày bắt đầu tính: 01/01/2025." in doc.text_content()


def chart_of(page) -> etree._Element:
    return etree.fromstring(
        page.markdown.split('<figure class="wn-chart">\n')[1].split("\n</figure>")[0].encode()
    )


def drawn_months(root: etree._Element) -> dict[str, float]:
    """Height of each month's bar as drawn: the sum of its segments' heights."""
    heights: dict[str, float] = {}
    for bar in root.findall(f".//{SVG}rect[@class='wn-bar']"):
        month = bar.get("data-month")
        heights[month] = heights.get(month, 0.0) + float(bar.get("height"))
    return heights


def test_the_samples_status_page_draws_its_2024_posts_years_later():
    config = read_project_config(REPO / "mkdocs.yml")
    project = load_project(config)
    now = datetime(2026, 11, 22, 12, 0, tzinfo=TZ)  # years after the sample's posts
    statuses = check_cadence(project.cadence, project.posts, now, config.tz)
    page = status_page(config, project.catalog, project.posts, statuses, now, Links("tin-tuc"))
    root = chart_of(page)
    title = "Số bài theo tháng và tiêu chí, từ tháng 1/2024 đến tháng 3/2024"
    assert root.findtext(f"{SVG}title") == title  # the rules' days: 01/01-31/03/2024
    heights = drawn_months(root)
    assert sorted(heights) == ["2024-01", "2024-02", "2024-03"]
    assert all(height > 0 for height in heights.values())
    labels = [t.text for t in root.iter(f"{SVG}text") if re.fullmatch(r"T\d+", t.text or "")]
    assert labels == ["T1", "T2", "T3"]
    assert "Chưa có bài nào" not in page.markdown


def test_without_rules_the_twelve_months_up_to_the_newest_post(make_config, write_post):
    for day in ("2023-02-10", "2023-05-02", "2024-01-09", "2024-03-20"):
        write_post(f"tin-{day}.md", news(day))
    project = load_project(make_config())
    page = page_for(project, datetime(2026, 11, 22, 12, 0, tzinfo=TZ))
    root = chart_of(page)
    assert root.findtext(f"{SVG}title") == (
        "Số bài theo tháng và tiêu chí, từ tháng 4/2023 đến tháng 3/2024"
    )
    heights = drawn_months(root)
    # One post each; February 2023 is more than twelve months before the newest post.
    assert sorted(heights) == ["2023-05", "2024-01", "2024-03"]
    assert len(set(heights.values())) == 1


def test_rules_without_posts_in_their_days_give_way_to_the_posts(make_config, write_post):
    write_post("a.md", news("2024-01-02"))
    config = make_config(cadence={"preset": "ngoc-trao", "start": "2025-01-01"})
    project = load_project(config)
    root = chart_of(page_for(project, datetime(2025, 3, 1, tzinfo=TZ)))
    assert root.findtext(f"{SVG}title").endswith("từ tháng 2/2023 đến tháng 1/2024")
    assert list(drawn_months(root)) == ["2024-01"]


def test_an_archive_without_posts_shows_the_current_year(make_config):
    project = load_project(make_config())
    root = chart_of(page_for(project, datetime(2026, 3, 5, tzinfo=TZ)))
    assert root.findtext(f"{SVG}title").endswith("từ tháng 1/2026 đến tháng 3/2026")
    assert drawn_months(root) == {}
