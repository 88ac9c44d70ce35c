import pytest

from wardnews.content.catalog import Criterion, load_catalog, parse_catalog
from wardnews.problems import Problem, Severity, shorten


def test_default_catalog_has_the_five_codes_of_the_ngoc_trao_plan():
    catalog, problems = load_catalog(None, "wardnews/data/criteria-thanh-hoa-2023.yml")
    assert problems == []
    assert catalog is not None
    assert catalog.codes == ("1.10", "2.1", "3.1", "3.2", "3.4")
    assert catalog.codes_text() == "1.10, 2.1, 3.1, 3.2, 3.4"
    assert catalog.get("1.10").name == "Nâng cao nhận thức, kỹ năng số cho cán bộ, công chức"
    assert catalog.get("1.1") is None
    assert "smartphone" in catalog.get("3.4").keywords


def test_criterion_slug():
    assert Criterion("1.10", "A").slug == "1-10"
    assert Criterion("3.4", "B").slug == "3-4"


def test_load_catalog_from_a_project_file(tmp_path):
    file = tmp_path / "tieu-chi.yml"
    file.write_text(
        "name: Bộ tiêu chí Hải Dương\n"
        "criteria:\n"
        '  - code: "4.2"\n'
        "    name: Hạ tầng số\n"
        "    description: Phủ sóng 4G\n"
        "    keywords: [4G, cáp quang]\n",
        encoding="utf-8",
    )
    catalog, problems = load_catalog(file, "tieu-chi.yml")
    assert problems == []
    assert catalog.name == "Bộ tiêu chí Hải Dương"
    assert catalog.criteria == (Criterion("4.2", "Hạ tầng số", "Phủ sóng 4G", ("4G", "cáp quang")),)


def test_missing_catalog_file(tmp_path):
    catalog, problems = load_catalog(tmp_path / "khong-co.yml", "khong-co.yml")
    assert catalog is None
    assert problems == [Problem("khong-co.yml", None, None, "không tìm thấy tệp bộ tiêu chí")]


def test_catalog_path_that_is_a_folder_is_a_problem_not_a_traceback(tmp_path):
    catalog, problems = load_catalog(tmp_path, "posts")
    assert catalog is None
    assert [p.format() for p in problems] == [
        "posts: lỗi: không đọc được tệp bộ tiêu chí (Is a directory)"
    ]


def test_catalog_not_utf8(tmp_path, encode_cp1258):
    file = tmp_path / "tieu-chi.yml"
    file.write_bytes(encode_cp1258("name: Bộ tiêu chí\n"))
    catalog, problems = load_catalog(file, "tieu-chi.yml")
    assert catalog is None
    assert problems == [Problem("tieu-chi.yml", None, None, "tệp bộ tiêu chí không phải mã UTF-8")]


def test_unquoted_code_is_kept_as_written_with_a_warning():
    catalog, problems = parse_catalog("criteria:\n  - code: 1.10\n    name: A\n", "c.yml")
    assert catalog is not None
    assert catalog.codes == ("1.10",)
    assert catalog.name == "Bộ tiêu chí"
    assert problems == [
        Problem(
            "c.yml",
            2,
            "code",
            'mã tiêu chí cần viết trong dấu nháy ("1.10") để YAML không đọc thành số',
            Severity.WARNING,
        )
    ]


def test_duplicate_code_names_the_first_line():
    text = 'criteria:\n  - code: "3.1"\n    name: A\n  - code: "3.1"\n    name: B\n'
    catalog, problems = parse_catalog(text, "c.yml")
    assert catalog is None
    assert [p.format() for p in problems] == [
        "c.yml, dòng 4, khóa 'code': lỗi: mã '3.1' trùng với dòng 2"
    ]


