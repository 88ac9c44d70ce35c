"""The benchmark's corpus generator: deterministic, valid, and the same posts for every engine.

Small N only; timings belong to scripts/bench, never to tests.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from bench_corpus import (
    GENERAL,
    TOPICS,
    generate_posts,
    write_corpus,
    write_hugo_corpus,
    write_material_blog_corpus,
    write_pelican_corpus,
)

from wardnews.cli import main as wardnews_main
from wardnews.content.config import parse_unit_config
from wardnews.content.project import load_project
from wardnews.content.tagging import Tagger
from wardnews.content.text import nfc

CONFIG = """\
site_name: Thử
extra:
  wardnews:
    unit_name: Ngọc Trạo
    unit_level: phường
"""
_LINK = re.compile(r"\[xem thêm\]\(([^)]+)\)")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _front_matter(file: Path) -> dict:
    _, front, _ = file.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(front)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A project root with 200 generated posts and a minimal mkdocs.yml."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    write_corpus(root / "posts", 200)
    return root


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = write_corpus(tmp_path / "a", 60, seed=7)
    write_corpus(tmp_path / "b", 60, seed=7)
    assert len(first) == 60
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    write_material_blog_corpus(tmp_path / "c", 60, seed=7)
    write_material_blog_corpus(tmp_path / "d", 60, seed=7)
    assert _tree(tmp_path / "c") == _tree(tmp_path / "d")


def test_another_seed_gives_other_posts():
    titles = [[post.title for post in generate_posts(30, seed=seed)] for seed in (1, 2)]
    assert titles[0] != titles[1]


def test_every_post_is_valid_without_any_problem(corpus):
    config, problems = parse_unit_config({"unit_name": "Ngọc Trạo", "unit_level": "phường"}, corpus)
    assert problems == [] and config is not None
    project = load_project(config)
    # Not even a note: each phrase bank holds only its own criterion's keywords.
    assert [p.format() for p in project.problems] == []
    assert len(project.posts) == 200
    assert len({post.slug for post in project.posts}) == 200
    assert {post.kind for post in project.posts} == {"news", "radio", "event"}
    assert any(post.draft for post in generate_posts(400))
    radio = [post for post in project.posts if post.kind == "radio"]
    assert radio and all(post.airings and post.duration for post in radio)
    assert any(not post.criteria and post.auto_criteria for post in project.posts)
    assert any(post.summary for post in project.posts)
    assert "1.10" in {code for post in project.posts for code in post.criteria}


def test_wardnews_check_accepts_the_corpus(corpus, monkeypatch, capsys):
    monkeypatch.setenv("WARDNEWS_NOW", "2026-11-22 12:00")
    assert wardnews_main(["check", "-f", str(corpus / "mkdocs.yml")]) == 0
    out = capsys.readouterr().out
    assert "Đã kiểm tra 200 bài trong posts/: không có lỗi." in out


def test_posts_are_vietnamese_nfc_with_the_formats_features(corpus):
    files = sorted((corpus / "posts").rglob("*.md"))
    texts = [file.read_text("utf-8") for file in files]
    assert all(text == nfc(text) for text in texts)
    joined = "\n".join(texts)
    assert "đ" in joined and "Đ" in joined
    assert 'criteria: ["1.10"' in joined or ', "1.10"]' in joined  # codes quoted as written
    for feature in ("<!-- more -->", "\n### ", "\n- ", "summary: ", "airings: [", "duration: "):
        assert feature in joined, feature
    years = {file.parent.name for file in files}
    assert max(years) == "2024" and len(years) >= 2
    assert all(file.name.startswith(file.parent.name + "-") for file in files)


def test_links_point_to_older_published_posts(corpus):
    drafts = {
        file.resolve()
        for file in (corpus / "posts").rglob("*.md")
        if _front_matter(file).get("draft")
    }
    links = 0
    for file in (corpus / "posts").rglob("*.md"):
        for target in _LINK.findall(file.read_text("utf-8")):
            links += 1
            linked = (file.parent / target).resolve()
            assert linked.is_file(), (file, target)
            assert linked not in drafts
            assert str(_front_matter(linked)["date"]) <= str(_front_matter(file)["date"])
    assert links > 10


def test_material_corpus_has_the_same_posts(tmp_path):
    ours = write_corpus(tmp_path / "posts", 120, seed=3)
    theirs = write_material_blog_corpus(tmp_path / "docs", 120, seed=3)
    blog_posts = tmp_path / "docs" / "blog" / "posts"
    assert (tmp_path / "docs" / "blog" / "index.md").is_file()
    assert [p.relative_to(tmp_path / "posts") for p in ours] == [
        p.relative_to(blog_posts) for p in theirs
    ]
    for mine, material in zip(ours, theirs, strict=True):
        front, other = _front_matter(mine), _front_matter(material)
        assert other["title"] == front["title"]
        # Ours is local time (the unit's +07:00); Material's carries the offset.
        local = datetime.strptime(front["date"] + " +0700", "%Y-%m-%d %H:%M %z")
        assert other["date"] == local
        assert other["date"].utcoffset() == local.utcoffset()
        assert other.get("draft", False) == front.get("draft", False)
        assert other.get("categories", []) == front.get("criteria", [])
        assert other.get("description") == front.get("summary")
        assert (
            material.read_text("utf-8").split("---\n", 2)[2]
            == mine.read_text("utf-8").split("---\n", 2)[2]
        )
    titles = [_front_matter(p)["title"] for p in theirs]
    assert len(set(titles)) == len(titles)


def test_phrase_banks_hold_only_their_own_keywords(catalog):
    tagger = Tagger.from_catalog(catalog)
    for topic in (*TOPICS, GENERAL):
        for field in dataclasses.fields(topic):
            if field.name == "code":
                continue
            for phrase in getattr(topic, field.name):
                found = set(tagger.codes_for(phrase))
                assert found <= {topic.code}, (topic.code, phrase, found)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="count must be >= 0"):
        generate_posts(-1)


def _pelican_metadata(file: Path) -> tuple[dict[str, str], str]:
    """Pelican's Markdown header as its ``meta`` extension reads it: ``Key: value`` lines up to
    the first blank line (keys are case-insensitive)."""
    header, body = file.read_text("utf-8").split("\n\n", 1)
    metadata = {}
    for line in header.splitlines():
        key, value = line.split(":", 1)
        assert re.fullmatch(r"[A-Za-z]+", key), line
        metadata[key.lower()] = value.strip()
    return metadata, body


def _link_targets(text: str) -> list[str]:
    return _LINK.findall(text)


def test_pelican_corpus_has_the_same_posts(tmp_path):
    posts = generate_posts(150, seed=5)
    files = write_pelican_corpus(tmp_path / "content", 150, seed=5)
    assert [f.relative_to(tmp_path / "content").as_posix() for f in files] == [
        p.relpath for p in posts
    ]
    links = 0
    for post, file in zip(posts, files, strict=True):
        metadata, body = _pelican_metadata(file)
        assert metadata["title"] == post.title
        # Local time: pelicanconf.py's TIMEZONE (the unit's) applies.
        assert metadata["date"] == post.date.strftime("%Y-%m-%d %H:%M")
        tags = [t.strip() for t in metadata["tags"].split(",")] if "tags" in metadata else []
        assert tags == list(post.criteria)
        assert metadata["category"] == post.kind
        assert metadata["slug"] == post.slug == file.stem[len("2024-01-01-"):]
        assert metadata.get("summary", "") == post.summary
        assert (metadata.get("status") == "draft") == post.draft
        # Links use Pelican's {filename} syntax from the content root, to a post that exists.
        for target in _link_targets(body):
            links += 1
            assert target.startswith("{filename}/"), target
            assert (tmp_path / "content" / target.removeprefix("{filename}/")).is_file()
        assert _LINK.sub("", body) == _LINK.sub("", post.body)
    assert links > 5
    assert any(p.draft for p in generate_posts(400)) and any(p.summary for p in posts)


def test_hugo_corpus_has_the_same_posts(tmp_path):
    posts = generate_posts(150, seed=5)
    files = write_hugo_corpus(tmp_path / "content", 150, seed=5)
    section = tmp_path / "content" / "posts"
    assert [f.relative_to(section).as_posix() for f in files] == [p.relpath for p in posts]
    shortcode = re.compile(r'\{\{< relref "/(posts/[^"]+\.md)" >\}\}')
    links = 0
    for post, file in zip(posts, files, strict=True):
        front = _front_matter(file)
        assert front["title"] == post.title
        assert front["date"] == post.date and front["date"].utcoffset() == post.date.utcoffset()
        assert front.get("tags", []) == list(post.criteria)
        assert front["categories"] == [post.kind]
        assert front["slug"] == post.slug
        assert front.get("summary", "") == post.summary
        assert front.get("draft", False) == post.draft
        body = file.read_text("utf-8").split("---\n", 2)[2]
        for target in _link_targets(body):
            links += 1
            found = shortcode.fullmatch(target)
            assert found, target
            assert (tmp_path / "content" / found.group(1)).is_file()
        assert _LINK.sub("", body) == _LINK.sub("", post.body)
    assert links > 5


def test_peer_projects_are_written_without_the_peers(tmp_path):
    """Configuration a peer reads: a Python module for Pelican, TOML for Hugo (not run here)."""
    import tomllib

    from bench_peers import HUGO_LAYOUTS, PEERS

    pelican = tmp_path / "pelican"
    pelican.mkdir()
    PEERS["pelican"].write_project(pelican, 20, 1)
    settings: dict = {}
    exec(compile((pelican / "pelicanconf.py").read_text("utf-8"), "pelicanconf.py", "exec"),
         settings)
    assert settings["TIMEZONE"] == "Asia/Ho_Chi_Minh" and settings["RELATIVE_URLS"] is False
    for feed in ("FEED_ALL_ATOM", "TAG_FEED_ATOM", "TAG_FEED_RSS", "CATEGORY_FEED_ATOM"):
        assert settings[feed].startswith("feeds/")
    assert len(list((pelican / "content").rglob("*.md"))) == 20

    hugo = tmp_path / "hugo"
    hugo.mkdir()
    PEERS["hugo"].write_project(hugo, 20, 1)
    config = tomllib.loads((hugo / "config.toml").read_text("utf-8"))
    assert config["timeZone"] == "Asia/Ho_Chi_Minh"
    assert config["taxonomies"]["tag"] == "tags"
    assert "RSS" in config["outputs"]["home"] and "RSS" in config["outputs"]["term"]
    assert sorted(p.name for p in (hugo / "layouts" / "_default").iterdir()) == sorted(
        HUGO_LAYOUTS
    )
    assert len(list((hugo / "content" / "posts").rglob("*.md"))) == 20


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--vs", "pelican,jekyll"], "không biết jekyll"),
        (["--sizes", "0"], "lớn hơn 0"),
        (["--repeat", "0"], "--repeat"),
    ],
)
def test_bench_refuses_bad_arguments_before_its_set_up(arguments, message):
    """Checked before scripts/setup runs: nothing is installed for a mistyped peer."""
    bench = Path(__file__).parent.parent / "scripts" / "bench"
    env = {key: value for key, value in os.environ.items() if key != "WARDNEWS_BENCH_SET_UP"}
    done = subprocess.run([sys.executable, str(bench), *arguments], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr and "Cài đặt" not in done.stdout
