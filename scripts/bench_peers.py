"""The generators scripts/bench compares wardnews with, each set up as a ward would set it up.

A :class:`Peer` installs itself once when needed (:meth:`Peer.ready`: a virtual environment under
.bench/, which git ignores, or Debian's package) and writes a project holding the same posts as
ours (bench_corpus), with feeds for all posts and per criterion, in the unit's time zone:

- ``material``: Material for MkDocs' blog plugin + mkdocs-rss-plugin, ``mkdocs build --strict``;
- ``pelican``: Pelican with its default theme, ``pelican content -s pelicanconf.py -o output``;
- ``hugo``: Debian's Hugo with three minimal templates and no theme, ``hugo --quiet``.

scripts/bench times the command a peer gives, in the project folder, as it times ours. It reads
PEERS before its own set-up, with any Python: this module imports bench_corpus (and so wardnews)
only when it writes posts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
# Bounded like pyproject.toml bounds ours: the comparison is with the releases a user gets today.
MATERIAL_REQUIREMENTS = (
    "mkdocs>=1.6,<1.7",
    "mkdocs-material>=9.5,<10",
    "mkdocs-rss-plugin>=1.15,<2",
)
PELICAN_REQUIREMENTS = ("pelican>=4.12,<5", "markdown>=3.5,<4")
TIMEZONE = "Asia/Ho_Chi_Minh"
# Ours shows 10 posts a page and 50 items a feed (extra.wardnews defaults): the peers do as much.
PAGE_SIZE = 10
FEED_SIZE = 50
# Our post pages live at tin-tuc/<slug>/ (extra.wardnews.url_prefix).
POST_URL = "tin-tuc"


def say(message: str) -> None:
    # Flushed: installing a peer takes a while and scripts/bench prints its progress as it goes.
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


class NotAvailable(Exception):
    """A peer could not be installed here; the bench goes on without it."""


@dataclass(frozen=True)
class Ready:
    """What a set-up peer gives: the build command (run in the project folder), its version."""

    command: list[str]
    version: str


@dataclass(frozen=True)
class Peer:
    key: str
    label: str
    set_up: Callable[[], Ready]
    # (project folder, number of posts, seed): writes configuration and posts.
    write_project: Callable[[Path, int, int], None]

    def ready(self) -> Ready:
        try:
            return self.set_up()
        except (OSError, subprocess.CalledProcessError) as error:
            raise NotAvailable(f"{self.label}: không cài được ({error})") from error


# --- shared -----------------------------------------------------------------------------------


def ensure_venv(venv: Path, requirements: tuple[str, ...], label: str) -> Path:
    """A venv holding ``requirements``, made once and reused while they stay the same."""
    stamp = venv / ".requirements"
    wanted = "\n".join(requirements)
    python = venv / "bin" / "python"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return venv / "bin"
    say(f"Tạo môi trường ảo {venv.relative_to(ROOT)} cho {label} ...")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    for arguments in (["--upgrade", "pip"], list(requirements)):
        # pip's notes go to the screen only when it fails: a bench's output is its figures.
        done = subprocess.run([*pip, *arguments], capture_output=True, text=True)
        if done.returncode != 0:
            say(done.stdout + done.stderr)
            done.check_returncode()
    stamp.write_text(wanted)
    return venv / "bin"


def distribution_version(venv_bin: Path, name: str) -> str:
    script = f"import importlib.metadata as m; print(m.version({name!r}))"
    found = subprocess.run([str(venv_bin / "python"), "-c", script], capture_output=True,
                           text=True, check=True)
    return f"{name} {found.stdout.strip()}"


def read_site_settings() -> dict[str, str]:
    """site_name, site_description and site_url of the repo's mkdocs.yml (the ward's own)."""
    defaults = {
        "site_name": "Chuyển đổi số phường Ngọc Trạo",
        "site_description": "Chuyên mục chuyển đổi số",
        "site_url": "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/",
    }
    try:
        import yaml

        # BaseLoader: mkdocs.yml may carry tags (!ENV ...) that safe_load refuses.
        data = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader) or {}
    except Exception:  # noqa: BLE001 - the defaults are a fine site too
        data = {}
    return {key: str(data.get(key) or value) for key, value in defaults.items()}


def _quoted(text: str) -> str:
    # A JSON string is also a valid YAML and TOML basic string.
    return json.dumps(text, ensure_ascii=False)


# --- Material for MkDocs ------------------------------------------------------------------------


def set_up_material() -> Ready:
    venv_bin = ensure_venv(BENCH_DIR / "material-venv", MATERIAL_REQUIREMENTS,
                           "Material + mkdocs-rss-plugin")
    return Ready([str(venv_bin / "mkdocs"), "build", "--strict"],
                 distribution_version(venv_bin, "mkdocs-material"))


def write_material_project(project: Path, count: int, seed: int) -> None:
    """mkdocs.yml of a ward that picked Material's blog + RSS, set up as Material's docs say."""
    site = read_site_settings()
    config = f"""\
site_name: {_quoted(site['site_name'])}
site_description: {_quoted(site['site_description'])}
site_url: {_quoted(site['site_url'])}
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
  - blog
  - rss:
      match_path: blog/posts/.*
      date_from_meta:
        as_creation: date
      categories:
        - categories
      # Plugin defaults otherwise (use_git: true), as a ward would leave them.
