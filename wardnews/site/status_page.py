"""The site's status page, '<prefix>/tinh-hinh/': how every posting rule stands today.

For editors and the ward's leaders: the current period of every cadence rule (what it still needs,
how many days are left), every missed past period, and the posts-per-month chart of the months
the rules cover (see :func:`chart_months`). The page is computed from values like every page of
``site/plan.py``; whether the site has it is the configuration's choice
(``extra.wardnews.status_page``), checked by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from markupsafe import Markup

from wardnews.compliance.cadence import PERIODS, PeriodResult, RuleStatus, days_left
from wardnews.compliance.chart import count_by_month, months_between, posts_per_month_svg
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import format_day_vi
from wardnews.content.posts import KINDS, Post
from wardnews.content.text import relative_url
from wardnews.site.plan import GeneratedPage
from wardnews.site.render import front_matter
from wardnews.templating import Templates
from wardnews.urls import Links

STATUS_TITLE = "Tình hình thực hiện nhịp đăng bài"
# A chart of more months than this shows only its last ones: bars stay readable on a phone.
CHART_MAX_MONTHS = 24


def status_url(config: UnitConfig) -> str:
    """'tin-tuc/tinh-hinh/': the page's URL relative to the site root."""
    return Links(config.url_prefix).status_page()


def _days_left(period: PeriodResult, now: datetime) -> str:
    return days_left(period.period, now)


def _requirement(status: RuleStatus) -> str:
    rule = status.rule
    text = f"Mỗi {PERIODS[rule.period]} cần ít nhất {rule.min_posts} {rule.noun}"
    if rule.min_airings:
        text += f" và {rule.min_airings} lần phát sóng"
    counted = []
    if rule.kinds:
        counted.append("loại bài: " + ", ".join(KINDS[kind].lower() for kind in rule.kinds))
    if rule.criteria:
        counted.append("tiêu chí " + ", ".join(rule.criteria))
    if counted:
        text += f" (tính {'; '.join(counted)})"
    return text + "."


@dataclass(frozen=True)
class CurrentPeriod:
    text: str  # what the period has and still needs
    met: bool
    last_day: str
    days_left: str


@dataclass(frozen=True)
class RuleView:
    """One cadence rule as the status page shows it."""

    id: str
    name: str
    requirement: str
    current: CurrentPeriod | None
    ended_on: str  # the rule is over
    starts_on: str  # the rule has not begun
    kept: int
    ended: int
    missed: tuple[str, ...]  # newest first


def _rule_view(status: RuleStatus, now: datetime) -> RuleView:
    rule = status.rule
    current = status.current
    period = None
    ended_on = starts_on = ""
    if current is not None:
        period = CurrentPeriod(
            status.describe(current),
            not status.shortfall(current),
            f"{(current.period.end - timedelta(days=1)).date():%d/%m/%Y}",
            # describe() already says the days left when something is still needed.
            _days_left(current, now),
        )
    elif rule.end is not None and rule.end <= now:
        ended_on = f"{(rule.end - timedelta(seconds=1)).date():%d/%m/%Y}"
    elif not status.periods:
        starts_on = f"{rule.start:%d/%m/%Y}"
    return RuleView(
        rule.id,
        rule.name,
        _requirement(status),
        period,
        ended_on,
        starts_on,
        len(status.kept),
        len(status.kept) + len(status.missed),
        tuple(status.describe(result) for result in reversed(status.missed)),
    )


def chart_months(
    statuses: Sequence[RuleStatus], published: Sequence[Post], now: datetime, tz: tzinfo
) -> tuple[date, date]:
    """The first and last day of the chart: the days of the rules (from the earliest start to the
    latest end, today for a rule without end, never past today) when they hold a published post;
    otherwise the twelve months up to the newest published post; the current year without posts.
    At most the last ``CHART_MAX_MONTHS`` months."""
    today = now.astimezone(tz).date()
    days = sorted(post.date.astimezone(tz).date() for post in published)
    first = last = None
    if statuses:
        first = min(status.rule.start.astimezone(tz).date() for status in statuses)
        ends = [
            (status.rule.end - timedelta(seconds=1)).astimezone(tz).date()
            if status.rule.end is not None
            else today
            for status in statuses
        ]
        last = max(first, min(max(ends), today))
        if not any(first <= day <= last for day in days):
            first = last = None
    if first is None or last is None:
        if not days:
            return date(today.year, 1, 1), today
        last = days[-1]
        back = last.year * 12 + last.month - 1 - 11  # the month eleven months before
        first = date(back // 12, back % 12 + 1, 1)
    months = months_between(first, last)
    if len(months) > CHART_MAX_MONTHS:
        year, month = months[-CHART_MAX_MONTHS]
        first = date(year, month, 1)
    return first, last


def chart_period_text(first: date, last: date) -> str:
    """'tháng 1/2024 đến tháng 3/2024', or 'tháng 3/2024' for one month."""
    if (first.year, first.month) == (last.year, last.month):
        return f"tháng {last.month}/{last.year}"
    return f"từ tháng {first.month}/{first.year} đến tháng {last.month}/{last.year}"


def status_page(
    config: UnitConfig,
    catalog: Catalog,
    posts: Sequence[Post],
    statuses: Sequence[RuleStatus],
    now: datetime,
    links: Links,
    templates: Templates | None = None,
) -> GeneratedPage:
    """The page for '<prefix>/tinh-hinh/'. ``statuses`` is ``check_cadence(plan, posts, now, tz)``;
    ``posts`` are the valid posts (drafts and scheduled posts are left out of the chart here)."""
    tz = config.tz
    here = status_url(config)
    local_now = now.astimezone(tz)
    published = [post for post in posts if post.is_published(now)]
    first, last = chart_months(statuses, published, now, tz)
    period = chart_period_text(first, last)
    bars = count_by_month(published, catalog.codes, tz, first, last)
    templates = templates or Templates()
    chart = posts_per_month_svg(
        catalog.criteria,
        bars,
        title=f"Số bài theo tháng và tiêu chí, {period}",
        chart_id="wn-status-chart",
        templates=templates,
    )
    html = templates.render(
        "site/status_page.html",
        title=STATUS_TITLE,
        today=format_day_vi(now, tz),
        unit_title=config.unit_title,
        rules=[_rule_view(status, now) for status in statuses],
        year=local_now.year,  # templates a unit copied before the chart had a period
        chart_period=period,
        chart=Markup(chart),  # compliance.chart makes the SVG; it is inserted as it is
        chart_criteria=catalog.criteria,  # the chart's numbers again, as a table (WCAG 1.1.1)
        chart_months=bars,
        criteria_link=relative_url(here, links.criteria_index()),
    )
    meta = front_matter(STATUS_TITLE, f"Tình hình thực hiện nhịp đăng bài của {config.unit_title}")
    return GeneratedPage(f"{here}index.md", here, STATUS_TITLE, meta + html)
