"""The site plan: which pages exist, at which URLs, with what, computed without MkDocs."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from wardnews.content.catalog import load_catalog
from wardnews.content.config import UnitConfig
from wardnews.content.posts import Post
from wardnews.content.text import relative_url
from wardnews.site.plan import plan_site

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 3, 15, 12, 0, tzinfo=TZ)


@pytest.fixture
def config(tmp_path) -> UnitConfig:
    (tmp_path / "posts").mkdir()
    return UnitConfig(root=tmp_path, unit_name="Ngọc Trạo", unit_level="phường", page_size=2)


@pytest.fixture
def catalog():
    catalog, problems = load_catalog(None, "mặc định")
    assert catalog is not None and not problems
    return catalog


def make_post(slug: str, day: int, **fields) -> Post:
    defaults = dict(
        path=f"posts/2024/{slug}.md",
        title=fields.pop("title", slug.replace("-", " ").capitalize()),
        date=datetime(2024, 3, day, 8, 30, tzinfo=TZ),
        slug=slug,
        body="Đoạn đầu của bài.\n\nĐoạn thứ hai.\n",
        body_line=5,
        author="Lê Văn Hùng",
    )
    defaults.update(fields)
    return Post(**defaults)


def full(page) -> str:
    """What a reader gets: the page's meta and Markdown plus the HTML the core made."""
    return page.markdown + page.content("")


def pages_by_url(plan):
    return {page.url: page for page in plan.pages}


def test_drafts_and_future_posts_are_left_out_with_a_reason(config, catalog):
    posts = [
        make_post("tuong-lai", 20),
        make_post("ban-nhap", 10, draft=True),
        make_post("da-dang", 5),
    ]
    plan = plan_site(config, catalog, posts, NOW)
    urls = pages_by_url(plan)
    assert "tin-tuc/da-dang/" in urls
    assert "tin-tuc/tuong-lai/" not in urls and "tin-tuc/ban-nhap/" not in urls
    assert {(left.post.slug, left.reason.split(" ")[0]) for left in plan.left_out} == {
        ("tuong-lai", "hẹn"),
        ("ban-nhap", "bản"),
    }
    assert [p.slug for p in plan.published] == ["da-dang"]
    assert "ban-nhap" not in full(urls["tin-tuc/"])


def test_preview_shows_drafts_and_scheduled_posts_with_a_mark(config, catalog):
    posts = [make_post("tuong-lai", 20), make_post("ban-nhap", 10, draft=True)]
    plan = plan_site(config, catalog, posts, NOW, preview=True)
    urls = pages_by_url(plan)
    assert "Bản nháp: chỉ hiện khi xem thử" in full(urls["tin-tuc/ban-nhap/"])
    assert "Hẹn giờ đăng: sẽ xuất bản lúc Thứ Tư, 20/03/2024 08:30" in full(
        urls["tin-tuc/tuong-lai/"]
    )


def test_index_is_paginated_newest_first(config, catalog):
    posts = [make_post(f"bai-{day}", day) for day in (5, 4, 3, 2, 1)]
    plan = plan_site(config, catalog, posts, NOW)
    urls = pages_by_url(plan)
    assert [u for u in urls if u.startswith("tin-tuc/trang/")] == [
        "tin-tuc/trang/2/",
        "tin-tuc/trang/3/",
    ]
    first = full(urls["tin-tuc/"])
    assert first.index("bai-5/") < first.index("bai-4/")
    assert "bai-3" not in first
    assert 'rel="next" href="trang/2/"' in first
    assert 'rel="prev" href="../../"' in full(urls["tin-tuc/trang/2/"])


def test_criterion_pages_list_their_posts(config, catalog):
    posts = [
        make_post("b", 6, criteria=("1.10", "3.2")),
        make_post("a", 5, criteria=("1.10",)),
        make_post("c", 4),
    ]
    plan = plan_site(config, catalog, posts, NOW)
    urls = pages_by_url(plan)
    page = full(urls["tin-tuc/tieu-chi/1-10/"])
    # links of list items go up to the site root: 'tin-tuc/tieu-chi/1-10/' is three levels deep
    assert page.index('href="../../../tin-tuc/b/"') < page.index('href="../../../tin-tuc/a/"')
    assert "tin-tuc/c/" not in page
    assert "Chưa có bài nào" in full(urls["tin-tuc/tieu-chi/2-1/"])
    overview = full(urls["tin-tuc/tieu-chi/"])
    assert "<td>1.10</td>" not in overview  # codes are links
    assert '<a href="1-10/">1.10</a>' in overview


