"""The numbers of a report: what was published in its days, by criterion, kind and month, and
how each posting rule fared (the rules of counting are in the package's docstring)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from types import MappingProxyType

from wardnews.compliance.cadence import PERIODS, PeriodResult, check_cadence
from wardnews.compliance.chart import months_between
from wardnews.content.audio import check_post_audio
from wardnews.content.posts import KINDS, Post
from wardnews.content.project import Project
from wardnews.urls import Links

REPORT_TITLE = "Báo cáo kết quả tuyên truyền chuyển đổi số"
STATUS_LABELS = MappingProxyType({"kept": "Đạt", "missed": "Không đạt", "open": "Đang diễn ra"})
AUTO_MARK = "(tự động)"
NOTES = (
    "Bài được tính khi đã đăng (không phải bản nháp, không hẹn giờ) và có ngày đăng trong kỳ "
    "báo cáo, theo giờ địa phương.",
    "Một bài gắn nhiều tiêu chí được tính ở mỗi tiêu chí; (tự động) là tiêu chí gắn theo từ khóa "
    "cho bài không ghi tiêu chí.",
    "Số lần phát sóng: các lần phát trong kỳ báo cáo (đã diễn ra) của các chương trình đã đăng.",
    "Nhịp đăng: các kỳ (tuần, tháng, quý, năm) có ngày nằm trong kỳ báo cáo, mỗi kỳ xét trọn vẹn.",
    "Số phút âm thanh: thời lượng thật của tệp âm thanh (audio:) các bài đã đăng trong tháng, "
    "đo từ chính tệp.",
)


@dataclass(frozen=True)
class CriterionCount:
    code: str
    name: str
    posts: int
    auto_posts: int  # of ``posts``, those tagged by the keyword rules
    airings: int


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    posts: int
    airings: int


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    posts: int
    airings: int
    by_criterion: tuple[int, ...]  # posts per criterion, in the order of Report.criteria
    audio_minutes: float = 0.0  # of the published audio of the month's programmes, 0.1 min

    @property
    def label(self) -> str:
        return f"Tháng {self.month}/{self.year}"


@dataclass(frozen=True)
class PeriodLine:
    label: str
    posts: int
    airings: int
    status: str  # kept | missed | open

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class RuleSummary:
    id: str
    name: str
    requirement: str
    periods: tuple[PeriodLine, ...]

    def count(self, status: str) -> int:
        """How many of the rule's periods in the report have this status."""
        return sum(1 for period in self.periods if period.status == status)


@dataclass(frozen=True)
class PostLine:
    date: datetime  # local time of the unit
    title: str
    url: str
    kind: str
    criteria: tuple[str, ...]
    auto: bool
    airings: int

    @property
    def criteria_text(self) -> str:
        """'3.1, 3.4', or '3.2 (tự động)' for keyword tags."""
        text = ", ".join(self.criteria)
        return f"{text} {AUTO_MARK}" if text and self.auto else text


@dataclass(frozen=True)
class Report:
    unit_title: str
    section_title: str
    catalog_name: str
    start: date
    end: date
    # The day the figures stop when the report is made before its end; None once it is over.
    as_of: date | None
    criteria: tuple[CriterionCount, ...]
    kinds: tuple[KindCount, ...]
    months: tuple[MonthCount, ...]
    rules: tuple[RuleSummary, ...]
    posts: tuple[PostLine, ...]
    airings: int
    without_criteria: int

    @property
    def audio_minutes(self) -> float:
        return round(sum(month.audio_minutes for month in self.months), 1)

    @property
    def total_posts(self) -> int:
        return len(self.posts)

    @property
    def auto_tagged(self) -> int:
        return sum(1 for post in self.posts if post.auto)

    @property
    def period_text(self) -> str:
        return f"từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"


