"""Values and fragments of the section's pages: list pages, pagers, badges, the render cache."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from wardnews.content.catalog import load_catalog
from wardnews.content.posts import Post
from wardnews.site.render import PartsCache, badges, list_page, pager, plain_text, post_page
from wardnews.templating import Templates
from wardnews.urls import Links

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINKS = Links("tin-tuc")


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(None, "mặc định")
    assert catalog is not None and not problems
    return catalog


def make_post(slug: str, **fields) -> Post:
    values = dict(
        path=f"posts/2024/{slug}.md",
        title=slug,
        date=datetime(2024, 3, 5, 8, 30, tzinfo=TZ),
        slug=slug,
        body="Nội dung.\n",
        body_line=5,
        author="Lan",
    )
    values.update(fields)
    return Post(**values)


def render_list(posts, catalog, here="tin-tuc/luu-tru/2024/03/", page=1, pages=1, **kw) -> str:
    return list_page(
        posts,
        title="Lưu trữ",
        here=here,
        page=page,
        pages=pages,
        url_of=lambda n: f"tin-tuc/trang/{n}/" if n > 1 else "tin-tuc/",
        catalog=catalog,
        links=LINKS,
        tz=TZ,
        summaries={post.path: f"Tóm tắt {post.slug} <b>" for post in posts},
        **kw,
    )


def test_list_items_link_up_from_the_page_that_shows_them(catalog):
    post = make_post("hop-dan", title="Họp </title><script>", criteria=("3.1",))
    cache = PartsCache()
    for here, up in (("tin-tuc/", "../"), ("tin-tuc/luu-tru/2024/03/", "../../../../")):
        tree = lxml.html.fragment_fromstring(render_list([post], catalog, here, cache=cache), True)
        item = tree.find(".//li")
        assert item.find(".//h2/a").get("href") == f"{up}tin-tuc/hop-dan/"
        assert item.find(".//h2/a").text == "Họp </title><script>"
        assert item.find(".//p[@class='wn-summary']").text == "Tóm tắt hop-dan <b>"
        assert [a.get("href") for a in item.findall(".//p[@class='wn-badges']/a")] == [
            f"{up}tin-tuc/tieu-chi/3-1/"
        ]
    assert not tree.findall(".//script")


class CountingTemplates(Templates):
    """Templates that remember the name of every template they render."""

    def __init__(self):
        super().__init__()
        self.made: list[str] = []

    def render(self, name, /, **values):
        self.made.append(name)
        return super().render(name, **values)


def test_the_render_cache_makes_a_list_item_once(catalog):
    cache = PartsCache()
    templates = CountingTemplates()
    made = templates.made
    post = make_post("a")
    render_list([post], catalog, "tin-tuc/", templates=templates, cache=cache)
    render_list([post], catalog, "tin-tuc/tieu-chi/3-1/", templates=templates, cache=cache)
    assert made.count("site/list_item.html") == 1
    render_list([post], catalog, "tin-tuc/", templates=templates, cache=PartsCache())
    assert made.count("site/list_item.html") == 2  # a fresh cache knows nothing


def test_the_render_cache_makes_a_post_page_once_while_its_inputs_stay(catalog):
    templates, cache = CountingTemplates(), PartsCache()
    made = templates.made
    post = make_post("a")

    def page(body: str, title: str = "a") -> str:
        changed = make_post("a", title=title)
        return post_page(
            changed, body, catalog=catalog, links=LINKS, tz=TZ, templates=templates, cache=cache
        )

    first = page("<p>Nội dung.</p>")
    assert page("<p>Nội dung.</p>") == first and made.count("site/post.html") == 1
    assert "<p>Sửa.</p>" in page("<p>Sửa.</p>")  # an edited body renders again
    assert "<h1>Tiêu đề mới</h1>" in page("<p>Sửa.</p>", title="Tiêu đề mới")
    assert made.count("site/post.html") == 3
    assert post.title == "a"


def test_the_render_cache_drops_the_oldest_beyond_its_size():
    cache = PartsCache(size=2)
    for key in "abc":
        cache.text(key, lambda key=key: key.upper())
    assert cache.text("c", lambda: "new") == "C"
    assert cache.text("a", lambda: "again") == "again"


def test_plain_text_strips_markdown_and_cuts_at_a_word():
    assert plain_text("**Họp** dân [ở đây](a.md) & bàn", cache=PartsCache()) == (
        "Họp dân ở đây & bàn"
    )
    assert plain_text("một hai ba bốn", limit=9) == "một hai…"


def test_an_empty_list_says_so_and_has_no_pager(catalog):
    html = render_list([], catalog)
    assert '<p class="wn-empty">Chưa có bài nào.</p>' in html
    assert "wn-pager" not in html


def test_pager_links_to_newer_and_older_pages():
    url_of = lambda n: "tin-tuc/" if n == 1 else f"tin-tuc/trang/{n}/"  # noqa: E731
    assert pager("tin-tuc/", 1, 1, url_of) is None
    middle = pager("tin-tuc/trang/2/", 2, 3, url_of)
    assert middle is not None
    assert (middle.newer, middle.older) == ("../../", "../3/")
    last = pager("tin-tuc/trang/3/", 3, 3, url_of)
    assert last is not None and last.older == ""


def test_badges_mark_criteria_given_by_keywords(catalog):
    chosen = badges(make_post("a", criteria=("3.1",)), catalog, LINKS, "tin-tuc/a/")
    assert chosen is not None and not chosen.auto
    assert [(b.code, b.href) for b in chosen.items] == [("3.1", "../tieu-chi/3-1/")]
    assert badges(make_post("b"), catalog, LINKS, "tin-tuc/b/") is None
