"""The wardnews CLI through subprocess, on real temporary projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WARDNEWS = shutil.which("wardnews", path=os.path.dirname(sys.executable))

CONFIG = """\
site_name: Thử
extra:
  wardnews:
    unit_name: Lê Lợi
    unit_level: xã
"""


def run(args: list[str], cwd: Path, now: str = "2026-11-22 12:00") -> subprocess.CompletedProcess:
    assert WARDNEWS, "the wardnews console script is installed with the project"
    env = {**os.environ, "WARDNEWS_NOW": now}
    return subprocess.run([WARDNEWS, *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / "posts/2024").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def test_check_passes_on_the_sample_ward():
    result = run(["check"], REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi" in result.stdout
    assert "bản nháp 1" in result.stdout


def test_check_prints_every_problem_and_fails(repo):
    (repo / "posts/2024/a.md").write_text("---\ntitle: A\n---\nx\n", "utf-8")
    (repo / "posts/2024/b.md").write_text("---\ntitle: B\ndate: 2024-13-01\n---\nx\n", "utf-8")
    (repo / "posts/2024/c.md").write_text("---\ntitle: C\ndate: 2024-01-01\n---\nx\n", "utf-8")
    result = run(["check"], repo)
    assert result.returncode == 1
    assert "posts/2024/a.md, khóa 'date': lỗi: thiếu ngày đăng" in result.stdout
    assert "posts/2024/b.md, dòng 3, khóa 'date': lỗi: tháng 13 không tồn tại" in result.stdout
    assert "posts/2024/c.md" not in result.stdout
    assert "Tổng cộng: 2 lỗi, 0 cảnh báo." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reports_a_bad_config_with_exit_2(repo):
    (repo / "mkdocs.yml").write_text(CONFIG.replace("unit_level: xã", "unit_levle: xã"), "utf-8")
    result = run(["check"], repo)
    assert result.returncode == 2
    assert "extra.wardnews.unit_levle" in result.stderr
    assert "có phải ý bạn là 'unit_level'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_with_another_config_file(repo, tmp_path):
    other = tmp_path / "khac.yml"
    other.write_text(CONFIG, "utf-8")
    (repo / "posts/2024/a.md").write_text("---\ntitle: A\ndate: 12/03/2024\n---\nx\n", "utf-8")
    result = run(["check", "-f", str(other)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đã kiểm tra 1 bài" in result.stdout


def test_missing_config_file_is_a_clear_error(tmp_path):
    result = run(["check"], tmp_path)
    assert result.returncode == 2
    assert "không tìm thấy tệp cấu hình" in result.stderr


def test_unknown_command_exits_2(tmp_path):
    result = run(["xuat-ban"], tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "wardnews: lỗi: LỆNH: cần một trong: check, report, new, fetch, edit, init; "
        "nhưng gặp 'xuat-ban' "
        "(xem: wardnews -h)\n"
    )


HALF_YEAR = ["report", "--from", "2024-01-01", "--to", "2024-06-30"]


@pytest.mark.parametrize(
    "args,message",
    [
        ([], "thiếu LỆNH: check, report, new, fetch, edit hoặc init (xem: wardnews -h)"),
        (["report"], "report: thiếu --from NGÀY (ngày đầu kỳ báo cáo, ví dụ --from 2024-01-01)"),
        (
            ["report", "--from", "2024-01-01", "--format", "csv"],
            "report: thiếu --to NGÀY (ngày cuối kỳ báo cáo, ví dụ --to 2024-06-30)",
        ),
        (["report", "--from"], "--from: thiếu giá trị sau tùy chọn này"),
        (
            [*HALF_YEAR, "--format", "pdf"],
            "report --format: cần một trong: csv, xlsx, html, docx; nhưng gặp 'pdf'",
        ),
        (
            HALF_YEAR,
            "report: thiếu --format (một trong: csv, xlsx, html, docx) hoặc tệp -o có đuôi "
            ".csv, .xlsx, .html, .docx, ví dụ: -o bao-cao.docx",
        ),
        (
            [*HALF_YEAR, "-o", "bao-cao.pdf"],
            "report: không biết định dạng của tệp 'bao-cao.pdf' (đuôi '.pdf'); cần đuôi .csv, "
            ".xlsx, .html, .docx, hoặc ghi rõ --format",
        ),
        ([*HALF_YEAR, "--fromat", "csv"], "không hiểu tham số: --fromat csv (xem: wardnews -h)"),
        (
            ["check", "--just-missed", "bảy"],
            "check --just-missed: cần một số ngày (0, 1, 2...), nhưng gặp 'bảy'",
        ),
        (["new"], 'new: thiếu TIÊU_ĐỀ của bài, ví dụ: wardnews new "Tin ngày hội"'),
    ],
)
def test_misuse_is_told_in_vietnamese_with_exit_2(args, message):
    result = run(args, REPO)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"wardnews: lỗi: {message}\n"


def test_help_is_in_vietnamese():
    result = run(["report", "-h"], REPO)
    assert result.returncode == 0
    assert result.stdout.startswith("cách dùng: wardnews report ")
    assert "\ntùy chọn:\n" in result.stdout
    assert "-h, --help  " in result.stdout and "in hướng dẫn này rồi thoát" in result.stdout


@pytest.mark.parametrize(
    "name,opening",
    [
        ("bao-cao.csv", b"\xef\xbb\xbf"),
        ("bao-cao.html", b"<!DOCTYPE html>"),
        ("bao-cao.HTM", b"<!DOCTYPE html>"),
        ("bao-cao.xlsx", b"PK"),
        ("bao-cao.docx", b"PK"),
    ],
)
def test_report_format_from_the_file_ending(tmp_path, name, opening):
    out = tmp_path / name
    result = run([*HALF_YEAR, "-o", str(out)], REPO)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(opening)
    if opening == b"PK":
        names = zipfile.ZipFile(out).namelist()
        assert ("word/document.xml" in names) == name.endswith(".docx")
        assert ("xl/workbook.xml" in names) == name.endswith(".xlsx")


def test_an_explicit_format_wins_over_the_ending(tmp_path):
    out = tmp_path / "bao-cao.docx"
    result = run([*HALF_YEAR, "--format", "csv", "-o", str(out)], REPO)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_new_post_round_trips_through_check(repo):
    now = "2024-03-12 08:30"
    title = "Hướng dẫn thanh toán không dùng tiền mặt & “Chợ 4.0”"
    created = run(["new", title], repo, now=now)
    assert created.returncode == 0, created.stderr
    path = repo / created.stdout.strip()
    assert created.stdout.strip() == (
        "posts/2024/2024-03-12-huong-dan-thanh-toan-khong-dung-tien-mat-cho-4-0.md"
    )
    text = path.read_text("utf-8")
    assert 'criteria: ["3.2"]' in text  # suggested from the title
    assert "date: 2024-03-12 08:30" in text
    checked = run(["check"], repo, now=now)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Đã kiểm tra 1 bài" in checked.stdout
    assert path.read_text("utf-8") == text  # check never rewrites a post

    again = run(["new", title], repo, now=now)
    assert again.returncode == 1
    assert "không ghi đè" in again.stderr
    assert path.read_text("utf-8") == text


def test_new_radio_programme_with_a_date(repo):
    created = run(["new", "Chuyên mục số 12", "--kind", "radio", "--date", "19/3/2024 06:00"], repo)
    assert created.returncode == 0, created.stderr
    text = (repo / created.stdout.strip()).read_text("utf-8")
    assert "kind: radio" in text and "airings: [2024-03-19 06:00]" in text
    assert run(["check"], repo).returncode == 0


def test_new_rejects_a_bad_kind_and_date(repo):
    assert run(["new", "Tin", "--kind", "video"], repo).returncode == 1
    bad_date = run(["new", "Tin", "--date", "31/02/2024"], repo)
    assert bad_date.returncode == 2
    assert "ngày 31/2/2024 không tồn tại" in bad_date.stderr
    assert not list((repo / "posts").rglob("*.md"))


def test_check_reports_a_link_to_a_missing_post_with_its_line(repo):
    (repo / "posts/2024/a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\n---\nĐoạn một.\n\nXem [bài cũ](bai-cu.md).\n", "utf-8"
    )
    result = run(["check"], repo)
    assert result.returncode == 1
    assert (
        "posts/2024/a.md, dòng 7: lỗi: liên kết 'bai-cu.md' không trỏ tới bài đã đăng hay tệp nào "
        "trong posts/" in result.stdout
    )
