"""The home page's fragment (wardnews.site.home): where it goes in docs/index.md."""

from __future__ import annotations

from wardnews.site.home import MARKER, Fragment, fill_fragments


def test_fragment_takes_the_place_of_its_marker():
    rendered = f"<p>Giới thiệu.</p>\n{MARKER}\n<h2>Các mục</h2>\n"
    filled = Fragment("index.md", "<section>tin</section>").fill(rendered)
    assert filled == "<p>Giới thiệu.</p>\n<section>tin</section>\n<h2>Các mục</h2>\n"


def test_fragment_goes_after_the_introduction_without_a_marker():
    filled = Fragment("index.md", "<section>tin</section>").fill("<p>Giới thiệu.</p>")
    assert filled == "<p>Giới thiệu.</p>\n<section>tin</section>"


def test_only_the_page_a_fragment_belongs_to_gets_it():
    fragments = [Fragment("index.md", "<section>tin</section>")]
    assert fill_fragments(fragments, "gioi-thieu.md", "<p>x</p>") == "<p>x</p>"
    assert "tin" in fill_fragments(fragments, "index.md", "<p>x</p>")
