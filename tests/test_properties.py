"""Property tests (Hypothesis) of the three doors editors' text goes through first: the
front-matter reader (posts.py), the date parser (dates.py) and slugs (text.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig, parse_unit_config
from wardnews.content.dates import YEAR_RANGE, DateError, parse_date
from wardnews.content.posts import KNOWN_KEYS, Post, read_post, split_front_matter
from wardnews.content.source import refused_reference
from wardnews.content.text import SLUG_PATTERN, slugify
from wardnews.problems import Problem

# Examples are cheap (a file write and a parse); these keep the whole file to a few seconds.
# (Hypothesis keeps its examples in .hypothesis/, which it git-ignores itself.)
FAST = settings(max_examples=200, deadline=None)
FILES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PER_KEY = settings(max_examples=40, deadline=None)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ZONES = [VN, ZoneInfo("UTC"), ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati")]
SHOWN = "posts/a.md"
CODES = ("1.10", "2.1", "3.1", "3.2", "3.4")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Iterator[tuple[Path, UnitConfig]]:
    """One project for all examples: each example rewrites posts/a.md."""
    root = tmp_path_factory.mktemp("thuoc-tinh")
    (root / "posts").mkdir()
    config, problems = parse_unit_config({"unit_name": "Ngọc Trạo", "unit_level": "phường"}, root)
    assert config is not None, problems
    yield root / "posts/a.md", config


def read_written(
    project: tuple[Path, UnitConfig], catalog: Catalog, data: str | bytes
) -> tuple[Post | None, list[Problem]]:
    file, config = project
    file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_post(file, config, catalog)


def assert_post_or_errors(post: Post | None, problems: list[Problem]) -> None:
    """The reader's contract: a valid Post without errors, or no Post and at least one error;
    every problem names the file."""
    assert all(problem.path == SHOWN for problem in problems)
    errors = [problem for problem in problems if problem.is_error]
    if post is None:
        assert errors, "a post that is not published must say why"
    else:
        assert errors == []
        assert post.title and post.date.tzinfo is not None
        assert SLUG_PATTERN.match(post.slug)
        # What the feeds' XML cannot hold never gets through, whether typed or escaped.
        for text in (post.title, post.author, post.summary, post.source, post.image, post.body):
            assert not CONTROL.search(text), text


# --- Front matter --------------------------------------------------------------------------------

# Text an editor (or a broken editor program) might type into a value: YAML punctuation,
# Vietnamese letters, digits and anything else printable or not.
yaml_punctuation = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\t ") + ["---", "...", "\\", "\ufeff"])
value_text = st.lists(
    st.one_of(
        yaml_punctuation,
        st.text(alphabet="aăâđêôơưÁẠẮẦẾỐỚỨ0123456789./ ", max_size=8),
        st.text(max_size=6),
    ),
    max_size=8,
).map("".join)
scalar_value = st.one_of(
    value_text,
    value_text.map(json.dumps),
    st.sampled_from(
        [
            "true",
            "có",
            "~",
            "null",
            "1.10",
            "3.1",
            "12",
            "!!bool có",
            "!!int mười",
            "!!str x",
            "*a",
            "&a x",
            "2024-03-12 08:30",
            "31/02/2024",
            "[]",
            "{}",
            '[1.10, "3.2"]',
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
)
value = st.recursive(
    scalar_value,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(lambda items: "{k: " + ", k: ".join(items) + "}"),
    ),
    max_leaves=6,
)
# An explicit tag or anchor in front of any text: '!!bool có', '!!int mười', '&a x'.
TAGS = [
    "",
    "!!bool ",
    "!!int ",
    "!!float ",
    "!!str ",
    "!!null ",
    "!!timestamp ",
    "!!binary ",
    "!!seq ",
    "&a ",
    "!lạ ",
]
WORDS = [
    "có",
    "không",
    "true",
    "mười",
    "12",
    "1.10",
    "3.1",
    "2024-03-12",
    "31/02/2024",
    "",
    "~",
    "tin-tuc",
    "anh/khong-co.jpg",
    "/etc/passwd",
    "../../mkdocs.yml",
    "9" * 5000,
]
tagged_value = st.tuples(
    st.sampled_from(TAGS),
    st.one_of(st.sampled_from(WORDS), value_text, value_text.map(json.dumps)),
).map("".join)
key = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))
indent = st.sampled_from(["", "", "", " ", "  ", "\t"])
front_line = st.one_of(
    st.tuples(indent, key, st.sampled_from([": ", ":", " ", ":\t"]), value).map("".join),
    st.tuples(indent, st.just("- "), value).map("".join),
    st.text(max_size=20),
)
fence = st.sampled_from(["---", "---", "--- ", "...", "", "----"])
newline = st.sampled_from(["\n", "\n", "\r\n", "\r"])
body = st.one_of(st.just("Nội dung bài viết.\n"), st.just(""), st.text(max_size=40))


@st.composite
def post_files(draw) -> str:
    """Front matters of every shape: valid, broken YAML, missing fences, odd line ends."""
    lines = draw(st.lists(front_line, max_size=8))
    if draw(st.booleans()):  # often start from a valid post, so deeper checks are reached
        lines = ["title: Ra mắt Tổ công nghệ số", "date: 2024-03-12 08:30", *lines]
    end = draw(newline)
    text = end.join([draw(fence), *lines, draw(fence), draw(body)])
    return draw(st.sampled_from(["", "", "\ufeff"])) + text


@FILES
@given(text=post_files())
def test_reader_on_generated_front_matter_gives_a_post_or_an_error(project, catalog, text):
    post, problems = read_written(project, catalog, text)
    assert_post_or_errors(post, problems)


VALID_LINES = {
    "title": "title: Ra mắt Tổ công nghệ số",
    "date": "date: 2024-03-12 08:30",
    "kind": "kind: radio",  # so that duration and airings are read as a programme's
}


@pytest.mark.parametrize("known", KNOWN_KEYS)
@PER_KEY
@given(written=st.one_of(tagged_value, value))
def test_any_value_of_each_key_gives_a_post_or_an_error(project, catalog, known, written):
    lines = {**VALID_LINES, known: f"{known}: {written}"}
    text = "\n".join(["---", *lines.values(), "---", "Nội dung.\n"])
    post, problems = read_written(project, catalog, text)
    assert_post_or_errors(post, problems)


@FILES
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_reader_on_arbitrary_bytes_gives_a_post_or_an_error(project, catalog, data):
    post, problems = read_written(project, catalog, data)
    assert_post_or_errors(post, problems)


@FAST
@given(text=st.one_of(post_files(), st.text()))
def test_split_front_matter_never_raises(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as decode_post hands it over
    split = split_front_matter(text, SHOWN)
    if isinstance(split, Problem):
        assert split.path == SHOWN and split.is_error
    else:
        front, rest, body_line = split
        assert text.partition("\n")[0].strip() == "---"
        assert rest in text and front in text
        assert body_line == front.count("\n") + 3


# Titles editors can write: any printable text, one line.
title_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufeff"
    ),
    min_size=1,
    max_size=120,
).filter(lambda t: t.strip() and not refused_reference(t))  # '&#1;' is refused (feeds)
# Naive on purpose: a date written without an offset is local time of whatever zone is given.
local_datetimes = st.datetimes(
    min_value=datetime(YEAR_RANGE[0], 1, 2),  # noqa: DTZ001
    max_value=datetime(YEAR_RANGE[1], 12, 30),  # noqa: DTZ001
).map(lambda moment: moment.replace(microsecond=0))
criteria_lists = st.lists(
    # Codes are written quoted (unquoted, YAML reads 1.10 as a number: refused with a message).
    st.tuples(st.sampled_from(CODES), st.sampled_from(['"{}"', "'{}'"])),
    min_size=1,
    max_size=6,
)


@FILES
@given(title=title_text, moment=local_datetimes, criteria=criteria_lists)
def test_title_date_and_criteria_round_trip_through_a_file(
    project, catalog, title, moment, criteria
):
    written = ", ".join(quote.format(code) for code, quote in criteria)
    text = "\n".join(
        [
            "---",
            # JSON strings are YAML double-quoted scalars.
            f"title: {json.dumps(title, ensure_ascii=False)}",
            f"date: {moment:%Y-%m-%d %H:%M:%S}",
            f"criteria: [{written}]",
            "slug: bai-thu",
            "---",
            "Nội dung.\n",
        ]
    )
    post, problems = read_written(project, catalog, text)
    assert [p.format() for p in problems if p.is_error] == []
    assert post is not None
    assert post.title == " ".join(unicodedata.normalize("NFC", title).split())
    assert post.date == moment.replace(tzinfo=VN)
    assert post.criteria == tuple(dict.fromkeys(code for code, _ in criteria))


# --- Dates ---------------------------------------------------------------------------------------

# (format, what the form keeps): a form without seconds or time reads as :00 / midnight.
LOCAL_FORMS = [
    ("{:%Y-%m-%d}", "day"),
    ("{:%Y-%m-%d %H:%M}", "minute"),
    ("{:%Y-%m-%dT%H:%M:%S}", "second"),
    ("{:%Y-%m-%d %H:%M:%S}", "second"),
    ("{:%d/%m/%Y}", "day"),
    ("{:%d/%m/%Y %H:%M}", "minute"),
    ("{:%d-%m-%Y %H:%M:%S}", "second"),
    ("{:%d.%m.%Y}", "day"),
    ("{d.day}/{d.month}/{d:%Y} {d.hour}:{d:%M}", "minute"),  # 5/3/2024 8:30
]


def truncate(moment: datetime, keep: str) -> datetime:
    if keep == "day":
        return moment.replace(hour=0, minute=0, second=0)
    if keep == "minute":
        return moment.replace(second=0)
    return moment


def render(form: str, moment: datetime) -> str:
    return form.format(moment, d=moment)


@FAST
@given(
    moment=local_datetimes,
    form=st.sampled_from(LOCAL_FORMS),
    tz=st.sampled_from(ZONES),
)
def test_every_accepted_local_form_parses_back(moment, form, tz):
    pattern, keep = form
    parsed = parse_date(render(pattern, moment), tz)
    assert parsed.tzinfo is tz and parsed.utcoffset() is not None
    assert parsed == truncate(moment, keep).replace(tzinfo=tz)


offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
OFFSET_FORMS = ["{:%Y-%m-%dT%H:%M:%S}{}", "{:%Y-%m-%d %H:%M:%S} {}", "{:%d/%m/%Y %H:%M:%S}{}"]


def offset_text(moment: datetime, compact: bool) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    if minutes == 0 and compact:
        return "Z"
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{'' if compact else ':'}{rest:02d}"


@FAST
@given(
    moment=local_datetimes,
    offset=offsets,
    form=st.sampled_from(OFFSET_FORMS),
    compact=st.booleans(),
    tz=st.sampled_from(ZONES),
)
def test_a_written_offset_gives_the_same_instant(moment, offset, form, compact, tz):
    aware = moment.replace(tzinfo=offset)
    parsed = parse_date(form.format(aware, offset_text(aware, compact)), tz)
    assert parsed == aware
    assert parsed.utcoffset() == aware.utcoffset()
    for zone in ZONES:  # pages and feeds show it in the unit's zone: no overflow at the edges
        # (timestamps: == between zones is False for a time in a DST fold, by PEP 495)
        assert parsed.astimezone(zone).timestamp() == aware.timestamp()


@FAST
@given(
    year=st.integers(min_value=0, max_value=9999),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=28),
    form=st.sampled_from(["{y:04d}-{m:02d}-{d:02d}", "{d}/{m}/{y:04d} 23:59-14:00"]),
)
def test_years_outside_the_range_are_a_date_error(year, month, day, form):
    text = form.format(y=year, m=month, d=day)
    if YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        assert parse_date(text, VN).date().timetuple()[:3] == (year, month, day)
    else:
        with pytest.raises(DateError, match=f"năm {year} không hợp lệ"):
            parse_date(text, VN)


date_like = st.from_regex(
    r"\A\s?\d{1,5}[-/.]\d{1,3}[-/.]\d{1,5}([ T]+\d{1,3}:\d{1,3}(:\d{1,3}(\.\d{1,4})?)?)?"
    r"\s?(Z|[+-]\d{2}:?\d{2})?\s?\Z"
)


@FAST
@given(text=st.one_of(st.text(), date_like))
def test_any_text_is_an_aware_date_or_a_date_error(text):
    try:
        parsed = parse_date(text, VN)
    except DateError as exc:
        assert str(exc)  # the message the editor reads
    else:
        assert parsed.tzinfo is not None and parsed.utcoffset() is not None
        assert YEAR_RANGE[0] <= parsed.year <= YEAR_RANGE[1]


# --- Slugs ---------------------------------------------------------------------------------------

vietnamese = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệ"
            "íìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ0123456789-_.,:;!?'\"/()"
        ),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=120,
)


@FAST
@given(text=vietnamese)
def test_slug_is_ascii_words_joined_by_hyphens(text):
    slug = slugify(text)
    assert slug.isascii()
    assert slug == "" or SLUG_PATTERN.match(slug), slug


@FAST
@given(text=vietnamese)
def test_slugify_is_idempotent(text):
    slug = slugify(text)
    assert slugify(slug) == slug


@FAST
@given(text=vietnamese)
def test_slug_is_the_same_for_composed_and_decomposed_text(text):
    composed = unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFD", text)
    assert slugify(composed) == slugify(decomposed) == slugify(text)


@FAST
@given(text=vietnamese)
def test_d_with_stroke_is_d(text):
    plain = text.replace("đ", "d").replace("Đ", "D")
    assert slugify(text) == slugify(plain)


def test_d_with_stroke_examples():
    assert slugify("Đường điện") == "duong-dien"
    assert slugify("ĐĐ đđ") == "dd-dd"
