"""The split search index: folded words, small files, the same bytes for the same site."""

from __future__ import annotations

import json

from support import search_split_index as search

from wardnews.site.search_index import (
    DOCS_PER_FILE,
    POSTINGS_PER_FILE,
    post_search_text,
    split_index,
    terms,
)
from wardnews.urls import SEARCH_DOCS, SEARCH_INDEX, SEARCH_TERMS

THEME_INDEX = json.dumps(
    {
        "config": {"lang": ["en"], "separator": "[\\s\\-]+"},
        "docs": [
            {"location": "", "title": "Trang chủ", "text": "Chào mừng <code>bạn</code>"},
            {"location": "__wardnews_shell__/", "title": "vỏ", "text": "vỏ"},
            {"location": "tin-tuc/tinh-hinh/", "title": "Tình hình", "text": "điện thoại"},
            {"location": "tin-tuc/tinh-hinh/#a", "title": "Mục", "text": "điện thoại"},
        ],
    }
).encode()


def _posts(count: int) -> list[tuple[str, str, str]]:
    return [
        (f"tin-tuc/bai-{n}/", f"Bài {n}: {'Điện thoại' if n % 3 == 0 else 'Đường phố'}", f"số {n}")
        for n in range(count)
    ]


def test_words_are_folded():
    assert terms("Điện THOẠI <b>thông</b> minh&nbsp;đường") == [
        "dien",
        "thoai",
        "thong",
        "minh",
        "duong",
    ]


def test_with_or_without_diacritics_the_same_posts():
    files = dict(split_index(THEME_INDEX, _posts(30), excluded=["tin-tuc/tinh-hinh/"]))
    expected = [f"tin-tuc/bai-{n}/" for n in range(0, 30, 3)]
    for query in ("dien thoai", "điện thoại", "DIEN THOAI", "Điện Thoại"):
        assert search(files, query) == expected
    assert search(files, "chào bạn") == [""]  # the theme's own pages are searched too
    assert search(files, "vỏ") == []  # shells and the excluded page are not


def test_the_theme_index_keeps_its_configuration_only():
    files = dict(split_index(THEME_INDEX, _posts(5)))
    index = json.loads(files[SEARCH_INDEX])
    assert index["docs"] == []
    assert index["config"]["separator"] == "[\\s\\-]+"
    assert index["config"]["wardnews"]["terms"] == SEARCH_TERMS


