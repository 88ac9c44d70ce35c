"""scripts/bench's lines for the targets of issue 14, from the figures of one run."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench_targets import print_speed_checks


@dataclass
class Run:
    returncode: int
    seconds: float
    peak_mb: float


@dataclass
class Row:
    count: int
    cold: Run | None = None
    rebuild: dict | None = None
    peers: dict[str, Run] = field(default_factory=dict)


def _lines(rows: list[Row]) -> list[str]:
    lines: list[str] = []
    print_speed_checks(rows, lines.append, lambda passed: "OK" if passed else "KHÔNG ĐẠT")
    return lines


def test_each_measured_target_gets_a_line():
    small = Row(1000, Run(0, 2.5, 120), {"second": 0.4, "first": 2.0, "fresh": True})
    small.peers = {"pelican": Run(0, 3.0, 50), "hugo": Run(0, 0.8, 110), "material": Run(0, 15, 1)}
    large = Row(10000, Run(0, 20.0, 650), None, {"pelican": Run(0, 19.0, 100)})
    huge = Row(100000, Run(0, 500.0, 1800))
    lines = _lines([small, large, huge])
    assert lines[0].startswith("Mục tiêu (issue 14")
    text = "\n".join(lines)
    assert "1,000 bài: ta / Material blog + RSS = 0.17 (mục tiêu <= 0.1): KHÔNG ĐẠT" in text
    assert "1,000 bài: ta / Pelican = 0.83 (mục tiêu < 1): OK" in text
    assert "1,000 bài: ta / Hugo = 3.12 (mục tiêu <= 3): KHÔNG ĐẠT" in text
    assert "10,000 bài: ta / Pelican = 1.05 (mục tiêu < 1): KHÔNG ĐẠT" in text
    assert "10,000 bài: bộ nhớ đỉnh 650 MB (mục tiêu < 600 MB): KHÔNG ĐẠT" in text
    assert "100,000 bài: bộ nhớ đỉnh 1800 MB (mục tiêu < 2048 MB): OK" in text
    assert "100,000 bài: dựng đủ 500 s (mục tiêu < 600 s): OK" in text
    assert "1,000 bài: dựng lại sau 1 sửa (như mkdocs serve) 0.40 s (mục tiêu < 0.5 s): OK" in text


def test_a_failed_or_missing_build_gets_no_line():
    failed = Row(1000, Run(1, 2.0, 100), None, {"hugo": Run(0, 1.0, 100)})
    assert _lines([failed, Row(10000)]) == ["Mục tiêu (issue 14, tốc độ ở mọi cỡ):"]
