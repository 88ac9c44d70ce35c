"""extra.wardnews.sources: a district's wards, validated at the door with every problem at once."""

from __future__ import annotations

from pathlib import Path

from support import MINIMAL_SECTION

from wardnews.content.config import parse_unit_config, read_project_config
from wardnews.content.sources import Source

GOOD = {"name": "Ngọc Trạo", "level": "phường", "feed": "https://ngoctrao.vn/tin-tuc/feed.json"}


def _problems(project_root: Path, sources) -> list[str]:
    config, problems = parse_unit_config({**MINIMAL_SECTION, "sources": sources}, project_root)
    return [f"{p.key}: {p.message}" for p in problems]


def test_valid_sources_become_values(make_config):
    config = make_config(sources=[GOOD, {**GOOD, "name": "Đông Sơn", "feed": "http://ds.vn/rss.xml",
                                         "level": "Xã", "preset": "tan-son"}])  # fmt: skip
    assert config.sources == (
        Source("Ngọc Trạo", "phường", GOOD["feed"], "ngoc-trao"),
        Source("Đông Sơn", "xã", "http://ds.vn/rss.xml", "dong-son", "tan-son"),
    )
    assert config.sources[1].title == "Xã Đông Sơn"


def test_every_problem_of_every_source_is_reported(project_root):
    found = _problems(
        project_root,
        [
            GOOD,
            {**GOOD, "feed": "https://other.vn/rss.xml"},  # the same name
            {"name": "Lê Lợi", "level": "huyện", "feed": "javascript:alert(1)", "preset": "x"},
            {"name": "Hà", "level": "xã", "feed": GOOD["feed"]},  # the same feed
            {"name": "Trang", "level": "xã", "feed": "https://t.vn/rss"},  # a reserved address
            {"name": "Tân", "level": "xã", "feed": "https://t.vn/a", "rss": "x"},
            {"level": "xã"},
            {"name": "Ngoc Trao", "level": "xã", "feed": "https://n.vn/rss"},
            "Ngọc Trạo",
        ],
    )
    assert found == [
        "extra.wardnews.sources[1].name: tên trùng với nguồn tin thứ 1 (sources[0])",
        "extra.wardnews.sources[2].level: cần một trong: phường, xã, thị trấn; nhưng gặp 'huyện'",
        "extra.wardnews.sources[2].feed: cần địa chỉ nguồn tin bắt đầu bằng https:// (hoặc "
        "http://) rồi đến tên miền, nhưng gặp 'javascript:alert(1)'",
        "extra.wardnews.sources[2].preset: cần một trong: ngoc-trao, le-loi, thanh-hoa, tan-son, "
        "tam-ky; nhưng gặp 'x'",
        "extra.wardnews.sources[3].feed: địa chỉ nguồn tin trùng với nguồn tin thứ 1 (sources[0])",
        "extra.wardnews.sources[4].name: tên 'Trang' trùng địa chỉ dành riêng 'trang'; hãy đổi",
        "extra.wardnews.sources[5].rss: khóa không được hỗ trợ; Các khóa hợp lệ: name, level, "
        "feed, preset",
        "extra.wardnews.sources[6].name: thiếu khóa bắt buộc (tên phường, xã, ví dụ 'Ngọc Trạo')",
        "extra.wardnews.sources[6].feed: thiếu khóa bắt buộc (địa chỉ RSS, Atom hoặc JSON Feed, "
        "bắt đầu bằng https://)",
        "extra.wardnews.sources[7].name: địa chỉ 'ngoc-trao' (tên bỏ dấu) trùng với nguồn tin "
        "thứ 1 (sources[0])",
        "extra.wardnews.sources[8]: cần một bảng khóa name, level, feed, nhưng gặp 'Ngọc Trạo'",
    ]


def test_sources_must_be_a_list(project_root):
    assert _problems(project_root, {"a": 1}) == [
        "extra.wardnews.sources: cần một danh sách (nguồn tin của các phường, xã (name, level, "
        "feed, preset)), nhưng gặp '{'a': 1}'"
    ]


def test_problems_carry_the_line_in_mkdocs_yml(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nextra:\n  wardnews:\n    unit_name: Thọ Xuân\n    unit_level: huyện\n"
        "    sources:\n      - name: A\n        level: xã\n        feed: https://a.vn/rss\n"
        "      - name: B\n        level: xa\n        feed: ftp://b.vn/rss\n",
        "utf-8",
    )
    try:
        read_project_config(tmp_path / "mkdocs.yml")
    except Exception as exc:  # noqa: BLE001 - WardnewsError, whose problems we read
        lines = sorted((p.line, p.key) for p in exc.problems)
    assert lines == [
        (11, "extra.wardnews.sources[1].level"),
        (12, "extra.wardnews.sources[1].feed"),
    ]
