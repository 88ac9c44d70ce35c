"""The district's sources: ``extra.wardnews.sources`` in mkdocs.yml, validated at the door.

A district (huyện, thành phố) is a wardnews project whose configuration lists the feeds of its
wards. Each source is a mapping: ``name`` (the ward's name), ``level`` (phường, xã, thị trấn),
``feed`` (its RSS 2.0, Atom or JSON Feed address) and optionally ``preset`` (a shipped cadence
preset the ward's rhythm is judged by). Every problem of every source is reported at once, with
its line in mkdocs.yml: duplicate names, bad addresses, unknown levels or presets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from wardnews.content.fields import MAPPING, TEXT, Field, FieldSpec, Reporter, one_of
from wardnews.content.text import nfc, slugify
from wardnews.problems import shorten
from wardnews.urls import RESERVED_DISTRICT_SLUGS

SOURCE_LEVELS = ("phường", "xã", "thị trấn")
# A province gathers hundreds of communes; more than this is a mistake in the file.
MAX_SOURCES = 2000


@dataclass(frozen=True)
class Source:
    """One ward's feed. ``slug`` is its URL segment and the name of its file in the cache."""

    name: str
    level: str
    feed: str
    slug: str
    preset: str = ""

    @property
    def title(self) -> str:
        """'Phường Ngọc Trạo' even when the editor wrote only 'Ngọc Trạo'."""
        if self.name.casefold().startswith(self.level.casefold()):
            return self.name[0].upper() + self.name[1:]
        return f"{self.level.capitalize()} {self.name}"


SOURCE_FIELDS = FieldSpec(
    [
        Field("name", TEXT, "tên phường, xã, ví dụ 'Ngọc Trạo'", required=True),
        Field("level", TEXT, "cấp: " + ", ".join(SOURCE_LEVELS), required=True),
        Field(
            "feed", TEXT, "địa chỉ RSS, Atom hoặc JSON Feed, bắt đầu bằng https://", required=True
        ),
        Field("preset", TEXT, "nhịp đăng bài mẫu, ví dụ ngoc-trao"),
    ]
)


def feed_address_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched as a feed, or None: only http(s) addresses of a host."""
    expected = "cần địa chỉ nguồn tin bắt đầu bằng https:// (hoặc http://) rồi đến tên miền"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return f"{expected}, nhưng gặp {shorten(url)}"
    if (
        parts.scheme.lower() not in ("http", "https")
        or not host
        or any(char.isspace() or not char.isprintable() for char in url)
    ):
        return f"{expected}, nhưng gặp {shorten(url)}"
    return None


def parse_sources(raw: list[Any], reporter: Reporter) -> tuple[Source, ...]:
    """The sources of ``raw`` (the value of ``sources:``); problems go to ``reporter``, whose
    prefix is 'extra.wardnews.sources'. Invalid entries are left out of the result."""
    if len(raw) > MAX_SOURCES:
        reporter.report(None, f"cần tối đa {MAX_SOURCES} nguồn tin, nhưng gặp {len(raw)}")
        return ()
    # Here, not at the top: the cadence rules read posts, whose config imports this module.
    from wardnews.content.cadence_rules import load_presets

    presets = tuple(load_presets())
    sources: list[Source] = []
    names: dict[str, int] = {}
    slugs: dict[str, int] = {}
    feeds: dict[str, int] = {}
    for index, entry in enumerate(raw):
        where = f"{reporter.prefix}[{index}]"
        item = Reporter(reporter.path, where, reporter.lines.item(index), reporter.problems)
        if not MAPPING.accepts(entry):
            item.report(None, f"cần một bảng khóa name, level, feed, nhưng gặp {shorten(entry)}")
            continue
        before = len(reporter.problems)
        values = {
            key: nfc(value.strip()) for key, value in SOURCE_FIELDS.validate(entry, item).items()
        }
        level = values.get("level", "").casefold()
        if "level" in values and level not in SOURCE_LEVELS:
            item.report("level", one_of(SOURCE_LEVELS)(values["level"]) or "")
        feed = values.get("feed")
        if feed is not None and (refused := feed_address_problem(feed)):
            item.report("feed", refused)
        preset = values.get("preset")
        if preset is not None and (refused := one_of(presets)(preset)):
            item.report("preset", refused)
        name = values.get("name")
        if name == "":
            item.report("name", "tên phường, xã không được để trống")
        slug = slugify(name or "")
        if name and slug in RESERVED_DISTRICT_SLUGS:
            item.report("name", f"tên {shorten(name)} trùng địa chỉ dành riêng '{slug}'; hãy đổi")
        if name:
            same_name = names.setdefault(name.casefold(), index)
            same_slug = slugs.setdefault(slug, index)
            if same_name != index:
                item.report("name", _same("tên", same_name))
            elif same_slug != index:
                item.report("name", _same(f"địa chỉ '{slug}' (tên bỏ dấu)", same_slug))
        same_feed = feeds.setdefault(feed, index) if feed else index
        if same_feed != index:
            item.report("feed", _same("địa chỉ nguồn tin", same_feed))
        if len(reporter.problems) == before and name and feed:
            sources.append(Source(name, level, feed, slug, preset or ""))
    return tuple(sources)


def _same(what: str, first: int) -> str:
    return f"{what} trùng với nguồn tin thứ {first + 1} (sources[{first}])"
