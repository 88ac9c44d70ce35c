"""Dates as editors write them, and as residents read them.

Accepted forms (a date without an offset is local time of the unit):

- ISO: ``2024-03-12``, ``2024-03-12 08:30``, ``2024-03-12T08:30:15``, ``2024-03-12 08:30+07:00``
- Vietnamese day-first: ``12/03/2024``, ``12/3/2024 08:30``, ``12-03-2024 08:30:15``

A date alone means 00:00 local time.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from babel.dates import format_date

_TIME = r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
# Seconds in an offset are read only to be refused with a clear message (RSS and Atom have none).
_OFFSET = r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2}(?::?\d{2})?)?"
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME + _OFFSET + "$")
_DAY_FIRST = re.compile(
    r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})" + _TIME + _OFFSET + "$"
)

EXPECTED_DATE = "một ngày dạng 2024-03-12, 2024-03-12 08:30 hoặc 12/03/2024 08:30"
# From 1912 on Vietnam's zone has whole-minute offsets (its local mean time, +07:06:30, lasted
# until 1911; feeds cannot carry seconds, see _check_whole_minutes).
YEAR_RANGE = (1912, 2999)


class DateError(ValueError):
    """A text that is not a date; the message is Vietnamese and says why."""


def parse_date(text: str, tz: tzinfo) -> datetime:
    """Read a date as an editor wrote it; always returns an aware datetime."""
    text = text.strip()
    match = _ISO.match(text) or _DAY_FIRST.match(text)
    if not match:
        raise DateError(f"cần {EXPECTED_DATE}")
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    # A typo such as 0024 or 9024 is not a date of a news item; years near 1 or 9999 also
    # overflow when converted to another time zone (a traceback in the build).
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise DateError(f"năm {year} không hợp lệ (năm từ {YEAR_RANGE[0]} đến {YEAR_RANGE[1]})")
    if not 1 <= month <= 12:
        raise DateError(f"tháng {month} không tồn tại (tháng từ 1 đến 12)")
    try:
        day_value = date(year, month, day)
    except ValueError:
        raise DateError(f"ngày {day}/{month}/{year} không tồn tại") from None
    hour = int(parts["hour"] or 0)
    minute = int(parts["minute"] or 0)
    second = int(parts["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f"giờ {hour:02d}:{minute:02d}:{second:02d} không hợp lệ")
    moment = datetime.combine(day_value, time(hour, minute, second))
    offset = parts["offset"]
    aware = moment.replace(tzinfo=tz if offset is None else _parse_offset(offset))
    _check_whole_minutes(aware)
    return aware


def _check_whole_minutes(moment: datetime) -> None:
    """RSS and Atom write offsets in hours and minutes; a zone's local mean time before standard
    time (Africa/Monrovia until 1972: -00:44:30) has seconds that no feed can carry."""
    offset = moment.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        total = int(offset.total_seconds())
        minutes, seconds = divmod(abs(total), 60)
        shown = f"{'-' if total < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}"
        raise DateError(
            f"độ lệch múi giờ của ngày này là {shown}, có cả giây; cần độ lệch tròn phút như "
            "+07:00 (hãy ghi rõ múi giờ, ví dụ 2024-03-12 08:30+07:00)"
        )


def _parse_offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4]), int(digits[4:] or 0)
    if hours > 14 or minutes > 59 or seconds > 59:
        raise DateError(f"múi giờ {text} không hợp lệ")
    return timezone(sign * timedelta(hours=hours, minutes=minutes, seconds=seconds))


def format_vi(moment: datetime, tz: tzinfo) -> str:
    """'Thứ Ba, 12/03/2024 08:30', the way Vietnamese portals show an article's time."""
    local = moment.astimezone(tz)
    return f"{_weekday(local.weekday())}, {local:%d/%m/%Y %H:%M}"


def format_day_vi(moment: datetime, tz: tzinfo) -> str:
    """'Thứ Ba, 12/03/2024', a day without its time."""
    local = moment.astimezone(tz)
    return f"{_weekday(local.weekday())}, {local:%d/%m/%Y}"


@functools.cache
def weekday_names() -> tuple[str, ...]:
    """Babel's Vietnamese weekday names, Monday first ('Thứ Hai' ... 'Chủ Nhật'): asked of Babel
    once per process, not once per post (2024-01-01 is a Monday). Not when the module is
    imported: Babel loads its Vietnamese data then (10 ms of a build's single-core start-up)."""
    return tuple(
        format_date(date(2024, 1, 1) + timedelta(days=number), "EEEE", locale="vi")
        for number in range(7)
    )


def _weekday(number: int) -> str:
    return weekday_names()[number]


def format_short_vi(moment: datetime, tz: tzinfo) -> str:
    """'12/03/2024' for lists."""
    return f"{moment.astimezone(tz):%d/%m/%Y}"


def iso_local(moment: datetime, tz: tzinfo) -> str:
    """'2024-03-12T08:30:00+07:00' for <time datetime> and machines."""
    return moment.astimezone(tz).isoformat()


def month_name_vi(month: int) -> str:
    return f"Tháng {month}"
