from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from wardnews.content.dates import (
    DateError,
    format_short_vi,
    format_vi,
    iso_local,
    month_name_vi,
    parse_date,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLUS_7 = timedelta(hours=7)
EXPECTED = "cần một ngày dạng 2024-03-12, 2024-03-12 08:30 hoặc 12/03/2024 08:30"
WHOLE_MINUTES = (
    "độ lệch múi giờ của ngày này là {}, có cả giây; cần độ lệch tròn phút như +07:00 (hãy ghi "
    "rõ múi giờ, ví dụ 2024-03-12 08:30+07:00)"
)


def test_day_first_date_alone_is_local_midnight_and_aware():
    moment = parse_date("31/12/2024", VN)
    assert moment == datetime(2024, 12, 31, 0, 0, tzinfo=VN)
    assert moment.tzinfo is VN
    assert moment.utcoffset() == PLUS_7
    assert moment.isoformat() == "2024-12-31T00:00:00+07:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/3/2024 08:30", datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
        ("12/03/2024 8:30", datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
        ("12-03-2024 08:30:15", datetime(2024, 3, 12, 8, 30, 15, tzinfo=VN)),
        ("12.03.2024", datetime(2024, 3, 12, tzinfo=VN)),
        ("2024-03-12", datetime(2024, 3, 12, tzinfo=VN)),
        ("2024-03-12 08:30", datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
        ("2024-03-12T08:30:15", datetime(2024, 3, 12, 8, 30, 15, tzinfo=VN)),
        ("  2024-03-12 08:30  ", datetime(2024, 3, 12, 8, 30, tzinfo=VN)),
    ],
)
def test_accepted_forms_without_offset_are_local_time(text, expected):
    moment = parse_date(text, VN)
    assert moment == expected
    assert moment.utcoffset() == PLUS_7


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2024-03-12T08:30:15+07:00", PLUS_7),
        ("2024-03-12 08:30+0700", PLUS_7),
        ("2024-03-12 08:30 +07:00", PLUS_7),
        ("2024-03-12T01:30:15Z", timedelta(0)),
        ("12/03/2024 08:30-05:00", timedelta(hours=-5)),
    ],
)
def test_explicit_offsets_are_kept(text, offset):
    moment = parse_date(text, VN)
    assert moment.utcoffset() == offset


def test_iso_with_offset_is_the_exact_instant():
    moment = parse_date("2024-03-12T08:30:15+07:00", VN)
    assert moment == datetime(2024, 3, 12, 1, 30, 15, tzinfo=UTC)
    assert (moment.hour, moment.minute, moment.second) == (8, 30, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hôm qua", EXPECTED),
        ("", EXPECTED),
        ("12/03/24", EXPECTED),
        ("2024/03/12", EXPECTED),
        ("31/02/2024", "ngày 31/2/2024 không tồn tại"),
        ("29/02/2023", "ngày 29/2/2023 không tồn tại"),
        ("2024-13-01", "tháng 13 không tồn tại (tháng từ 1 đến 12)"),
        ("12/13/2024", "tháng 13 không tồn tại (tháng từ 1 đến 12)"),
        ("2024-03-12 24:00", "giờ 24:00:00 không hợp lệ"),
        ("2024-03-12 08:60", "giờ 08:60:00 không hợp lệ"),
        ("2024-03-12 08:30+15:00", "múi giờ +15:00 không hợp lệ"),
        ("2024-03-12 08:30+07:00:60", "múi giờ +07:00:60 không hợp lệ"),
        # RSS and Atom offsets have no seconds.
        ("2024-03-12 08:30+07:00:30", WHOLE_MINUTES.format("+07:00:30")),
        ("2024-03-12 08:30+070030", WHOLE_MINUTES.format("+07:00:30")),
        ("12/03/2024 08:30 -03:30:01", WHOLE_MINUTES.format("-03:30:01")),
        ("1911-04-30 23:59", "năm 1911 không hợp lệ (năm từ 1912 đến 2999)"),
    ],
)
def test_rejected_with_a_vietnamese_reason(text, message):
    with pytest.raises(DateError) as raised:
        parse_date(text, VN)
    assert str(raised.value) == message


def test_leap_day_is_a_date():
    assert parse_date("29/02/2024", VN) == datetime(2024, 2, 29, tzinfo=VN)


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (11, "Thứ Hai"),
        (12, "Thứ Ba"),
        (13, "Thứ Tư"),
        (14, "Thứ Năm"),
        (15, "Thứ Sáu"),
        (16, "Thứ Bảy"),
        (17, "Chủ Nhật"),
    ],
)
def test_format_vi_weekday_names(day, weekday):
    moment = datetime(2024, 3, day, 8, 30, tzinfo=VN)
    assert format_vi(moment, VN) == f"{weekday}, {day}/03/2024 08:30"


def test_format_vi_shows_local_time_of_an_instant_given_in_utc():
    moment = datetime(2024, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 January in Hà Nội
    assert format_vi(moment, VN) == "Thứ Tư, 01/01/2025 00:30"
    assert format_short_vi(moment, VN) == "01/01/2025"
    assert iso_local(moment, VN) == "2025-01-01T00:30:00+07:00"


def test_month_name_vi():
    assert month_name_vi(3) == "Tháng 3"


@pytest.mark.parametrize(
    "text", ["1912-01-01 08:00+07:00", "2024-03-12 08:30+07:00:00", "1912-01-01", "2024-03-12"]
)
def test_offsets_in_whole_minutes_pass(text):
    offset = parse_date(text, VN).utcoffset()
    assert offset is not None and offset.total_seconds() % 60 == 0


def test_a_zone_whose_local_mean_time_has_seconds():
    # Liberia kept -00:44:30 until 1972: a date written without an offset cannot be in a feed.
    monrovia = ZoneInfo("Africa/Monrovia")
    with pytest.raises(DateError) as raised:
        parse_date("1950-06-01 08:00", monrovia)
    assert str(raised.value) == WHOLE_MINUTES.format("-00:44:30")
    assert parse_date("1973-06-01 08:00", monrovia).utcoffset() == timedelta(0)
