import random

import pytest

from wardnews.content import bounds
from wardnews.content.bounds import (
    MAX_NESTING,
    check_bounds,
    cost_ceiling,
    nesting_depth,
    scan_blocks,
)

# Constructs whose Markdown time grows with the square of their length, and what the message
# names for each: refused at 10 KB and at 1 MB, in one linear pass.
QUADRATIC = [
    ("[", "dấu [ (mở liên kết)"),
    ("![", "dấu [ (mở liên kết)"),
    ("[^", "dấu [ (mở liên kết)"),
    ("[a][", "dấu [ (mở liên kết)"),
    ("[[a]", "dấu [ (mở liên kết)"),
    ("[a](", "dấu ( sau ]"),
    ("![a](b ", "dấu ( sau ]"),
    ("<a ", "dấu < (mở thẻ HTML)"),
    ("x <![CDATA[ ", "dấu [ (mở liên kết)"),
    ("<!-- ", "dấu < (mở thẻ HTML)"),
]
# These grow more slowly: under a tenth of a second at 10 KB, minutes at 1 MB.
SLOWER = [
    ("**a ", "dấu *, _, ` hoặc & không đóng"),
    ("_a ", "dấu *, _, ` hoặc & không đóng"),
    ("`a ", "dấu *, _, ` hoặc & không đóng"),
    ("&#1234", "dấu *, _, ` hoặc & không đóng"),
    ("# a\n", "dòng tiêu đề (#) hoặc hộp ghi chú (!!!) liền nhau"),
    ("!!! note\n", "dòng tiêu đề (#) hoặc hộp ghi chú (!!!) liền nhau"),
    ("1. a\n\n", "mục danh sách cách nhau bằng dòng trống"),
    ("<?x\n\n", "dấu <? hoặc <! (khai báo HTML) không có dấu > đóng"),
    ("<!--\n\n", "dấu <? hoặc <! (khai báo HTML) không có dấu > đóng"),
]
NESTED = [">", "> ", "- ", "* ", "+ ", "1. ", "2) ", "> - ", "\t", "    "]
SIZES = [10_000, 1_000_000]


