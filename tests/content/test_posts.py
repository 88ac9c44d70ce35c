import os
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from wardnews.content.posts import (
    KNOWN_KEYS,
    MAX_POST_BYTES,
    MAX_SUMMARY_CHARS,
    Post,
    ReadCache,
    find_post_files,
    first_paragraph,
    load_posts,
    read_post,
)
from wardnews.problems import Severity, shorten

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KEYS = ", ".join(KNOWN_KEYS)
CODES = "1.10, 2.1, 3.1, 3.2, 3.4"
DATE_FORMS = "cần một ngày dạng 2024-03-12, 2024-03-12 08:30 hoặc 12/03/2024 08:30"
TITLE = "title: Ra mắt Tổ công nghệ số"
DATE = "date: 2024-03-12 08:30"


@pytest.fixture
def check(write_post, read, formatted):
    """Write posts/a.md, read it, and return what the editor would see."""

    def write_and_read(text, relpath="a.md"):
        write_post(relpath, text)
        post, problems = read(relpath)
        return post, formatted(problems)

    return write_and_read


@pytest.fixture
def rejected(check):
    """The post is not returned; the problems it got, formatted."""

    def read_rejected(text, relpath="a.md"):
        post, problems = check(text, relpath)
        assert post is None, "the post must not be published"
        assert problems, "a rejected post must say why"
        return problems

    return read_rejected


# --- A valid post --------------------------------------------------------------------------


def test_a_complete_post(check, post_text, write_file):
    write_file("posts/2024/anh/cao-son.jpg", b"\xff\xd8jpeg")
    text = post_text(
        TITLE,
        DATE,
        "author: Phạm Minh Tuấn – Tổ trưởng",
        'criteria: ["3.1", "3.4"]',
        "summary: Tổ gồm 7 thành viên.",
        "image: anh/cao-son.jpg",
        "image_alt: Người dân được hướng dẫn cài VNeID",
        "source: Báo Thanh Hóa",
        "kind: event",
        "slug: ra-mat-to-cds",
        "draft: false",
        body="Đoạn đầu.\n\nĐoạn sau.\n",
    )
    post, problems = check(text, "2024/bai.md")
    assert problems == []
    assert post == Post(
        path="posts/2024/bai.md",
        title="Ra mắt Tổ công nghệ số",
        date=datetime(2024, 3, 12, 8, 30, tzinfo=VN),
        slug="ra-mat-to-cds",
        body="Đoạn đầu.\n\nĐoạn sau.\n",
        body_line=14,
        author="Phạm Minh Tuấn – Tổ trưởng",
        criteria=("3.1", "3.4"),
        summary="Tổ gồm 7 thành viên.",
        image="posts/2024/anh/cao-son.jpg",
        image_alt="Người dân được hướng dẫn cài VNeID",
        source="Báo Thanh Hóa",
        kind="event",
    )


def test_a_radio_programme(check, post_text):
    text = post_text(
        "title: Chuyên mục chuyển đổi số số 10",
        DATE,
        "kind: radio",
        "duration: 15",
        "airings: [2024-03-14 17:00, 12/03/2024 06:00]",
    )
    post, problems = check(text)
    assert problems == []
    assert post.kind == "radio"
    assert post.duration == 15
    assert post.airings == (
        datetime(2024, 3, 12, 6, 0, tzinfo=VN),
        datetime(2024, 3, 14, 17, 0, tzinfo=VN),
    )


def test_minimal_post_gets_slug_from_title_and_default_author(check, post_text):
    post, problems = check(post_text("title: Điện thoại thông minh", "date: 2024-03-12"))
    assert problems == []
    assert post.slug == "dien-thoai-thong-minh"
    assert post.author == "Ban biên tập"
    assert (post.kind, post.draft, post.criteria, post.image, post.duration) == (
        "news",
        False,
        (),
        "",
        None,
    )


def test_default_author_comes_from_the_config(write_post, post_text, make_config, catalog):
    config = make_config(default_author="Văn phòng - Thống kê phường")
    file = write_post("a.md", post_text(TITLE, DATE))
    post, _ = read_post(file, config, catalog)
    assert post.author == "Văn phòng - Thống kê phường"
    file = write_post("b.md", post_text(TITLE, DATE, "author:"))
    post, _ = read_post(file, config, catalog)
    assert post.author == "Văn phòng - Thống kê phường"


def test_empty_front_matter_lists_what_is_missing(rejected):
    assert rejected("---\n---\nNội dung.\n") == [
        "posts/a.md, khóa 'date': lỗi: thiếu ngày đăng (date:), ví dụ date: 2024-03-12 08:30",
        "posts/a.md, khóa 'title': lỗi: thiếu tiêu đề bài (title:)",
    ]


# --- Criteria ------------------------------------------------------------------------------


def test_unquoted_1_10_is_refused_with_the_quoted_code_to_write(rejected, post_text):
    # YAML, and the web editor's form after it, would read 1.10 as the number 1.1.
    assert rejected(post_text(TITLE, DATE, "criteria: [1.10]")) == [
        "posts/a.md, dòng 4, khóa 'criteria': lỗi: mã tiêu chí cần viết trong dấu nháy: "
        '"1.10", nhưng gặp 1.10 không có dấu nháy (YAML và biểu mẫu soạn bài đọc thành số: '
        "1.10 thành 1.1)"
    ]


