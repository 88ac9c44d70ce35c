"""The wardnews CLI through subprocess, on real temporary projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    assert "wardnews: lỗi:" in result.stderr


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
