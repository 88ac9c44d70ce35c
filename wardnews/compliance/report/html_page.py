"""The report as one printable A4 page, from the template ``compliance/report.html``."""

from __future__ import annotations

from wardnews.compliance.chart import MonthBar, posts_per_month_svg
from wardnews.compliance.report.model import NOTES, REPORT_TITLE, Report, RuleSummary
from wardnews.compliance.report.tables import report_tables
from wardnews.content.posts import KINDS
from wardnews.templating import Templates


def report_chart(
    report: Report, templates: Templates | None = None, *, chart_id: str = "wn-report-chart"
) -> str:
    """The report's posts-per-month chart (inline SVG)."""
    bars = [MonthBar(m.year, m.month, m.by_criterion) for m in report.months]
    return posts_per_month_svg(report.criteria, bars, chart_id=chart_id, templates=templates)


def render_html(report: Report, templates: Templates) -> str:
    """The report as a standalone printable page (A4, Vietnamese), chart drawn inline."""
    missed = [
        RuleSummary(rule.id, rule.name, rule.requirement, periods)
        for rule in report.rules
        if (periods := tuple(line for line in rule.periods if line.status == "missed"))
    ]
    posts = [
        {
            "number": number,
            "date": f"{post.date:%d/%m/%Y %H:%M}",
            "title": post.title,
            "url": post.url,
            "kind": KINDS[post.kind],
            "criteria": post.criteria_text,
        }
        for number, post in enumerate(report.posts, start=1)
    ]
    return templates.render(
        "compliance/report.html",
        report=report,
        report_title=REPORT_TITLE,
        heading=f"{REPORT_TITLE} – {report.unit_title} – {report.period_text}",
        by_kind=", ".join(f"{kind.label.lower()} {kind.posts}" for kind in report.kinds),
        as_of=f"{report.as_of:%d/%m/%Y}" if report.as_of is not None else "",
        tables={name: (header, rows) for name, header, rows in report_tables(report)},
        chart=report_chart(report, templates),
        missed=missed,
        posts=posts,
        notes=NOTES,
    )
