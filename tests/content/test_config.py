import unicodedata
from zoneinfo import ZoneInfo

import pytest

from wardnews.content import config as config_module
from wardnews.content.config import (
    UnitConfig,
    load_catalog_for,
    parse_unit_config,
    read_project_config,
)
from wardnews.problems import WardnewsError, shorten

SECTION = {"unit_name": "Ngọc Trạo", "unit_level": "phường"}
# Every known key, in declaration order, as the message lists them.
KEYS = ", ".join(config_module.UNIT_FIELDS.names)


def problems_of(section, root):
    config, problems = parse_unit_config(section, root)
    assert config is None
    return [problem.format() for problem in problems]


def test_minimal_section_gets_the_defaults(project_root):
    config, problems = parse_unit_config(SECTION, project_root)
    assert problems == []
    assert config == UnitConfig(root=project_root, unit_name="Ngọc Trạo", unit_level="phường")
    assert config.timezone == "Asia/Ho_Chi_Minh"
    assert config.tz == ZoneInfo("Asia/Ho_Chi_Minh")
    assert config.posts_path == project_root / "posts"
    assert (config.page_size, config.url_prefix) == (10, "tin-tuc")
    assert config.default_author == "Ban biên tập"


def test_every_key_is_read_and_normalised(project_root):
    (project_root / "bai-viet").mkdir()
    section = {
        "unit_name": unicodedata.normalize("NFD", "  Lê Lợi "),
        "unit_level": "Xã",
        "portal_name": "Cổng thông tin xã Lê Lợi",
        "portal_url": "https://leloi.haiduong.gov.vn/",
        "section_title": "Chuyển đổi số",
        "timezone": "Asia/Bangkok",
        "posts_dir": "bai-viet",
        "url_prefix": "/chuyen-doi-so/tin/",
        "page_size": 20,
        "default_author": "Văn phòng - Thống kê",
        "criteria_catalog": "tieu-chi.yml",
    }
    config, problems = parse_unit_config(section, project_root, "mkdocs.yml", "https://x.vn/")
    assert problems == []
    assert config.unit_name == "Lê Lợi"
    assert config.unit_level == "xã"
    assert config.unit_title == "Xã Lê Lợi"
    assert config.url_prefix == "chuyen-doi-so/tin"
    assert config.posts_path == project_root / "bai-viet"
    assert (config.page_size, config.site_url) == (20, "https://x.vn/")


def test_unit_title_does_not_repeat_the_level(project_root):
    config, _ = parse_unit_config({**SECTION, "unit_name": "phường Ngọc Trạo"}, project_root)
    assert config.unit_title == "Phường Ngọc Trạo"


def test_unknown_key_suggests_the_closest(project_root):
    assert problems_of({**SECTION, "pagesize": 5}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.pagesize': lỗi: khóa không được hỗ trợ; "
        f"có phải ý bạn là 'page_size'? Các khóa hợp lệ: {KEYS}"
    ]


def test_unknown_key_without_a_close_one(project_root):
    assert problems_of({**SECTION, "zalo": "x"}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.zalo': lỗi: khóa không được hỗ trợ; "
        f"Các khóa hợp lệ: {KEYS}"
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [("mười", "'mười'"), (True, "'true'"), (10.5, "'10.5'"), ([10], "'[10]'")],
)
def test_page_size_must_be_an_integer(project_root, value, found):
    assert problems_of({**SECTION, "page_size": value}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.page_size': lỗi: cần một số nguyên "
        f"(số bài mỗi trang, từ 1 đến 100), nhưng gặp {found}"
    ]


@pytest.mark.parametrize("value", [0, 101, -3])
def test_page_size_range(project_root, value):
    assert problems_of({**SECTION, "page_size": value}, project_root) == [
        f"mkdocs.yml, khóa 'extra.wardnews.page_size': lỗi: cần số từ 1 đến 100, nhưng gặp {value}"
    ]


