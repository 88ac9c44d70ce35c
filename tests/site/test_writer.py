"""Rebuilds as `mkdocs serve` does them (same process, config loaded again): never stale."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from mkdocs.commands.build import build
from mkdocs.config import load_config

from wardnews.site.writer import SiteFile, WrittenFiles, _Writer, set_aside, write_files

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def ward(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "ward"
    root.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "overrides", "posts", "hooks"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("WARDNEWS_NOW", "2026-11-22 12:00")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    return root


def serve_build(root: Path, site: Path) -> None:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)


def title_of(site: Path, url: str) -> str:
    return lxml_html.parse(str(site / url / "index.html")).xpath("//h1")[0].text_content()


def test_rebuild_after_editing_deleting_and_renaming_posts_is_never_stale(ward, tmp_path):
    site = tmp_path / "site"
    serve_build(ward, site)
    before = {p.parent.name for p in (site / "tin-tuc").glob("*/index.html")}
    renamed = ward / "posts/2024/2024-01-18-dien-thoai-thong-minh-nguoi-cao-tuoi-truong-son.md"
    deleted = ward / "posts/2024/2024-03-23-doan-vien-ho-tro-nop-ho-so-dich-vu-cong-truc-tuyen.md"
    grown = ward / "posts/2024/2024-01-03-ban-hanh-ke-hoach-tuyen-truyen-chuyen-doi-so-2024.md"
    old_slug = "dien-thoai-thong-minh-den-gan-hon-voi-nguoi-cao-tuoi-pho-truong-son"
    gone_slug = "doan-vien-thanh-nien-ra-quan-ho-tro-nguoi-dan-nop-ho-so-dich-vu-cong-truc-tuyen"
    assert {old_slug, gone_slug} <= before

    text = renamed.read_text("utf-8")
    renamed.write_text(text.replace("title: ", "title: Đã sửa – ", 1), "utf-8")  # new slug
    deleted.unlink()
    grown.write_text(grown.read_text("utf-8") + "\nĐoạn văn mới thêm vào.\n", "utf-8")
    serve_build(ward, site)

    after = {p.parent.name for p in (site / "tin-tuc").glob("*/index.html")}
    assert after == (before - {old_slug, gone_slug}) | {"da-sua-" + old_slug}
    assert title_of(site, f"tin-tuc/da-sua-{old_slug}").startswith("Đã sửa – ")
    grown_page = (
        site / "tin-tuc/phuong-ngoc-trao-ban-hanh-ke-hoach-tuyen-truyen-ve-chuyen-doi-so-nam-2024"
    )
    assert "Đoạn văn mới thêm vào." in (grown_page / "index.html").read_text("utf-8")
    listed = "".join(p.read_text("utf-8") for p in (site / "tin-tuc").glob("**/index.html"))
    assert "Đã sửa – " in listed and gone_slug not in listed
    assert not list(site.parent.glob(".site.wardnews-*"))  # nothing left aside


def test_a_serve_session_keeps_the_files_that_did_not_change(ward, tmp_path):
    """One session (on_startup once), two builds with the configuration loaded again, as
    `mkdocs serve` does: the section, the split search index and the web editor's folder are
    kept; a file whose bytes did not change is the same file (not written again)."""
    site = tmp_path / "site"
    first = load_config(str(ward / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    folders = ("tin-tuc", "search/wardnews", "quan-tri")
    before = {
        path: (path.read_bytes(), path.stat().st_ino)
        for folder in folders for path in (site / folder).rglob("*") if path.is_file()
    }  # fmt: skip
    edited = ward / "posts/2024/2024-01-03-ban-hanh-ke-hoach-tuyen-truyen-chuyen-doi-so-2024.md"
    edited.write_text(edited.read_text("utf-8") + "\nĐoạn văn mới thêm vào.\n", "utf-8")
    build(load_config(str(ward / "mkdocs.yml"), site_dir=str(site)))
    same = changed = 0
    rewritten = []
    for path, (data, inode) in before.items():
        assert path.is_file(), path
        if path.read_bytes() == data:
            same += 1
            if path.stat().st_ino != inode:
                rewritten.append(path.relative_to(site).as_posix())
        else:
            changed += 1
    # Only the pages the engine renders itself (the section's entry pages) are written again.
    engine = {"tin-tuc/", "tin-tuc/tieu-chi/", "tin-tuc/luu-tru/", "tin-tuc/lich-phat-song/",
              "tin-tuc/tinh-hinh/", "tin-tuc/nhung/"}  # fmt: skip
    assert all(path.endswith("/index.html") for path in rewritten), rewritten
    assert {path.removesuffix("index.html") for path in rewritten} <= engine, rewritten
    assert (site / "quan-tri/decap-cms.js") in before
    assert same > 50 and changed >= 1
    assert not list(site.parent.glob(".site.wardnews-*"))  # nothing left aside


def test_a_new_session_rewrites_everything(tmp_path):
    site = tmp_path / "site"
    (site / "tin-tuc").mkdir(parents=True)
    files = [
        SiteFile("tin-tuc/a/index.html", data=b"A"),
        SiteFile("tin-tuc/b/index.html", data=b"B"),
    ]
    written = WrittenFiles()
    assert write_files(site, "tin-tuc", files, written) == 2
    # as the engine does before each build: empty the site (section set aside first)
    set_aside(site, "tin-tuc", written)
    shutil.rmtree(site)
    site.mkdir()
    changed = [
        SiteFile("tin-tuc/a/index.html", data=b"A2"),
        SiteFile("tin-tuc/b/index.html", data=b"B"),
    ]
    assert write_files(site, "tin-tuc", changed, written) == 1  # only the page that changed
    assert (site / "tin-tuc/a/index.html").read_bytes() == b"A2"
    assert (site / "tin-tuc/b/index.html").read_bytes() == b"B"
    # a new session (a new process) knows nothing: the section is written whole
    fresh = WrittenFiles()
    set_aside(site, "tin-tuc", fresh)
    shutil.rmtree(site)
    site.mkdir()
    assert write_files(site, "tin-tuc", changed, fresh) == 2


def test_files_stay_inside_the_site_folder_and_unchanged_ones_are_not_rewritten(tmp_path):
    site = tmp_path / "site"
    files = [
        SiteFile("tin-tuc/rss.xml", data=b"<rss/>"),
        SiteFile("tin-tuc/nhung/a.png", data=b"\x89PNG"),
        SiteFile("sitemap.xml", data=b"<urlset/>"),  # outside the section: always written
    ]
    written = WrittenFiles()
    assert write_files(site, "tin-tuc", files, written) == 3
    assert (site / "tin-tuc/nhung/a.png").read_bytes() == b"\x89PNG"
    set_aside(site, "tin-tuc", written)
    assert write_files(site, "tin-tuc", files, written) == 1
    for bad in ("../outside.xml", "/etc/x.xml"):
        with pytest.raises(ValueError, match="must stay inside the site folder"):
            write_files(site, "tin-tuc", [SiteFile(bad, data=b"")])
    assert not (tmp_path / "outside.xml").exists()


def test_a_file_made_on_demand_is_made_again_only_when_its_key_changes(tmp_path):
    site = tmp_path / "site"
    made: list[str] = []

    def page(path: str, key: str, data: bytes) -> SiteFile:
        def make() -> bytes:
            made.append(path)
            return data

        return SiteFile(path, make=make, key=key)

    written = WrittenFiles()
    first = [page("tin-tuc/a/index.html", "a1", b"A"), page("tin-tuc/b/index.html", "b1", b"B")]
    assert write_files(site, "tin-tuc", first, written) == 2
    assert made == ["tin-tuc/a/index.html", "tin-tuc/b/index.html"]
    made.clear()
    set_aside(site, "tin-tuc", written)
    second = [page("tin-tuc/a/index.html", "a1", b"A"), page("tin-tuc/b/index.html", "b2", b"B2")]
    assert write_files(site, "tin-tuc", second, written) == 1
    assert made == ["tin-tuc/b/index.html"]  # a's key did not change: not made, not written
    assert (site / "tin-tuc/a/index.html").read_bytes() == b"A"
    assert (site / "tin-tuc/b/index.html").read_bytes() == b"B2"
    # a new session trusts no key: everything is made and written
    made.clear()
    fresh = WrittenFiles()
    set_aside(site, "tin-tuc", fresh)
    assert write_files(site, "tin-tuc", second, fresh) == 2
    assert sorted(made) == ["tin-tuc/a/index.html", "tin-tuc/b/index.html"]


@pytest.mark.parametrize("prefix", ["tin-tuc", "cds/tin-tuc", "./tin-tuc/"])
def test_the_quick_inside_test_agrees_with_path_parts(tmp_path, prefix):
    from pathlib import PurePosixPath

    writer = _Writer(tmp_path, prefix, {}, {})
    wanted = PurePosixPath(prefix).parts
    paths = [
        "tin-tuc", "tin-tuc/", "tin-tuc/a/index.html", "tin-tuc-khac/index.html", "tin-tuc.xml",
        "cds/tin-tuc/a/index.html", "cds/tin-tuc", "cds/tin-tuc-2/x", "./tin-tuc/a.html",
        "tin-tuc//a.html", "cds//tin-tuc/a", "cds/./tin-tuc/a", "cds/tin-tuc/.", "index.html",
    ]  # fmt: skip
    for path in paths:
        assert writer.inside(path) == (PurePosixPath(path).parts[: len(wanted)] == wanted), path


def test_several_kept_folders_survive_the_engine_and_only_changes_are_written(tmp_path):
    site = tmp_path / "site"
    kept = ("tin-tuc", "search/wardnews")
    first = [
        SiteFile("tin-tuc/a/index.html", data=b"A"),
        SiteFile("search/wardnews/t/0.json", data=b"{}"),
        SiteFile("search/wardnews/t/1.json", data=b"[1]"),
        SiteFile("search/wardnews/d/0.json", data=b"[]"),
        SiteFile("search/search_index.json", data=b"theme"),  # outside: always written
    ]
    written = WrittenFiles()
    assert write_files(site, kept, first, written) == 5
    set_aside(site, kept, written)
    assert not (site / "search" / "wardnews").exists() and not (site / "tin-tuc").exists()
    shutil.rmtree(site)  # the engine empties the site and writes its own files
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_bytes(b"theme")
    second = [
        SiteFile("tin-tuc/a/index.html", data=b"A"),
        SiteFile("search/wardnews/t/0.json", data=b'{"a":[1]}'),  # changed
        SiteFile("search/wardnews/d/0.json", data=b"[]"),
        SiteFile("search/search_index.json", data=b"theme"),
    ]  # t/1.json is no longer made
    assert write_files(site, kept, second, written) == 2  # the changed term file and the index
    assert (site / "search/wardnews/t/0.json").read_bytes() == b'{"a":[1]}'
    assert (site / "search/wardnews/d/0.json").read_bytes() == b"[]"
    assert (site / "tin-tuc/a/index.html").read_bytes() == b"A"
    assert not (site / "search/wardnews/t/1.json").exists()
    assert not list(tmp_path.glob(".site.wardnews-*"))  # nothing left aside
    # A new session knows nothing: everything is written again.
    fresh = WrittenFiles()
    set_aside(site, kept, fresh)
    assert write_files(site, kept, second, fresh) == 4


def test_files_given_later_are_asked_for_after_the_others_are_written(tmp_path):
    site = tmp_path / "site"
    asked: list[bool] = []

    def feeds(data: bytes, *paths: str):
        def later() -> list[SiteFile]:
            # Another process may still be making these: the pages are already on disk.
            asked.append((site / "tin-tuc/a/index.html").is_file())
            return [SiteFile(path, data=data) for path in paths]

        return later

    written = WrittenFiles()
    pages = [SiteFile("tin-tuc/a/index.html", data=b"A")]
    later = feeds(b"<rss/>", "tin-tuc/rss.xml", "tin-tuc/tieu-chi/1-1/rss.xml")
    assert write_files(site, "tin-tuc", pages, written, later=later) == 3
    assert asked == [True]
    assert (site / "tin-tuc/tieu-chi/1-1/rss.xml").read_bytes() == b"<rss/>"
    # Recorded with the rest: unchanged, not written again; no longer made, removed.
    set_aside(site, "tin-tuc", written)
    later = feeds(b"<rss/>", "tin-tuc/rss.xml")
    assert write_files(site, "tin-tuc", pages, written, later=later) == 0
    assert not (site / "tin-tuc/tieu-chi/1-1/rss.xml").exists()
    assert (site / "tin-tuc/rss.xml").read_bytes() == b"<rss/>"
    with pytest.raises(ValueError, match="must stay inside the site folder"):
        write_files(site, "tin-tuc", pages, later=feeds(b"", "../outside.xml"))
    assert not (tmp_path / "outside.xml").exists()


def test_a_write_no_build_follows_hashes_nothing(tmp_path, monkeypatch):
    """Digests only serve the next build of a session: a one-off build (no ``written``) skips
    hashing its pages."""
    hashed: list[str] = []
    real = SiteFile.digest

    def digest(self, content=None):
        hashed.append(self.path)
        return real(self, content)

    monkeypatch.setattr(SiteFile, "digest", digest)
    files = [SiteFile("tin-tuc/a/index.html", data=b"A"), SiteFile("sitemap.xml", data=b"<u/>")]
    assert write_files(tmp_path / "one-off", "tin-tuc", files) == 2
    assert hashed == []
    assert (tmp_path / "one-off/tin-tuc/a/index.html").read_bytes() == b"A"
    assert write_files(tmp_path / "served", "tin-tuc", files, WrittenFiles()) == 2
    assert hashed == ["tin-tuc/a/index.html"]  # the section's files, for the next rebuild
