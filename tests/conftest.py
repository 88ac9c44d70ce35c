"""Shared fixtures: a tiny project in ``tmp_path`` (no mkdocs.yml) and helpers to write posts.

A test asks for what it needs::

    def test_x(write_post, read, post_text):
        write_post("a.md", post_text("title: Tin", "date: 2024-03-12"))
        post, problems = read("a.md")

``write_post`` and ``read`` take paths relative to ``posts/``; problems name files relative to the
project root ("posts/a.md"). ``make_config(**keys)`` builds a UnitConfig through
``config.parse_unit_config`` exactly as mkdocs.yml's ``extra.wardnews`` would.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from support import MINIMAL_SECTION

# Tests in sub-folders (mirroring the package) import the shared helpers of tests/support.py and
# the benchmark's corpus generator in scripts/.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))

# Real-browser fixtures, usable by every test module (tests/browser.py).
from browser import chromium, desktop, phone, served  # noqa: E402, F401

from wardnews.content.catalog import Catalog, load_catalog
from wardnews.content.config import UnitConfig, parse_unit_config
from wardnews.content.posts import Post, load_posts, read_post
from wardnews.problems import Problem

# Windows-1258 has ê, ơ, ư, ă, đ precomposed but writes the five tones as combining marks.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _encode_cp1258(text: str) -> bytes:
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def _post_text(*front_lines: str, body: str = "Nội dung bài viết.\n") -> str:
    return "\n".join(["---", *front_lines, "---", body])


def _formatted(problems: list[Problem]) -> list[str]:
    ordered = sorted(problems, key=lambda p: (p.path, p.line or 0, p.key or "", p.message))
    return [problem.format() for problem in ordered]


@pytest.fixture
def post_text() -> Callable[..., str]:
    """``post_text("title: A", "date: 2024-03-12", body=...)``: '---', the lines, '---', the body.

    Front matter line i is file line i + 1, which is the line problems report.
    """
    return _post_text


@pytest.fixture
def encode_cp1258() -> Callable[[str], bytes]:
    """Vietnamese text as an old Windows editor saves it in Windows-1258 (not UTF-8)."""
    return _encode_cp1258


@pytest.fixture
def formatted() -> Callable[[list[Problem]], list[str]]:
    """Problems as the editor reads them (``Problem.format``), sorted by file and line."""
    return _formatted


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    """An empty project: a root with an empty posts/ folder."""
    (tmp_path / "posts").mkdir()
    return tmp_path


@pytest.fixture
def make_config(project_root: Path) -> Callable[..., UnitConfig]:
    """UnitConfig from the minimal section plus keyword overrides; fails the test on problems."""

    def make(**keys: object) -> UnitConfig:
        config, problems = parse_unit_config({**MINIMAL_SECTION, **keys}, project_root)
        assert problems == [], _formatted(problems)
        assert config is not None
        return config

    return make


@pytest.fixture
def config(make_config: Callable[..., UnitConfig]) -> UnitConfig:
    return make_config()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped Thanh Hóa catalog: codes 1.10, 2.1, 3.1, 3.2, 3.4."""
    loaded, problems = load_catalog(None, "wardnews/data/criteria-thanh-hoa-2023.yml")
    assert loaded is not None and problems == []
    return loaded


@pytest.fixture
def write_file(project_root: Path) -> Callable[[str, str | bytes], Path]:
    """Write any file under the project root; text as UTF-8 bytes, no newline translation."""

    def write(relpath: str, content: str | bytes) -> Path:
        file = project_root / relpath
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return file

    return write


@pytest.fixture
def write_post(
    write_file: Callable[[str, str | bytes], Path],
) -> Callable[[str, str | bytes], Path]:
    """Write a post under posts/: ``write_post("2024/a.md", text)``; bytes are written as is."""

    def write(relpath: str, content: str | bytes) -> Path:
        return write_file(f"posts/{relpath}", content)

    return write


@pytest.fixture
def read(
    project_root: Path, config: UnitConfig, catalog: Catalog
) -> Callable[[str], tuple[Post | None, list[Problem]]]:
    """Read one post under posts/ with the default config and catalog."""

    def read_one(relpath: str) -> tuple[Post | None, list[Problem]]:
        return read_post(project_root / "posts" / relpath, config, catalog)

    return read_one


@pytest.fixture
def load(config: UnitConfig, catalog: Catalog) -> Callable[[], tuple[list[Post], list[Problem]]]:
    """Read every post of the project, as a build does."""
    return lambda: load_posts(config, catalog)
