"""Posting-rhythm rules as written in ``extra.wardnews.cadence``: read and validated at the door.

A rule says: in every period (week, month, quarter, year), at least ``min_posts`` published posts
that match (kind, criteria, keywords, ``require_audio``) and, for radio, at least
``min_airings`` broadcasts. A preset brings the rules of a unit's communication plan; ``rules``
add rules or override a preset rule's keys by id. Checking periods is compliance.cadence's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from importlib import resources
from typing import Any

import yaml

from wardnews.content.catalog import Catalog
from wardnews.content.dates import DateError, parse_date
from wardnews.content.fields import (
    ANY,
    BOOLEAN,
    LIST,
    TEXT,
    Check,
    Field,
    FieldSpec,
    NodeLines,
    Reporter,
    one_of,
)
from wardnews.content.model import KINDS, Post
from wardnews.content.tagging import KeywordMatcher
from wardnews.problems import Problem, shorten

PERIODS = {"week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}
SECTION = "extra.wardnews.cadence"


def _whole_number(low: int) -> Check:
    def check(value: Any) -> str | None:
        if type(value) is int and value >= low:
            return None
        return f"cần số nguyên từ {low} trở lên, nhưng gặp {shorten(value)}"

    return check


def _duration_range(value: Any) -> str | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(type(minutes) is int for minutes in value)
        and value[0] <= value[1]
    ):
        return None
    return f"cần [số phút ít nhất, số phút nhiều nhất] như [10, 15], nhưng gặp {shorten(value)}"


def _rule_id(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "cần mã quy tắc, ví dụ id: tin-tuan"


RULE_FIELDS = FieldSpec(
    [
        Field("id", ANY, "mã quy tắc, ví dụ id: tin-tuan", required=True, checks=(_rule_id,)),
        Field("name", ANY, "tên quy tắc"),
        Field(
            "period",
            TEXT,
            "chu kỳ: " + ", ".join(PERIODS),
            required=True,
            checks=(one_of(tuple(PERIODS)),),
        ),
        Field("kinds", ANY, "loại bài: " + ", ".join(KINDS)),
        Field("criteria", ANY, "mã tiêu chí"),
        Field("keywords", ANY, "từ khóa"),
        Field("min_posts", ANY, "số bài ít nhất mỗi kỳ", default=1, checks=(_whole_number(0),)),
        Field(
            "min_airings",
            ANY,
            "số lần phát sóng ít nhất mỗi kỳ",
            default=0,
            checks=(_whole_number(0),),
        ),
        Field("duration", ANY, "số phút của chương trình", checks=(_duration_range,)),
        Field("require_audio", BOOLEAN, "true: chỉ tính chương trình có tệp âm thanh (audio:)"),
        Field("start", ANY, "ngày bắt đầu"),
        Field("end", ANY, "ngày kết thúc"),
        Field("fail_on_missed", BOOLEAN, default=False),
    ]
)
SECTION_FIELDS = FieldSpec(
    [
        Field("preset", TEXT, "tên kế hoạch có sẵn"),
        Field("start", ANY),
        Field("end", ANY),
        Field("fail_on_missed", BOOLEAN),
        Field("fail_build", BOOLEAN),
        Field("rules", LIST, "các quy tắc nhịp đăng"),
    ]
)
_DEFAULTED = ("start", "end", "fail_on_missed")  # section keys every rule inherits


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    period: str
    start: datetime
    end: datetime | None = None
    kinds: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    min_posts: int = 1
    min_airings: int = 0
    duration: tuple[int, int] | None = None
    fail_on_missed: bool = False
    require_audio: bool = False  # count only posts with an audio: file
    matcher: KeywordMatcher = field(default_factory=lambda: KeywordMatcher(None), compare=False)

    @property
    def noun(self) -> str:
        """What the rule counts, in Vietnamese: 'tin', 'chương trình', 'sự kiện'."""
        noun = {("radio",): "chương trình", ("event",): "sự kiện"}.get(self.kinds, "tin")
        return f"{noun} có tệp âm thanh" if self.require_audio else noun

    def counts(self, post: Post) -> bool:
        if self.kinds and post.kind not in self.kinds:
            return False
        if self.require_audio and not post.audio:
            return False
        if self.criteria and not set(self.criteria) & set(post.all_criteria):
            return False
        if self.keywords and not self.matcher.matches(f"{post.title}\n{post.summary}"):
            return False
        if self.duration and post.duration is not None:
            low, high = self.duration
            if not low <= post.duration <= high:
                return False
        return True


@dataclass(frozen=True)
class CadencePlan:
    rules: tuple[Rule, ...]
    fail_build: bool = False
    preset: str = ""


def load_presets() -> dict[str, Any]:
    text = resources.files("wardnews").joinpath("data", "cadence-presets.yml").read_text("utf-8")
    # libyaml's safe loader when PyYAML has it: the pure-Python one takes 10 ms on every build.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


@dataclass(frozen=True)
class _RawRule:
    """A rule before validation: where it is named in messages, its keys, their lines."""

    where: str
    values: Any  # a mapping when the editor wrote one
    lines: NodeLines


class _RuleReader:
    def __init__(self, catalog: Catalog, tz: tzinfo, section: Reporter):
        self.catalog = catalog
        self.tz = tz
        self.section = section

    def _line(self, raw: _RawRule, key: str) -> int | None:
        # A key the rule does not write is inherited from the section: its line is there.
        written = raw.lines.key_line(key) or self.section.lines.key_line(key)
        return written or raw.lines.line

    def date(self, value: Any, key: str, reporter: Reporter, line: int | None) -> datetime | None:
        if value is None:
            return None
        try:
            return parse_date(str(value), self.tz)
        except DateError as exc:
            reporter.report(key, f"{exc}, nhưng gặp {shorten(value)}", line=line)
            return None

    def rule(self, raw: _RawRule, defaults: dict[str, Any]) -> Rule | None:
        reporter = self.section.child(raw.where, raw.lines)
        if not isinstance(raw.values, dict):
            message = f"cần một quy tắc dạng bảng khóa: giá trị, nhưng gặp {shorten(raw.values)}"
            reporter.report(None, message)
            return None
        before = len(reporter.problems)
        validated = RULE_FIELDS.validate(raw.values, reporter)
        values = {**RULE_FIELDS.defaults(), **defaults, **validated}
        rule_id = values.get("id")
        kinds = _as_tuple(values.get("kinds"))
        for kind in kinds:
            if kind not in KINDS:
                message = f"cần loại bài trong: {', '.join(KINDS)}; nhưng gặp {shorten(kind)}"
                reporter.report("kinds", message)
        criteria = tuple(str(code) for code in _as_tuple(values.get("criteria")))
        for code in criteria:
            if self.catalog.get(code) is None:
                reporter.report(
                    "criteria",
                    f"mã tiêu chí {shorten(code)} không có trong bộ tiêu chí; "
                    f"các mã hợp lệ: {self.catalog.codes_text()}",
                )
        if values.get("start") is None and "start" not in raw.values:
            message = "cần ngày bắt đầu tính nhịp đăng, ví dụ start: 2024-01-01"
            reporter.report("start", message, line=self._line(raw, "start"))
        start, end = (
            self.date(values.get(key), key, reporter, self._line(raw, key))
            for key in ("start", "end")
        )
        if len(reporter.problems) > before or start is None:
            return None
        if end is not None and end.time() == time(0, 0):
            end += timedelta(days=1)  # 'end: 2024-03-31' includes that day
        keywords = tuple(str(keyword) for keyword in _as_tuple(values.get("keywords")))
        duration = values.get("duration")
        return Rule(
            id=rule_id,
            name=str(values.get("name") or rule_id),
            period=values["period"],
            start=start,
            end=end,
            kinds=kinds,
            criteria=criteria,
            keywords=keywords,
            min_posts=values["min_posts"],
            min_airings=values["min_airings"],
            duration=(duration[0], duration[1]) if duration else None,
            fail_on_missed=values["fail_on_missed"],
            require_audio=bool(values.get("require_audio", False)),
            matcher=KeywordMatcher.of(keywords),
        )


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return (value,)


def parse_cadence(
    raw: dict | None,
    catalog: Catalog,
    tz: tzinfo,
    config_path: str = "mkdocs.yml",
    lines: NodeLines | None = None,
) -> tuple[CadencePlan | None, list[Problem]]:
    """Validate the ``cadence`` section; preset rules come first, ``rules`` add or override by id.

    ``lines`` is the section's node tree in mkdocs.yml, for the line of each problem."""
    if raw is None:
        return CadencePlan(rules=()), []
    section = Reporter(config_path, SECTION, lines or NodeLines())
    values = SECTION_FIELDS.validate(raw, section)
    defaults = {key: values[key] for key in _DEFAULTED if key in values}
    raw_rules: dict[str, _RawRule] = {}
    preset = values.get("preset")
    if preset is not None:
        presets = load_presets()
        refused = one_of(tuple(presets))(preset)
        if refused:
            section.report("preset", refused)
        else:
            # A preset's rule has no line of its own in mkdocs.yml: the preset's line stands in.
            for index, rule in enumerate(presets[preset]["rules"]):
                where = f"preset[{preset}].{index}"
                raw_rules[rule["id"]] = _RawRule(where, rule, section.lines.child("preset"))
    rules_lines = section.lines.child("rules")
    for index, rule in enumerate(values.get("rules") or []):
        where, item_lines = f"rules[{index}]", rules_lines.item(index)
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in raw_rules:  # same id: override some keys of the preset rule
            base = raw_rules[rule_id].values
            raw_rules[rule_id] = _RawRule(where, {**base, **rule}, item_lines)
        else:
            raw_rules[rule_id or f"#{index}"] = _RawRule(where, rule, item_lines)
    reader = _RuleReader(catalog, tz, section)
    rules = [reader.rule(rule, defaults) for rule in raw_rules.values()]
    if section.problems:
        return None, section.problems
    plan_rules = tuple(rule for rule in rules if rule)
    return CadencePlan(plan_rules, bool(values.get("fail_build", False)), preset or ""), []
