"""The tables the three formats share: each a section name, a header and rows of values."""

from __future__ import annotations

from typing import Any

from wardnews.compliance.report.model import Report
from wardnews.content.posts import KINDS


def report_tables(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Every table of the report: (section name, header, rows), in the order of the formats."""
    codes = [c.code for c in report.criteria]
    rule_rows = [
        [rule.name, rule.requirement, rule.count("kept"), rule.count("missed"), rule.count("open")]
        for rule in report.rules
    ]
    period_rows = [
        [rule.name, line.label, line.posts, line.airings, line.status_label]
        for rule in report.rules
        for line in rule.periods
    ]
    return [
        (
            "Theo tiêu chí",
            ["Mã tiêu chí", "Tên tiêu chí", "Số bài", "Trong đó gắn tự động", "Số lần phát sóng"],
            [[c.code, c.name, c.posts, c.auto_posts, c.airings] for c in report.criteria],
        ),
        (
            "Theo loại bài",
            ["Loại bài", "Số bài", "Số lần phát sóng"],
            [[k.label, k.posts, k.airings] for k in report.kinds],
        ),
        (
            "Theo tháng",
            [
                "Tháng",
                "Số bài",
                "Số lần phát sóng",
                *(f"Tiêu chí {code}" for code in codes),
                "Số phút âm thanh đã đăng",
            ],
            [
                [m.label, m.posts, m.airings, *m.by_criterion, m.audio_minutes]
                for m in report.months
            ],
        ),
        (
            "Nhịp đăng",
            ["Quy tắc", "Yêu cầu", "Số kỳ đạt", "Số kỳ không đạt", "Số kỳ đang diễn ra"],
            rule_rows,
        ),
        (
            "Nhịp đăng theo kỳ",
            ["Quy tắc", "Kỳ", "Số bài", "Số lần phát sóng", "Kết quả"],
            period_rows,
        ),
        (
            "Danh sách bài",
            ["STT", "Ngày đăng", "Tiêu đề", "Loại bài", "Tiêu chí", "Số lần phát sóng", "Địa chỉ"],
            [
                [n, p.date, p.title, KINDS[p.kind], p.criteria_text, p.airings, p.url]
                for n, p in enumerate(report.posts, start=1)
            ],
        ),
    ]


def summary_rows(report: Report) -> list[tuple[str, Any]]:
    """The report's opening lines: (label, value)."""
    rows: list[tuple[str, Any]] = [
        ("Đơn vị", report.unit_title),
        ("Chuyên mục", report.section_title),
        ("Kỳ báo cáo", report.period_text),
    ]
    if report.as_of is not None:
        rows.append(
            ("Số liệu tính đến ngày", f"{report.as_of:%d/%m/%Y} (kỳ báo cáo chưa kết thúc)")
        )
    rows += [
        ("Bộ tiêu chí", report.catalog_name),
        ("Tổng số bài đã đăng", report.total_posts),
        ("Tổng số lần phát sóng", report.airings),
        ("Tổng số phút âm thanh chương trình đã đăng", report.audio_minutes),
        ("Số bài gắn tiêu chí tự động", report.auto_tagged),
        ("Số bài chưa gắn tiêu chí", report.without_criteria),
    ]
    return rows
