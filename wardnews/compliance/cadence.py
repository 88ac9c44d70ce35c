"""Posting rhythm: rules from the communication plans, checked period by period.

A rule (read and validated in content.cadence_rules) says: in every period (ISO week
Monday-Sunday, month, quarter, year; local time), at least ``min_posts`` published posts that
match (kind, criteria, keywords) and, for radio, at least ``min_airings`` broadcasts. Each
period is *kept*, *missed* (it has ended short) or *open* (the current one). Posts are bucketed
once by period, so checking costs O(posts + periods).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from wardnews.content.cadence_rules import PERIODS, CadencePlan, Rule, parse_cadence
from wardnews.content.model import KINDS, Post
from wardnews.problems import Problem, Severity

__all__ = [
    "PERIODS",
    "CadencePlan",
    "Period",
    "PeriodResult",
    "Rule",
    "RuleStatus",
    "check_cadence",
    "days_left",
    "duration_warnings",
    "parse_cadence",
    "period_of",
    "status_lines",
]

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


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
            quarter = _ROMAN[(first.month - 1) // 3 + 1]
            return f"Quý {quarter}/{first.year} ({first:%d/%m}–{last:%d/%m/%Y})"
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
