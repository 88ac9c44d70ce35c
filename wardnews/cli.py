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
from pathlib import Path

from .cadence import check_cadence, status_lines
from .config import read_project_config
from .problems import WardnewsError, format_problems
from .project import current_time, load_project

EXIT_OK = 0
EXIT_INVALID_POSTS = 1
EXIT_BAD_CONFIG = 2
EXIT_MISSED_CADENCE = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own words, then our exit code
        self.print_usage(sys.stderr)
        sys.stderr.write(f"wardnews: lỗi: {message}\n")
        sys.exit(EXIT_BAD_CONFIG)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wardnews",
        description="Chuyên mục chuyển đổi số: kiểm tra bài viết và dựng trang tin.",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")
    commands.required = True
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
        type=int,
        metavar="NGÀY",
        help="thoát mã 3 nếu một kỳ vừa kết thúc trong NGÀY ngày qua không đạt nhịp đăng "
        "(dùng cho lần dựng trang theo lịch hằng ngày)",
    )
    return parser


def run_check(config_file: Path, just_missed: int | None = None) -> int:
    config = read_project_config(config_file)
    project = load_project(config, config_file.name)
    now = current_time(config)
    if project.problems:
        print(format_problems(list(project.problems)))
    published = sum(1 for post in project.posts if post.is_published(now))
    drafts = sum(1 for post in project.posts if post.draft)
    scheduled = len(project.posts) - published - drafts
    if project.errors:
        print(
            f"Có {len(project.errors)} lỗi: các bài trên chưa thể đăng. "
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args.config_file, args.just_missed)
    except WardnewsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_CONFIG
    return EXIT_BAD_CONFIG  # pragma: no cover - argparse requires a known command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
