"""The ``wardnews`` command. Exit codes (also in README):

0  every post is valid (warnings may be printed)
1  at least one post has an error: nothing is published until it is fixed
2  the configuration (mkdocs.yml, criteria catalog) is wrong, or the command was misused
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import read_project_config
from .problems import WardnewsError, format_problems
from .project import current_time, load_project

EXIT_OK = 0
EXIT_INVALID_POSTS = 1
EXIT_BAD_CONFIG = 2


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
    commands.add_parser(
        "check", parents=[common], help="kiểm tra mọi bài viết và in ra mọi lỗi"
    )
    return parser


def run_check(config_file: Path) -> int:
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
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args.config_file)
    except WardnewsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_CONFIG
    return EXIT_BAD_CONFIG  # pragma: no cover - argparse requires a known command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