def test_archive_groups_by_local_month(config, catalog):
    # 01/04 00:30 in Hà Nội is 31/03 17:30 UTC: grouping by month must use local time.
    posts = [
        make_post("thang-4", 1, date=datetime(2024, 4, 1, 0, 30, tzinfo=TZ)),
        make_post("thang-3", 1, date=datetime(2024, 3, 31, 23, 30, tzinfo=TZ)),
    ]
    plan = plan_site(config, catalog, posts, datetime(2024, 5, 1, tzinfo=TZ))
    urls = pages_by_url(plan)
    assert "thang-4" in full(urls["tin-tuc/luu-tru/2024/04/"])
    assert "thang-4" not in full(urls["tin-tuc/luu-tru/2024/03/"])


def test_summary_prefers_front_matter_then_more_marker_then_first_paragraph(config, catalog):
    posts = [
        make_post("co-tom-tat", 3, summary="Tóm tắt riêng."),
        make_post("co-more", 2, body="Phần **mở đầu**.\n<!-- more -->\nPhần sau.\n"),
        make_post("doan-dau", 1, body="## Tiêu đề nhỏ\n\nĐoạn đầu tiên.\n\nĐoạn hai.\n"),
    ]
    index = full(pages_by_url(plan_site(config, catalog, posts, NOW))["tin-tuc/"])
    assert "Tóm tắt riêng." in index
    assert "Phần mở đầu." in index and "Phần sau" not in index
    # page size 2: the third post is on page 2
    page2 = full(pages_by_url(plan_site(config, catalog, posts, NOW))["tin-tuc/trang/2/"])
    assert "Đoạn đầu tiên." in page2 and "Đoạn hai" not in page2


def test_post_header_escapes_editor_text(config, catalog):
    post = make_post("thoat", 3, title='A < B & "C"', author="<b>Lan</b>", source="Báo & Đài")
    page = full(pages_by_url(plan_site(config, catalog, [post], NOW))["tin-tuc/thoat/"])
    assert "<h1>A &lt; B &amp; &quot;C&quot;</h1>" in page
    assert "&lt;b&gt;Lan&lt;/b&gt;" in page
    assert "Nguồn: Báo &amp; Đài" in page
    assert 'title: "A &lt; B &amp; &quot;C&quot;"' in page


def test_same_input_gives_the_same_plan(config, catalog):
    posts = [make_post("a", 2, criteria=("3.1",)), make_post("b", 2)]
    first = plan_site(config, catalog, posts, NOW)
    second = plan_site(config, catalog, list(reversed(posts)), NOW)
    again = plan_site(config, catalog, posts, NOW)
    assert [p.markdown for p in first.pages] != [] and first.pages == again.pages
    assert [p.body for p in first.pages] == [p.body for p in again.pages]
    assert {p.url for p in first.pages} == {p.url for p in second.pages}


@pytest.mark.parametrize("preview", [False, True], ids=["build", "serve"])
def test_the_caller_s_work_meanwhile_runs_once_and_leaves_the_same_plan(config, catalog, preview):
    """plan_site's ``meanwhile`` (the build checks the cadence there) runs once, in this process,
    while the workers start on the post pages; the lists it plans meanwhile are the same."""
    posts = [
        make_post(f"bai-{n}", 1 + n % 14, criteria=("3.1",) if n % 3 else ()) for n in range(9)
    ]
    ran: list[int] = []
    plan = plan_site(
        config, catalog, posts, NOW, preview=preview, meanwhile=lambda: ran.append(os.getpid())
    )
    assert ran == [os.getpid()]
    alone = plan_site(config, catalog, posts, NOW, preview=preview)
    assert plan.pages == alone.pages
    assert [p.body for p in plan.pages] == [p.body for p in alone.pages]
    urls = [p.url for p in plan.pages]
    assert "tin-tuc/tieu-chi/" in urls and "tin-tuc/luu-tru/" in urls and "tin-tuc/trang/2/" in urls


def test_a_section_without_a_published_post_still_has_its_lists(config, catalog):
    """The lists are planned at the start of the post round: with no post to render, it still
    starts (an empty index says so), and the caller's work meanwhile still runs."""
    ran: list[int] = []
    plan = plan_site(
        config, catalog, [make_post("nhap", 2, draft=True)], NOW, meanwhile=lambda: ran.append(1)
    )
    urls = [page.url for page in plan.pages]
    assert ran == [1]
    assert {"tin-tuc/", "tin-tuc/tieu-chi/", "tin-tuc/luu-tru/"} <= set(urls)
    index = pages_by_url(plan)["tin-tuc/"]
    assert "Chưa có bài nào" in index.content("")


