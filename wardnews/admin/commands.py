"""The terminal's doors to the web editor: ``wardnews edit`` and ``wardnews init``."""

from __future__ import annotations

import argparse
import sys

from wardnews.content.config import read_project_config


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        from wardnews.cli import UsageError

        raise UsageError(f"edit: cần số cổng từ 1 đến 65535, nhưng gặp '{text}'")
    return int(text)


def add_editor_parsers(commands, common: argparse.ArgumentParser) -> None:
    """The ``edit`` and ``init`` subcommands."""
    edit = commands.add_parser(
        "edit", parents=[common], help="soạn bài trên máy bằng biểu mẫu web (Ctrl-C để dừng)"
    )
    edit.add_argument("--port", type=_port, default=0, help="cổng của trang (mặc định: cổng trống)")
    edit.add_argument(
        "--proxy-port", type=_port, default=0, help="cổng của decap-server (mặc định: cổng trống)"
    )
    from wardnews.admin.newunit import add_init_arguments

    add_init_arguments(
        commands.add_parser("init", help="tạo dự án chuyên mục mới cho một đơn vị, trong THƯ_MỤC")
    )


def run_editor_command(args: argparse.Namespace) -> int | None:
    """Runs ``edit`` or ``init``; None for another command."""
    if args.command == "edit":
        from wardnews.admin.edit import start_editing, wait_until_stopped

        config = read_project_config(args.config_file)
        session = start_editing(args.config_file, config.site_url, args.port, args.proxy_port)
        print(f"Trình soạn bài: {session.admin_url}", flush=True)
        print("Bấm Ctrl-C để dừng.", flush=True)
        wait_until_stopped(session)
        return 0
    if args.command == "init":
        from wardnews.admin.newunit import run_init

        folder, count = run_init(args, interactive=sys.stdin.isatty())
        print(f"Đã tạo dự án {folder} ({count} tệp).")
        print(
            f"Tiếp theo: cd {folder}, rồi scripts/build (dựng trang) hoặc scripts/edit (soạn bài)."
        )
        return 0
    return None
