"""The radio schedule (wardnews.site.schedule) and its iCalendar file (wardnews.site.calendar).

The calendar is read back with the ``icalendar`` library, as a calendar application would.
"""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import lxml.html

from wardnews.content.posts import Post
from wardnews.site.calendar import render_calendar
from wardnews.site.schedule import PAST_DAYS, collect_schedule, schedule_page
from wardnews.templating import Templates
from wardnews.urls import Links

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINKS = Links("tin-tuc")
NOW = datetime(2024, 3, 20, 12, 0, tzinfo=TZ)
SITE_URL = "https://ngoctrao.thanhhoa.gov.vn/cds/"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=TZ)


def radio(slug: str, *airings: datetime, **fields) -> Post:
    values = dict(
        path=f"posts/2024/{slug}.md",
        title=f"Chuyên mục {slug}",
        date=at(1, 8),
        slug=slug,
        body="Nội dung.\n",
        body_line=5,
        author="Lan",
        kind="radio",
        airings=airings,
        duration=12,
    )
    values.update(fields)
    return Post(**values)


POSTS = (
    radio("so-12", at(18, 6), at(21, 17), at(23, 6)),
    radio("so-11", at(11, 6), at(14, 17), at(23, 17), duration=None),
    radio("so-09", at(1, 6)),  # aired more than a week ago
    Post(  # news with airings (the reader warns about it): not a programme
        path="posts/2024/tin.md",
        title="Tin",
        date=at(2, 8),
        slug="tin",
        body="x\n",
        body_line=5,
        author="Lan",
        airings=(at(22, 6),),
    ),
)


def test_coming_and_past_week_airings_in_time_order():
    schedule = collect_schedule(POSTS, NOW, LINKS, "posts")
    assert [(a.start, a.url) for a in schedule.coming] == [
        (at(21, 17), "tin-tuc/so-12/"),
        (at(23, 6), "tin-tuc/so-12/"),
        (at(23, 17), "tin-tuc/so-11/"),
    ]
    assert [a.start for a in schedule.past] == [at(14, 17), at(18, 6)]
    assert all(NOW - timedelta(days=PAST_DAYS) <= a.start < NOW for a in schedule.past)


def test_page_groups_airings_by_local_day_and_links_each_programme():
    schedule = collect_schedule(POSTS, NOW, LINKS, "posts")
    html = schedule_page(
        schedule, links=LINKS, tz=TZ, unit_title="Phường Ngọc Trạo", site_url=SITE_URL,
        templates=Templates(),
    )  # fmt: skip
    page = lxml.html.fromstring(html)
    days = page.xpath("//h3[@class='wn-day']/time/@datetime")
    # Coming: 21 and 23 March (two airings that day); past week: 14 and 18 March.
    assert days == ["2024-03-21", "2024-03-23", "2024-03-14", "2024-03-18"]
    first_day = page.xpath("//ul[@class='wn-airing-list']")[1]
    assert [li.xpath("string(time)") for li in first_day] == ["06:00", "17:00"]
    assert first_day.xpath("li/a/@href") == ["../so-12/", "../so-11/"]
    links = page.xpath("//p[@class='wn-calendar-link']/a/@href")
    assert links == [
        "lich-phat-song.ics",
        "webcal://ngoctrao.thanhhoa.gov.vn/cds/tin-tuc/lich-phat-song/lich-phat-song.ics",
    ]


def test_airings_after_midnight_utc_fall_on_their_local_day():
    late = collect_schedule([radio("dem", at(21, 6, 30))], at(21, 0), LINKS, "posts")
    page = lxml.html.fromstring(
        schedule_page(
            late, links=LINKS, tz=TZ, unit_title="Phường X", site_url="", templates=Templates()
        )
    )
    # 06:30 in Hà Nội is 23:30 UTC the day before; the page shows the local day.
    assert page.xpath("//h3[@class='wn-day']/time/@datetime") == ["2024-03-21"]
    assert page.xpath("//p[@class='wn-calendar-link']/a/@href") == ["lich-phat-song.ics"]