def test_quoted_codes_are_strings(check, post_text):
    post, problems = check(post_text(TITLE, DATE, """criteria: ["3.1", '3.4']"""))
    assert problems == []
    assert post.criteria == ("3.1", "3.4")
    assert all(isinstance(code, str) for code in post.criteria)


def test_criteria_as_one_line_is_refused_with_the_list_to_write(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "criteria: 1.10, 3.2, 1.10")) == [
        "posts/a.md, dòng 4, khóa 'criteria': lỗi: cần danh sách mã trong dấu nháy như "
        '["1.10", "3.2", "1.10"], nhưng gặp một dòng chữ \'1.10, 3.2, 1.10\''
    ]


def test_criteria_as_a_block_list(check, post_text):
    post, problems = check(post_text(TITLE, DATE, "criteria:", '  - "2.1"', "  - '3.4'"))
    assert problems == []
    assert post.criteria == ("2.1", "3.4")


def test_unknown_criterion_lists_the_known_codes(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "criteria: [9.9]")) == [
        "posts/a.md, dòng 4, khóa 'criteria': lỗi: mã tiêu chí '9.9' không có trong bộ "
        f"tiêu chí; các mã hợp lệ: {CODES}"
    ]


def test_criterion_1_1_is_not_1_10(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, 'criteria: ["1.1"]')) == [
        "posts/a.md, dòng 4, khóa 'criteria': lỗi: mã tiêu chí '1.1' không có trong bộ "
        f"tiêu chí; các mã hợp lệ: {CODES}"
    ]


def test_criteria_item_that_is_a_list_or_a_mapping(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "criteria: {a: 1}")) == [
        'posts/a.md, dòng 4, khóa \'criteria\': lỗi: cần danh sách mã như ["1.10", "3.1"], '
        "nhưng gặp một bảng khóa: giá trị"
    ]
    assert rejected(post_text(TITLE, DATE, "criteria:", "  - [3.1]"), "b.md") == [
        "posts/b.md, dòng 5, khóa 'criteria': lỗi: cần mã tiêu chí như \"3.1\", "
        "nhưng gặp một danh sách"
    ]


# --- Dates ---------------------------------------------------------------------------------


def test_day_first_date_is_local_midnight(check, post_text):
    post, problems = check(post_text(TITLE, "date: 31/12/2024"))
    assert problems == []
    assert post.date == datetime(2024, 12, 31, 0, 0, tzinfo=VN)
    assert post.date.tzinfo is not None
    assert post.date.utcoffset() == timedelta(hours=7)
    assert post.date.isoformat() == "2024-12-31T00:00:00+07:00"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12/3/2024 08:30", datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
        ("2024-03-12T08:30:15+07:00", datetime(2024, 3, 12, 8, 30, 15, tzinfo=VN)),
        ("2024-03-12 08:30", datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
        ("2024-03-12", datetime(2024, 3, 12, tzinfo=VN)),
        ('"12/03/2024 08:30"', datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
    ],
)
def test_date_forms(check, post_text, written, expected):
    post, problems = check(post_text(TITLE, f"date: {written}"))
    assert problems == []
    assert post.date == expected
    assert post.date.utcoffset() is not None


def test_missing_date(rejected, post_text):
    assert rejected(post_text(TITLE)) == [
        "posts/a.md, khóa 'date': lỗi: thiếu ngày đăng (date:), ví dụ date: 2024-03-12 08:30"
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("hôm qua", f"{DATE_FORMS}, nhưng gặp 'hôm qua'"),
        ("31/02/2024", "ngày 31/2/2024 không tồn tại, nhưng gặp '31/02/2024'"),
        ("2024-13-01", "tháng 13 không tồn tại (tháng từ 1 đến 12), nhưng gặp '2024-13-01'"),
        ("2024-03-12 25:00", "giờ 25:00:00 không hợp lệ, nhưng gặp '2024-03-12 25:00'"),
        ("20240312", f"{DATE_FORMS}, nhưng gặp '20240312'"),
    ],
)
def test_date_that_is_not_a_date(rejected, post_text, written, reason):
    assert rejected(post_text(TITLE, f"date: {written}")) == [
        f"posts/a.md, dòng 3, khóa 'date': lỗi: {reason}"
    ]


def test_empty_date_and_list_date(rejected, post_text):
    assert rejected(post_text(TITLE, "date:")) == [
        "posts/a.md, dòng 3, khóa 'date': lỗi: ngày đang để trống; "
        "ví dụ 2024-03-12 08:30 hoặc 12/03/2024"
    ]
    assert rejected(post_text(TITLE, "date: [2024-03-12]"), "b.md") == [
        "posts/b.md, dòng 3, khóa 'date': lỗi: cần một ngày như 2024-03-12 08:30 hoặc "
        "12/03/2024, nhưng gặp một danh sách"
    ]


# --- Keys and values -----------------------------------------------------------------------


def test_misspelt_key_suggests_the_known_one(rejected):
    assert rejected("---\ntittle: Tin mới\ndate: 2024-03-12\n---\nNội dung.\n") == [
        "posts/a.md, khóa 'title': lỗi: thiếu tiêu đề bài (title:)",
        "posts/a.md, dòng 2, khóa 'tittle': lỗi: khóa không được hỗ trợ; "
        f"có phải ý bạn là 'title'? Các khóa hợp lệ: {KEYS}",
    ]