def test_a_large_archive_holds_its_pages_compressed_with_the_same_content(
    config, catalog, monkeypatch
):
    import wardnews.site.plan as plan_module

    posts = [make_post(f"bai-{n}", 1 + n % 27, criteria=("3.1",)) for n in range(12)]
    plain = plan_site(config, catalog, posts, NOW)
    assert all(page.packed is None for page in plain.pages)
    monkeypatch.setattr(plan_module, "PLAIN_PAGES", 5)  # fewer than the posts: compressed
    packed = plan_site(config, catalog, posts, NOW)
    assert any(page.packed is not None and page.html is None for page in packed.pages)
    assert [(p.url, p.body) for p in packed.pages] == [(p.url, p.body) for p in plain.pages]
    preview = plan_site(config, catalog, posts, NOW, preview=True)  # serve: always plain
    assert all(page.packed is None for page in preview.pages)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def test_linked_assets_get_ascii_urls(config, catalog):
    folder = config.root / "posts/2024/Ảnh Đẹp"
    folder.mkdir(parents=True)
    (folder / "Biên Bản Họp.PDF").write_bytes(PDF)
    (folder / "Họp Tổ.JPG").write_bytes(b"x")  # images go through the pipeline, never as they are
    post = make_post("a", 3, body="Xem [biên bản](<Ảnh Đẹp/Biên Bản Họp.PDF>).\n")
    plan = plan_site(config, catalog, [post], NOW)
    assert [a.url for a in plan.assets] == ["tin-tuc/tep/2024/anh-dep/bien-ban-hop.pdf"]
    assert plan.assets[0].src_uri == "posts/2024/Ảnh Đẹp/Biên Bản Họp.PDF"
    assert 'href="../tep/2024/anh-dep/bien-ban-hop.pdf"' in pages_by_url(plan)["tin-tuc/a/"].body


