"""Programmes with audio in the rhythm (``require_audio: true``) and in the report (minutes of
published audio per month)."""

from __future__ import annotations

import csv
import io

from audio_samples import mp3_tone
from support import make_ward
from test_cadence import TZ, at, make_post, plan_of
from test_cli import CONFIG
from test_report import run

from wardnews.compliance.cadence import check_cadence
from wardnews.content.cadence_rules import parse_cadence

RULE = {
    "id": "phat-thanh",
    "name": "Mỗi tháng 01 chương trình có tệp âm thanh",
    "period": "month",
    "kinds": ["radio"],
    "require_audio": True,
}


def test_a_rule_with_require_audio_counts_only_programmes_with_audio(catalog):
    plan = plan_of({"start": "2024-03-01", "rules": [RULE]}, catalog)
    posts = [
        make_post("2024-03-05 06:00", kind="radio", audio="posts/2024/a.mp3"),
        make_post("2024-03-12 06:00", kind="radio"),
        make_post("2024-04-05 06:00", kind="radio"),
    ]
    [status] = check_cadence(plan, posts, at("2024-04-30 12:00"), TZ)
    assert [(r.period.label, r.posts, r.status) for r in status.periods] == [
        ("Tháng 3/2024", 1, "kept"),
        ("Tháng 4/2024", 0, "open"),
    ]
    assert status.rule.noun == "chương trình có tệp âm thanh"
    plain = plan_of({"start": "2024-03-01", "rules": [{**RULE, "require_audio": False}]}, catalog)
    [status] = check_cadence(plain, posts, at("2024-04-30 12:00"), TZ)
    assert [r.posts for r in status.periods] == [2, 1]


def test_require_audio_must_be_true_or_false(catalog):
    raw = {"start": "2024-03-01", "rules": [{**RULE, "require_audio": "có"}]}
    plan, problems = parse_cadence(raw, catalog, TZ)
    assert plan is None
    [problem] = problems
    assert problem.key == "extra.wardnews.cadence.rules[0].require_audio"
    assert problem.message.startswith("cần true hoặc false")
    assert problem.message.endswith("nhưng gặp 'có'")


def _post(root, name: str, front: str) -> None:
    (root / "posts/2024" / name).write_text(f"---\n{front}\n---\nLời chương trình.\n", "utf-8")


def test_the_report_lists_minutes_of_published_audio_per_month(tmp_path):
    root = make_ward(tmp_path / "xa", CONFIG)
    for name, seconds in (("a.mp3", 90.0), ("b.mp3", 60.0), ("nhap.mp3", 600.0)):
        (root / "posts/2024" / name).write_bytes(mp3_tone(seconds))
    radio = "kind: radio\nduration: 1\n"
    _post(root, "a.md", f"title: Số 1\ndate: 2024-03-05 06:00\n{radio}audio: a.mp3")
    _post(root, "b.md", f"title: Số 2\ndate: 2024-03-20 06:00\n{radio}audio: b.mp3")
    _post(root, "c.md", f"title: Số 3\ndate: 2024-04-02 06:00\n{radio}")
    _post(root, "d.md", f"title: Nháp\ndate: 2024-04-09 06:00\n{radio}audio: nhap.mp3\ndraft: true")
    result = run(["report", "--from", "2024-03-01", "--to", "2024-04-30", "--format", "csv"], root)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8").removeprefix("\ufeff"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert summary["Tổng số phút âm thanh chương trình đã đăng"] == "2.5"  # 90 s + 60 s
    start = rows.index(["[Theo tháng]"])
    header, march, april = rows[start + 1 : start + 4]
    assert header[-1] == "Số phút âm thanh đã đăng"
    assert (march[0], march[-1]) == ("Tháng 3/2024", "2.5")
    assert (april[0], april[-1]) == ("Tháng 4/2024", "0.0")  # the draft's audio is not counted