def test_string_key_given_a_number(project_root):
    assert problems_of({**SECTION, "unit_name": 123}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.unit_name': lỗi: cần một chuỗi chữ "
        "(tên đơn vị, ví dụ 'Ngọc Trạo'), nhưng gặp '123'"
    ]


def test_unit_level_must_be_a_known_level(project_root):
    assert problems_of({**SECTION, "unit_level": "làng"}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.unit_level': lỗi: cần một trong: phường, xã, "
        "thị trấn, quận, huyện, thị xã, thành phố, tỉnh; nhưng gặp 'làng'"
    ]


@pytest.mark.parametrize("value", ["Mars/Base", "Asia", "../etc/passwd", "", "Asia/"])
def test_timezone_must_be_iana(project_root, value):
    # 'Asia' is a folder of the tz database: it must be a problem, not a traceback.
    assert problems_of({**SECTION, "timezone": value}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.timezone': lỗi: cần múi giờ IANA như "
        f"Asia/Ho_Chi_Minh, nhưng gặp '{value}'"
    ]


def test_missing_required_keys(project_root):
    assert problems_of({"unit_level": "phường"}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.unit_name': lỗi: thiếu khóa bắt buộc "
        "(tên đơn vị, ví dụ 'Ngọc Trạo')"
    ]
    assert problems_of({}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.unit_name': lỗi: thiếu khóa bắt buộc "
        "(tên đơn vị, ví dụ 'Ngọc Trạo')",
        "mkdocs.yml, khóa 'extra.wardnews.unit_level': lỗi: thiếu khóa bắt buộc "
        "(cấp đơn vị: phường, xã, thị trấn, quận, huyện, thị xã, thành phố, tỉnh)",
    ]


def test_blank_unit_name(project_root):
    assert problems_of({**SECTION, "unit_name": "   "}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.unit_name': lỗi: tên đơn vị không được để trống"
    ]


def test_missing_or_wrong_section(project_root):
    assert problems_of(None, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews': lỗi: thiếu phần cấu hình của wardnews "
        "(cần ít nhất unit_name và unit_level)"
    ]
    assert problems_of(["Ngọc Trạo"], project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews': lỗi: cần một bảng khóa: giá trị, "
        "nhưng gặp '['Ngọc Trạo']'"
    ]


def test_every_problem_is_reported_at_once(project_root):
    section = {"unit_level": "làng", "page_size": "mười", "timezone": "Mars/Base", "tittle": 1}
    config, problems = parse_unit_config(section, project_root)
    assert config is None
    assert sorted(p.key for p in problems) == [
        "extra.wardnews.page_size",
        "extra.wardnews.timezone",
        "extra.wardnews.tittle",
        "extra.wardnews.unit_level",  # 'làng' is checked even though unit_name is missing
        "extra.wardnews.unit_name",
    ]


def test_url_prefix_must_be_slugs(project_root):
    assert problems_of({**SECTION, "url_prefix": "Tin Tức"}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.url_prefix': lỗi: cần chữ thường không dấu, số và "
        "dấu gạch ngang (ví dụ tin-tuc), nhưng gặp 'Tin Tức'"
    ]


WEB_ADDRESS = "cần địa chỉ web bắt đầu bằng https:// (hoặc http://) rồi đến tên miền"
NOT_WEB_ADDRESSES = [
    "ngoctrao.gov.vn",
    "javascript:alert(1)",
    "JavaScript://ngoctrao.gov.vn/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://ngoctrao.gov.vn/",
    "//ngoctrao.gov.vn/",
    "https://",
    "https://[::1",
    "https://ngoc trao.gov.vn/",
]


@pytest.mark.parametrize("value", NOT_WEB_ADDRESSES)
def test_portal_url_must_be_http_or_https(project_root, value):
    assert problems_of({**SECTION, "portal_url": value}, project_root) == [
        f"mkdocs.yml, khóa 'extra.wardnews.portal_url': lỗi: {WEB_ADDRESS}, "
        f"nhưng gặp {shorten(value)}"
    ]


