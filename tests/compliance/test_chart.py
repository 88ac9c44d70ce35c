"""The posts-per-month chart: inline SVG parsed back with lxml."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from wardnews.compliance.chart import (
    PALETTE,
    MonthBar,
    count_by_month,
    criterion_colour,
    months_between,
    posts_per_month_svg,
)
from wardnews.content.catalog import Criterion
from wardnews.content.posts import Post

SVG = "{http://www.w3.org/2000/svg}"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CRITERIA = (
    Criterion("1.10", "Nâng cao nhận thức, kỹ năng số cho cán bộ, công chức"),
    Criterion("2.1", "Kinh doanh trên môi trường mạng"),
    Criterion("3.2", "Người dân có tài khoản thanh toán"),
)
MONTHS = (
    MonthBar(2024, 1, (1, 0, 3)),
    MonthBar(2024, 2, (0, 0, 0)),
    MonthBar(2024, 3, (2, 5, 1)),
)


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"))  # well-formed XML or this raises


def bars(root: etree._Element) -> list[etree._Element]:
    return root.findall(f".//{SVG}rect[@class='wn-bar']")


def test_one_rect_per_non_zero_month_and_criterion_with_proportional_heights():
    root = parse(posts_per_month_svg(CRITERIA, MONTHS))
    found = {(r.get("data-month"), r.get("data-criterion")): r for r in bars(root)}
    assert set(found) == {
        ("2024-01", "1.10"),
        ("2024-01", "3.2"),
        ("2024-03", "1.10"),
        ("2024-03", "2.1"),
        ("2024-03", "3.2"),
    }
    per_post = {float(r.get("height")) / int(r.get("data-count")) for r in found.values()}
    assert max(per_post) - min(per_post) < 0.01
    assert float(found[("2024-03", "2.1")].get("height")) == pytest.approx(
        5 * float(found[("2024-01", "1.10")].get("height")), abs=0.02
    )


def test_segments_stack_from_the_axis_in_catalog_order():
    root = parse(posts_per_month_svg(CRITERIA, MONTHS))
    march = [r for r in bars(root) if r.get("data-month") == "2024-03"]
    assert [r.get("data-criterion") for r in march] == ["1.10", "2.1", "3.2"]
    for lower, upper in zip(march, march[1:], strict=False):
        assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(
            float(lower.get("y")), abs=0.02
        )
    assert len({r.get("x") for r in march}) == 1


def test_colours_follow_the_catalog_order_and_the_legend_names_used_criteria():
    root = parse(posts_per_month_svg(CRITERIA, MONTHS))
    colour = {r.get("data-criterion"): r.get("fill") for r in bars(root)}
    assert colour == {"1.10": PALETTE[0], "2.1": PALETTE[1], "3.2": PALETTE[2]}
    legend = ["".join(g.itertext()) for g in root.findall(f"{SVG}g[@class='wn-legend-item']")]
    assert any("1.10 – Nâng cao nhận thức, kỹ năng số cho cán bộ, công chức" in t for t in legend)
    assert len(legend) == 3
    only_january = posts_per_month_svg(CRITERIA, MONTHS[:1])
    legend = ["".join(g.itertext()) for g in parse(only_january).iter(f"{SVG}g")]
    assert not any("2.1 – Kinh doanh" in t for t in legend)  # no post, no legend entry


def test_many_criteria_keep_distinct_colours():
    colours = [criterion_colour(i) for i in range(37)]
    assert len(set(colours)) == 37
    assert all(len(c) == 7 and c.startswith("#") for c in colours)


def test_svg_is_accessible_scalable_and_self_contained():
    svg = posts_per_month_svg(CRITERIA, MONTHS, title="Số bài <năm 2024>", chart_id="bd")
    root = parse(svg)
    assert root.get("viewBox").startswith("0 0 600 ")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "bd-title bd-desc"
    assert root.find(f"{SVG}title").get("id") == "bd-title"
    assert root.find(f"{SVG}title").text == "Số bài <năm 2024>"
    desc = root.find(f"{SVG}desc").text
    assert "Tháng 3/2024: 1.10: 2 bài; 2.1: 5 bài; 3.2: 1 bài." in desc
    assert "Tháng 2/2024: không có bài." in desc
    assert "<script" not in svg and "href" not in svg and "@import" not in svg
    assert svg.count("http") == 1  # the xmlns only: nothing is fetched
    assert "\n\n" not in svg  # a blank line would end Markdown's raw HTML block


def test_same_counts_same_bytes():
    assert posts_per_month_svg(CRITERIA, MONTHS) == posts_per_month_svg(CRITERIA, list(MONTHS))


def test_names_are_escaped_and_long_names_shortened():
    odd = (Criterion("9.9", "Tên <b>rất</b> dài " + "x" * 200),)
    root = parse(posts_per_month_svg(odd, (MonthBar(2024, 1, (2,)),)))
    text = "".join(root.find(f"{SVG}g/{SVG}text").itertext())
    assert text.startswith("9.9 – Tên <b>rất</b> dài")
    assert text.endswith("…") and len(text) <= 64


def test_an_empty_period_says_so():
    root = parse(posts_per_month_svg(CRITERIA, (MonthBar(2024, 1, (0, 0, 0)),)))
    assert bars(root) == []
    assert "Chưa có bài nào gắn tiêu chí trong thời gian này" in "".join(root.itertext())


def _post(slug: str, moment: datetime, criteria: tuple[str, ...] = (), auto=()) -> Post:
    return Post(
        path=f"posts/{slug}.md",
        title=slug,
        date=moment,
        slug=slug,
        body="",
        body_line=4,
        author="A",
        criteria=criteria,
        auto_criteria=auto,
    )


def test_count_by_month_uses_local_months_and_every_criterion_of_a_post():
    posts = [
        # 31/01 16:30 UTC is 23:30 in Hà Nội: still January.
        _post("a", datetime(2024, 1, 31, 16, 30, tzinfo=UTC), ("1.10", "3.2")),
        # 31/01 18:00 UTC is 01:00 on 1 February in Hà Nội.
        _post("b", datetime(2024, 1, 31, 18, 0, tzinfo=UTC), ("3.2",)),
        _post("c", datetime(2024, 3, 2, 8, 0, tzinfo=TZ), auto=("2.1",)),
        _post("d", datetime(2023, 12, 31, 8, 0, tzinfo=TZ), ("2.1",)),  # before the range
    ]
    codes = [c.code for c in CRITERIA]
    counted = count_by_month(posts, codes, TZ, date(2024, 1, 1), date(2024, 3, 31))
    assert counted == (
        MonthBar(2024, 1, (1, 0, 1)),
        MonthBar(2024, 2, (0, 0, 1)),
        MonthBar(2024, 3, (0, 1, 0)),
    )
    assert counted[0].label == "T1"


def test_months_between_crosses_the_year():
    assert months_between(date(2024, 11, 15), date(2025, 2, 1)) == [
        (2024, 11),
        (2024, 12),
        (2025, 1),
        (2025, 2),
    ]


def test_months_are_labelled_with_the_year_under_the_first_bar_and_each_january():
    months = [
        MonthBar(y, m, (1, 0, 0)) for y, m in months_between(date(2024, 11, 1), date(2025, 2, 1))
    ]
    root = parse(posts_per_month_svg(CRITERIA, months))
    texts = [(t.get("class"), t.text) for t in root.iter(f"{SVG}text")]
    assert [text for css, text in texts if text and text.startswith("T")] == [
        "T11",
        "T12",
        "T1",
        "T2",
    ]
    assert [text for css, text in texts if css == "wn-year"] == ["2024", "2025"]
