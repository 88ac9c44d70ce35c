"""Cadence rules: periods, statuses, the shipped presets, and the exit-code policy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from wardnews.compliance.cadence import CadencePlan, check_cadence, period_of, status_lines
from wardnews.content.cadence_rules import load_presets, parse_cadence
from wardnews.content.posts import Post

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPO = Path(__file__).resolve().parents[2]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def make_post(
    when: str, kind: str = "news", airings=(), duration=None, title="Tin", **extra
) -> Post:
    moment = at(when)
    return Post(
        path=f"posts/{when}.md",
        title=title,
        date=moment,
        slug=f"p-{moment:%Y%m%d%H%M}-{kind}",
        body="x",
        body_line=4,
        author="A",
        kind=kind,
        airings=tuple(at(a) for a in airings),
        duration=duration,
        **extra,
    )


def plan_of(raw, catalog) -> CadencePlan:
    plan, problems = parse_cadence(raw, catalog, TZ)
    assert problems == [], [p.format() for p in problems]
    return plan


@pytest.mark.parametrize(
    ("unit", "moment", "start", "end", "label"),
    [
        ("week", "2024-03-20 10:00", "2024-03-18", "2024-03-25", "Tuần 12/2024 (18/03–24/03/2024)"),
        ("week", "2024-12-30 00:00", "2024-12-30", "2025-01-06", "Tuần 01/2025 (30/12–05/01/2025)"),
        ("month", "2024-02-29 23:59", "2024-02-01", "2024-03-01", "Tháng 2/2024"),
        ("month", "2024-12-31 12:00", "2024-12-01", "2025-01-01", "Tháng 12/2024"),
        (
            "quarter",
            "2024-11-05 08:00",
            "2024-10-01",
            "2025-01-01",
            "Quý IV/2024 (01/10–31/12/2024)",
        ),
        (
            "quarter",
            "2024-05-05 08:00",
            "2024-04-01",
            "2024-07-01",
            "Quý II/2024 (01/04–30/06/2024)",
        ),
        ("year", "2024-07-01 00:00", "2024-01-01", "2025-01-01", "Năm 2024"),
    ],
)
def test_periods_in_local_time(unit, moment, start, end, label):
    period = period_of(at(moment), unit, TZ)
    assert period.start == at(start) and period.end == at(end)
    assert period.label == label


def test_week_boundary_uses_local_time_not_utc():
    # Monday 00:30 in Hà Nội is Sunday 17:30 UTC: it belongs to the new week.
    utc_sunday = datetime(2024, 3, 17, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert period_of(utc_sunday, "week", TZ).start == at("2024-03-18")


WEEKLY = {
    "start": "2024-03-04",
    "rules": [
        {
            "id": "tin-tuan",
            "name": "1 tin/tuần",
            "period": "week",
            "kinds": ["news"],
            "min_posts": 1,
        }
    ],
}


def test_current_week_says_days_left_and_what_is_needed(catalog):
    statuses = check_cadence(
        plan_of(WEEKLY, catalog), [make_post("2024-03-05 08:00")], at("2024-03-21 12:00"), TZ
    )
    lines = [line for _, line in status_lines(statuses)]
    assert (
        lines[0] == "Nhịp đăng '1 tin/tuần': Tuần 12/2024 (18/03–24/03/2024): còn 4 ngày, "
        "cần thêm 1 tin (0/1 tin)"
    )
    assert (
        lines[1] == "Nhịp đăng '1 tin/tuần': Tuần 11/2024 (11/03–17/03/2024): không đạt, "
        "thiếu 1 tin (0/1 tin)"
    )
    assert len(lines) == 2  # week 10 was kept


def test_drafts_and_future_posts_do_not_count(catalog):
    posts = [make_post("2024-03-05 08:00", draft=True), make_post("2024-03-08 08:00")]
    statuses = check_cadence(plan_of(WEEKLY, catalog), posts, at("2024-03-06 12:00"), TZ)
    assert statuses[0].current.posts == 0


def test_airings_count_in_the_period_they_are_aired(catalog):
    raw = {
        "start": "2024-03-04",
        "rules": [
            {
                "id": "r",
                "name": "Phát thanh",
                "period": "week",
                "kinds": ["radio"],
                "min_airings": 2,
            }
        ],
    }
    radio = make_post(
        "2024-03-08 06:00", kind="radio", airings=["2024-03-08 06:00", "2024-03-11 06:00"]
    )
    [status] = check_cadence(plan_of(raw, catalog), [radio], at("2024-03-20 00:00"), TZ)
    assert [(p.posts, p.airings, p.status) for p in status.periods] == [
        (1, 1, "missed"),
        (0, 1, "missed"),
        (0, 0, "open"),
    ]


def test_rule_filters_by_criteria_including_automatic_ones(catalog):
    raw = {
        "start": "2024-03-04",
        "rules": [{"id": "c", "name": "3.2", "period": "month", "criteria": ["3.2"]}],
    }
    posts = [make_post("2024-03-05 08:00", auto_criteria=("3.2",)), make_post("2024-03-06 08:00")]
    [status] = check_cadence(plan_of(raw, catalog), posts, at("2024-03-20 00:00"), TZ)
    assert status.current.posts == 1


# Each seed plan's obligations, a corpus that keeps them and one that misses them.
def monthly_radio(months, duration=12, airings=3):
    return [
        make_post(
            f"2024-{m:02d}-10 06:00",
            kind="radio",
            duration=duration,
            airings=[f"2024-{m:02d}-{10 + 7 * i} 06:00" for i in range(airings)],
        )
        for m in months
    ]


def monthly_forums(months):
    return [
        make_post(
            f"2024-{m:02d}-20 08:00",
            kind="event",
            title=f"Diễn đàn phổ biến và hỏi đáp về chuyển đổi số tháng {m}",
        )
        for m in months
    ]


WEEK_POSTS = [
    make_post("2024-01-02 08:00"),
    make_post("2024-01-03 06:00", kind="radio", airings=["2024-01-03 06:00", "2024-01-05 17:00"]),
]
QUARTER_EVENT = [make_post("2024-02-01 08:00", kind="event", title="Hội nghị giải đáp")]
YEAR_REVIEW = [
    make_post("2024-12-20 08:00", kind="event", title="Hội nghị sơ kết chuyển đổi số năm 2024")
]
PRESET_CASES = {
    # preset: (last day of the window, keeps, misses)
    "ngoc-trao": ("2024-01-07", WEEK_POSTS, [WEEK_POSTS[0]]),  # no radio programme
    "le-loi": (
        "2024-03-31",
        monthly_radio([1, 2, 3]) + QUARTER_EVENT,
        monthly_radio([1, 3]) + monthly_radio([2], duration=25) + QUARTER_EVENT,  # 25 min: too long
    ),
    "thanh-hoa": ("2024-01-31", monthly_radio([1]), monthly_radio([1], airings=2)),
    "tan-son": (
        "2024-02-29",
        [make_post("2024-01-15 08:00"), make_post("2024-02-15 08:00")],
        [make_post("2024-02-15 08:00")],
    ),
    "tam-ky": (
        "2024-12-31",
        monthly_radio(range(1, 13)) + monthly_forums(range(1, 13)) + YEAR_REVIEW,
        monthly_radio(range(1, 13)) + monthly_forums(range(1, 13)),  # no yearly review
    ),
}


def test_every_seed_plan_has_a_preset():
    assert set(load_presets()) == set(PRESET_CASES)


@pytest.mark.parametrize("preset", sorted(PRESET_CASES))
def test_preset_kept_and_missed(catalog, preset):
    end, keeps, misses = PRESET_CASES[preset]
    plan = plan_of({"preset": preset, "start": "2024-01-01", "end": end}, catalog)
    now = at("2025-06-01 00:00")
    kept = check_cadence(plan, keeps, now, TZ)
    assert all(not s.missed for s in kept), [line for _, line in status_lines(kept)]
    missed = check_cadence(plan, misses, now, TZ)
    assert any(s.missed for s in missed), preset


# --- the sample ward through the CLI --------------------------------------------------------------


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    root = tmp_path / "ngoc-trao"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "posts", root / "posts")
    return root


def wardnews(args, cwd, now="2026-11-22 12:00"):
    exe = shutil.which("wardnews", path=os.path.dirname(sys.executable))
    env = {**os.environ, "WARDNEWS_NOW": now}
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env)


def remove_week(root: Path, first_day: str, last_day: str) -> None:
    for post in (root / "posts").rglob("*.md"):
        if first_day <= post.name[:10] <= last_day:
            post.unlink()


def test_sample_ward_keeps_its_rhythm(sample_copy):
    result = wardnews(["check"], sample_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "đạt 13/13 kỳ" in result.stdout
    assert "không đạt" not in result.stdout


def test_removing_one_week_names_it_and_follows_the_exit_policy(sample_copy):
    remove_week(sample_copy, "2024-02-05", "2024-02-11")
    result = wardnews(["check"], sample_copy)
    assert "Tuần 06/2024 (05/02–11/02/2024): không đạt, thiếu 1 tin (0/1 tin)" in result.stdout
    assert result.returncode == 0  # fail_on_missed: false in the sample

    config = (sample_copy / "mkdocs.yml").read_text("utf-8")
    (sample_copy / "mkdocs.yml").write_text(
        config.replace("fail_on_missed: false", "fail_on_missed: true"), "utf-8"
    )
    strict = wardnews(["check"], sample_copy)
    assert strict.returncode == 3
    assert "Không đạt nhịp đăng bắt buộc" in strict.stdout


def test_just_missed_fails_only_for_a_period_that_just_ended(sample_copy):
    remove_week(sample_copy, "2024-03-25", "2024-03-31")
    just_after = wardnews(["check", "--just-missed", "1"], sample_copy, now="2024-04-01 06:00")
    assert just_after.returncode == 3, just_after.stdout
    later = wardnews(["check", "--just-missed", "1"], sample_copy, now="2024-04-05 06:00")
    assert later.returncode == 0, later.stdout


def test_mkdocs_build_reports_a_missed_week_without_failing_strict(sample_copy, tmp_path):
    shutil.copytree(
        REPO / "hooks", sample_copy / "hooks", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPO / "docs", sample_copy / "docs")
    shutil.copytree(REPO / "overrides", sample_copy / "overrides")
    remove_week(sample_copy, "2024-02-05", "2024-02-11")
    env = {**os.environ, "WARDNEWS_NOW": "2026-11-22 12:00", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=sample_copy, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "Tuần 06/2024 (05/02–11/02/2024): không đạt" in result.stderr

    config = (sample_copy / "mkdocs.yml").read_text("utf-8")
    (sample_copy / "mkdocs.yml").write_text(
        config.replace("fail_on_missed: false", "fail_on_missed: false\n      fail_build: true"),
        "utf-8",
    )
    failing = subprocess.run(command, cwd=sample_copy, capture_output=True, text=True, env=env)
    assert failing.returncode != 0


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2024-03-18 00:00", "còn 7 ngày"),  # Monday: the whole week
        ("2024-03-21 23:59", "còn 4 ngày"),  # Thursday, late: Thursday to Sunday
        ("2024-03-24 08:00", "còn hôm nay"),  # Sunday
    ],
)
def test_days_left_count_whole_days_so_a_day_builds_the_same(catalog, now, expected):
    [status] = check_cadence(plan_of(WEEKLY, catalog), [], at(now), TZ)
    assert expected in status.describe(status.current)