def test_only_files_a_published_post_links_are_published(config, catalog):
    folder = config.root / "posts/2024"
    folder.mkdir()
    for name in ("ai-cung-link.pdf", "chi-nhap.pdf", "hen-gio.pdf", "khong-ai-link.pdf"):
        (folder / name).write_bytes(PDF)
    posts = [
        make_post("hen", 20, body="[tệp](hen-gio.pdf) [chung](ai-cung-link.pdf)\n"),
        make_post("da-dang", 4, body="[chung](ai-cung-link.pdf)\n"),
        make_post("nhap", 3, draft=True, body="[tệp](chi-nhap.pdf)\n"),
    ]
    plan = plan_site(config, catalog, posts, NOW)
    assert plan.problems == ()
    assert [a.url for a in plan.assets] == ["tin-tuc/tep/2024/ai-cung-link.pdf"]
    # A preview (mkdocs serve) shows drafts and scheduled posts with their files.
    preview = plan_site(config, catalog, posts, NOW, preview=True)
    assert [a.url for a in preview.assets] == [
        "tin-tuc/tep/2024/ai-cung-link.pdf",
        "tin-tuc/tep/2024/chi-nhap.pdf",
        "tin-tuc/tep/2024/hen-gio.pdf",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("trang.html", b"<script>alert(1)</script>", "loại tệp không được đăng (đuôi .html)"),
        ("hinh.svg", b"<svg onload='alert(1)'/>", "tệp SVG có thể chứa mã chạy"),
        ("gia.pdf", b"<html><script>alert(1)</script>", "nội dung tệp không phải PDF"),
        ("gia.docx", b"PK\x03\x04 not a zip", "nội dung tệp không phải DOCX"),
        ("khong-duoi", b"%PDF-1.4", "loại tệp không được đăng (tệp không có đuôi)"),
    ],
)
def test_a_link_to_a_refused_file_names_the_post_and_the_file(
    config, catalog, name, content, reason
):
    (config.root / "posts/2024").mkdir()
    (config.root / "posts/2024" / name).write_bytes(content)
    post = make_post("a", 3, body=f"Đoạn.\n\nXem [tệp]({name}).\n")
    plan = plan_site(config, catalog, [post], NOW)
    assert plan.assets == ()
    (problem,) = plan.problems
    assert problem.format().startswith(
        f"posts/2024/a.md, dòng 7: lỗi: liên kết '{name}' trỏ tới tệp posts/2024/{name}, "
        f"tệp này không được đăng: {reason}"
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
@pytest.mark.parametrize("target", [".git/config", ".env", "mkdocs.yml", "posts/2024/that.pdf"])
def test_a_symlink_under_posts_is_refused_wherever_it_points(config, catalog, target):
    (config.root / ".git").mkdir()
    (config.root / ".git/config").write_text("[http] extraheader = AUTHORIZATION: basic x")
    (config.root / ".env").write_text("TOKEN=x")
    (config.root / "mkdocs.yml").write_text("site_name: x")
    (config.root / "posts/2024").mkdir()
    (config.root / "posts/2024/that.pdf").write_bytes(PDF)
    (config.root / "posts/2024/lien-ket.pdf").symlink_to(config.root / target)
    post = make_post("a", 3, body="[tệp](lien-ket.pdf) [thật](that.pdf)\n")
    plan = plan_site(config, catalog, [post], NOW)
    assert [a.url for a in plan.assets] == ["tin-tuc/tep/2024/that.pdf"]
    messages = [p.format() for p in plan.problems]
    assert messages[0] == (
        "posts/2024/lien-ket.pdf: lỗi: là liên kết tượng trưng (symlink); wardnews không đọc và "
        "không đăng liên kết tượng trưng, dù nó trỏ tới đâu. Hãy chép tệp thật vào đây"
    )
    assert messages[1].startswith(
        "posts/2024/a.md, dòng 5: lỗi: liên kết 'lien-ket.pdf' trỏ tới tệp posts/2024/lien-ket.pdf"
    )


def test_assets_that_collide_after_folding_are_an_error(config, catalog):
    folder = config.root / "posts"
    (folder / "tờ rơi.pdf").write_bytes(PDF)
    (folder / "to roi.pdf").write_bytes(PDF)
    post = make_post("a", 3, path="posts/a.md", body="[a](<tờ rơi.pdf>) [b](<to roi.pdf>)\n")
    plan = plan_site(config, catalog, [post], NOW)
    assert len(plan.assets) == 1
    assert "trùng địa chỉ" in plan.problems[0].message


@pytest.mark.parametrize(
    ("here", "target", "expected"),
    [
        ("tin-tuc/", "tin-tuc/a/", "a/"),
        ("tin-tuc/a/", "tin-tuc/", "../"),
        ("tin-tuc/trang/2/", "tin-tuc/", "../../"),
        ("", "tin-tuc/", "tin-tuc/"),
        ("tin-tuc/a/", "tin-tuc/tep/x.jpg", "../tep/x.jpg"),
        ("tin-tuc/", "tin-tuc/", "./"),
    ],
)
def test_relative_url(here, target, expected):
    assert relative_url(here, target) == expected


def test_a_post_s_list_item_is_made_once_whichever_process_renders_its_lists(tmp_path):
    """With workers, each post's item is made with its page, and the list pages take the items
    from there, whichever process makes them: without that, every process rendering a list page
    that shows a post made the post's item again."""
    import json
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    code = textwrap.dedent(f"""
        import json, os
        from pathlib import Path
        import wardnews.site.render as render
        from wardnews.content.catalog import load_catalog
        from wardnews.content.config import UnitConfig
        from wardnews.site.plan import plan_site
        from wardnews.workers import Workers
        import test_plan as here

        log = Path({str(tmp_path / "items.log")!r})
        real = render._list_item

        def list_item(post, *args):
            with log.open("a") as out:  # appended whole by every process
                out.write(f"{{os.getpid()}} {{post.path}}\\n")
            return real(post, *args)

        render._list_item = list_item
        root = Path({str(tmp_path)!r})
        (root / "posts").mkdir()
        config = UnitConfig(root=root, unit_name="Ngọc Trạo", unit_level="phường", page_size=2)
        catalog, _ = load_catalog(None, "mặc định")
        posts = [
            here.make_post(f"bai-{{n:03d}}", 1 + n % 14, criteria=("1.10",) if n % 2 else ())
            for n in range(160)
        ]
        plan = plan_site(config, catalog, posts, here.NOW, workers=Workers(2))
        # As the pages are written: shared among processes, list pages made when asked for.
        bodies = Workers(2).map(lambda page: page.body, plan.pages)
        assert all(bodies) and len(set(bodies)) == len(bodies)
        lines = log.read_text().splitlines()
        print(json.dumps([len(plan.pages), os.getpid(), lines]))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr
    pages, parent, lines = json.loads(result.stdout)
    made = [line.split(" ", 1) for line in lines]
    assert pages > 160 + 64  # the posts and more list pages than a round keeps in one process
    assert {pid for pid, _ in made} - {str(parent)}  # a forked child made a part
    assert sorted(path for _, path in made) == [f"posts/2024/bai-{n:03d}.md" for n in range(160)]


def test_the_plan_keeps_markdown_html_only_for_the_posts_the_feeds_carry(config, catalog):
    posts = [
        make_post("a", 3),
        make_post("b", 2),
        make_post("c", 1, body="## Mục\n\nĐoạn.\n"),  # a heading: the feeds convert it
    ]
    wanted = {"posts/2024/a.md", "posts/2024/c.md"}
    plan = plan_site(config, catalog, posts, NOW, markup_for=wanted)
    assert plan.markup == {"posts/2024/a.md": "<p>Đoạn đầu của bài.</p>\n<p>Đoạn thứ hai.</p>"}
    assert plan_site(config, catalog, posts, NOW).markup == {}
