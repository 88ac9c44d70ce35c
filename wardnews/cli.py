"""The ``wardnews`` command. Exit codes (also in README):

0  every post is valid (warnings may be printed), no required rhythm missed
1  at least one post has an error: nothing is published until it is fixed
2  the configuration (mkdocs.yml, criteria catalog, cadence) is wrong, or the command was misused
3  posts are valid, but a cadence rule with ``fail_on_missed: true`` missed an ended period, or
   (with ``--just-missed DAYS``) any rule missed a period that ended in the last DAYS days
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import NoReturn

from wardnews import cli_district
from wardnews.admin.commands import add_editor_parsers, run_editor_command
from wardnews.compliance.cadence import check_cadence, status_lines
from wardnews.content.config import read_project_config
from wardnews.content.markdown_config import read_markdown_settings
from wardnews.content.project import current_time, load_project
from wardnews.problems import Problem, WardnewsError, format_problems
from wardnews.session import BuildSession
from wardnews.site.plan import plan_site

EXIT_OK = 0
EXIT_INVALID_POSTS = 1
EXIT_BAD_CONFIG = 2
EXIT_MISSED_CADENCE = 3


class UsageError(Exception):
    """The command was misused; the message, in Vietnamese, says how (exit code 2).

    Raised by our own checks and by the ``type`` functions of options: argparse lets any
    exception other than ValueError and TypeError through, so its English never shows."""


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[override]
        # argparse passes '' for the usage a subcommand shows in its own 'prog'.
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese headings, and errors raised to :func:`main` instead of printed
    in English: no option is ``required`` and no option has ``choices`` (both are checked by
    :func:`parse_command`); what argparse still finds (an option without its value, an unknown
    command) comes out as :class:`argparse.ArgumentError` naming the argument."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("exit_on_error", False)
        kwargs.setdefault("allow_abbrev", False)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:  # only reached by argparse paths we do not expect
        self.print_usage(sys.stderr)
        sys.stderr.write(f"wardnews: lỗi: {message}\n")
        sys.exit(EXIT_BAD_CONFIG)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wardnews",
        description="Chuyên mục chuyển đổi số: kiểm tra bài viết và dựng trang tin.",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        type=Path,
        help="tệp cấu hình (mặc định: mkdocs.yml trong thư mục hiện tại)",
    )
    check = commands.add_parser(
        "check", parents=[common], help="kiểm tra mọi bài viết, in ra mọi lỗi và nhịp đăng bài"
    )
    check.add_argument(
        "--just-missed",
        type=_days,
        metavar="NGÀY",
        help="thoát mã 3 nếu một kỳ vừa kết thúc trong NGÀY ngày qua không đạt nhịp đăng "
        "(dùng cho lần dựng trang theo lịch hằng ngày)",
    )
    add_report_parser(commands, common)
    cli_district.add_fetch_parser(commands, common)
    new = commands.add_parser(
        "new", parents=[common], help="tạo tệp bài viết mới với phần đầu bài đã điền sẵn"
    )
    new.add_argument("title", nargs="?", metavar="TIÊU_ĐỀ", help="tiêu đề bài viết, trong dấu nháy")
    new.add_argument("--kind", default="news", help="news (mặc định), radio hoặc event")
    new.add_argument("--date", help="ngày giờ đăng, ví dụ '2024-03-12 08:30' (mặc định: bây giờ)")
    new.add_argument(
        "--audio",
        metavar="TỆP",
        help="tệp âm thanh của chương trình (mp3, m4a, ogg), với --kind radio: chép vào cạnh bài, "
        "điền audio: và duration:",
    )
    add_editor_parsers(commands, common)
    return parser


def run_new(args: argparse.Namespace) -> int:
    """``wardnews new``: create posts/YYYY/YYYY-MM-DD-slug.md and print its path."""
    from wardnews.content.config import load_catalog_for
    from wardnews.content.dates import DateError, parse_date
    from wardnews.content.newpost import check_new_audio, draft_post, write_new_post

    config = read_project_config(args.config_file)
    catalog, problems = load_catalog_for(config, args.config_file.name)
    if catalog is None:
        raise WardnewsError(problems)
    moment = current_time(config)
    if args.date:
        try:
            moment = parse_date(args.date, config.tz)
        except DateError as exc:
            print(f"wardnews new: --date: {exc}, nhưng gặp '{args.date}'", file=sys.stderr)
            return EXIT_BAD_CONFIG
    audio = check_new_audio(config, Path(args.audio), args.kind) if args.audio else None
    if isinstance(audio, Problem):
        print(audio.format(), file=sys.stderr)
        return EXIT_INVALID_POSTS
    post = draft_post(config, catalog, args.title, moment, args.kind, audio)
    problem = post if isinstance(post, Problem) else write_new_post(post)
    if problem is not None:
        print(problem.format(), file=sys.stderr)
        return EXIT_INVALID_POSTS
    print(post.path.relative_to(config.root).as_posix())
    return EXIT_OK


def run_check(
    config_file: Path, just_missed: int | None = None, session: BuildSession | None = None
) -> int:
    """``wardnews check``: every problem of every post, then the rhythm; returns the exit code."""
    session = session or BuildSession("check")
    config = read_project_config(config_file)
    project = load_project(config, config_file.name)
    now = current_time(config)
    problems = list(project.problems)
    if not project.errors:
        # Links between posts are checked where the pages are computed, as the build does,
        # with the Markdown of mkdocs.yml.
        markdown = read_markdown_settings(config_file)
        plan = plan_site(
            config, project.catalog, project.posts, now, markdown=markdown, renders=session.renders
        )
        problems += plan.problems
    errors = [problem for problem in problems if problem.is_error]
    if problems:
        print(format_problems(problems))
    published = sum(1 for post in project.posts if post.is_published(now))
    drafts = sum(1 for post in project.posts if post.draft)
    scheduled = len(project.posts) - published - drafts
    if errors:
        print(
            f"Có {len(errors)} lỗi: các bài trên chưa thể đăng. "
            "Sửa xong hãy chạy lại: wardnews check"
        )
        return EXIT_INVALID_POSTS
    print(
        f"Đã kiểm tra {len(project.posts)} bài trong {config.posts_dir}/: không có lỗi. "
        f"Đã đăng {published}, bản nháp {drafts}, hẹn giờ {scheduled}."
    )
    statuses = check_cadence(project.cadence, project.posts, now, config.tz)
    for _missed, line in status_lines(statuses):
        print(line)
    failing = [
        status.rule.name
        for status in statuses
        if any(
            (status.rule.fail_on_missed or just_missed is not None)
            and (just_missed is None or result.period.end > now - timedelta(days=just_missed))
            for result in status.missed
        )
    ]
    if failing:
        print(f"Không đạt nhịp đăng bắt buộc: {', '.join(failing)}.")
        return EXIT_MISSED_CADENCE
    return EXIT_OK


# Report formats and the file endings they are inferred from when --format is left out.
REPORT_FORMATS = {"csv": ".csv", "xlsx": ".xlsx", "html": ".html", "docx": ".docx"}
_SUFFIXES = {**{suffix: name for name, suffix in REPORT_FORMATS.items()}, ".htm": "html"}
# Formats that are not text: written only to a file.
_BINARY_FORMATS = ("xlsx", "docx")


def _report_format(text: str) -> str:
    if text not in REPORT_FORMATS:
        raise UsageError(
            f"report --format: cần một trong: {', '.join(REPORT_FORMATS)}; nhưng gặp '{text}'"
        )
    return text


def _days(text: str) -> int:
    if not text.isdigit():
        raise UsageError(f"check --just-missed: cần một số ngày (0, 1, 2...), nhưng gặp '{text}'")
    return int(text)


def add_report_parser(commands, common: argparse.ArgumentParser) -> None:
    """The ``report`` subcommand's options."""
    report = commands.add_parser(
        "report",
        parents=[common],
        help="lập báo cáo kết quả tuyên truyền (csv, xlsx, html, docx) cho một khoảng thời gian",
    )
    report.add_argument(
        "--from",
        dest="start",
        metavar="NGÀY",
        help="ngày đầu kỳ báo cáo, ví dụ 2024-01-01 hoặc 01/01/2024 (bắt buộc)",
    )
    report.add_argument(
        "--to",
        dest="end",
        metavar="NGÀY",
        help="ngày cuối kỳ báo cáo (tính cả ngày này), ví dụ 2024-06-30 (bắt buộc)",
    )
    report.add_argument(
        "--format",
        type=_report_format,
        metavar="ĐỊNH_DẠNG",
        help="csv, xlsx (Excel), html (in ra giấy A4) hoặc docx (Word, theo Nghị định 30/2020); "
        "bỏ trống: theo đuôi tệp -o",
    )
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="TỆP",
        help="tệp ghi báo cáo (không có: in ra màn hình; xlsx và docx bắt buộc có)",
    )
    cli_district.add_sources_options(report)