# Posts stay out of nav, as for our build: Material renders the whole nav into every page.
nav:
  - Trang chủ: index.md
  - Tin tức: blog/index.md
"""
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text(f"# {site['site_name']}\n", encoding="utf-8")
    from bench_corpus import write_material_blog_corpus

    write_material_blog_corpus(project / "docs", count, seed=seed)
    # A ward's posts live in a git repository (editors commit them), and mkdocs-rss-plugin reads
    # each post's dates from git by default.
    commit_all(project)


def commit_all(project: Path) -> None:
    """Put the project in a git repository with one commit, as a ward's is."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "bai"]):
        subprocess.run(command, cwd=project, check=True, env=env, capture_output=True)


# --- Pelican ------------------------------------------------------------------------------------


def set_up_pelican() -> Ready:
    venv_bin = ensure_venv(BENCH_DIR / "pelican-venv", PELICAN_REQUIREMENTS, "Pelican")
    # --fatal warnings: a link Pelican cannot resolve fails the build, as `mkdocs --strict` does.
    return Ready([str(venv_bin / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output",
                  "--fatal", "warnings"],
                 distribution_version(venv_bin, "pelican"))


def pelican_settings(site: dict[str, str]) -> dict[str, object]:
    """pelicanconf.py's settings: default theme, absolute URLs, feeds for all posts and per tag
    (criterion) and category (kind), post pages at the same URLs as ours."""
    return {
        "SITENAME": site["site_name"],
        # Absolute URLs everywhere, feeds included: no relative-URL surprises.
        "SITEURL": site["site_url"].rstrip("/"),
        "RELATIVE_URLS": False,
        "PATH": "content",
        # The posts are Markdown; the reStructuredText reader would only warn that docutils has
        # no Vietnamese, and --fatal warnings would fail the build for it.
        "READERS": {"rst": None},
        "TIMEZONE": TIMEZONE,
        "DEFAULT_LANG": "vi",
        "DEFAULT_PAGINATION": PAGE_SIZE,
        "FEED_DOMAIN": site["site_url"].rstrip("/"),
        "FEED_MAX_ITEMS": FEED_SIZE,
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "FEED_ALL_RSS": "feeds/all.rss.xml",
        "CATEGORY_FEED_ATOM": "feeds/category-{slug}.atom.xml",
        "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
        "TAG_FEED_RSS": "feeds/tag-{slug}.rss.xml",
        "ARTICLE_URL": f"{POST_URL}/{{slug}}/",
        "ARTICLE_SAVE_AS": f"{POST_URL}/{{slug}}/index.html",
        # Drafts are not published, as ours are not.
        "DRAFT_SAVE_AS": "",
    }


def write_pelican_project(project: Path, count: int, seed: int) -> None:
    lines = ["# Written by scripts/bench: the ward's posts built by Pelican, for comparison."]
    lines += [f"{key} = {value!r}" for key, value in pelican_settings(read_site_settings()).items()]
    (project / "pelicanconf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from bench_corpus import write_pelican_corpus

    write_pelican_corpus(project / "content", count, seed=seed)


# --- Hugo ---------------------------------------------------------------------------------------

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
{{ range .AlternativeOutputFormats -}}
<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end -}}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    # Home, the tag and category lists and each term: newest first, PAGE_SIZE a page.
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}
{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ range (.Paginate $pages).Pages }}
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
{{- .Date.Format "02/01/2006" }}</time>
<p>{{ .Summary }}</p>
</article>
{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
{{- .Date.Format "02/01/2006 15:04" }}</time>
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
}


def set_up_hugo() -> Ready:
    if shutil.which("hugo") is None:
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            raise OSError("cần gói hugo của Debian: apt-get install -y hugo (với quyền root)")
        say("Chưa có Hugo: cài gói hugo của Debian (apt-get update; apt-get install -y hugo) ...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    found = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
    # "hugo v0.111.3+extended linux/amd64 BuildDate=..." : the first two words say enough.
    return Ready(["hugo", "--quiet"], " ".join(found.stdout.split()[:2]))


def hugo_config(site: dict[str, str]) -> str:
    """config.toml: the unit's zone, tags (criteria) and categories (kinds), RSS for the home
    page and for each term, post pages at the same URLs as ours."""
    return f"""\
# Written by scripts/bench: the ward's posts built by Hugo, for comparison.
baseURL = {_quoted(site['site_url'])}
title = {_quoted(site['site_name'])}
languageCode = "vi"
timeZone = "{TIMEZONE}"
paginate = {PAGE_SIZE}
rssLimit = {FEED_SIZE}

[taxonomies]
tag = "tags"
category = "categories"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]

[permalinks]
posts = "/{POST_URL}/:slug/"
"""


def write_hugo_project(project: Path, count: int, seed: int) -> None:
    (project / "config.toml").write_text(hugo_config(read_site_settings()), encoding="utf-8")
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    from bench_corpus import write_hugo_corpus

    write_hugo_corpus(project / "content", count, seed=seed)


PEERS = {
    peer.key: peer
    for peer in (
        Peer("material", "Material blog + RSS", set_up_material, write_material_project),
        Peer("pelican", "Pelican", set_up_pelican, write_pelican_project),
        Peer("hugo", "Hugo", set_up_hugo, write_hugo_project),
    )
}
