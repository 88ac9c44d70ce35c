import pytest
import yaml

from wardnews.content import yamlread
from wardnews.content.yamlread import YamlSyntaxError

YAML_HINT = "kiểm tra dấu hai chấm, dấu nháy và ngoặc ở dòng này"


def mapping(text: str) -> dict[str, yaml.Node]:
    root = yamlread.compose(text)
    assert isinstance(root, yaml.MappingNode)
    return {yamlread.scalar_text(key): value for key, value in root.value}


def test_unquoted_decimal_code_keeps_its_text():
    fields = mapping('criteria: [1.10, 3.1, "3.4"]\n')
    codes = [yamlread.scalar_text(item) for item in fields["criteria"].value]
    assert codes == ["1.10", "3.1", "3.4"]
    assert fields["criteria"].value[0].tag == yamlread.FLOAT
    assert fields["criteria"].value[2].tag == yamlread.STR


def test_lines_are_one_based():
    fields = mapping("title: A\n\ndate: 2024-03-12\n")
    assert yamlread.line_of(fields["title"]) == 1
    assert yamlread.line_of(fields["date"]) == 3


def test_scalar_kinds():
    fields = mapping("a: ~\nb: true\nc: 15\nd: [x]\ne: {x: 1}\nf: có\n")
    assert yamlread.is_null(fields["a"])
    assert fields["b"].tag == yamlread.BOOL
    assert fields["c"].tag == yamlread.INT
    assert yamlread.is_scalar(fields["f"]) and not yamlread.is_scalar(fields["d"])
    assert [yamlread.node_kind(fields[k]) for k in "adef"] == [
        "giá trị trống",
        "một danh sách",
        "một bảng khóa: giá trị",
        "'có'",
    ]


def test_to_python_builds_plain_values():
    fields = mapping("a: [1, true, x]\nb: 1.10\n")
    assert yamlread.to_python(fields["a"]) == [1, True, "x"]
    assert yamlread.to_python(fields["b"]) == 1.1


def test_empty_document_is_none():
    assert yamlread.compose("") is None


def test_syntax_error_line_and_reason():
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose("title: A\nsummary: Hội nghị: tập huấn\n")
    assert raised.value.line == 2
    assert raised.value.reason == (
        f"cú pháp YAML sai (mapping values are not allowed in this context); {YAML_HINT}"
    )


@pytest.mark.parametrize(
    "text",
    [
        'title: A\nauthor: "Nguyễn Văn A\ndate: 2024-03-12\n',
        "title: A\ncriteria: [3.1, 3.4\ndate: 2024-03-12\n",
        "title: A\nauthor: 'Nguyễn Văn A\n\n\n",
    ],
)
def test_unclosed_quote_or_bracket_points_at_the_line_that_opened_it(text):
    # The parser notices at the end of the text; the mistake is on line 2.
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose(text)
    assert raised.value.line == 2
    assert raised.value.reason.startswith("cú pháp YAML sai (while ")


def test_a_line_without_its_colon_is_the_line_shown():
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose("title: A\nTin mới\ndate: 2024-03-12\n")
    assert raised.value.line == 2


def test_tab_indentation_is_named():
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose("title: A\n\tdate: 2024-03-12\n")
    assert raised.value == YamlSyntaxError(
        2, "có ký tự Tab; YAML chỉ chấp nhận dấu cách để thụt lề"
    )


def test_load_tolerant_ignores_mkdocs_tags():
    text = (
        "site_name: X\n"
        "copyright: !ENV [COPYRIGHT, '']\n"
        "fmt: !!python/name:material.extensions.emoji.to_svg\n"
        "extra:\n  wardnews:\n    page_size: 10\n"
    )
    data, _ = yamlread.load_tolerant_with_nodes(text)
    assert data["copyright"] is None
    assert data["fmt"] is None
    assert data["extra"]["wardnews"] == {"page_size": 10}


def test_load_tolerant_reports_syntax_errors_with_line():
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.load_tolerant_with_nodes('site_name: "X\nextra: {}\n')
    assert raised.value.line == 1


def test_tab_in_a_nested_block_points_at_the_tab_line():
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose("a:\n  b: 1\n\tc: 2\n")
    assert raised.value.line == 3
    assert "Tab" in raised.value.reason


TOO_DEEP = "các danh sách, bảng lồng nhau quá 100 tầng; hãy viết đơn giản lại"


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_deep_flow_nesting_is_refused_with_its_line(opener, closer):
    text = "title: A\n\nsummary: " + opener * 50_000 + closer * 50_000 + "\n"
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose(text)
    assert (raised.value.line, raised.value.reason) == (3, TOO_DEEP)


def test_nesting_of_exactly_the_limit_is_read():
    # The mapping is the first level, the brackets the other 99.
    root = yamlread.compose("a: " + "[" * 99 + "1" + "]" * 99 + "\n")
    assert isinstance(root, yaml.MappingNode)


def test_deep_nesting_spread_over_lines_names_the_line_that_crosses_the_limit():
    text = "a:\n" + "[\n" * 100 + "[1" + "]" * 101 + "\n"
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose(text)
    assert raised.value.line == 102


@pytest.mark.parametrize(
    "value",
    [
        "'" + "[" * 200 + "'",
        '"' + "{" * 200 + '\\"' + "[" * 200 + '"',
        "'it''s " + "[" * 200 + "'",
        "x # " + "[" * 200,
        "|\n  " + "[" * 200 + "\n  " + "{" * 200,
        "Tin " + "[" * 200,
    ],
    ids=["single-quoted", "double-quoted", "escaped-quote", "comment", "block-scalar", "plain"],
)
def test_brackets_in_quotes_comments_and_block_scalars_are_not_counted(value):
    root = yamlread.compose(f"title: {value}\ndate: 2024-03-12\n")
    assert isinstance(root, yaml.MappingNode)
    assert [yamlread.scalar_text(key) for key, _ in root.value] == ["title", "date"]


def test_deep_block_nesting_is_refused_with_its_line():
    text = "".join(" " * (2 * level) + "a:\n" for level in range(150)) + " " * 300 + "b\n"
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.compose(text)
    assert (raised.value.line, raised.value.reason) == (101, TOO_DEEP)


def test_deep_nesting_is_refused_when_read_tolerantly():
    with pytest.raises(YamlSyntaxError) as raised:
        yamlread.load_tolerant_with_nodes("extra:\n  cadence: " + "[" * 5000 + "]" * 5000 + "\n")
    assert (raised.value.line, raised.value.reason) == (2, TOO_DEEP)