@pytest.mark.parametrize(("written", "suggested"), [("Date", "date"), ("imagealt", "image_alt")])
def test_other_misspellings(rejected, post_text, written, suggested):
    problems = rejected(post_text(TITLE, DATE, f"{written}: x"))
    assert problems == [
        f"posts/a.md, dòng 4, khóa '{written}': lỗi: khóa không được hỗ trợ; "
        f"có phải ý bạn là '{suggested}'? Các khóa hợp lệ: {KEYS}"
    ]


def test_unknown_key_with_nothing_close(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "zalo: nhóm phố")) == [
        f"posts/a.md, dòng 4, khóa 'zalo': lỗi: khóa không được hỗ trợ; Các khóa hợp lệ: {KEYS}"
    ]


def test_key_written_twice(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "title: Tiêu đề khác")) == [
        "posts/a.md, dòng 4, khóa 'title': lỗi: khóa 'title' được viết hai lần; chỉ giữ một"
    ]


def test_front_matter_that_is_a_list(rejected):
    assert rejected("---\n- title\n- date\n---\n") == [
        "posts/a.md, dòng 2: lỗi: phần đầu bài cần các dòng 'khóa: giá trị', "
        "nhưng gặp một danh sách"
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("title: [a, b]", "khóa 'title': lỗi: cần một dòng tiêu đề, nhưng gặp một danh sách"),
        (
            "title: {vi: Tin}",
            "khóa 'title': lỗi: cần một dòng tiêu đề, nhưng gặp một bảng khóa: giá trị",
        ),
        ("title:", "khóa 'title': lỗi: tiêu đề đang để trống"),
        ('title: "   "', "khóa 'title': lỗi: tiêu đề đang để trống"),
    ],
)
def test_title_that_is_not_a_line(rejected, post_text, line, problem):
    assert rejected(post_text(line, DATE)) == [f"posts/a.md, dòng 2, {problem}"]


@pytest.mark.parametrize("key", ["author", "summary", "source"])
def test_list_where_text_belongs(rejected, post_text, key):
    assert rejected(post_text(TITLE, DATE, f"{key}: [a, b]")) == [
        f"posts/a.md, dòng 4, khóa '{key}': lỗi: cần một đoạn chữ, nhưng gặp một danh sách"
    ]


def test_title_of_2000_characters(rejected, post_text):
    assert rejected(post_text("title: " + "Chuyển đổi số " * 143, DATE)) == [
        "posts/a.md, dòng 2, khóa 'title': lỗi: tiêu đề dài 2001 ký tự; tối đa 300 ký tự"
    ]
    assert rejected(post_text("title: " + "a" * 2000, DATE), "b.md") == [
        "posts/b.md, dòng 2, khóa 'title': lỗi: tiêu đề dài 2000 ký tự; tối đa 300 ký tự"
    ]


def test_title_whitespace_is_collapsed(check, post_text):
    post, problems = check(post_text('title: "  Tin   mới\\n hôm nay "', DATE))
    assert problems == []
    assert post.title == "Tin mới hôm nay"


@pytest.mark.parametrize("written", ['"có"', "có", '"true"', "1"])
def test_draft_must_be_true_or_false(rejected, post_text, written):
    found = written.strip('"')
    assert rejected(post_text(TITLE, DATE, f"draft: {written}")) == [
        f"posts/a.md, dòng 4, khóa 'draft': lỗi: cần true hoặc false, nhưng gặp '{found}'"
    ]


def test_draft_true_is_read_but_not_published(check, post_text):
    post, problems = check(post_text(TITLE, DATE, "draft: true"))
    assert problems == []
    assert post.draft is True
    assert not post.is_published(datetime(2030, 1, 1, tzinfo=VN))


def test_scheduled_post_is_published_from_its_date(check, post_text):
    post, _ = check(post_text(TITLE, "date: 2024-03-12 08:30"))
    assert not post.is_published(datetime(2024, 3, 12, 8, 29, tzinfo=VN))
    assert post.is_published(datetime(2024, 3, 12, 1, 30, tzinfo=UTC))


def test_unknown_kind(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "kind: video")) == [
        "posts/a.md, dòng 4, khóa 'kind': lỗi: cần một trong: news (Tin tức), "
        "radio (Chương trình phát thanh), event (Sự kiện); nhưng gặp 'video'"
    ]


@pytest.mark.parametrize("minutes", [0, 181, 500, -5])
def test_duration_out_of_range(rejected, post_text, minutes):
    assert rejected(post_text(TITLE, DATE, "kind: radio", f"duration: {minutes}")) == [
        f"posts/a.md, dòng 5, khóa 'duration': lỗi: cần từ 1 đến 180 phút, nhưng gặp {minutes}"
    ]


@pytest.mark.parametrize("written", ['"15"', "10-15", "12.5", "mười lăm"])
def test_duration_not_a_whole_number(rejected, post_text, written):
    found = written.strip('"')
    assert rejected(post_text(TITLE, DATE, f"duration: {written}")) == [
        f"posts/a.md, dòng 4, khóa 'duration': lỗi: cần số phút (số nguyên), nhưng gặp '{found}'"
    ]