def test_files_stay_small_as_the_archive_grows():
    small = dict(split_index(THEME_INDEX, _posts(50)))
    large = dict(split_index(THEME_INDEX, _posts(5000)))
    term_files = [path for path in large if path.startswith(SEARCH_TERMS.split("{")[0])]
    assert len(term_files) > len([p for p in small if p.startswith(SEARCH_TERMS.split("{")[0])])
    # a word every post has ('bai') makes one long list; the others share their files
    sizes = sorted(len(large[path]) for path in term_files)
    assert sizes[len(sizes) // 2] < 12 * POSTINGS_PER_FILE
    doc_files = [path for path in large if path.startswith(SEARCH_DOCS.split("{")[0])]
    assert len(doc_files) == -(-5001 // DOCS_PER_FILE)


def test_same_site_same_bytes():
    assert split_index(THEME_INDEX, _posts(40)) == split_index(THEME_INDEX, _posts(40))


def test_search_text_is_teaser_and_body_start_without_markdown():
    text = post_search_text("Tựa", "Mở đầu", "## Mục\n\n**Mở đầu** bài [xem](a.md)")
    assert text == "Mở đầu Mục Mở đầu bài xem a.md"
    assert post_search_text("Tựa", "Mở đầu bài", "Mở đầu bài viết") == "Mở đầu bài viết"


def _search_text_from_whole_body(description: str, body: str) -> str:
    """post_search_text as defined: the words of the whole body (before it read only the start)."""
    from wardnews.site.search_index import _MARKUP, SEARCH_TEXT_CHARS

    excerpt = " ".join(_MARKUP.sub(" ", body).split())
    if excerpt.startswith(description):
        description = ""
    return " ".join(f"{description} {excerpt[:SEARCH_TEXT_CHARS]}".split())


def test_search_text_from_the_start_of_a_long_body_is_that_of_the_whole_body():
    """Tags left open at the cut (closed further on, or never), Markdown punctuation across
    it, words cut in two, long teasers taken from the body or not."""
    import random

    rng = random.Random(7)
    pieces = [
        "Người dân", "điện thoại", "thông minh", "<b>", "</b>", "<a href='b.md'>", "<", ">",
        "<span\nclass='dai'>", "**đậm**", "[liên kết](b.md)", "\n\n", "  ", "# ", "|", "!",
        "x" * 90, "đ" * 30, "`mã`", "<!-- ghi chú dài " + "y" * 200 + " -->", "\u00a0", "–",
    ]  # fmt: skip
    for _ in range(3000):
        body = "".join(
            rng.choice(pieces) + rng.choice(["", " ", "\n"]) for _ in range(rng.randint(0, 300))
        )
        from wardnews.site.search_index import _MARKUP

        words = " ".join(_MARKUP.sub(" ", body).split())
        description = rng.choice(
            ["", "Người dân", words[: rng.randint(0, 1200)], "Khác " * rng.randint(0, 300)]
        )
        assert post_search_text("Tựa", description, body) == _search_text_from_whole_body(
            description, body
        ), (description, body)


def test_posts_gathered_with_their_pages_follow_the_theme_pages():
    """The posts' words are found where their pages are made (SearchWords) and joined after the
    theme's pages: every word's numbers are those of one list of all documents."""
    from wardnews.site.search_index import (
        SearchWords,
        post_search_words,
        split_with_posts,
        term_file,
    )

    posts = [
        ("tin-tuc/a/", "Điện thoại thông minh", "Mở đầu", "Dùng **điện thoại** để nộp hồ sơ"),
        ("tin-tuc/b/", "Đường phố", "", "Chào bạn, đường phố sạch"),
        ("tin-tuc/c/", "Chào", "Tóm tắt", "điện thoại và bạn"),
    ]
    gathered = SearchWords()
    for post in posts:
        gathered.add(*post_search_words(*post))
    files = dict(split_with_posts(THEME_INDEX, gathered))
    # Theme pages (shell left out): "", tinh-hinh/, tinh-hinh/#a; then the posts: 3, 4, 5.
    assert search(files, "dien thoai") == [
        "tin-tuc/tinh-hinh/", "tin-tuc/tinh-hinh/#a", "tin-tuc/a/", "tin-tuc/c/",
    ]  # fmt: skip
    assert search(files, "chao ban") == ["", "tin-tuc/b/", "tin-tuc/c/"]
    split = json.loads(files[SEARCH_INDEX])["config"]["wardnews"]

    def numbers(word: str) -> dict[int, int]:
        group = json.loads(files[split["terms"].format(term_file(word, split["term_files"]))])
        found, value = {}, 0
        for step in group[word]:
            value += step
            found[value >> 1] = value & 1
        return found

    assert numbers("dien") == {1: 0, 2: 0, 3: 1, 5: 0}  # 1: in the title
    assert numbers("chao") == {0: 0, 4: 0, 5: 1}
    assert numbers("duong") == {4: 1}


def test_a_post_s_words_from_its_plain_texts_are_those_of_its_escaped_document():
    """plain_words(title, text) is document_words of the document that holds them escaped:
    entities, tags, quotes, ampersands, long words, Vietnamese and spaces of any kind."""
    import random

    from wardnews.content.text import escape
    from wardnews.site.search_index import SearchDocument, document_words, plain_words

    rng = random.Random(11)
    pieces = [
        "Người dân", "ĐIỆN THOẠI", "điện thoại", "&", "&amp;", "&lt;b&gt;", "&#7841;", "&quot;",
        "<b>", "</b>", "<", ">", '"', "'", "x" * 41, "đ" * 40, "–", "\u00a0", "\n", "\t", "  ",
        "a_b", "3/2024", "…", "“Chợ QR”", "&copy", "&nbsp;", "ﬁ", "ß",
    ]  # fmt: skip
    for _ in range(3000):
        title, text = (
            "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, n)))
            for n in (12, 120)
        )
        document = SearchDocument("tin-tuc/a/", escape(title), escape(text))
        assert plain_words(title, text) == document_words(document), (title, text)
