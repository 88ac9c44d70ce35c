"""Posting rhythm: rules from the communication plans, checked period by period.

A rule says: in every period (ISO week Monday-Sunday, month, quarter, year; local time), at least
``min_posts`` published posts that match (kind, criteria, keywords) and, for radio, at least
``min_airings`` broadcasts. Each period is *kept*, *missed* (it has ended short) or *open* (the
current one). Posts are bucketed once by period, so checking costs O(posts + periods).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from importlib import resources
from typing import Any

import yaml

from wardnews.content.catalog import Catalog
from wardnews.content.dates import DateError, parse_date
from wardnews.content.posts import KINDS, Post
from wardnews.content.tagging import KeywordMatcher
from wardnews.problems import Problem, Severity, shorten

PERIODS = {"week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
SECTION = "extra.wardnews.cadence"
RULE_KEYS = (
    "id",
    "name",
    "period",
    "kinds",
    "criteria",
    "keywords",
    "min_posts",
    "min_airings",
    "duration",
    "start",
    "end",
    "fail_on_missed",
)
SECTION_KEYS = ("preset", "start", "end", "fail_on_missed", "fail_build", "rules")


@dataclass(frozen=True)
class Period:
    unit: str
    start: datetime
    end: datetime  # exclusive

    @property
    def label(self) -> str:
        first = self.start.date()
        last = (self.end - timedelta(days=1)).date()
        if self.unit == "week":
            year, week, _ = first.isocalendar()
            return f"Tuần {week:02d}/{year} ({first:%d/%m}–{last:%d/%m/%Y})"
        if self.unit == "month":
            return f"Tháng {first.month}/{first.year}"
        if self.unit == "quarter":
            return f"Quý {_ROMAN[(first.month - 1) // 3 + 1]}/{first.year} ({first:%d/%m}–{last:%d/%m/%Y})"
        return f"Năm {first.year}"


def period_of(moment: datetime, unit: str, tz: tzinfo) -> Period:
    """The period of ``unit`` that contains ``moment`` (local calendar of ``tz``)."""
    day = moment.astimezone(tz).date()
    if unit == "week":
        first = day - timedelta(days=day.weekday())
        after = first + timedelta(days=7)
    elif unit == "month":
        first = day.replace(day=1)
        after = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    elif unit == "quarter":
        month = (day.month - 1) // 3 * 3 + 1
        first = date(day.year, month, 1)
        after = date(day.year + (month + 3 > 12), (month + 2) % 12 + 1, 1)
    elif unit == "year":
        first, after = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    else:  # pragma: no cover - rules are validated at the door
        raise ValueError(unit)
    return Period(unit, _midnight(first, tz), _midnight(after, tz))


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz)


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
    matcher: KeywordMatcher = field(default_factory=lambda: KeywordMatcher(None), compare=False)

    @property
    def noun(self) -> str:
        """What the rule counts, in Vietnamese: 'tin', 'chương trình', 'sự kiện'."""
        if self.kinds == ("radio",):
            return "chương trình"
        if self.kinds == ("event",):
            return "sự kiện"
        return "tin"

    def counts(self, post: Post) -> bool:
        if self.kinds and post.kind not in self.kinds:
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


@dataclass(frozen=True)
class PeriodResult:
    period: Period
    posts: int
    airings: int
    status: str  # kept | missed | open


@dataclass(frozen=True)
class RuleStatus:
    rule: Rule
    periods: tuple[PeriodResult, ...]
    now: datetime

    @property
    def missed(self) -> tuple[PeriodResult, ...]:
        return tuple(p for p in self.periods if p.status == "missed")

    @property
    def kept(self) -> tuple[PeriodResult, ...]:
        return tuple(p for p in self.periods if p.status == "kept")

    @property
    def current(self) -> PeriodResult | None:
        return next((p for p in self.periods if p.status == "open"), None)

    def shortfall(self, result: PeriodResult) -> list[str]:
        needs = []
        if result.posts < self.rule.min_posts:
            needs.append(f"{self.rule.min_posts - result.posts} {self.rule.noun}")
        if result.airings < self.rule.min_airings:
            needs.append(f"{self.rule.min_airings - result.airings} lần phát sóng")
        return needs

    def describe(self, result: PeriodResult) -> str:
        """One line for an editor: 'Tuần 12/2024 (18/03–24/03/2024): còn 2 ngày, cần thêm 1 tin'."""
        counts = f"{result.posts}/{self.rule.min_posts} {self.rule.noun}"
        if self.rule.min_airings:
            counts += f", {result.airings}/{self.rule.min_airings} lần phát sóng"
        needs = self.shortfall(result)
        if result.status == "open":
            if not needs:
                return f"{result.period.label}: đã đạt ({counts})"
            return (
                f"{result.period.label}: {days_left(result.period, self.now)}, "
                f"cần thêm {' và '.join(needs)} ({counts})"
            )
        if result.status == "missed":
            return f"{result.period.label}: không đạt, thiếu {' và '.join(needs)} ({counts})"
        return f"{result.period.label}: đạt ({counts})"


def days_left(period: Period, now: datetime) -> str:
    """'còn 4 ngày', today included. Counted in whole days, so every build of the same day says
    the same (same commit, same bytes)."""
    days = (period.end.date() - now.astimezone(period.end.tzinfo).date()).days
    return "còn hôm nay" if days <= 1 else f"còn {days} ngày"


def check_cadence(
    plan: CadencePlan, posts: Sequence[Post], now: datetime, tz: tzinfo
) -> list[RuleStatus]:
    """Status of every rule and every period from its start to ``now`` (or its end)."""
    published = [post for post in posts if post.is_published(now)]
    statuses = []
    for rule in plan.rules:
        post_counts: Counter[datetime] = Counter()
        airing_counts: Counter[datetime] = Counter()
        for post in published:
            if not rule.counts(post):
                continue
            post_counts[period_of(post.date, rule.period, tz).start] += 1
            for airing in post.airings:
                if airing <= now:
                    airing_counts[period_of(airing, rule.period, tz).start] += 1
        last_moment = min(now, rule.end) if rule.end else now
        results = []
        period = period_of(rule.start, rule.period, tz)
        while period.start <= last_moment and (rule.end is None or period.start < rule.end):
            posts_in = post_counts[period.start]
            airings_in = airing_counts[period.start]
            enough = posts_in >= rule.min_posts and airings_in >= rule.min_airings
            if period.end > now:
                status = "open"
            else:
                status = "kept" if enough else "missed"
            results.append(PeriodResult(period, posts_in, airings_in, status))
            period = period_of(period.end, rule.period, tz)
        statuses.append(RuleStatus(rule, tuple(results), now))
    return statuses


def duration_warnings(plan: CadencePlan, posts: Sequence[Post]) -> list[Problem]:
    """A radio programme outside a rule's duration range does not count: tell the editor."""
    problems = []
    for rule in plan.rules:
        if not rule.duration:
            continue
        low, high = rule.duration
        for post in posts:
            if post.kind in (rule.kinds or KINDS) and post.duration is not None:
                if not low <= post.duration <= high:
                    problems.append(
                        Problem(
                            post.path,
                            None,
                            "duration",
                            f"chương trình dài {post.duration} phút, quy tắc '{rule.name}' cần "
                            f"{low}–{high} phút nên bài này không được tính",
                            severity=Severity.WARNING,
                        )
                    )
    return problems