def calendar_of(posts, now=NOW) -> bytes:
    schedule = collect_schedule(posts, now, LINKS, "posts")
    return render_calendar(
        schedule.coming, name="Lịch phát sóng", site_url=SITE_URL, timezone_name="Asia/Ho_Chi_Minh"
    )


def test_calendar_has_one_event_per_coming_airing_with_its_time_and_programme():
    calendar = icalendar.Calendar.from_ical(calendar_of(POSTS))
    events = calendar.walk("VEVENT")
    assert [event.decoded("dtstart") for event in events] == [at(21, 17), at(23, 6), at(23, 17)]
    assert [str(event["url"]) for event in events] == [
        f"{SITE_URL}tin-tuc/so-12/",
        f"{SITE_URL}tin-tuc/so-12/",
        f"{SITE_URL}tin-tuc/so-11/",
    ]
    first = events[0]
    assert str(first["summary"]) == "Chuyên mục so-12"
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=12)
    assert "dtend" not in events[2]  # no duration given: no invented end
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_calendar_is_the_same_bytes_for_the_same_input_and_uids_survive_other_changes():
    first = calendar_of(POSTS)
    assert calendar_of(POSTS) == first
    uids = {
        str(e["uid"]): e.decoded("dtstart")
        for e in icalendar.Calendar.from_ical(first).walk("VEVENT")
    }
    # Another programme added, and the clock moved past the first airing: the others keep UIDs.
    later = calendar_of((*POSTS, radio("so-13", at(25, 6))), now=at(22, 0))
    again = {
        str(e["uid"]): e.decoded("dtstart")
        for e in icalendar.Calendar.from_ical(later).walk("VEVENT")
    }
    assert {uid: start for uid, start in uids.items() if start >= at(22, 0)}.items() <= (
        again.items()
    )
    assert at(25, 6) in again.values() and at(21, 17) not in again.values()


def test_long_titles_of_any_text_fold_within_75_octets_and_read_back_whole():
    # Vietnamese letters (2 and 3 octets), 4-octet characters, and every character TEXT escapes,
    # at every position a fold can fall on.
    rng = random.Random(14)
    alphabet = "aăâđeêoôơuưyAĐ ớờởỡợ,;\\\n😀:\"'"
    titles = ["\\" * 80, ";" * 80, "ờ" * 40, "😀" * 30, "a" * 74, "a" * 75, "a" * 76]
    titles += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200))) for _ in range(300)
    ]
    posts = [
        radio(f"so-{number}", at(21, 6) + timedelta(minutes=number), title=title)
        for number, title in enumerate(titles)
    ]
    data = calendar_of(posts, now=at(20, 0))
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # never cut inside a character
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == [t.replace("\r", "") for t in titles]


def test_no_fold_splits_an_escape_from_its_character():
    for width in range(60, 80):
        title = "x" * width + "\\;" * 40 + "\\\\" * 40
        data = calendar_of([radio("so-1", at(21, 6), title=title)], now=at(20, 0))
        lines = data.decode("utf-8").split("\r\n")
        summary = [lines[i] for i in range(len(lines)) if lines[i].startswith("SUMMARY:")][0]
        at_line = lines.index(summary)
        folded = [summary]
        for line in lines[at_line + 1 :]:
            if not line.startswith(" "):
                break
            folded.append(line[1:])
        for piece in folded[:-1]:
            trailing = len(piece) - len(piece.rstrip("\\"))
            assert trailing % 2 == 0, (width, piece)  # an opening backslash stays with its pair
        event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
        assert str(event["summary"]) == title


def test_the_calendar_is_made_without_importing_icalendar():
    script = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from wardnews.site.calendar import render_calendar\n"
        "from wardnews.site.schedule import Airing\n"
        "t = datetime(2024, 3, 21, 6, tzinfo=timezone.utc)\n"
        "data = render_calendar([Airing(t, 10, 'Số 1', 'tin-tuc/so-1/', 'id', t)], name='L',"
        " site_url='https://x.vn/', timezone_name='Asia/Ho_Chi_Minh')\n"
        "assert b'BEGIN:VEVENT' in data\n"
        "print('icalendar' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