@pytest.mark.parametrize("value", NOT_WEB_ADDRESSES)
def test_site_url_must_be_http_or_https(project_root, value):
    config, problems = parse_unit_config(SECTION, project_root, site_url=value, site_url_line=2)
    assert config is None
    assert [p.format() for p in problems] == [
        f"mkdocs.yml, dòng 2, khóa 'site_url': lỗi: {WEB_ADDRESS}, nhưng gặp {shorten(value)}"
    ]


@pytest.mark.parametrize("value", ["https://ngoctrao.gov.vn/cds/", "HTTP://NGOCTRAO.GOV.VN"])
def test_web_addresses_accepted(project_root, value):
    config, problems = parse_unit_config(
        {**SECTION, "portal_url": value}, project_root, site_url=value
    )
    assert problems == []
    assert (config.site_url, config.portal_url) == (value, value)


def test_site_url_line_read_from_mkdocs_yml(write_file):
    file = write_file(
        "mkdocs.yml",
        "site_name: X\nsite_url: javascript:alert(1)\n"
        "extra:\n  wardnews:\n    unit_name: A\n    unit_level: phường\n",
    )
    with pytest.raises(WardnewsError) as raised:
        read_project_config(file)
    assert [(p.line, p.key) for p in raised.value.problems] == [(2, "site_url")]


def test_report_keys_with_their_defaults_and_normalised(project_root):
    config, problems = parse_unit_config(SECTION, project_root)
    assert problems == [] and config is not None
    assert (config.report_issuer, config.report_place, config.report_signer_name) == ("", "", "")
    assert config.report_symbol == "BC-UBND"
    assert config.report_signer_title == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert config.report_recipients == ("UBND cấp trên (để báo cáo)", "Lưu: VT")
    written = {
        "report_recipients": [" UBND thành phố (để b/c) ", unicodedata.normalize("NFD", "Lưu")],
        "report_signer_name": unicodedata.normalize("NFD", " Lê Văn Bình "),
    }
    config, problems = parse_unit_config({**SECTION, **written}, project_root)
    assert problems == [] and config is not None
    assert config.report_recipients == ("UBND thành phố (để b/c)", "Lưu")
    assert config.report_signer_name == "Lê Văn Bình"


@pytest.mark.parametrize("value,found", [([], "'[]'"), (["Lưu: VT", 5], "'['Lưu: VT', 5]'")])
def test_report_recipients_must_be_texts(project_root, value, found):
    assert problems_of({**SECTION, "report_recipients": value}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.report_recipients': lỗi: cần một danh sách nơi nhận "
        f"(chuỗi chữ), ví dụ ['Lưu: VT'], nhưng gặp {found}"
    ]


def test_report_signer_must_be_text(project_root):
    assert problems_of({**SECTION, "report_signer_name": 12}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.report_signer_name': lỗi: cần một chuỗi chữ "
        "(họ tên người ký), nhưng gặp '12'"
    ]


def test_posts_dir_outside_the_project_or_missing(project_root):
    assert problems_of({**SECTION, "posts_dir": "../"}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.posts_dir': lỗi: thư mục bài viết phải nằm trong "
        "dự án, nhưng gặp '../'"
    ]
    assert problems_of({**SECTION, "posts_dir": "bai"}, project_root) == [
        "mkdocs.yml, khóa 'extra.wardnews.posts_dir': lỗi: không tìm thấy thư mục 'bai'"
    ]


def test_default_posts_folder_missing(tmp_path):
    assert problems_of(SECTION, tmp_path) == [
        "mkdocs.yml, khóa 'extra.wardnews.posts_dir': lỗi: không tìm thấy thư mục bài viết 'posts'"
    ]


def test_load_catalog_for_default_and_project_file(make_config, write_file):
    catalog, problems = load_catalog_for(make_config())
    assert problems == [] and catalog.codes == ("1.10", "2.1", "3.1", "3.2", "3.4")
    write_file("tieu-chi.yml", 'criteria:\n  - code: "4.1"\n    name: Hạ tầng số\n')
    catalog, problems = load_catalog_for(make_config(criteria_catalog="tieu-chi.yml"))
    assert problems == [] and catalog.codes == ("4.1",)


