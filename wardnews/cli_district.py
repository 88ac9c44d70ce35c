"""The terminal's door to the district's side: ``wardnews fetch`` and ``wardnews report
--sources``. Exit codes of ``fetch``: 0 the cache was brought up to date (sources that failed are
named, and keep their last good copy); 2 the configuration is wrong or has no sources."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime
from pathlib import Path

from wardnews.content.config import load_catalog_for, read_project_config
from wardnews.content.project import current_time
from wardnews.problems import Problem, WardnewsError

EXIT_OK = 0
EXIT_BAD_CONFIG = 2
BY = {"tuan": "week", "thang": "month"}


def add_fetch_parser(commands, common: argparse.ArgumentParser) -> None:
    fetch = commands.add_parser(
        "fetch",
        parents=[common],
        help="lấy tin mới từ nguồn tin của các phường, xã (sources) vào bộ nhớ đệm",
    )
    fetch.add_argument(
        "--timeout",
        type=_seconds,
        metavar="GIÂY",
        help="thời gian chờ tối đa cho mỗi nguồn tin (mặc định 60 giây)",
    )


def add_sources_options(report: argparse.ArgumentParser) -> None:
    report.add_argument(
        "--sources",
        action="store_true",
        help="báo cáo giám sát các phường, xã (theo nguồn tin đã lấy) thay cho báo cáo của đơn vị",
    )
    report.add_argument(
        "--by",
        type=_by,
        metavar="KỲ",
        help="với --sources: đếm theo tuan hoặc thang (mặc định: tuan nếu kỳ báo cáo không quá "
        "13 tuần, thang nếu dài hơn)",
    )


def _seconds(text: str) -> float:
    from wardnews.cli import UsageError

    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 600:
        raise UsageError(f"fetch --timeout: cần số giây từ 1 đến 600, nhưng gặp '{text}'")
    return value


def _by(text: str) -> str:
    from wardnews.cli import UsageError

    if text not in BY:
        raise UsageError(f"report --by: cần một trong: {', '.join(BY)}; nhưng gặp '{text}'")
    return BY[text]


def _config(config_file: Path):
    config = read_project_config(config_file)
    if not config.sources:
        message = "chưa có nguồn tin nào: thêm sources (name, level, feed) vào mkdocs.yml"
        raise WardnewsError([Problem(config_file.name, None, "extra.wardnews.sources", message)])
    return config


def run_fetch(args: argparse.Namespace) -> int:
    """``wardnews fetch``: every source into the cache; progress on a terminal."""
    from wardnews.district.fetch import FetchOutcome, FetchSettings, fetch_all

    config = _config(args.config_file)
    settings = FetchSettings() if args.timeout is None else FetchSettings(
        connect_timeout=min(args.timeout, 10.0),
        read_timeout=min(args.timeout, 20.0),
        deadline=args.timeout,
    )  # fmt: skip
    total = len(config.sources)
    done = 0
    terminal = sys.stdout.isatty()

    def progress(outcome: FetchOutcome) -> None:
        nonlocal done
        done += 1
        if terminal:
            mark = "ok" if outcome.ok else "LỖI"
            line = f"\r[{done}/{total}] {outcome.source.title}: {mark}"
            sys.stdout.write(line[:100].ljust(100))
            sys.stdout.flush()

    outcomes = asyncio.run(
        fetch_all(config.root, config.sources, settings=settings, on_done=progress)
    )
    if terminal:
        sys.stdout.write("\n")
    failed = [outcome for outcome in outcomes if not outcome.ok]
    fresh = sum(outcome.new_items for outcome in outcomes)
    print(
        f"Đã lấy tin từ {total - len(failed)}/{total} nguồn: {fresh} tin mới. "
        f"Bộ nhớ đệm: {config.root.name}/.cache/wardnews/sources/"
    )
    for outcome in failed:
        kept = f"giữ {outcome.total_items} tin đã có" if outcome.total_items else "chưa có tin nào"
        print(f"Lỗi: {outcome.source.title} ({outcome.source.feed}): {outcome.error}; {kept}")
    return EXIT_OK


def run_sources_report(args: argparse.Namespace, start: date, end: date, output) -> int:
    """``wardnews report --sources``: the board of ``start``..``end``."""
    from wardnews.district.pages import board_for_report
    from wardnews.district.report import render_board_csv, render_board_html, render_board_xlsx
    from wardnews.templating import Templates

    config = _config(args.config_file)
    catalog, problems = load_catalog_for(config, args.config_file.name)
    if catalog is None:
        raise WardnewsError(problems)
    now: datetime = current_time(config)
    unit = args.by or ("week" if (end - start).days < 13 * 7 else "month")
    board = board_for_report(config, catalog, start, end, now, unit)
    if args.format == "html":
        return output(render_board_html(board, config, Templates(config.templates_path)))
    if args.format == "xlsx":
        return output(render_board_xlsx(board, config))
    if args.format == "csv":
        return output(render_board_csv(board, config))
    print("wardnews report --sources: cần --format csv, xlsx hoặc html", file=sys.stderr)
    return EXIT_BAD_CONFIG
