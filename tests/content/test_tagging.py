"""Keyword rules: automatic criteria for posts without criteria, suggestions for the others."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from wardnews.content.catalog import parse_catalog
from wardnews.content.posts import Post
from wardnews.content.project import load_project
from wardnews.content.tagging import KeywordMatcher, TagCache, Tagger, tag_and_suggest

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def post(body: str, criteria: tuple[str, ...] = (), title: str = "Tin phường") -> Post:
    return Post(
        path="posts/a.md",
        title=title,
        date=datetime(2024, 3, 1, tzinfo=TZ),
        slug="a",
        body=body,
        body_line=4,
        author="A",
        criteria=criteria,
    )


def test_cashless_payment_text_is_tagged_3_2_automatically(catalog):
    [tagged], _ = tag_and_suggest(
        [post("Bà con đi chợ đã quen thanh toán không dùng tiền mặt.")], catalog
    )
    assert tagged.criteria == ()
    assert tagged.auto_criteria == ("3.2",)
    assert tagged.all_criteria == ("3.2",)


def test_matching_ignores_case_and_diacritics_with_d(catalog):
    tagger = Tagger.from_catalog(catalog)
    assert tagger.codes_for("HƯỚNG DẪN DÙNG ĐIỆN THOẠI THÔNG MINH") == ("3.4",)
    assert tagger.codes_for("huong dan dung dien thoai thong minh") == ("3.4",)
    assert tagger.codes_for("Thanh toan khong dung tien mat") == ("3.2",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mở tài khoản thanh toán", True),
        ("Tài khoản thanh toán.", True),
        ("tài khoản thanh toánxyz", False),  # not a whole word
        ("xtài khoản thanh toán", False),
        ("tài   khoản\nthanh toán", True),  # any white space between words
    ],
)
def test_keywords_match_whole_words_only(text, expected):
    assert KeywordMatcher.of(["tài khoản thanh toán"]).matches(text) is expected


def test_exclude_phrases_do_not_count():
    matcher = KeywordMatcher.of(["thanh toán"], exclude=["thanh toán viên"])
    assert matcher.matches("Hướng dẫn thanh toán qua mã QR")
    assert not matcher.matches("Tuyển thanh toán viên cho hợp tác xã")
    assert matcher.matches("Thanh toán viên hướng dẫn thanh toán qua mã QR")


def test_catalog_reads_exclude_and_rejects_a_bad_one():
    text = (
        'name: Thử\ncriteria:\n  - code: "9.1"\n    name: Thanh toán\n'
        "    keywords: [thanh toán]\n    exclude: [thanh toán viên]\n"
    )
    catalog, problems = parse_catalog(text, "tieu-chi.yml")
    assert problems == []
    assert catalog.criteria[0].exclude == ("thanh toán viên",)
    _, problems = parse_catalog(
        text.replace("[thanh toán viên]", "thanh toán viên"), "tieu-chi.yml"
    )
    assert [p.format() for p in problems] == [
        "tieu-chi.yml, dòng 6, khóa 'exclude': lỗi: cần danh sách cụm từ như "
        "[thanh toán không dùng tiền mặt, ví điện tử], nhưng gặp 'thanh toán viên'"
    ]


def test_explicit_criteria_always_win(catalog):
    [tagged], _ = tag_and_suggest(
        [post("thanh toán không dùng tiền mặt", criteria=("1.10",))], catalog
    )
    assert tagged.all_criteria == ("1.10",)
    assert tagged.auto_criteria == ()


def test_suggestions_for_posts_with_criteria(catalog):
    def suggested(**fields):
        return tag_and_suggest([post("mở tài khoản thanh toán", **fields)], catalog)[1]

    assert suggested(criteria=("3.1",)) == {"posts/a.md": ("3.2",)}
    assert suggested(criteria=("3.2",)) == {}
    assert suggested() == {}  # no criteria: tagged automatically, nothing to suggest


def test_sample_ward_auto_tags_its_untagged_cashless_post():
    from pathlib import Path

    from wardnews.content.config import read_project_config

    project = load_project(read_project_config(Path(__file__).parents[2] / "mkdocs.yml"))
    untagged = [p for p in project.posts if not p.criteria]
    assert untagged, "the sample has posts without criteria"
    cashless = [p for p in untagged if "tiền mặt" in p.body]
    assert cashless and all("3.2" in p.auto_criteria for p in cashless)
    assert any(n.severity.value == "gợi ý" for n in project.problems)


def test_tag_cache_answers_a_repeated_text_and_stays_bounded(catalog):

    tagger = Tagger.from_catalog(catalog)
    cache = TagCache(size=2)
    text = "Hướng dẫn dùng điện thoại thông minh"
    assert tagger.codes_for(text, cache) == ("3.4",)
    cache.put(tagger.key(text), ("1.10",))  # what the cache holds is what comes back
    assert tagger.codes_for(text, cache) == ("1.10",)
    assert tagger.codes_for(text) == ("3.4",)
    tagger.codes_for("a", cache)
    tagger.codes_for("b", cache)
    assert len(cache) == 2 and cache.get(tagger.key(text)) is None


def test_tag_cache_keeps_the_codes_of_a_post_read_again_as_the_same_object(
    catalog, monkeypatch
):
    import wardnews.content.tagging as tagging

    joined: list[str] = []
    real = tagging.post_text
    monkeypatch.setattr(tagging, "post_text", lambda p: joined.append(p.path) or real(p))
    cache = TagCache()
    cashless = post("Bà con đi chợ đã quen thanh toán không dùng tiền mặt.")
    [first], _ = tag_and_suggest([cashless], catalog, cache)
    [again], _ = tag_and_suggest([cashless], catalog, cache)  # the next rebuild, same catalog
    assert first.auto_criteria == again.auto_criteria == ("3.2",) and len(joined) == 1
    # The same text read again as a new object: joined again, matched from the digest.
    [equal], _ = tag_and_suggest([replace(cashless)], catalog, cache)
    assert equal.auto_criteria == ("3.2",) and len(joined) == 2
    # Other rules: matched again, even for the same object.
    fewer = replace(catalog, criteria=tuple(c for c in catalog.criteria if c.code != "3.2"))
    [other], _ = tag_and_suggest([cashless], fewer, cache)
    assert other.auto_criteria == () and len(joined) == 3
    [back], _ = tag_and_suggest([cashless], catalog, cache)
    assert back.auto_criteria == ("3.2",)


def test_codes_a_read_ahead_matched_are_taken_as_they_are(catalog):
    cashless = "Bà con đi chợ đã quen thanh toán không dùng tiền mặt."
    untagged = post(cashless)
    tagged = replace(post(cashless, criteria=("1.10",), title="Khác"), path="posts/b.md")
    # What the workers found for these very posts (here: unlike what matching would find).
    matched = {"posts/a.md": ("2.1",), "posts/b.md": ("3.4",)}
    [auto, kept], suggestions = tag_and_suggest([untagged, tagged], catalog, matched=matched)
    assert auto.auto_criteria == ("2.1",)
    assert suggestions == {"posts/b.md": ("3.4",)}
    # A post the read-ahead did not match is matched here.
    [again], _ = tag_and_suggest([untagged], catalog, matched={})
    assert again.auto_criteria == ("3.2",)


def test_without_suggestions_a_post_that_names_its_criteria_is_not_matched(catalog, monkeypatch):
    """What a build asks (it shows no notes): the posts without criteria are still tagged."""
    matched: list[str] = []
    original = Tagger.codes_for

    def codes_for(self, text, cache=None):
        matched.append(text)
        return original(self, text, cache)

    monkeypatch.setattr(Tagger, "codes_for", codes_for)
    cashless = "Bà con đi chợ đã quen thanh toán không dùng tiền mặt."
    named = replace(post(cashless, criteria=("1.10",)), path="posts/b.md")
    [auto, kept], suggestions = tag_and_suggest([post(cashless), named], catalog, suggest=False)
    assert auto.auto_criteria == ("3.2",)
    assert kept is named and suggestions == {}
    assert len(matched) == 1
    # Asked for, the same post gets its suggestion.
    assert tag_and_suggest([named], catalog)[1] == {"posts/b.md": ("3.2",)}
