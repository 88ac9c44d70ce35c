"""The field-spec helper: kinds, checks, unknown keys, required keys, and lines from nodes."""

import pytest
import yaml

from wardnews.content import yamlread
from wardnews.content.fields import (
    BOOLEAN,
    INTEGER,
    TEXT,
    Field,
    FieldSpec,
    NodeLines,
    Reporter,
    in_range,
    one_of,
)

SPEC = FieldSpec(
    [
        Field("title", TEXT, "tiêu đề", required=True),
        Field("size", INTEGER, "số bài", checks=(in_range(1, 10),)),
        Field("mode", TEXT, checks=(one_of(("a", "b")),)),
        Field("shown", BOOLEAN),
    ]
)


def validate(text: str, offset: int = 0) -> tuple[dict, list[str]]:
    node = yamlread.compose(text)
    reporter = Reporter("x.yml", "muc", NodeLines(node, offset))
    values = SPEC.validate(yamlread.to_python(node), reporter)
    return values, [problem.format() for problem in reporter.problems]


def test_valid_values_come_back_without_problems():
    assert validate("title: Tin\nsize: 3\nshown: false\n") == (
        {"title": "Tin", "size": 3, "shown": False},
        [],
    )


def test_every_problem_names_line_key_expected_and_found():
    _, problems = validate("title: Tin\nsize: true\nmode: c\nshwn: 1\n")
    assert problems == [
        "x.yml, dòng 2, khóa 'muc.size': lỗi: cần một số nguyên (số bài), nhưng gặp 'true'",
        "x.yml, dòng 3, khóa 'muc.mode': lỗi: cần một trong: a, b; nhưng gặp 'c'",
        "x.yml, dòng 4, khóa 'muc.shwn': lỗi: khóa không được hỗ trợ; có phải ý bạn là "
        "'shown'? Các khóa hợp lệ: title, size, mode, shown",
    ]


def test_checks_run_after_the_kind_and_missing_required_keys_have_no_line():
    _, problems = validate("size: 11\n")
    assert problems == [
        "x.yml, dòng 1, khóa 'muc.size': lỗi: cần số từ 1 đến 10, nhưng gặp 11",
        "x.yml, khóa 'muc.title': lỗi: thiếu khóa bắt buộc (tiêu đề)",
    ]


def test_lines_follow_the_offset_of_the_parsed_text():
    _, problems = validate("title: Tin\n\nsize: 0\n", offset=1)
    assert problems == ["x.yml, dòng 4, khóa 'muc.size': lỗi: cần số từ 1 đến 10, nhưng gặp 0"]


def test_without_a_node_tree_problems_have_no_line():
    reporter = Reporter("x.yml", "muc")
    SPEC.validate({"title": "Tin", "size": "ba"}, reporter)
    assert [problem.format() for problem in reporter.problems] == [
        "x.yml, khóa 'muc.size': lỗi: cần một số nguyên (số bài), nhưng gặp 'ba'"
    ]


def test_entries_report_keys_written_twice_unknown_or_not_text():
    node = yamlread.compose("title: A\ntitle: B\n[a]: 1\nTitel: C\nsize: 2\n")
    assert isinstance(node, yaml.MappingNode)
    reporter = Reporter("a.md", "", NodeLines(node, 1))
    entries = SPEC.entries(node, reporter)
    assert {key: yamlread.scalar_text(value) for key, value in entries.items()} == {
        "title": "A",
        "size": "2",
    }
    assert [problem.format() for problem in reporter.problems] == [
        "a.md, dòng 3, khóa 'title': lỗi: khóa 'title' được viết hai lần; chỉ giữ một",
        "a.md, dòng 4: lỗi: khóa phải là một chữ, ví dụ title:",
        "a.md, dòng 5, khóa 'Titel': lỗi: khóa không được hỗ trợ; có phải ý bạn là 'title'? "
        "Các khóa hợp lệ: title, size, mode, shown",
    ]


@pytest.mark.parametrize(
    ("path", "line"),
    [(("a",), 2), (("a", "b"), 2), (("a", "c"), 3), (("a", "x"), None), (("z", "b"), None)],
)
def test_node_lines_find_nested_values(path, line):
    lines = NodeLines(yamlread.compose("a:\n  b: 1\n  c: [1, 2]\n"))
    assert lines.at(path).line == line


def test_a_problem_of_a_block_value_names_the_line_of_its_key():
    reporter = Reporter("x.yml", "", NodeLines(yamlread.compose("a: 1\nb:\n  - 2\n")))
    reporter.report("b", "sai")
    assert [problem.line for problem in reporter.problems] == [2]


def test_node_lines_find_sequence_items():
    lines = NodeLines(yamlread.compose("rules:\n  - id: a\n  - id: b\n    period: x\n"))
    rules = lines.child("rules")
    assert [rules.item(i).line for i in range(3)] == [2, 3, None]
    assert rules.item(1).child("period").line == 4
    assert rules.item(1).key_line("period") == 4


def test_defaults_of_optional_fields():
    spec = FieldSpec([Field("a", required=True), Field("b", default=3), Field("c")])
    assert spec.defaults() == {"b": 3, "c": None}
