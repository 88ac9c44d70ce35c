"""The radio schedule as an iCalendar file (RFC 5545), made with the ``icalendar`` library.

One event per coming airing. Same input, same bytes: UIDs come from the post's permanent identity
and the airing's time, DTSTAMP from the post's date; the build's clock never enters the file.
Times are written in UTC, so a phone shows them in its own time zone without a VTIMEZONE block.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, timedelta
from urllib.parse import urlsplit

from wardnews.site.schedule import Airing
from wardnews.urls import absolute

PRODUCT_ID = "-//wardnews//Lich phat song//VI"


def event_uid(airing: Airing, host: str) -> str:
    """A UID that stays the same from build to build while the post and the airing do."""
    key = f"{airing.identity}\n{airing.start.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{host}"


def render_calendar(
    coming: Sequence[Airing], *, name: str, site_url: str, timezone_name: str
) -> bytes:
    """The ``.ics`` of ``coming`` airings; links absolute when ``site_url`` is known."""
    # Imported here: icalendar takes a twentieth of a second to import, and the file is made
    # when the site is written (SiteFile.make), where the writing workers share that cost.
    from icalendar import Calendar, Event

    host = (urlsplit(site_url).hostname or "wardnews").lower()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone_name)
    for airing in coming:
        event = Event()
        start = airing.start.astimezone(UTC)
        event.add("uid", event_uid(airing, host))
        event.add("dtstamp", airing.published.astimezone(UTC))
        event.add("dtstart", start)
        if airing.minutes:
            event.add("dtend", start + timedelta(minutes=airing.minutes))
        event.add("summary", airing.title)
        if site_url:
            event.add("url", absolute(site_url, airing.url))
        calendar.add_component(event)
    return calendar.to_ical()