def test_airings_with_a_bad_date(rejected, post_text):
    text = post_text(
        TITLE, DATE, "kind: radio", "airings:", "  - 2024-03-14 17:00", "  - 30/02/2024"
    )
    assert rejected(text) == [
        "posts/a.md, dòng 7, khóa 'airings': lỗi: ngày 30/2/2024 không tồn tại, "
        "nhưng gặp '30/02/2024'"
    ]


def test_airings_not_a_list(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "kind: radio", "airings: thứ Hai")) == [
        "posts/a.md, dòng 5, khóa 'airings': lỗi: cần danh sách giờ phát như "
        "[2024-03-12 06:00, 2024-03-14 17:00], nhưng gặp 'thứ Hai'"
    ]


def test_airings_on_a_news_post_is_a_warning(check, post_text):
    post, problems = check(post_text(TITLE, DATE, "airings: [2024-03-14 17:00]"))
    assert post is not None
    assert problems == [
        "posts/a.md, dòng 4, khóa 'airings': cảnh báo: chỉ bài kind: radio mới có giờ phát "
        "(airings)"
    ]


# --- Slugs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["trang", "tieu-chi", "luu-tru", "tep"])
def test_reserved_slug(rejected, post_text, slug):
    assert rejected(post_text(TITLE, DATE, f"slug: {slug}")) == [
        f"posts/a.md, dòng 4, khóa 'slug': lỗi: địa chỉ '{slug}' dành cho trang của chuyên "
        "mục; hãy chọn slug khác"
    ]


def test_reserved_slug_made_from_the_title(rejected, post_text):
    assert rejected(post_text("title: Tiêu chí", DATE)) == [
        "posts/a.md, khóa 'slug': lỗi: địa chỉ 'tieu-chi' dành cho trang của chuyên mục; "
        "hãy chọn slug khác"
    ]


def test_slug_that_is_not_a_slug(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "slug: Tin Mới")) == [
        "posts/a.md, dòng 4, khóa 'slug': lỗi: cần chữ thường không dấu, số và gạch ngang, "
        "ví dụ tin-moi; nhưng gặp 'Tin Mới'"
    ]


def test_title_without_letters_needs_a_slug(rejected, check, post_text):
    assert rejected(post_text('title: "???"', DATE)) == [
        "posts/a.md, khóa 'slug': lỗi: không tạo được địa chỉ từ tiêu đề; hãy thêm khóa slug:"
    ]
    post, problems = check(post_text('title: "???"', DATE, "slug: hoi-dap"), "b.md")
    assert (post.slug, problems) == ("hoi-dap", [])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Điện thoại thông minh", "Điện thoại thông minh"),
        ("Điện thoại thông minh", "Dien thoai thong minh"),
        ("Điện thoại thông minh", "ĐIỆN THOẠI THÔNG MINH"),
        ("Điện thoại thông minh", "Điện thoại – thông minh!"),
    ],
)
def test_duplicate_slug_names_both_files(write_post, post_text, load, formatted, first, second):
    write_post("2024/a.md", post_text(f"title: {first}", DATE))
    write_post("2024/b.md", post_text(f"title: {second}", "date: 2024-03-13"))
    write_post("2024/c.md", post_text("title: Bài khác", DATE))
    posts, problems = load()
    assert [post.path for post in posts] == ["posts/2024/c.md"]
    assert formatted(problems) == [
        "posts/2024/a.md, khóa 'slug': lỗi: địa chỉ (slug) 'dien-thoai-thong-minh' trùng với "
        "bài posts/2024/b.md",
        "posts/2024/b.md, khóa 'slug': lỗi: địa chỉ (slug) 'dien-thoai-thong-minh' trùng với "
        "bài posts/2024/a.md; hãy đổi tiêu đề hoặc thêm khóa slug: khác cho một trong hai bài",
    ]


def test_explicit_slug_equal_to_another_title_slug(write_post, post_text, load):
    write_post("a.md", post_text("title: Tin mới", DATE))
    write_post("b.md", post_text("title: Khác", DATE, "slug: tin-moi"))
    posts, problems = load()
    assert posts == []
    assert {(p.path, p.key) for p in problems} == {("posts/a.md", "slug"), ("posts/b.md", "slug")}


# --- Images --------------------------------------------------------------------------------


def test_missing_cover_image(rejected, post_text):
    assert rejected(post_text(TITLE, DATE, "image: anh/cao-son.jpg", "image_alt: Ảnh")) == [
        "posts/a.md, dòng 4, khóa 'image': lỗi: không tìm thấy ảnh bìa 'anh/cao-son.jpg' "
        "(đường dẫn tính từ thư mục của bài viết)"
    ]


def test_image_is_relative_to_the_post_folder(check, post_text, write_file):
    write_file("posts/anh.jpg", b"jpeg")
    text = post_text(TITLE, DATE, "image: ../anh.jpg", "image_alt: Ảnh")
    post, problems = check(text, "2024/a.md")
    assert problems == []
    assert post.image == "posts/anh.jpg"


def test_image_without_image_alt(rejected, post_text, write_file):
    write_file("posts/anh.jpg", b"jpeg")
    assert rejected(post_text(TITLE, DATE, "image: anh.jpg")) == [
        "posts/a.md, dòng 4, khóa 'image_alt': lỗi: ảnh bìa cần lời mô tả image_alt cho người "
        "khiếm thị, ví dụ image_alt: Người dân được hướng dẫn cài VNeID"
    ]
    assert rejected(post_text(TITLE, DATE, "image: anh.jpg", "image_alt: "), "b.md") == [
        "posts/b.md, dòng 5, khóa 'image_alt': lỗi: ảnh bìa cần lời mô tả image_alt cho người "
        "khiếm thị, ví dụ image_alt: Người dân được hướng dẫn cài VNeID"
    ]