def test_catalog_outside_the_project(make_config):
    catalog, problems = load_catalog_for(make_config(criteria_catalog="../tieu-chi.yml"))
    assert catalog is None
    assert [p.format() for p in problems] == [
        "mkdocs.yml, khóa 'extra.wardnews.criteria_catalog': lỗi: tệp bộ tiêu chí phải nằm "
        "trong dự án, nhưng gặp '../tieu-chi.yml'"
    ]


def test_catalog_that_is_a_folder(make_config):
    catalog, problems = load_catalog_for(make_config(criteria_catalog="posts"))
    assert catalog is None
    assert [p.format() for p in problems] == [
        "posts: lỗi: không đọc được tệp bộ tiêu chí (Is a directory)"
    ]


def test_read_project_config_from_mkdocs_yml(write_file):
    file = write_file(
        "mkdocs.yml",
        "site_name: X\n"
        "site_url: https://ngoctrao.gov.vn/cds/\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "extra:\n"
        "  wardnews:\n"
        "    unit_name: Ngọc Trạo\n"
        "    unit_level: phường\n"
        "    page_size: 5\n",
    )
    config = read_project_config(file)
    assert (config.unit_title, config.page_size) == ("Phường Ngọc Trạo", 5)
    assert config.site_url == "https://ngoctrao.gov.vn/cds/"
    assert config.root == file.parent.resolve()


def test_read_project_config_collects_problems(write_file):
    file = write_file(
        "mkdocs.yml",
        "extra:\n  wardnews:\n    unit_name: A\n    unit_level: làng\n    pagesize: 5\n",
    )
    with pytest.raises(WardnewsError) as raised:
        read_project_config(file)
    # Sorted by line: every mkdocs.yml problem names where it is written.
    assert [(p.line, p.key) for p in raised.value.problems] == [
        (4, "extra.wardnews.unit_level"),
        (5, "extra.wardnews.pagesize"),
    ]
    assert str(raised.value).endswith("Tổng cộng: 2 lỗi, 0 cảnh báo.")


def test_read_project_config_broken_yaml_and_missing_file(write_file, tmp_path):
    file = write_file("mkdocs.yml", 'site_name: "X\nextra: {}\n')
    with pytest.raises(WardnewsError, match=r"^mkdocs\.yml, dòng 1: lỗi: cú pháp YAML sai"):
        read_project_config(file)
    with pytest.raises(WardnewsError, match=r"^khong-co\.yml: lỗi: không tìm thấy tệp cấu hình"):
        read_project_config(tmp_path / "khong-co.yml")


def test_every_mkdocs_yml_problem_names_its_line(write_file):
    from wardnews.content.project import load_project

    file = write_file(
        "mkdocs.yml",
        "site_name: X\n"
        "extra:\n"
        "  wardnews:\n"
        "    unit_name: A\n"
        "    unit_level: xã\n"
        "    cadence:\n"
        "      start: 2024-01-01\n"
        "      rules:\n"
        "        - id: a\n"
        "          period: tuan\n",
    )
    with pytest.raises(WardnewsError) as raised:
        load_project(read_project_config(file))
    assert [p.format() for p in raised.value.problems] == [
        "mkdocs.yml, dòng 10, khóa 'extra.wardnews.cadence.rules[0].period': lỗi: cần một trong: "
        "week, month, quarter, year; nhưng gặp 'tuan'"
    ]


def test_section_lines_of_a_file_mkdocs_loaded(write_file, tmp_path):
    file = write_file("mkdocs.yml", "extra:\n  wardnews:\n    unit_name: A\n    pagesize: 5\n")
    lines = config_module.section_lines(file)
    config, problems = parse_unit_config({"unit_name": "A", "pagesize": 5}, tmp_path, lines=lines)
    assert config is None
    assert [(p.line, p.key) for p in problems] == [
        (4, "extra.wardnews.pagesize"),
        (None, "extra.wardnews.unit_level"),
    ]
    assert config_module.section_lines(tmp_path / "khong-co.yml").line is None
