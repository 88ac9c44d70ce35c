import pytest

from wardnews.problems import (
    Problem,
    Severity,
    WardnewsError,
    errors_only,
    format_problems,
    shorten,
)


def test_format_names_file_line_and_key():
    problem = Problem("posts/a.md", 3, "date", "thiếu ngày")
    assert problem.format() == "posts/a.md, dòng 3, khóa 'date': lỗi: thiếu ngày"


def test_format_without_line_or_key():
    assert Problem("posts/a.md", None, None, "tệp trống").format() == "posts/a.md: lỗi: tệp trống"
    assert (
        Problem("posts/a.md", None, "title", "thiếu tiêu đề").format()
        == "posts/a.md, khóa 'title': lỗi: thiếu tiêu đề"
    )


def test_warning_is_not_an_error():
    warning = Problem("posts/a.md", 2, "image_alt", "thừa", Severity.WARNING)
    assert warning.format() == "posts/a.md, dòng 2, khóa 'image_alt': cảnh báo: thừa"
    assert not warning.is_error
    assert Problem("posts/a.md", 2, None, "x").is_error


def test_format_problems_sorts_by_file_then_line_and_counts():
    problems = [
        Problem("posts/b.md", None, None, "tệp trống"),
        Problem("posts/a.md", 10, "date", "sai ngày"),
        Problem("posts/a.md", 2, "title", "thiếu", Severity.WARNING),
    ]
    assert format_problems(problems) == "\n".join(
        [
            "posts/a.md, dòng 2, khóa 'title': cảnh báo: thiếu",
            "posts/a.md, dòng 10, khóa 'date': lỗi: sai ngày",
            "posts/b.md: lỗi: tệp trống",
            "Tổng cộng: 2 lỗi, 1 cảnh báo.",
        ]
    )


def test_wardnews_error_carries_every_problem_sorted():
    problems = [Problem("posts/b.md", 1, None, "b"), Problem("posts/a.md", None, None, "a")]
    with pytest.raises(WardnewsError, match=r"^posts/a\.md: lỗi: a\nposts/b\.md, dòng 1: lỗi: b\n"):
        raise WardnewsError(problems)
    assert [p.path for p in WardnewsError(problems).problems] == ["posts/a.md", "posts/b.md"]


def test_errors_only_drops_warnings():
    error = Problem("a.md", 1, None, "x")
    warning = Problem("a.md", 1, None, "y", Severity.WARNING)
    assert errors_only([warning, error]) == [error]


def test_shorten_quotes_and_cuts_long_values():
    assert shorten("hôm qua") == "'hôm qua'"
    long = shorten("a" * 2000)
    assert long == "'" + "a" * 59 + "…'"


def test_shorten_shows_control_characters_escaped():
    assert shorten("a\x01b\nc") == "'a\\x01b\\x0ac'"