def test_codes_that_give_the_same_page_address():
    text = 'criteria:\n  - code: "1.10"\n    name: A\n  - code: "1-10"\n    name: B\n'
    catalog, problems = parse_catalog(text, "c.yml")
    assert catalog is None
    assert [p.format() for p in problems] == [
        "c.yml, dòng 4, khóa 'code': lỗi: cần mã cho một địa chỉ trang riêng, nhưng mã '1-10' "
        "cho địa chỉ 1-10 như mã ở dòng 2"
    ]


@pytest.mark.parametrize("code", ["...", "!!!", "-", "#?"])
def test_code_without_letter_or_digit(code):
    text = f'criteria:\n  - code: "1.1"\n    name: A\n  - code: "{code}"\n    name: B\n'
    catalog, problems = parse_catalog(text, "c.yml")
    assert catalog is None
    assert [p.format() for p in problems] == [
        "c.yml, dòng 4, khóa 'code': lỗi: cần mã tiêu chí có chữ hoặc số (địa chỉ trang của "
        f'tiêu chí lấy từ mã, ví dụ "1.10" cho 1-10), nhưng gặp {shorten(code)}'
    ]


def test_codes_that_differ_only_in_case_or_diacritics():
    text = 'criteria:\n  - code: "A.1"\n    name: A\n  - code: "a.1"\n    name: B\n'
    text += '  - code: "Đ.2"\n    name: C\n  - code: "d.2"\n    name: D\n'
    catalog, problems = parse_catalog(text, "c.yml")
    assert catalog is None
    assert [(p.line, p.key) for p in problems] == [(4, "code"), (8, "code")]


def test_entry_without_code_or_name():
    text = "criteria:\n  - name: A\n  - code: '2.1'\n  - chỉ là chữ\n"
    catalog, problems = parse_catalog(text, "c.yml")
    assert catalog is None
    assert [p.format() for p in problems] == [
        "c.yml, dòng 2, khóa 'code': lỗi: thiếu mã tiêu chí",
        "c.yml, dòng 3, khóa 'name': lỗi: thiếu tên của tiêu chí 2.1",
        "c.yml, dòng 4, khóa 'criteria': lỗi: mỗi tiêu chí cần các khóa 'code' và 'name'",
    ]


def test_criteria_must_be_a_non_empty_list():
    assert parse_catalog("name: X\ncriteria: 3.1\n", "c.yml") == (
        None,
        [Problem("c.yml", 2, "criteria", "cần danh sách tiêu chí, nhưng gặp '3.1'")],
    )
    assert parse_catalog("name: X\n", "c.yml") == (
        None,
        [Problem("c.yml", 1, "criteria", "cần danh sách tiêu chí, nhưng gặp không có")],
    )


def test_catalog_that_is_not_a_mapping():
    assert parse_catalog("- a\n- b\n", "c.yml") == (
        None,
        [Problem("c.yml", 1, None, "cần một bảng có khóa 'name' và 'criteria'")],
    )


def test_broken_catalog_yaml_has_its_line():
    catalog, problems = parse_catalog('name: X\ncriteria:\n  - code: "1.10\n', "c.yml")
    assert catalog is None
    assert [(p.path, p.line) for p in problems] == [("c.yml", 3)]
    assert problems[0].message.startswith("cú pháp YAML sai")


def test_unknown_keys_are_named_with_their_line_and_the_closest_key():
    text = 'nam: Bộ\ncriteria:\n  - code: "3.1"\n    name: A\n    keyword: [ví điện tử]\n'
    catalog, problems = parse_catalog(text, "c.yml")
    assert catalog is None
    assert [p.format() for p in problems] == [
        "c.yml, dòng 1, khóa 'nam': lỗi: khóa không được hỗ trợ; có phải ý bạn là 'name'? "
        "Các khóa hợp lệ: name, criteria",
        "c.yml, dòng 5, khóa 'keyword': lỗi: khóa không được hỗ trợ; có phải ý bạn là "
        "'keywords'? Các khóa hợp lệ: code, name, description, keywords, exclude",
    ]
