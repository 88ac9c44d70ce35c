"""The radio schedule ('Lịch phát sóng'): when the ward's radio programmes air, as values.

Every radio post lists its airings (``airings:``). :func:`collect_schedule` turns the shown posts
into the airings still to come and those of the past week, in time order, each with the post it
airs; :func:`schedule_page` renders the page, :mod:`wardnews.site.calendar` the ``.ics`` file, and
the home page shows the next few. "Now" is the build's own (``WARDNEWS_NOW`` pins it): the daily
scheduled CI build moves the schedule on, as it publishes scheduled posts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import groupby

from wardnews.content.dates import format_day_vi, format_vi, iso_local
from wardnews.content.posts import Post, post_identity
from wardnews.content.text import relative_url
from wardnews.templating import Templates
from wardnews.urls import Links, absolute

PAST_DAYS = 7
# The page lists at most this many coming airings (the calendar file has them all).
PAGE_LIMIT = 500
SCHEDULE_TITLE = "Lịch phát sóng"


@dataclass(frozen=True)
class Airing:
    """One airing of a radio programme: when, how long, and the post that presents it."""

    start: datetime
    minutes: int | None
    title: str
    url: str  # the programme's page, relative to the site root
    identity: str  # the post's permanent identity (as in feeds): the calendar's UIDs use it
    published: datetime  # the post's date: the calendar's DTSTAMP, never the build's clock


@dataclass(frozen=True)
class Schedule:
    """Airings still to come and those of the last ``PAST_DAYS`` days, both in time order."""

    coming: tuple[Airing, ...]
    past: tuple[Airing, ...]


def collect_schedule(
    shown: Sequence[Post], now: datetime, links: Links, posts_dir: str
) -> Schedule:
    """The schedule of the radio posts among ``shown``, as it stands at ``now``."""
    since = now - timedelta(days=PAST_DAYS)
    coming: list[Airing] = []
    past: list[Airing] = []
    for post in shown:
        if post.kind != "radio" or not post.airings:
            continue
        identity = post_identity(post, posts_dir)[1]
        for start in post.airings:
            if start < since:
                continue
            airing = Airing(start, post.duration, post.title, links.post(post), identity, post.date)
            (coming if start >= now else past).append(airing)
    order = lambda airing: (airing.start, airing.url)  # noqa: E731
    return Schedule(tuple(sorted(coming, key=order)), tuple(sorted(past, key=order)))


@dataclass(frozen=True)
class AiringItem:
    """An airing as a page shows it: times in words and for ``<time>``, a relative link."""

    iso: str
    text: str  # '06:00' under a day's heading; the whole date and time elsewhere
    title: str
    href: str
    minutes: int | None


@dataclass(frozen=True)
class Day:
    iso: str
    heading: str
    items: tuple[AiringItem, ...]


def airing_items(
    airings: Sequence[Airing], here: str, tz: tzinfo, with_date: bool = True
) -> list[AiringItem]:
    """Airings as items of the page ``here``: times in the unit's time zone."""
    return [
        AiringItem(
            iso_local(airing.start, tz),
            format_vi(airing.start, tz) if with_date else f"{airing.start.astimezone(tz):%H:%M}",
            airing.title,
            relative_url(here, airing.url),
            airing.minutes,
        )
        for airing in airings
    ]


def days(airings: Sequence[Airing], here: str, tz: tzinfo) -> list[Day]:
    """Airings grouped by local day, in time order."""
    grouped = []
    for day, group in groupby(airings, key=lambda airing: airing.start.astimezone(tz).date()):
        items = list(group)
        grouped.append(
            Day(
                day.isoformat(),
                format_day_vi(items[0].start, tz),
                tuple(airing_items(items, here, tz, with_date=False)),
            )
        )
    return grouped


def schedule_page(
    schedule: Schedule,
    *,
    links: Links,
    tz: tzinfo,
    unit_title: str,
    site_url: str,
    templates: Templates,
) -> str:
    """The schedule page's content: coming airings by day, then the past week's."""
    here = links.schedule()
    coming = schedule.coming[:PAGE_LIMIT]
    return templates.render(
        "site/schedule.html",
        title=SCHEDULE_TITLE,
        unit_title=unit_title,
        coming=days(coming, here, tz),
        more=len(schedule.coming) - len(coming),
        past=days(schedule.past, here, tz),
        past_days=PAST_DAYS,
        calendar_href=relative_url(here, links.calendar()),
        subscribe_href=subscribe_address(site_url, links),
    )


def subscribe_address(site_url: str, links: Links) -> str:
    """The calendar's ``webcal:`` address, which a phone subscribes to ('' without site_url)."""
    if not site_url:
        return ""
    return "webcal://" + absolute(site_url, links.calendar()).split("://", 1)[1]