def load_presets() -> dict[str, Any]:
    text = resources.files("wardnews").joinpath("data", "cadence-presets.yml").read_text("utf-8")
    return yaml.safe_load(text)


class _RuleReader:
    def __init__(self, catalog: Catalog, tz: tzinfo, config_path: str):
        self.catalog = catalog
        self.tz = tz
        self.config_path = config_path
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.config_path, None, f"{SECTION}.{key}", message))

    def date(self, value: Any, key: str) -> datetime | None:
        if value is None:
            return None
        try:
            return parse_date(str(value), self.tz)
        except DateError as exc:
            self.problem(key, f"{exc}, nhưng gặp {shorten(value)}")
            return None

    def rule(self, raw: Any, where: str, defaults: dict[str, Any]) -> Rule | None:
        if not isinstance(raw, dict):
            self.problem(
                where, f"cần một quy tắc dạng bảng khóa: giá trị, nhưng gặp {shorten(raw)}"
            )
            return None
        unknown = [k for k in raw if k not in RULE_KEYS]
        for key in unknown:
            self.problem(
                f"{where}.{key}", f"khóa không được hỗ trợ; các khóa hợp lệ: {', '.join(RULE_KEYS)}"
            )
        values = {**defaults, **raw}
        ok = not unknown
        rule_id = values.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            self.problem(f"{where}.id", "cần mã quy tắc, ví dụ id: tin-tuan")
            ok = False
        name = values.get("name") or rule_id
        period = values.get("period")
        if period not in PERIODS:
            self.problem(
                f"{where}.period",
                f"cần một trong: {', '.join(PERIODS)}; nhưng gặp {shorten(period)}",
            )
            ok = False
        kinds = _as_tuple(values.get("kinds"))
        for kind in kinds:
            if kind not in KINDS:
                self.problem(
                    f"{where}.kinds",
                    f"cần loại bài trong: {', '.join(KINDS)}; nhưng gặp {shorten(kind)}",
                )
                ok = False
        criteria = tuple(str(c) for c in _as_tuple(values.get("criteria")))
        for code in criteria:
            if self.catalog.get(code) is None:
                self.problem(
                    f"{where}.criteria",
                    f"mã tiêu chí {shorten(code)} không có trong bộ tiêu chí; các mã hợp lệ: {self.catalog.codes_text()}",
                )
                ok = False
        keywords = tuple(str(k) for k in _as_tuple(values.get("keywords")))
        numbers = {}
        for key, default, low in (("min_posts", 1, 0), ("min_airings", 0, 0)):
            value = values.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                self.problem(
                    f"{where}.{key}", f"cần số nguyên từ {low} trở lên, nhưng gặp {shorten(value)}"
                )
                ok = False
            numbers[key] = value
        duration = values.get("duration")
        if duration is not None:
            if (
                not isinstance(duration, list)
                or len(duration) != 2
                or not all(isinstance(d, int) and not isinstance(d, bool) for d in duration)
                or duration[0] > duration[1]
            ):
                self.problem(
                    f"{where}.duration",
                    f"cần [số phút ít nhất, số phút nhiều nhất] như [10, 15], nhưng gặp {shorten(duration)}",
                )
                ok = False
            else:
                duration = (duration[0], duration[1])
        if values.get("start") is None:
            self.problem(
                f"{where}.start", "cần ngày bắt đầu tính nhịp đăng, ví dụ start: 2024-01-01"
            )
            ok = False
        start = self.date(values.get("start"), f"{where}.start")
        end = self.date(values.get("end"), f"{where}.end")
        fail = values.get("fail_on_missed", False)
        if not isinstance(fail, bool):
            self.problem(
                f"{where}.fail_on_missed", f"cần true hoặc false, nhưng gặp {shorten(fail)}"
            )
            ok = False
        if not ok or start is None:
            return None
        if end is not None:
            end = (
                end + timedelta(days=1) if _is_midnight(end) else end
            )  # 'end: 2024-03-31' includes that day
        return Rule(
            id=rule_id,
            name=str(name),
            period=period,
            start=start,
            end=end,
            kinds=kinds,
            criteria=criteria,
            keywords=keywords,
            min_posts=numbers["min_posts"],
            min_airings=numbers["min_airings"],
            duration=duration,
            fail_on_missed=fail,
            matcher=KeywordMatcher.of(keywords),
        )