def post_url(site_url: str, path: str) -> str:
    """Absolute URL under ``site_url``, or the site-relative ``path`` when there is none."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def build_report(project: Project, start: date, end: date, now: datetime, links: Links) -> Report:
    """Count the published posts of ``start``..``end`` (local days, both included)."""
    config = project.config
    tz = config.tz
    range_start = datetime.combine(start, time(0, 0), tzinfo=tz)
    range_end = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=tz)
    published = [post for post in project.posts if post.is_published(now)]
    posts = sorted(
        (post for post in published if range_start <= post.date < range_end),
        key=lambda post: (post.date.timestamp(), post.slug),
    )
    airings = [
        (post, moment)
        for post in published
        for moment in post.airings
        if range_start <= moment < range_end and moment <= now
    ]
    codes = project.catalog.codes

    criteria = []
    for criterion in project.catalog.criteria:
        tagged = [post for post in posts if criterion.code in post.all_criteria]
        criteria.append(
            CriterionCount(
                criterion.code,
                criterion.name,
                len(tagged),
                sum(1 for post in tagged if not post.criteria),
                sum(1 for post, _ in airings if criterion.code in post.all_criteria),
            )
        )
    kinds = tuple(
        KindCount(
            kind,
            label,
            sum(1 for post in posts if post.kind == kind),
            sum(1 for post, _ in airings if post.kind == kind),
        )
        for kind, label in KINDS.items()
    )
    # The audio of the programmes counted (files the build would refuse count for nothing).
    audio, _ = check_post_audio(config, (post for post in posts if post.audio))
    seconds = {post.path: audio[post.audio].seconds for post in posts if post.audio in audio}
    months = _months(posts, airings, codes, tz, start, end, seconds)

    rules = []
    for status in check_cadence(project.cadence, project.posts, now, tz):
        rule = status.rule
        needs = f"mỗi {PERIODS[rule.period]} ít nhất {rule.min_posts} {rule.noun}"
        if rule.min_airings:
            needs += f", {rule.min_airings} lần phát sóng"
        overlapping = (
            result
            for result in status.periods
            if result.period.start < range_end and result.period.end > range_start
        )
        rules.append(RuleSummary(rule.id, rule.name, needs, tuple(map(_line, overlapping))))

    airings_of = Counter(post.path for post, _ in airings)
    lines = tuple(
        PostLine(
            post.date.astimezone(tz),
            post.title,
            post_url(config.site_url, links.post(post)),
            post.kind,
            post.all_criteria,
            bool(post.auto_criteria) and not post.criteria,
            airings_of[post.path],
        )
        for post in posts
    )
    return Report(
        unit_title=config.unit_title,
        section_title=config.section_title,
        catalog_name=project.catalog.name,
        start=start,
        end=end,
        as_of=now.astimezone(tz).date() if now < range_end else None,
        criteria=tuple(criteria),
        kinds=kinds,
        months=months,
        rules=tuple(rules),
        posts=lines,
        airings=len(airings),
        without_criteria=sum(1 for post in posts if not post.all_criteria),
    )


def _months(
    posts: list[Post],
    airings: list[tuple[Post, datetime]],
    codes: tuple[str, ...],
    tz: tzinfo,
    start: date,
    end: date,
    audio_seconds: dict[str, float],
) -> tuple[MonthCount, ...]:
    index = {code: i for i, code in enumerate(codes)}
    keys = months_between(start, end)
    post_counts: Counter[tuple[int, int]] = Counter()
    airing_counts: Counter[tuple[int, int]] = Counter()
    tags = {key: [0] * len(codes) for key in keys}
    seconds: Counter[tuple[int, int]] = Counter()
    for post in posts:
        local = post.date.astimezone(tz)
        post_counts[(local.year, local.month)] += 1
        seconds[(local.year, local.month)] += audio_seconds.get(post.path, 0)
        for code in post.all_criteria:
            if code in index:  # the door rejects unknown codes; stay total anyway
                tags[(local.year, local.month)][index[code]] += 1
    for _post, moment in airings:
        local = moment.astimezone(tz)
        airing_counts[(local.year, local.month)] += 1
    return tuple(
        MonthCount(
            year,
            month,
            post_counts[key],
            airing_counts[key],
            tuple(tags[key]),
            round(seconds[key] / 60, 1),
        )
        for key in keys
        for year, month in [key]
    )


def _line(result: PeriodResult) -> PeriodLine:
    return PeriodLine(result.period.label, result.posts, result.airings, result.status)
