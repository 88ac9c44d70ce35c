"""The MkDocs door keeps one build session per process, as `mkdocs serve` runs it: started once,
then every rebuild (config loaded again) goes through the same session."""

from __future__ import annotations

import logging

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support import make_ward
from test_hooks_markdown import MKDOCS_YML, write_posts
from test_session import count_conversions


@pytest.fixture
def ward(tmp_path, monkeypatch):
    monkeypatch.setenv("WARDNEWS_NOW", "2026-11-22 12:00")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root = make_ward(tmp_path / "xa", MKDOCS_YML)
    write_posts(root)
    return root


@pytest.fixture
def conversions(monkeypatch) -> list[str]:
    return count_conversions(monkeypatch, "## Việc cần làm")  # the body of write_posts' post


def test_serve_rebuilds_share_one_session(ward, tmp_path, conversions):
    site = tmp_path / "site"
    config = load_config(str(ward / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    hooks = config.hooks["hooks/wardnews_hooks.py"]
    session = hooks._session
    assert session.command == "serve"
    build(config)
    assert len(conversions) == 2  # the post page and the feeds
    page = site / "tin-tuc/cho-qr/index.html"
    stamp = page.stat().st_mtime_ns

    build(load_config(str(ward / "mkdocs.yml"), site_dir=str(site)))  # what serve does next
    assert hooks._session is session
    assert len(conversions) == 2  # nothing rendered again
    assert page.stat().st_mtime_ns == stamp  # nor written again
    assert "Cài VNeID" in page.read_text("utf-8")


def test_the_engine_s_last_event_closes_the_session(ward, tmp_path, monkeypatch):
    config = load_config(str(ward / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    session = config.hooks["hooks/wardnews_hooks.py"]._session
    closed: list[str] = []
    monkeypatch.setattr(session, "close", lambda: closed.append(session.command))
    config.plugins.on_shutdown()
    assert closed == ["build"]


def test_mkdocs_finds_the_theme_s_static_files_without_walking_its_hidden_folders(ward, tmp_path):
    from mkdocs.structure.files import get_files
    from mkdocs.theme import Theme

    from wardnews.templating import VisibleFilesLoader

    config = load_config(str(ward / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    environment = config.theme.get_env()
    assert isinstance(environment.loader, VisibleFilesLoader)
    found, plain = get_files(config), get_files(config)
    found.add_files_from_theme(environment, config)
    plain.add_files_from_theme(Theme.get_env(config.theme), config)  # the engine's own listing
    assert [file.src_uri for file in found] == [file.src_uri for file in plain]
    assert any(file.src_uri.startswith("assets/javascripts/") for file in found)
