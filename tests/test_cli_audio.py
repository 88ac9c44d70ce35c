"""``wardnews new --kind radio --audio FILE`` through subprocess, on a real temporary project."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from audio_samples import html_page, mp3_tone
from test_cli import CONFIG, run


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "xa"
    (root / "posts/2024").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def test_new_programme_copies_the_audio_and_fills_audio_and_duration(repo, tmp_path):
    audio = mp3_tone(170.0)
    source = tmp_path / "Ghi âm ngày 19.mp3"
    source.write_bytes(audio)
    args = ["new", "Chuyên mục số 12", "--kind", "radio", "--date", "19/3/2024 06:00"]
    created = run([*args, "--audio", str(source)], repo)
    assert created.returncode == 0, created.stderr
    post = repo / created.stdout.strip()
    copy = post.with_suffix(".mp3")
    assert copy.name == "2024-03-19-chuyen-muc-so-12.mp3"
    assert copy.read_bytes() == audio and source.read_bytes() == audio
    text = post.read_text("utf-8")
    assert 'audio: "2024-03-19-chuyen-muc-so-12.mp3"' in text
    assert "duration: 3  # thời lượng, phút (từ tệp)" in text  # 2 min 50 s
    checked = run(["check"], repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "duration" not in checked.stdout + checked.stderr  # consistent with the file
    again = run([*args, "--audio", str(source)], repo)
    assert again.returncode == 1 and "không ghi đè" in again.stderr


def test_new_refuses_an_html_page_named_mp3_and_audio_on_a_news_post(repo, tmp_path):
    page = tmp_path / "chuong-trinh.mp3"
    page.write_bytes(html_page())
    refused = run(["new", "Chuyên mục", "--kind", "radio", "--audio", str(page)], repo)
    assert refused.returncode == 1
    assert f"{page}, khóa '--audio': lỗi: nội dung tệp không phải MP3" in refused.stderr
    missing = run(["new", "Chuyên mục", "--kind", "radio", "--audio", "khong-co.mp3"], repo)
    assert missing.returncode == 1
    assert "khong-co.mp3, khóa '--audio': lỗi: không tìm thấy tệp" in missing.stderr
    news = run(["new", "Tin", "--audio", str(page)], repo)
    assert news.returncode == 1 and "chỉ dùng --audio với --kind radio" in news.stderr
    assert not list((repo / "posts").rglob("*.*"))
