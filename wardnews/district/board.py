"""The supervision board: for each ward and each week or month of a period, the posts and
broadcasts found in its feed's accumulated history, whether its preset rhythm was kept, the date
of its last post and the state of its feed. Wards behind their rhythm come first.

Rhythm is judged by :mod:`wardnews.compliance.cadence` with the shipped presets, exactly as a
ward's own ``wardnews check`` judges it, over the items the cache has gathered (not only what the
feed holds today: a feed keeps only its last N items).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from wardnews.compliance.cadence import Period, check_cadence, period_of
from wardnews.content.cadence_rules import CadencePlan, parse_cadence
from wardnews.content.catalog import Catalog
from wardnews.content.model import Post
from wardnews.content.sources import Source
from wardnews.district.store import FeedRecord, GatheredItem

# A feed whose newest item is older than this, or not fetched successfully for this long, is
# stale: the ward stopped posting, or the district stopped gathering.
STALE_AFTER = timedelta(days=30)
UNFETCHED_AFTER = timedelta(days=7)
BOARD_WEEKS = 8  # the board page of the site: the last eight weeks
UNITS = {"week": "tuần", "month": "tháng"}
NOTE = (
    "Mỗi nguồn tin (RSS, Atom, JSON Feed) chỉ giữ một số bài mới nhất; số liệu ở đây đếm từ mọi "
    "bài đã thu thập được qua các lần lấy tin (wardnews fetch), không chỉ những bài nguồn tin "
    "đang có. Bài đăng trước lần lấy tin đầu tiên mà đã rời khỏi nguồn tin thì không đếm được."
)


@dataclass(frozen=True)
class Cell:
    label: str
    posts: int
    airings: int


@dataclass(frozen=True)
class WardRow:
    source: Source
    cells: tuple[Cell, ...]
    posts: int
    airings: int
    rhythm: str  # what the preset says of the period, in words
    missed: tuple[str, ...]  # each missed period of the preset's rules
    behind: bool
    last_post: datetime | None
    state: str  # ok | stale | failing | never
    state_text: str
    history: int  # items gathered in all


@dataclass(frozen=True)
class Board:
    start: date
    end: date
    unit: str  # week | month
    columns: tuple[str, ...]
    rows: tuple[WardRow, ...]
    now: datetime

    @property
    def behind(self) -> tuple[WardRow, ...]:
        return tuple(row for row in self.rows if row.behind)


def as_post(source: Source, item: GatheredItem) -> Post:
    """A gathered item as the cadence checks see a post (they read kind, criteria, title,
    summary, date and airings)."""
    return Post(
        path=f"{source.slug}/{item.id}",
        title=item.title,
        date=item.published,
        slug=source.slug,
        body="",
        body_line=0,
        author=item.author,
        criteria=item.criteria,
        summary=item.summary,
        kind=item.kind,
        airings=item.airings,
    )


def periods_between(start: date, end: date, unit: str, tz: tzinfo) -> list[Period]:
    """Every week or month that overlaps ``start``..``end`` (both days included)."""
    moment = datetime.combine(start, time(0, 0), tzinfo=tz)
    last = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=tz)
    periods = []
    period = period_of(moment, unit, tz)
    while period.start < last:
        periods.append(period)
        period = period_of(period.end, unit, tz)
    return periods


def feed_state(record: FeedRecord, last_post: datetime | None, now: datetime, tz: tzinfo):
    """(state, words): ok, stale since X, failing since Y with the reason, or never fetched."""
    if record.failing_since is not None:
        since = f"{record.failing_since.astimezone(tz):%d/%m/%Y %H:%M}"
        return "failing", f"lỗi từ {since}: {record.error}"
    if record.last_success is None:
        return "never", "chưa lấy tin lần nào (chạy wardnews fetch)"
    if now - record.last_success > UNFETCHED_AFTER:
        return "stale", f"không cập nhật từ {record.last_success.astimezone(tz):%d/%m/%Y}"
    if last_post is None:
        return "stale", "nguồn tin chưa có bài nào"
    if now - last_post > STALE_AFTER:
        return "stale", f"không có bài mới từ {last_post.astimezone(tz):%d/%m/%Y}"
    return "ok", "bình thường"


def _rhythm(
    source: Source, posts: Sequence[Post], plans: dict[str, CadencePlan | None], now: datetime, tz
) -> tuple[str, tuple[str, ...]]:
    plan = plans.get(source.preset)
    if plan is None:  # no preset (presets are checked at the door)
        return "không đặt nhịp đăng (preset)", ()
    statuses = check_cadence(plan, posts, now, tz)
    missed = tuple(
        f"{status.rule.name}: {status.describe(result)}"
        for status in statuses
        for result in status.missed
    )
    ended = sum(len(status.kept) + len(status.missed) for status in statuses)
    if missed:
        return f"không đạt {len(missed)}/{ended} kỳ ({source.preset})", missed
    if ended:
        return f"đạt {ended}/{ended} kỳ ({source.preset})", ()
    return f"chưa hết kỳ nào ({source.preset})", ()


def build_board(
    gathered: Sequence[tuple[Source, FeedRecord]],
    start: date,
    end: date,
    now: datetime,
    tz: tzinfo,
    catalog: Catalog,
    unit: str = "week",
) -> Board:
    """The board of ``start``..``end`` (both included), by ``unit`` (week or month)."""
    periods = periods_between(start, end, unit, tz)
    first = datetime.combine(start, time(0, 0), tzinfo=tz)
    after = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=tz)
    rows = []
    plans = {}  # one plan per preset for the whole board: the same rules, start and end
    for preset in sorted({source.preset for source, _record in gathered if source.preset}):
        raw = {"preset": preset, "start": start.isoformat(), "end": end.isoformat()}
        plans[preset] = parse_cadence(raw, catalog, tz)[0]
    for source, record in gathered:
        posts = [as_post(source, item) for item in record.items if item.published <= now]
        counts: Counter[datetime] = Counter()
        airings: Counter[datetime] = Counter()
        for post in posts:
            if first <= post.date < after:
                counts[period_of(post.date, unit, tz).start] += 1
            for airing in post.airings:
                if first <= airing < after and airing <= now:
                    airings[period_of(airing, unit, tz).start] += 1
        cells = tuple(Cell(p.label, counts[p.start], airings[p.start]) for p in periods)
        last_post = max((post.date for post in posts), default=None)
        rhythm, missed = _rhythm(source, posts, plans, now, tz)
        state, state_text = feed_state(record, last_post, now, tz)
        rows.append(
            WardRow(
                source,
                cells,
                sum(counts.values()),
                sum(airings.values()),
                rhythm,
                missed,
                bool(missed),
                last_post,
                state,
                state_text,
                len(record.items),
            )
        )
    rows.sort(key=lambda row: (not row.behind, row.state == "ok", row.source.slug))
    return Board(start, end, unit, tuple(map(column_label, periods)), tuple(rows), now)


def column_label(period: Period) -> str:
    """'Tuần 43 (19/10)', 'Tháng 10/2026': short, for a column."""
    first = period.start.date()
    if period.unit == "week":
        return f"Tuần {first.isocalendar()[1]} ({first:%d/%m})"
    return period.label


def default_period(now: datetime, tz: tzinfo, weeks: int = BOARD_WEEKS) -> tuple[date, date]:
    """The board page's period: the last ``weeks`` weeks, the current one included."""
    this_week = period_of(now, "week", tz).start.date()
    return this_week - timedelta(weeks=weeks - 1), now.astimezone(tz).date()
