"""Reading the cadence section of mkdocs.yml: every mistake named with its key and line."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from wardnews.content import yamlread
from wardnews.content.cadence_rules import parse_cadence
from wardnews.content.fields import NodeLines

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"preset": "ha-noi", "start": "2024-01-01"},
            "extra.wardnews.cadence.preset': lỗi: cần một trong: ngoc-trao, le-loi, thanh-hoa, "
            "tan-son, tam-ky; nhưng gặp 'ha-noi'",
        ),
        (
            {"preset": "ngoc-trao"},
            "extra.wardnews.cadence.preset[ngoc-trao].0.start': lỗi: "
            "cần ngày bắt đầu tính nhịp đăng",
        ),
        (
            {"start": "30/02/2024", "rules": [{"id": "a", "period": "week"}]},
            "cadence.rules[0].start': lỗi: ngày 30/2/2024 không tồn tại",
        ),
        (
            {"start": "2024-01-01", "rules": [{"id": "a", "period": "fortnight"}]},
            "cadence.rules[0].period': lỗi: cần một trong: week, month, quarter, year; "
            "nhưng gặp 'fortnight'",
        ),
        (
            {"start": "2024-01-01", "rules": [{"id": "a", "period": "week", "criteria": ["9.9"]}]},
            "mã tiêu chí '9.9' không có trong bộ tiêu chí; các mã hợp lệ: 1.10, 2.1, 3.1, 3.2, 3.4",
        ),
        (
            {"start": "2024-01-01", "rules": [{"id": "a", "period": "week", "min_posts": "một"}]},
            "cadence.rules[0].min_posts': lỗi: cần số nguyên từ 0 trở lên, nhưng gặp 'một'",
        ),
        (
            {"start": "2024-01-01", "rules": [{"id": "a", "period": "week", "duration": [15, 10]}]},
            "cần [số phút ít nhất, số phút nhiều nhất] như [10, 15]",
        ),
        ({"start": "2024-01-01", "weekly": True}, "cadence.weekly': lỗi: khóa không được hỗ trợ"),
    ],
)
def test_bad_cadence_config_is_a_clear_error(catalog, raw, message):
    plan, problems = parse_cadence(raw, catalog, TZ)
    assert plan is None
    assert any(message in p.format() for p in problems), [p.format() for p in problems]


def parse_written(text: str, catalog):
    """parse_cadence over the cadence section of a mkdocs.yml text, with its lines."""
    node = yamlread.compose(text)
    raw = yamlread.to_python(node)["cadence"]
    return parse_cadence(raw, catalog, TZ, "mkdocs.yml", NodeLines(node).child("cadence"))


def test_cadence_problems_name_their_line_in_mkdocs_yml(catalog):
    plan, problems = parse_written(
        "cadence:\n"
        "  start: 2024-01-01\n"
        "  weekly: true\n"
        "  rules:\n"
        "    - id: a\n"
        "      period: fortnight\n"
        "    - id: b\n"
        "      period: week\n"
        "      min_posts: một\n",
        catalog,
    )
    assert plan is None
    assert sorted((p.line, p.key) for p in problems) == [
        (3, "extra.wardnews.cadence.weekly"),
        (6, "extra.wardnews.cadence.rules[0].period"),
        (9, "extra.wardnews.cadence.rules[1].min_posts"),
    ]


def test_an_inherited_start_is_blamed_on_the_line_that_wrote_it(catalog):
    plan, problems = parse_written("cadence:\n  preset: ngoc-trao\n  start: 30/02/2024\n", catalog)
    assert plan is None
    assert {(p.line, p.key) for p in problems} == {
        (3, "extra.wardnews.cadence.preset[ngoc-trao].0.start"),
        (3, "extra.wardnews.cadence.preset[ngoc-trao].1.start"),
    }


def test_a_missing_start_names_the_line_of_the_rule(catalog):
    _, problems = parse_written("cadence:\n  rules:\n    - id: a\n      period: week\n", catalog)
    assert [(p.line, p.key) for p in problems] == [(3, "extra.wardnews.cadence.rules[0].start")]