@pytest.mark.parametrize("written", ["../../etc/passwd", "/etc/passwd", "../mkdocs.yml"])
def test_image_leaving_the_posts_folder(rejected, post_text, write_file, written):
    write_file("mkdocs.yml", "site_name: X\n")
    assert rejected(post_text(TITLE, DATE, f"image: {written}", "image_alt: x")) == [
        "posts/a.md, dòng 4, khóa 'image': lỗi: ảnh phải nằm trong thư mục posts/ "
        f"(cạnh bài viết), nhưng gặp '{written}'"
    ]


def test_image_alt_without_image_is_a_warning(check, post_text):
    post, problems = check(post_text(TITLE, DATE, "image_alt: Ảnh"))
    assert post is not None and post.image_alt == ""
    assert problems == [
        "posts/a.md, dòng 4, khóa 'image_alt': cảnh báo: có image_alt nhưng không có image"
    ]


# --- The file itself -----------------------------------------------------------------------


def test_windows_1258_file(rejected, encode_cp1258):
    text = "---\ntitle: Thông báo lịch tập huấn\ndate: 2024-03-12\n---\nNội dung.\n"
    assert rejected(encode_cp1258(text)) == [
        "posts/a.md, dòng 2: lỗi: tệp không phải mã UTF-8 (gặp byte 0xf4); có thể tệp được "
        "lưu bằng Windows-1258 hoặc TCVN3. Hãy mở lại và lưu bằng mã UTF-8"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_with_or_without_byte_order_mark(rejected, post_text, encoding):
    data = post_text("title: Tin mới", DATE).encode(encoding)
    assert rejected(data) == ["posts/a.md: lỗi: tệp lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8"]


def test_utf8_bom_and_crlf_are_accepted(check):
    text = "\ufeff---\r\ntitle: Tin mới\r\ndate: 31/12/2024\r\n---\r\nDòng một.\r\n\r\nHai.\r\n"
    post, problems = check(text)
    assert problems == []
    assert post.title == "Tin mới"
    assert post.date == datetime(2024, 12, 31, tzinfo=VN)
    assert post.body == "Dòng một.\n\nHai.\n"
    assert post.body_line == 5


def test_nfd_text_comes_out_nfc(check, post_text):
    text = post_text("title: Điện thoại thông minh", DATE, body="Hướng dẫn.\n")
    text = unicodedata.normalize("NFD", text)
    assert text != unicodedata.normalize("NFC", text)
    post, problems = check(text)
    assert problems == []
    assert post.title == "Điện thoại thông minh"
    assert unicodedata.is_normalized("NFC", post.title)
    assert post.body == "Hướng dẫn.\n"
    assert post.slug == "dien-thoai-thong-minh"


def test_broken_yaml_is_reported_at_its_file_line(rejected, post_text):
    text = post_text(TITLE, DATE, "summary: Hội nghị: tập huấn")
    assert rejected(text) == [
        "posts/a.md, dòng 4: lỗi: cú pháp YAML sai (mapping values are not allowed in this "
        "context); kiểm tra dấu hai chấm, dấu nháy và ngoặc ở dòng này"
    ]


@pytest.mark.parametrize(
    "line", ['author: "Nguyễn Văn A', "criteria: [3.1, 3.4", "author: 'Nguyễn Văn A"]
)
def test_unclosed_quote_or_bracket_is_reported_where_it_opened(rejected, post_text, line):
    problems = rejected(post_text(TITLE, line, DATE, "kind: news"))
    assert len(problems) == 1
    assert problems[0].startswith("posts/a.md, dòng 3: lỗi: cú pháp YAML sai (while ")


def test_tab_in_front_matter(rejected, post_text):
    assert rejected(post_text(TITLE, "\tdate: 2024-03-12")) == [
        "posts/a.md, dòng 3: lỗi: có ký tự Tab; YAML chỉ chấp nhận dấu cách để thụt lề"
    ]


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
def test_empty_file(rejected, content):
    assert rejected(content) == [
        "posts/a.md: lỗi: tệp trống; một bài cần phần đầu (---) và nội dung"
    ]


@pytest.mark.parametrize("content", ["title: Tin\ndate: 2024-03-12\n", "\n---\ntitle: Tin\n---\n"])
def test_no_front_matter(rejected, content):
    assert rejected(content) == [
        "posts/a.md, dòng 1: lỗi: thiếu phần đầu bài: dòng đầu tiên phải là --- rồi đến "
        "title:, date:, và đóng lại bằng ---"
    ]


def test_unclosed_front_matter(rejected):
    assert rejected("---\ntitle: Tin\ndate: 2024-03-12\n\nNội dung.\n") == [
        "posts/a.md, dòng 1: lỗi: phần đầu bài mở bằng --- ở dòng 1 nhưng không có dòng --- "
        "đóng lại"
    ]


@pytest.mark.parametrize(("char", "code"), [("\x00", "0x00"), ("\x01", "0x01"), ("\x1b", "0x1b")])
def test_control_characters(rejected, post_text, char, code):
    assert rejected(post_text(TITLE, DATE, body=f"Đoạn một.\nCó ký tự{char} lạ.\n")) == [
        f"posts/a.md, dòng 6: lỗi: có ký tự điều khiển không in được (mã {code}); hãy xóa nó"
    ]


def test_file_too_large(rejected, post_text):
    text = post_text(TITLE, DATE, body="a" * MAX_POST_BYTES)
    assert rejected(text) == [
        "posts/a.md: lỗi: bài quá lớn (5.0 MB); tối đa 5 MB. Ảnh và tệp đính kèm để thành tệp riêng"
    ]


def test_body_line_counts_the_fences(check):
    post, _ = check("---\ntitle: Tin\n\ndate: 2024-03-12\n...\nNội dung.\n")
    assert post.body == "Nội dung.\n"
    assert post.body_line == 6


# --- Excerpts ------------------------------------------------------------------------------


def test_explicit_summary_more_marker_and_first_paragraph(check, post_text):
    body = "# Tiêu đề phụ\n\n![ảnh](anh.jpg)\n\nĐoạn đầu.\n\nĐoạn hai.\n"
    post, _ = check(post_text(TITLE, DATE, "summary: Tóm tắt   riêng.", body=body))
    assert post.summary == "Tóm tắt riêng."
    assert post.excerpt == "Đoạn đầu."

    body = "Đoạn đầu.\n\nĐoạn hai.\n\n<!-- more -->\n\nPhần còn lại.\n"
    post, _ = check(post_text(TITLE, DATE, body=body), "b.md")
    assert post.summary == ""
    assert post.excerpt == "Đoạn đầu.\n\nĐoạn hai."

    body = "<!-- ghi chú -->\n\nĐoạn đầu.\nvẫn đầu.\n\nHai.\n"
    post, _ = check(post_text(TITLE, DATE, body=body), "c.md")
    assert post.excerpt == "Đoạn đầu.\nvẫn đầu."


def test_first_paragraph_of_a_body_without_prose():
    assert first_paragraph("# Chỉ có tiêu đề\n\n![ảnh](a.jpg)\n") == ""


# --- Loading the whole folder --------------------------------------------------------------


def test_posts_sorted_newest_first_with_a_stable_tie_break(write_post, post_text, load):
    write_post("2024/c.md", post_text("title: Cũ", "date: 2024-01-02"))
    # Equal times: by slug, whatever the file names (the tie-break must not be the path).
    write_post("2024/a.md", post_text("title: Bằng giờ B", "date: 2024-03-12 08:30"))
    write_post("2024/z.md", post_text("title: Bằng giờ A", "date: 12/03/2024 08:30"))
    write_post("2023/m.md", post_text("title: Mới nhất", "date: 2024-03-12T02:00:00Z"))
    posts, problems = load()
    assert problems == []
    assert [post.slug for post in posts] == ["moi-nhat", "bang-gio-a", "bang-gio-b", "cu"]


def test_every_problem_of_every_post_is_collected(write_post, post_text, load, formatted):
    write_post("tot.md", post_text(TITLE, DATE))
    write_post("1.md", post_text("title: Một", "date: hôm qua"))
    write_post("2.md", post_text("title: Hai", DATE, "kind: video", "criteria: [9.9]"))
    write_post("3.md", "")
    posts, problems = load()
    assert [post.path for post in posts] == ["posts/tot.md"]
    assert [(line.split(",")[0].split(":")[0]) for line in formatted(problems)] == [
        "posts/1.md",
        "posts/2.md",
        "posts/2.md",
        "posts/3.md",
    ]
    assert all(problem.severity is Severity.ERROR for problem in problems)


def test_only_markdown_files_are_posts(write_post, write_file, config, project_root):
    write_post("b.md", "x")
    write_post("a.markdown", "x")
    write_post("2024/c.md", "x")
    write_post("ghi-chu.txt", "x")
    write_post(".nhap.md", "x")
    write_post(".git/d.md", "x")
    write_post("anh/e.jpg", b"jpeg")
    files, problems = find_post_files(config)
    assert problems == []
    assert [f.relative_to(project_root).as_posix() for f in files] == [
        "posts/a.markdown",
        "posts/b.md",
        "posts/2024/c.md",
    ]


def test_load_posts_in_another_posts_dir(write_file, post_text, make_config, catalog):
    (make_config().root / "bai-viet").mkdir()
    write_file("bai-viet/a.md", post_text(TITLE, DATE))
    posts, problems = load_posts(make_config(posts_dir="bai-viet"), catalog)
    assert problems == []
    assert [post.path for post in posts] == ["bai-viet/a.md"]


def test_load_posts_takes_the_files_a_read_ahead_found(write_post, post_text, make_config, catalog):
    write_post("a.md", post_text(TITLE, DATE))
    write_post("b.md.txt", post_text("title: B", DATE))  # misnamed: refused, reported once
    config = make_config()
    found = find_post_files(config)
    assert [f.name for f in found[0]] == ["a.md"] and len(found[1]) == 1
    write_post("c.md", post_text("title: C", DATE))  # after the walk: not in ``found``
    posts, problems = load_posts(config, catalog, found=found)
    assert [post.path for post in posts] == ["posts/a.md"]
    assert [problem.path for problem in problems] == ["posts/b.md.txt"]
    assert len(found[1]) == 1  # the read-ahead's list is not added to
    walked, _ = load_posts(config, catalog)  # without: the folder is walked here
    assert sorted(post.path for post in walked) == ["posts/a.md", "posts/c.md"]


def test_load_posts_takes_what_a_read_ahead_read(write_post, post_text, make_config, catalog):
    a = write_post("a.md", post_text(TITLE, DATE))
    write_post("b.md", post_text("title: [", DATE))  # unreadable front matter
    config = make_config()
    found = find_post_files(config)
    read = [read_post(file, config, catalog) for file in found[0]]
    a.write_text(post_text("title: Đã sửa sau khi đọc", DATE), "utf-8")  # not read again
    posts, problems = load_posts(config, catalog, found=found, read=read)
    assert [post.title for post in posts] == [read[0][0].title] != ["Đã sửa sau khi đọc"]
    assert [problem.path for problem in problems] == ["posts/b.md"]  # reported as read
    with pytest.raises(ValueError):
        load_posts(config, catalog, found=found, read=read[:1])


def test_read_cache_reads_a_changed_file_again_and_stays_bounded(
    write_post, post_text, make_config, catalog
):
    config = make_config()
    cache = ReadCache(size=1)
    file = write_post("a.md", post_text(TITLE, DATE))
    first, _ = read_post(file, config, catalog, cache=cache)
    again, _ = read_post(file, config, catalog, cache=cache)
    assert again is first and len(cache) == 1
    file.write_text(post_text("title: Tin khác", DATE), "utf-8")
    changed, _ = read_post(file, config, catalog, cache=cache)
    assert changed.title == "Tin khác" and len(cache) == 1
    uncached, _ = read_post(file, config, catalog)
    assert uncached == changed and uncached is not changed



@pytest.fixture
def counted_reads(monkeypatch):
    """How many times read_post read a file's bytes."""
    import wardnews.content.posts as posts_module

    reads = []
    real = posts_module.read_bytes

    def counting(file, shown, status=None):
        reads.append(shown)
        return real(file, shown, status)

    monkeypatch.setattr(posts_module, "read_bytes", counting)
    return reads


def _same_size_edit(file, old, new):
    """Rewrite ``file`` with a text of the same size and put its modification time back, as an
    editor that keeps times (or ``cp -p``) would: only the change time tells."""
    status = file.stat()
    text = file.read_text("utf-8").replace(old, new)
    file.write_text(text, "utf-8")
    os.utime(file, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert file.stat().st_size == status.st_size and file.stat().st_mtime_ns == status.st_mtime_ns


def test_read_cache_does_not_read_a_file_whose_status_is_unchanged(
    write_post, post_text, make_config, catalog, counted_reads
):
    config = make_config()
    cache = ReadCache(racy_ns=0)  # a file written before its read is trusted at once
    file = write_post("a.md", post_text(TITLE, DATE))
    first, _ = read_post(file, config, catalog, cache=cache)
    again, _ = read_post(file, config, catalog, cache=cache)
    assert again is first and counted_reads == ["posts/a.md"]
    _same_size_edit(file, "Ra mắt", "Ra mặt")
    changed, _ = read_post(file, config, catalog, cache=cache)
    assert changed.title == "Ra mặt Tổ công nghệ số" and len(counted_reads) == 2
    assert read_post(file, config, catalog, cache=cache)[0] is changed and len(counted_reads) == 2
    # Another reading context (here, the catalog) reads the file again.
    other = replace(catalog, criteria=catalog.criteria[:-1])
    read_post(file, config, other, cache=cache)
    assert len(counted_reads) == 3
    # A file replaced by another (an editor's safe save) is read again; same bytes, same post.
    copy = file.with_suffix(".tmp")
    copy.write_bytes(file.read_bytes())
    os.replace(copy, file)
    assert read_post(file, config, catalog, cache=cache)[0] is changed
    assert len(counted_reads) == 4


def test_read_cache_reads_again_a_file_written_just_before_it_was_read(
    write_post, post_text, make_config, catalog, counted_reads
):
    # A second write in the same tick of the file system's clock leaves the same status: a file
    # written less than ReadCache.racy_ns before its read is not trusted by its status.
    config = make_config()
    cache = ReadCache()
    file = write_post("a.md", post_text(TITLE, DATE))
    first, _ = read_post(file, config, catalog, cache=cache)
    assert read_post(file, config, catalog, cache=cache)[0] is first
    assert len(counted_reads) == 2  # read again, found unchanged by its bytes
    _same_size_edit(file, "Ra mắt", "Ra mặt")
    assert read_post(file, config, catalog, cache=cache)[0].title == "Ra mặt Tổ công nghệ số"


# --- Safe by default: what a feed cannot hold, what a portal merges, what costs hours ---------

CONTROL_REFERENCE = (
    "có tham chiếu ký tự {} chỉ tới một ký tự điều khiển hoặc không hợp lệ (RSS và Atom không "
    "chứa được); hãy xóa nó"
)


@pytest.mark.parametrize(
    "reference",
    ["&#1;", "&#x1;", "&#X1B;", "&#0;", "&#00000001;", "&#x7f;", "&#133;", "&#xD800;",
     "&#x110000;", "&#99999999999999999999;", "&#1"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("where", "line"),
    [("title", 2), ("summary", 4), ("author", 4), ("source", 4), ("body", 6)],
)
def test_control_character_references(rejected, post_text, reference, where, line):
    keys = [TITLE, DATE]
    body = "Đoạn một.\n"
    if where == "title":
        keys[0] = f"title: Tin {reference} lạ"
    elif where == "body":
        body += f"Có ký tự {reference} lạ.\n"
    else:
        keys.append(f'{where}: "Chữ {reference}"')
    assert rejected(post_text(*keys, body=body)) == [
        f"posts/a.md, dòng {line}: lỗi: " + CONTROL_REFERENCE.format(shorten(reference))
    ]


@pytest.mark.parametrize(
    "reference", ["&#9;", "&#10;", "&#13;", "&#x20;", "&#160;", "&#x1EA1;", "&amp;#1;", "&#;"]
)
def test_printable_character_references_pass(check, post_text, reference):
    post, problems = check(post_text(TITLE, DATE, body=f"Chữ {reference} thường.\n"))
    assert post is not None, problems


@pytest.mark.parametrize(("char", "code"), [("\x7f", "0x7f"), ("\x80", "0x80"), ("\x9f", "0x9f")])
def test_delete_and_c1_control_characters(rejected, post_text, char, code):
    assert rejected(post_text(TITLE, f'summary: "Tóm{char}tắt"', DATE)) == [
        f"posts/a.md, dòng 3: lỗi: có ký tự điều khiển không in được (mã {code}); hãy xóa nó"
    ]


def test_summary_length_limit(check, rejected, post_text):
    post, problems = check(post_text(TITLE, DATE, "summary: " + "ạ" * MAX_SUMMARY_CHARS))
    assert post is not None and len(post.summary) == MAX_SUMMARY_CHARS, problems
    too_long = "Tóm tắt " * 100
    assert rejected(post_text(TITLE, DATE, "summary: " + too_long)) == [
        f"posts/a.md, dòng 4, khóa 'summary': lỗi: cần tóm tắt tối đa {MAX_SUMMARY_CHARS} ký tự, "
        f"nhưng gặp {len(too_long.strip())} ký tự; phần dài hơn hãy để trong nội dung bài"
    ]


def test_pathological_markdown_names_the_line(rejected, post_text):
    body = "Đoạn đầu.\n\n" + "[" * 10_000 + "\n"
    problems = rejected(post_text(TITLE, DATE, body=body))
    assert len(problems) == 1
    assert problems[0].startswith(
        "posts/a.md, dòng 7: lỗi: đoạn văn từ dòng này có quá nhiều dấu [ (mở liên kết)"
    )


def test_deep_nesting_names_the_line(rejected, post_text):
    problems = rejected(post_text(TITLE, DATE, body="Mở đầu.\n" + "- " * 1_000 + "x\n"))
    assert problems == [
        "posts/a.md, dòng 6: lỗi: dòng lồng hơn 32 tầng (trích dẫn >, danh sách -, 1. hoặc thụt "
        "lề 4 dấu cách); hãy bớt tầng lồng hoặc bớt khoảng trắng đầu dòng"
    ]


ID_TAKEN = (
    "{path}, khóa 'id': lỗi: cần một id: riêng của bài này, nhưng gặp {id} trùng với {whose} "
    "{other}; cổng thông tin gộp các bài cùng mã nên một bài sẽ thay bài kia. Hãy đổi id: (ví dụ "
    "theo tên tệp hiện tại của bài)"
)


@pytest.mark.parametrize("written", ["urn:uuid:1b4e28ba", "2024/cu.md", "posts/2024/cu.md/"])
def test_the_same_id_in_two_posts(write_post, post_text, load, formatted, written):
    write_post("2024/a.md", post_text(TITLE, DATE, f"id: {written}"))
    write_post("2024/b.md", post_text("title: Khác", DATE, f"id: {written}"))
    write_post("2024/c.md", post_text("title: Thứ ba", DATE))
    _, problems = load()
    whose = "id: của bài"
    assert formatted(problems) == [
        ID_TAKEN.format(
            path="posts/2024/a.md", id=shorten(written), whose=whose, other="posts/2024/b.md"
        ),
        ID_TAKEN.format(
            path="posts/2024/b.md", id=shorten(written), whose=whose, other="posts/2024/a.md"
        ),
    ]


@pytest.mark.parametrize("written", ["2024/b.md", "posts/2024/b.md", "/2024/b.md"])
def test_an_id_equal_to_another_posts_file(write_post, post_text, load, formatted, written):
    write_post("2024/a.md", post_text(TITLE, DATE, f"id: {written}"))
    write_post("2024/b.md", post_text("title: Khác", DATE))
    _, problems = load()
    assert formatted(problems) == [
        ID_TAKEN.format(
            path="posts/2024/a.md",
            id=shorten(written),
            whose="mã mặc định (theo đường dẫn tệp) của bài",
            other="posts/2024/b.md",
        )
    ]


def test_an_id_equal_to_its_own_file_and_distinct_ids_pass(write_post, post_text, load):
    write_post("2024/a.md", post_text(TITLE, DATE, "id: 2024/a.md"))
    write_post("2024/b.md", post_text("title: Khác", DATE, "id: urn:uuid:2"))
    write_post("2024/c.md", post_text("title: Ba", DATE, "id: 2024/cu.md"))
    posts, problems = load()
    assert (len(posts), problems) == (3, [])
