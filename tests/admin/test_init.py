"""`wardnews init` in an empty folder, then the new project's own build, for every preset."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from lxml import html as lxml_html
from support import NOW, REPO

import wardnews
from wardnews.admin.newunit import cadence_presets

HOSTS = ["gitlab", "github", "forgejo", "gitea", "none"]
CI_FILE = {
    "gitlab": ".gitlab-ci.yml",
    "github": ".github/workflows/wardnews.yml",
    "forgejo": ".forgejo/workflows/wardnews.yml",
    "gitea": ".gitea/workflows/wardnews.yml",
}


def init(folder, *options, stdin=subprocess.DEVNULL):
    command = [sys.executable, "-m", "wardnews", "init", str(folder), *options]
    env = {**os.environ, "WARDNEWS_NOW": NOW}
    return subprocess.run(command, capture_output=True, text=True, env=env, stdin=stdin)


@pytest.mark.parametrize(
    ("preset", "host"), list(zip(cadence_presets(), HOSTS, strict=False)), ids=cadence_presets()
)
def test_init_then_the_new_projects_build_gives_a_site_with_the_units_name(tmp_path, preset, host):
    folder = tmp_path / "xa-moi"
    options = ["--name", "Tân Phú & Đông", "--level", "xã", "--cadence", preset]
    options += ["--site-url", "https://tanphu.example.gov.vn/cds/", "--git-host", host]
    if host != "none":
        options += ["--repo", "xa-tan-phu/cds", "--app-id", "ung-dung-1"]
    if host in ("forgejo", "gitea"):
        options += ["--base-url", "https://git.example.gov.vn"]
    made = init(folder, *options)
    assert made.returncode == 0, made.stdout + made.stderr
    config = yaml.safe_load((folder / "mkdocs.yml").read_text("utf-8"))
    section = config["extra"]["wardnews"]
    assert section["unit_name"] == "Tân Phú & Đông"
    assert section["cadence"]["preset"] == preset
    assert section["editor"]["backend"] == host
    assert (folder / "requirements.txt").read_text() == f"wardnews=={wardnews.__version__}\n"
    assert not (folder / "wardnews").exists()  # the package, not a copy of this repository
    if host in CI_FILE:
        assert "scripts/check --comment" in (folder / CI_FILE[host]).read_text("utf-8")
    posts = list((folder / "posts").rglob("*.md"))
    assert len(posts) == 1

    # The new project's own build command, with this project's environment.
    (folder / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "WARDNEWS_NOW": NOW, "WARDNEWS_SKIP_SETUP": "1"}
    built = subprocess.run(["scripts/build"], cwd=folder, capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    home = lxml_html.fromstring((folder / "site/index.html").read_bytes())
    assert "Tân Phú & Đông" in home.text_content()
    news = lxml_html.fromstring((folder / "site/tin-tuc/index.html").read_bytes())
    assert "Ra mắt chuyên mục chuyển đổi số xã Tân Phú & Đông" in news.text_content()
    assert (folder / "site/quan-tri/index.html").is_file()
    checked = subprocess.run(
        ["scripts/check", "--comment", "check.md"], cwd=folder, capture_output=True, text=True,
        env=env,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    comment = (folder / "check.md").read_text("utf-8")
    assert comment.startswith("✅ `wardnews check`: các bài hợp lệ")
    assert "Đã kiểm tra 1 bài trong posts/: không có lỗi." in comment


def test_check_comment_carries_the_errors_and_the_exit_code(tmp_path):
    folder = tmp_path / "xa"
    made = init(
        folder, "--name", "A", "--level", "xã", "--cadence", "tan-son", "--git-host", "none"
    )
    assert made.returncode == 0, made.stderr
    post = next((folder / "posts").rglob("*.md"))
    post.write_text(post.read_text("utf-8").replace("kind: news", "criteria: [1.10]"), "utf-8")
    (folder / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "WARDNEWS_NOW": NOW, "WARDNEWS_SKIP_SETUP": "1"}
    checked = subprocess.run(
        ["scripts/check", "--comment", "check.md"], cwd=folder, capture_output=True, text=True,
        env=env,
    )  # fmt: skip
    assert checked.returncode == 1
    comment = (folder / "check.md").read_text("utf-8")
    assert comment.startswith("❌ `wardnews check` (mã 1): cần sửa trước khi đăng.")
    assert 'mã tiêu chí cần viết trong dấu nháy: "1.10"' in comment


def test_init_refuses_a_folder_with_files_and_wrong_answers(tmp_path):
    (tmp_path / "co-san").mkdir()
    (tmp_path / "co-san/ghi-chu.txt").write_text("x")
    base = ["--name", "A", "--level", "xã", "--cadence", "tan-son", "--git-host", "none"]
    taken = init(tmp_path / "co-san", *base)
    assert taken.returncode == 2
    assert "đã có tệp; hãy chọn một thư mục trống" in taken.stderr
    wrong = init(tmp_path / "moi", "--name", "A", "--level", "làng", "--cadence", "tan-son",
                 "--git-host", "gitlab", "--site-url", "ftp://x")  # fmt: skip
    assert wrong.returncode == 2
    assert "extra.wardnews.unit_level" in wrong.stderr and "làng" in wrong.stderr
    assert "extra.wardnews.editor.repo" in wrong.stderr
    assert "site_url" in wrong.stderr
    assert not (tmp_path / "moi").exists()
    missing = init(tmp_path / "moi", "--name", "A")
    assert missing.returncode == 2
    assert "thiếu --level (cấp đơn vị), --cadence (nhịp đăng), --git-host" in missing.stderr


def test_init_asks_on_a_terminal(tmp_path):
    """Questions are asked for what the options left out (answers typed through a pty)."""
    import pty

    folder = tmp_path / "hoi"
    answers = "Cao Sơn\nphường\n\n\n\nngoc-trao\nnone\n"
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "wardnews", "init", str(folder)],
        stdin=child,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "WARDNEWS_NOW": NOW},
    )
    os.write(main, answers.encode())
    out, err = process.communicate(timeout=60)
    os.close(main)
    os.close(child)
    assert process.returncode == 0, err.decode()
    section = yaml.safe_load((folder / "mkdocs.yml").read_text("utf-8"))["extra"]["wardnews"]
    assert (section["unit_name"], section["unit_level"]) == ("Cao Sơn", "phường")
    assert section["cadence"]["preset"] == "ngoc-trao"