def repeated(unit, size):
    return unit * (size // len(unit))


# Fenced code blocks cost less per character: at 10 KB they take under a second, and pass.
FENCES = [
    ("```x\n", "dòng mở khối mã (``` hoặc ~~~) không có dòng đóng giống hệt"),
    ("~~~ {.py}\n", "dòng mở khối mã (``` hoặc ~~~) không có dòng đóng giống hệt"),
    ("```\n", "khối mã (``` hoặc ~~~) trong một bài dài"),
    ("```\nx\n```\n", "khối mã (``` hoặc ~~~) trong một bài dài"),
]
REFUSED = [
    *((unit, named, size) for unit, named in QUADRATIC for size in SIZES),
    *((unit, named, size) for unit, named in SLOWER + FENCES for size in (200_000, 1_000_000)),
]


@pytest.mark.parametrize(("unit", "named", "size"), REFUSED)
def test_costly_constructs_are_refused(unit, named, size):
    excesses = check_bounds("Đoạn đầu bình thường.\n\n" + repeated(unit, size))
    assert [excess.line for excess in excesses] == [3]
    assert f"đoạn văn từ dòng này có quá nhiều {named}" in excesses[0].message


def test_an_unclosed_fence_is_named_after_closed_blocks():
    body = "```\nmã\n```\n\n" * 1_000 + "```x\n" * 40_000
    [excess] = check_bounds(body)
    assert excess.line == 4 * 1_000 + 1
    assert "không có dòng đóng giống hệt" in excess.message


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", NESTED)
def test_deep_nesting_is_refused(unit, size):
    excesses = check_bounds("Mở đầu.\n" + repeated(unit, size) + "x\n")
    # A megabyte of '* ' is also a megabyte of unclosed emphasis: reported too, nesting first.
    assert excesses[0].line == 2
    assert excesses[0].message.startswith(f"dòng lồng hơn {MAX_NESTING} tầng")


def test_nested_lines_over_many_lines():
    lines = ["    " * level + "- mục" for level in range(MAX_NESTING + 1)]
    assert check_bounds("\n".join(lines[:-1])) == []  # the last line opens one level more
    assert [excess.line for excess in check_bounds("\n".join(lines))] == [MAX_NESTING + 1]


@pytest.mark.parametrize(
    ("line", "depth"),
    [
        ("Văn bản", 0),
        ("- mục", 1),
        ("> > trích", 2),
        ("    - mục con", 2),
        ("\t\t- mục", 3),
        ("1. - > x", 3),
        ("-không phải danh sách", 0),
        ("2024. năm", 1),
        ("12345678901. không phải số thứ tự", 0),
        (">" * 10_000, MAX_NESTING + 1),
    ],
)
def test_nesting_depth(line, depth):
    assert nesting_depth(line) == depth


PARAGRAPH = (
    "Sáng 12/3, UBND phường Ngọc Trạo tổ chức [hội nghị tập huấn](https://ngoctrao.gov.vn/a) "
    "về chuyển đổi số (có **120** người dân tham gia, xem [phụ lục][pl]). Giá gói cước < 30 "
    "nghìn đồng; tỉ lệ > 80%. <b>Tổ công nghệ số</b> hướng dẫn cài VNeID, ảnh: ![Hội nghị](anh/"
    "hoi-nghi.jpg){ width=480 }. Một dấu [ lạc và một dấu ( lạc cũng không sao.\n"
)


def test_five_megabytes_of_ordinary_prose_pass():
    body = "\n".join([PARAGRAPH] * (5_000_000 // (len(PARAGRAPH) + 1)))
    assert len(body) > 4_900_000
    assert check_bounds(body) == []


def test_ordinary_structures_pass():
    lists = "\n".join("    " * level + "- mục" for level in range(6))
    quotes = "> trích\n> > trích lại\n> > > và lần nữa\n"
    links = "\n".join(f"- [Văn bản số {n}](van-ban/{n}.pdf)" for n in range(3_000))
    admonitions = '!!! note "Lưu ý"\n    Nội dung\n\n    !!! tip\n        Mẹo\n'
    table = "| Mã | Tên |\n|----|-----|\n" + "| [1.1](a) | <b>x</b> |\n" * 5_000
    code = "\n\n".join(["```python\nprint('Xin chào')\n```", "~~~\n[[[ <a\n~~~"] * 200)
    assert check_bounds("\n\n".join([lists, quotes, links, admonitions, table, code])) == []


def test_five_megabytes_with_hundreds_of_code_blocks_pass():
    unit = "\n".join([PARAGRAPH] * 25) + "\n```\nmã nguồn\n```\n\n"
    body = repeated(unit, 5_000_000)
    assert 300 < body.count("```") // 2 < 1_000
    assert check_bounds(body) == []


def test_a_single_long_paragraph_with_one_stray_bracket_passes():
    assert check_bounds("[" + "chữ " * 1_000_000) == []


def test_many_moderate_paragraphs_add_up():
    # Each paragraph alone is cheap; together they would still cost minutes.
    body = "\n\n".join(["[" * 1_000] * 300)
    excesses = check_bounds(body)
    assert len(excesses) == 1
    assert "dấu [ (mở liên kết)" in excesses[0].message


# Pieces of Markdown that start or end each kind of scan; with ordinary text between them.
TEXT = ["chữ ", "Điện thoại ", "a", " "]
KINDS = [
    ["[", "]", "](", "(", ")"],
    ["<", ">", "<a", "</", "<!", "<?", "<!--", "-->", "\n\n"],
    ["*", "**", "_", "`", "&", "&#12"],
    ["# ", "!!! ", "???", "!", "?", "\n"],
    ["\n\n", "\n- ", "\n1. ", "- ", "> ", "    "],
]


@pytest.mark.parametrize("pieces", [*KINDS, [piece for kind in KINDS for piece in kind]])
def test_the_ceiling_is_never_below_the_exact_count(pieces):
    chooser = random.Random(14)
    for _ in range(1_500):
        body = "".join(chooser.choices(pieces + TEXT, k=chooser.randint(1, 300)))
        exact = sum(block.total for block in scan_blocks(body))
        assert cost_ceiling(body) >= exact, body


def test_fences_are_always_counted_exactly():
    assert cost_ceiling("a\n```\nb\n```\n") == float("inf")
    assert cost_ceiling("~~~\nb\n") == float("inf")


def test_an_ordinary_post_is_not_counted_paragraph_by_paragraph(monkeypatch):
    def counted(body):
        raise AssertionError("scan_blocks called for an ordinary post")

    monkeypatch.setattr(bounds, "scan_blocks", counted)
    assert check_bounds("\n\n".join([PARAGRAPH] * 20)) == []
