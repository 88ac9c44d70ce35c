"""The web editor's settings: ``extra.wardnews.editor`` in mkdocs.yml, validated at the door.

The editor (Decap CMS, see :mod:`wardnews.admin`) commits posts through the unit's git host: the
settings name that host, the repository and, for GitLab and Gitea/Forgejo, the OAuth application
the browser logs in with (PKCE: no server of ours). ``backend: none`` keeps only local editing
through ``scripts/edit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wardnews.content.fields import BOOLEAN, TEXT, Field, FieldSpec, Reporter, one_of
from wardnews.problems import shorten

# Decap CMS backend names by what a unit writes.
BACKENDS = {"gitlab": "gitlab", "gitea": "gitea", "forgejo": "gitea", "github": "github"}
NO_BACKEND = "none"

EDITOR_FIELDS = FieldSpec(
    [
        Field("admin", BOOLEAN, "true để dựng trang soạn bài trên web, false để tắt"),
        Field(
            "backend",
            TEXT,
            "máy chủ git: gitlab, gitea, forgejo, github hoặc none (chỉ soạn trên máy)",
            checks=(one_of((*BACKENDS, NO_BACKEND)),),
        ),
        Field("repo", TEXT, "kho bài viết trên máy chủ git, ví dụ phuong-ngoc-trao/chuyen-doi-so"),
        Field("branch", TEXT, "nhánh được đăng, ví dụ main"),
        Field("base_url", TEXT, "địa chỉ máy chủ git, ví dụ https://gitlab.thanhhoa.gov.vn"),
        Field("api_root", TEXT, "địa chỉ API của máy chủ git (bỏ trống: theo base_url)"),
        Field("app_id", TEXT, "mã ứng dụng OAuth (Application ID) tạo trên máy chủ git"),
        Field("auth_endpoint", TEXT, "đường dẫn trang đăng nhập OAuth (bỏ trống: mặc định)"),
    ]
)


@dataclass(frozen=True)
class EditorSettings:
    """What the admin page's configuration takes from the project."""

    admin: bool = True
    backend: str = NO_BACKEND
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    api_root: str = ""
    app_id: str = ""
    auth_endpoint: str = ""


def parse_editor(section: Any, reporter: Reporter) -> EditorSettings | None:
    """The settings of ``section`` (None: the defaults), or None with problems reported."""
    if section is None:
        return EditorSettings()
    before = len(reporter.problems)
    values = EDITOR_FIELDS.validate(section, reporter)
    values = {
        key: value.strip() if isinstance(value, str) else value for key, value in values.items()
    }
    backend = values.get("backend", NO_BACKEND)
    if backend != NO_BACKEND:
        if not values.get("repo") or "/" not in values["repo"]:
            found = shorten(values.get("repo", ""))
            reporter.report(
                "repo",
                f"cần tên kho dạng nhóm/tên-kho khi có backend: {backend}, nhưng gặp {found}",
            )
        if backend in ("gitlab", "gitea", "forgejo") and not values.get("app_id"):
            reporter.report(
                "app_id",
                f"backend: {backend} cần app_id: mã ứng dụng OAuth tạo trên máy chủ git "
                "(xem README, mục trình soạn bài)",
            )
        if backend in ("gitea", "forgejo") and not values.get("base_url"):
            reporter.report("base_url", f"backend: {backend} cần base_url: địa chỉ máy chủ git")
    for key in ("base_url", "api_root"):
        url = values.get(key, "")
        if url and not url.startswith(("https://", "http://")):
            reporter.report(key, f"cần địa chỉ bắt đầu bằng https://, nhưng gặp {shorten(url)}")
    if len(reporter.problems) > before:
        return None
    return EditorSettings(**values)
