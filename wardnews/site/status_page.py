"""The site's status page, '<prefix>/tinh-hinh/': how every posting rule stands today.

For editors and the ward's leaders: the current period of every cadence rule (what it still needs,
how many days are left), every missed past period, and the posts-per-month chart of the current
year. The page is computed from values like every page of ``site.py``; whether the site has it is
the configuration's choice (``extra.wardnews.status_page``), checked by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from wardnews.compliance.cadence import PERIODS, PeriodResult, RuleStatus, days_left
from wardnews.compliance.chart import count_by_month, posts_per_month_svg
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import format_day_vi
from wardnews.content.posts import KINDS, Post
from wardnews.content.text import escape, relative_url
from wardnews.site.plan import GeneratedPage
from wardnews.site.render import Links, front_matter

STATUS_SLUG = "tinh-hinh"
STATUS_TITLE = "Tình hình thực hiện nhịp đăng bài"


def status_url(config: UnitConfig) -> str:
    """'tin-tuc/tinh-hinh/': the page's URL relative to the site root."""
    return f"{config.url_prefix}/{STATUS_SLUG}/"


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


def _rule_section(status: RuleStatus, now: datetime) -> str:
    rule = status.rule
    lines = [f'<section class="wn-rule" id="quy-tac-{escape(rule.id)}">']
    lines.append(f"<h2>{escape(rule.name)}</h2>")
    lines.append(f'<p class="wn-rule-need">{escape(_requirement(status))}</p>')
    current = status.current
    if current is not None:
        met = not status.shortfall(current)
        last_day = (current.period.end - timedelta(days=1)).date()
        css = "wn-rule-ok" if met else "wn-rule-due"
        # describe() already says the days left when something is still needed.
        left = f" ({_days_left(current, now)})" if met else ""
        lines.append(
            f'<p class="wn-rule-current {css}"><strong>Kỳ hiện tại:</strong> '
            f"{escape(status.describe(current))}. Kỳ kết thúc hết ngày {last_day:%d/%m/%Y}"
            f"{left}.</p>"
        )
    elif rule.end is not None and rule.end <= now:
        last_day = (rule.end - timedelta(seconds=1)).date()
        lines.append(
            f'<p class="wn-rule-current">Quy tắc đã kết thúc ngày {last_day:%d/%m/%Y}.</p>'
        )
    elif not status.periods:
        lines.append(
            f'<p class="wn-rule-current">Chưa đến ngày bắt đầu tính: {rule.start:%d/%m/%Y}.</p>'
        )
    ended = len(status.kept) + len(status.missed)
    if ended:
        lines.append(f"<p>Đã đạt {len(status.kept)}/{ended} kỳ đã kết thúc.</p>")
    missed = status.missed
    if missed:
        items = "\n".join(
            f'<li class="wn-missed">{escape(status.describe(result))}</li>'
            for result in reversed(missed)
        )
        lines.append(
            f"<h3>Các kỳ không đạt ({len(missed)})</h3>\n"
            f'<ul class="wn-missed-list">\n{items}\n</ul>'
        )
    elif ended:
        lines.append('<p class="wn-rule-ok">Không có kỳ nào không đạt.</p>')
    lines.append("</section>")
    return "\n".join(lines)


def status_page(
    config: UnitConfig,
    catalog: Catalog,
    posts: Sequence[Post],
    statuses: Sequence[RuleStatus],
    now: datetime,
    links: Links,
) -> GeneratedPage:
    """The page for '<prefix>/tinh-hinh/'. ``statuses`` is ``check_cadence(plan, posts, now, tz)``;
    ``posts`` are the valid posts (drafts and scheduled posts are left out of the chart here)."""
    tz = config.tz
    here = status_url(config)
    local_now = now.astimezone(tz)
    year = local_now.year
    blocks = [
        front_matter(
            STATUS_TITLE, f"Tình hình thực hiện nhịp đăng bài của {config.unit_title}"
        ).rstrip("\n"),
        f"<h1>{escape(STATUS_TITLE)}</h1>",
        f'<p class="wn-status-time">Cập nhật ngày {escape(format_day_vi(now, tz))}. Nhịp đăng bài '
        f"theo kế hoạch tuyên truyền về chuyển đổi số của {escape(config.unit_title)}.</p>",
    ]
    if statuses:
        blocks.extend(_rule_section(status, now) for status in statuses)
    else:
        blocks.append(
            '<p class="wn-empty">Chưa có quy tắc nhịp đăng bài nào '
            "(cấu hình extra.wardnews.cadence trong mkdocs.yml).</p>"
        )
    published = [post for post in posts if post.is_published(now)]
    bars = count_by_month(published, catalog.codes, tz, date(year, 1, 1), local_now.date())
    chart = posts_per_month_svg(
        catalog.criteria,
        bars,
        title=f"Số bài theo tháng và tiêu chí, năm {year}",
        chart_id="wn-status-chart",
    )
    criteria_link = escape(relative_url(here, links.criteria_index()))
    blocks += [
        f"<h2>Số bài theo tháng và tiêu chí năm {year}</h2>",
        f'<figure class="wn-chart">\n{chart}\n</figure>',
        f'<p>Xem bài theo từng tiêu chí ở trang <a href="{criteria_link}">Bài viết theo tiêu chí'
        "</a>.</p>",
    ]
    return GeneratedPage(f"{here}index.md", here, STATUS_TITLE, "\n\n".join(blocks) + "\n")
