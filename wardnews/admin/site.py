"""The web editor's page in the built site: ``quan-tri/`` (wardnews.urls.ADMIN).

The Decap CMS bundle is vendored in ``wardnews/data/admin`` from the npm package pinned in
``vendor.json`` (version, npm integrity, SHA-256 of each file; ``scripts/vendor-cms`` makes it);
every build checks the SHA-256 before copying it, so a changed file never reaches a site.
The page is not a page of the engine: it is in no sitemap, search index or feed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from wardnews.admin.config import config_json, editor_config
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.problems import Problem, WardnewsError
from wardnews.templating import Templates
from wardnews.urls import (
    ADMIN_BUNDLE,
    ADMIN_PAGE,
    ADMIN_SCRIPT,
    ADMIN_STYLE,
    admin_file,
)

VENDOR_RECORD = "vendor.json"


@dataclass(frozen=True)
class AdminFile:
    """A file of the admin page: ``data`` made here, or a vendored ``source`` to copy."""

    path: str
    data: bytes | None = None
    source: Path | None = None


def vendored_dir() -> Path:
    return Path(str(resources.files("wardnews").joinpath("data", "admin")))


def vendor_record(folder: Path | None = None) -> dict:
    """The record of the vendored bundle: package, version, integrity, SHA-256 by file."""
    return json.loads(((folder or vendored_dir()) / VENDOR_RECORD).read_text("utf-8"))


def verified_bundle(folder: Path | None = None) -> list[Path]:
    """The vendored files, each checked against its recorded SHA-256. Raises WardnewsError."""
    folder = folder or vendored_dir()
    record = vendor_record(folder)
    files = []
    for name, expected in sorted(record["sha256"].items()):
        path = folder / name
        try:
            found = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            found = "(không có tệp)"
        if found != expected:
            shown = f"wardnews/data/admin/{name}"
            message = (
                f"tệp của trình soạn bài không đúng bản đã kiểm (SHA-256 cần {expected}, "
                f"nhưng gặp {found}); chạy lại scripts/vendor-cms"
            )
            raise WardnewsError([Problem(shown, None, None, message)])
        files.append(path)
    return files


def preview_styles(site_dir: Path) -> list[str]:
    """The site's stylesheets, relative to the admin page, for the editor's preview pane."""
    found = sorted(site_dir.glob("assets/stylesheets/main.*.css"))
    found += sorted(site_dir.glob("stylesheets/*.css"))
    return ["../" + path.relative_to(site_dir).as_posix() for path in found]


def admin_files(
    config: UnitConfig,
    catalog: Catalog,
    templates: Templates,
    styles: list[str] | None = None,
) -> list[AdminFile]:
    """Every file of the admin page, or none when ``editor.admin`` is false."""
    if not config.editor.admin:
        return []
    bundle = verified_bundle()
    page = templates.render(
        "admin/index.html",
        title=f"{config.section_title} – {config.unit_title}",
        style=ADMIN_STYLE,
        script=ADMIN_SCRIPT,
        bundle=ADMIN_BUNDLE,
        preview_styles=" ".join(styles or []),
        config=config_json(editor_config(config, catalog, config.site_url)),
    )
    files = [
        AdminFile(admin_file(ADMIN_PAGE), data=page.encode("utf-8")),
        AdminFile(
            admin_file(ADMIN_SCRIPT), data=templates.source("admin/wardnews-cms.js").encode()
        ),
        AdminFile(
            admin_file(ADMIN_STYLE), data=templates.source("admin/wardnews-cms.css").encode()
        ),
    ]
    files += [AdminFile(admin_file(path.name), source=path) for path in bundle]
    return files