def report_format(given: str | None, output: Path | None) -> str:
    """``--format`` when given, else the format of ``output``'s ending; raises UsageError."""
    if given is not None:
        return given
    endings = ", ".join(REPORT_FORMATS.values())
    if output is None:
        raise UsageError(
            f"report: thiếu --format (một trong: {', '.join(REPORT_FORMATS)}) hoặc tệp -o có "
            f"đuôi {endings}, ví dụ: -o bao-cao.docx"
        )
    found = _SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"report: không biết định dạng của tệp '{output}' (đuôi '{output.suffix}'); "
            f"cần đuôi {endings}, hoặc ghi rõ --format"
        )
    return found


def parse_command(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line as values, every misuse raised as UsageError in Vietnamese."""
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        args, extra = build_parser().parse_known_args(words)
    except argparse.ArgumentError as exc:
        if exc.argument_name == "LỆNH":
            # The command is the first word that is not an option (the only top option is -h).
            found = next((word for word in words if not word.startswith("-")), "")
            raise UsageError(
                f"LỆNH: cần một trong: check, report, new, fetch, edit, init; nhưng gặp '{found}' "
                "(xem: wardnews -h)"
            ) from None
        raise UsageError(f"{exc.argument_name}: thiếu giá trị sau tùy chọn này") from None
    if extra:
        raise UsageError(f"không hiểu tham số: {' '.join(extra)} (xem: wardnews -h)")
    if args.command is None:
        raise UsageError("thiếu LỆNH: check, report, new, fetch, edit hoặc init (xem: wardnews -h)")
    if args.command == "new" and args.title is None:
        raise UsageError('new: thiếu TIÊU_ĐỀ của bài, ví dụ: wardnews new "Tin ngày hội"')
    if args.command == "report":
        for value, option, what in (
            (args.start, "--from", "ngày đầu kỳ báo cáo, ví dụ --from 2024-01-01"),
            (args.end, "--to", "ngày cuối kỳ báo cáo, ví dụ --to 2024-06-30"),
        ):
            if value is None:
                raise UsageError(f"report: thiếu {option} NGÀY ({what})")
        args.format = report_format(args.format, args.output)
    return args


def run_report(args: argparse.Namespace) -> int:
    """``wardnews report``: the report of ``--from``..``--to`` to stdout or to ``-o``."""
    # Local imports: `wardnews check` never loads the report and its renderers.
    from datetime import UTC

    from wardnews.compliance.report import (
        build_report,
        letterhead_for,
        render_csv,
        render_docx,
        render_html,
        render_xlsx,
    )
    from wardnews.content.dates import DateError, parse_date
    from wardnews.templating import Templates
    from wardnews.urls import Links

    if args.format in _BINARY_FORMATS and args.output is None:
        print(
            f"wardnews report: tệp {args.format} không in ra màn hình được; hãy chọn tệp ghi "
            f"báo cáo bằng -o, ví dụ: -o bao-cao.{args.format}",
            file=sys.stderr,
        )
        return EXIT_BAD_CONFIG
    days = {}
    for option, text in (("--from", args.start), ("--to", args.end)):
        try:
            days[option] = parse_date(text, UTC).date()
        except DateError as exc:
            print(f"wardnews report: {option}: {exc}, nhưng gặp '{text}'", file=sys.stderr)
    if len(days) < 2:
        return EXIT_BAD_CONFIG
    start, end = days["--from"], days["--to"]
    if start > end:
        print(
            f"wardnews report: ngày đầu kỳ (--from {start:%d/%m/%Y}) sau ngày cuối kỳ "
            f"(--to {end:%d/%m/%Y}); hãy đổi lại",
            file=sys.stderr,
        )
        return EXIT_BAD_CONFIG
    if args.sources:
        return cli_district.run_sources_report(args, start, end, partial(_write_report, args))
    config = read_project_config(args.config_file)
    project = load_project(config, args.config_file.name)
    if project.errors:
        print(format_problems(list(project.problems)), file=sys.stderr)
        print(
            f"Có {len(project.errors)} lỗi: chưa lập được báo cáo. "
            "Sửa xong hãy chạy lại: wardnews check",
            file=sys.stderr,
        )
        return EXIT_INVALID_POSTS
    now = current_time(config)
    report = build_report(project, start, end, now, Links(config.url_prefix))
    if args.format == "html":
        output: str | bytes = render_html(report, Templates(config.templates_path))
    elif args.format == "docx":
        today = now.astimezone(config.tz).date()
        templates = Templates(config.templates_path)
        output = render_docx(report, letterhead_for(config), today, templates)
    else:
        output = {"csv": render_csv, "xlsx": render_xlsx}[args.format](report)
    code = _write_report(args, output)
    if code == EXIT_OK and args.output is not None:
        print(f"Đã ghi báo cáo {report.period_text} ({report.total_posts} bài) vào {args.output}")
    return code


def _write_report(args: argparse.Namespace, output: str | bytes) -> int:
    """The report to ``-o`` or to stdout; the exit code."""
    data = output if isinstance(output, bytes) else output.encode("utf-8")
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        print(
            f"wardnews report: không ghi được tệp {args.output} ({exc.strerror})", file=sys.stderr
        )
        return EXIT_BAD_CONFIG
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_command(argv)
    except UsageError as exc:
        print(f"wardnews: lỗi: {exc}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    try:
        if args.command == "check":
            return run_check(args.config_file, args.just_missed)
        if args.command == "report":
            return run_report(args)
        if args.command == "new":
            return run_new(args)
        if args.command == "fetch":
            return cli_district.run_fetch(args)
        editor = run_editor_command(args)
        if editor is not None:
            return editor
    except WardnewsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_CONFIG
    return EXIT_BAD_CONFIG  # pragma: no cover - argparse requires a known command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
