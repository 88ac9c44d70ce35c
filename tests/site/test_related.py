"""Related posts and neighbours of a post page (wardnews.site.related)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from wardnews.content.posts import Post
from wardnews.site.related import RELATED_COUNT, WINDOW, RelatedIndex
from wardnews.urls import Links

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINKS = Links("tin-tuc")
START = datetime(2024, 6, 30, 8, 0, tzinfo=TZ)


def make_posts(*criteria: tuple[str, ...]) -> list[Post]:
    """Posts newest first, one a day back from START, with the given criteria."""
    return [
        Post(
            path=f"posts/2024/bai-{number}.md",
            title=f"Bài {number}",
            date=START - timedelta(days=number),
            slug=f"bai-{number}",
            body="Nội dung.\n",
            body_line=5,
            author="Lan",
            criteria=codes,
        )
        for number, codes in enumerate(criteria)
    ]


def test_related_posts_share_the_most_criteria_and_are_listed_newest_first():
    posts = make_posts(
        ("3.1",),  # 0: shares one criterion with post 3
        ("2.1",),  # 1: shares nothing
        ("3.1", "3.4"),  # 2: shares both
        ("3.1", "3.4"),  # 3: the post
        ("3.4",),  # 4: shares one
        ("3.1", "3.4"),  # 5: shares both
        ("3.1",),  # 6: shares one
    )
    footer = RelatedIndex(posts, LINKS).footer(3)
    titles = [link.title for link in footer.related]
    assert len(titles) == RELATED_COUNT
    # Both posts sharing two criteria, then the newest of those sharing one; newest first.
    assert titles == ["Bài 0", "Bài 2", "Bài 4", "Bài 5"]
    assert "Bài 3" not in titles and "Bài 1" not in titles
    assert footer.related[0].href == "../bai-0/"


def test_neighbours_are_the_newer_and_older_post_in_date_order():
    posts = make_posts(("3.1",), ("2.1",), ("3.4",))
    index = RelatedIndex(posts, LINKS)
    middle = index.footer(1)
    assert (middle.newer.title, middle.newer.href) == ("Bài 0", "../bai-0/")
    assert (middle.older.title, middle.older.href) == ("Bài 2", "../bai-2/")
    assert index.footer(0).newer is None
    assert index.footer(2).older is None


def test_a_post_without_criteria_has_no_related_posts_but_has_neighbours():
    posts = make_posts(("3.1",), (), ("3.1",))
    footer = RelatedIndex(posts, LINKS).footer(1)
    assert footer.related == ()
    assert footer.newer is not None and footer.older is not None


def test_only_the_nearest_posts_of_a_criterion_are_looked_at():
    # 3 * WINDOW posts of one criterion: the first post's related posts come from its window.
    posts = make_posts(*[("3.1",)] * (3 * WINDOW))
    index = RelatedIndex(posts, LINKS)
    assert index.related(0, count=len(posts)) == list(range(1, WINDOW + 1))
    middle = len(posts) // 2
    looked_at = index.related(middle, count=len(posts))
    assert looked_at == [p for p in range(middle - WINDOW, middle + WINDOW + 1) if p != middle]


def test_share_address_is_the_absolute_post_address_with_a_site_url():
    posts = make_posts(("3.1",))
    assert RelatedIndex(posts, LINKS, "https://x.gov.vn/cds").footer(0).share_url == (
        "https://x.gov.vn/cds/tin-tuc/bai-0/"
    )
    assert RelatedIndex(posts, LINKS).footer(0).share_url == ""


def test_a_serve_session_keeps_the_index_while_the_same_posts_stand_in_the_same_order():
    from dataclasses import replace

    from wardnews.site.render import PartsCache

    posts = make_posts(("3.1",), ("3.1", "3.4"), ("3.4",))
    kept = PartsCache()  # a serve session's cache
    first = kept.related(posts, LINKS, "https://x.gov.vn/")
    footer = first.footer(1)
    edited = [posts[0], replace(posts[1], body="Nội dung mới.\n"), posts[2]]
    assert kept.related(edited, LINKS, "https://x.gov.vn/") is first  # a body edit
    assert first.footer(1) is footer
    renamed = [posts[0], replace(posts[1], title="Tên mới"), posts[2]]
    again = kept.related(renamed, LINKS, "https://x.gov.vn/")
    assert again is not first and again.footer(0).older.title == "Tên mới"
    recoded = [replace(posts[0], criteria=("2.1",)), *posts[1:]]
    assert kept.related(recoded, LINKS, "https://x.gov.vn/").related(0) == []
    assert kept.related(posts, LINKS, "").footer(1).share_url == ""
    one_off = PartsCache(pages=0)  # a one-off build keeps nothing
    assert one_off.related(posts, LINKS, "") is not one_off.related(posts, LINKS, "")