def _is_midnight(moment: datetime) -> bool:
    return moment.time() == time(0, 0)


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return (value,)


def parse_cadence(
    raw: dict | None, catalog: Catalog, tz: tzinfo, config_path: str = "mkdocs.yml"
) -> tuple[CadencePlan | None, list[Problem]]:
    """Validate the ``cadence`` section; preset rules come first, ``rules`` add or override by id."""
    if raw is None:
        return CadencePlan(rules=()), []
    reader = _RuleReader(catalog, tz, config_path)
    for key in raw:
        if key not in SECTION_KEYS:
            reader.problem(
                str(key), f"khóa không được hỗ trợ; các khóa hợp lệ: {', '.join(SECTION_KEYS)}"
            )
    defaults = {k: raw[k] for k in ("start", "end", "fail_on_missed") if k in raw}
    raw_rules: dict[str, tuple[str, Any]] = {}
    preset = raw.get("preset")
    if preset is not None:
        presets = load_presets()
        if preset not in presets:
            reader.problem(
                "preset", f"cần một trong: {', '.join(presets)}; nhưng gặp {shorten(preset)}"
            )
        else:
            for index, rule in enumerate(presets[preset]["rules"]):
                raw_rules[rule["id"]] = (f"preset[{preset}].{index}", rule)
    extra = raw.get("rules") or []
    if not isinstance(extra, list):
        reader.problem("rules", f"cần danh sách quy tắc, nhưng gặp {shorten(extra)}")
        extra = []
    for index, rule in enumerate(extra):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in raw_rules:  # same id: override some keys of the preset rule
            where, base = raw_rules[rule_id]
            raw_rules[rule_id] = (f"rules[{index}]", {**base, **rule})
        else:
            raw_rules[rule_id or f"#{index}"] = (f"rules[{index}]", rule)
    fail_build = raw.get("fail_build", False)
    if not isinstance(fail_build, bool):
        reader.problem("fail_build", f"cần true hoặc false, nhưng gặp {shorten(fail_build)}")
    rules = [reader.rule(rule, where, defaults) for where, rule in raw_rules.values()]
    if reader.problems:
        return None, reader.problems
    return CadencePlan(tuple(r for r in rules if r), bool(fail_build), preset or ""), []


def status_lines(statuses: Sequence[RuleStatus]) -> list[tuple[bool, str]]:
    """Lines for an editor, each with True when it reports a missed period."""
    lines: list[tuple[bool, str]] = []
    for status in statuses:
        rule = status.rule
        head = f"Nhịp đăng '{rule.name}'"
        current = status.current
        if current is not None:
            lines.append((False, f"{head}: {status.describe(current)}"))
        elif rule.end is not None and rule.end <= status.now:
            last_day = (rule.end - timedelta(seconds=1)).date()
            lines.append(
                (
                    False,
                    f"{head}: đã kết thúc ngày {last_day:%d/%m/%Y}; "
                    f"đạt {len(status.kept)}/{len(status.periods)} kỳ",
                )
            )
        elif not status.periods:
            lines.append((False, f"{head}: chưa đến ngày bắt đầu {rule.start:%d/%m/%Y}"))
        for missed in status.missed:
            lines.append((True, f"{head}: {status.describe(missed)}"))
    return lines
