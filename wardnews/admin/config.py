"""The web editor's configuration (Decap CMS ``config.yml``), generated from the project.

Never written by hand: the post schema mirrors the reader (``content/reader.py``: the keys, the
title and summary lengths, the kinds, the duration range, the date forms ``wardnews check``
accepts), the criteria are the catalog's codes, the backend comes from ``extra.wardnews.editor``.
Criterion codes are JSON strings: in a YAML config an unquoted 1.10 would be read as 1.1.

A new post key is added in three places: ``content/reader.py`` reads it, :data:`POST_WIDGETS`
gives its form field here, and ``tests/admin/test_config.py`` fails until both agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.editor import BACKENDS, NO_BACKEND, EditorSettings
from wardnews.content.model import KINDS
from wardnews.content.reader import DURATION_RANGE, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS

# Where the form stores a picture: a folder beside the post ('posts/2024/anh/x.jpg'), written in
# the post as 'anh/x.jpg', the form the reader resolves from the post's folder.
MEDIA_FOLDER = "anh"
# What the datetime widget writes: a form `wardnews check` reads as local time of the unit.
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
# Posts by year, named by date and an ASCII slug of the title ('2024/2024-03-12-ra-mat-to').
POST_PATH = "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}"
LOCAL_PROXY = "http://127.0.0.1:8081/api/v1"

Widget = dict[str, Any]


def _datetime(name: str, label: str, hint: str, required: bool) -> Widget:
    return {
        "name": name,
        "label": label,
        "widget": "datetime",
        "format": DATETIME_FORMAT,
        "date_format": "DD/MM/YYYY",
        "time_format": "HH:mm",
        "picker_utc": False,
        "required": required,
        "hint": hint,
    }


def _text(name: str, label: str, hint: str, **more: Any) -> Widget:
    return {
        "name": name,
        "label": label,
        "widget": "string",
        "required": False,
        "hint": hint,
        **more,
    }


def _title(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "title",
        "label": "Tiêu đề",
        "widget": "string",
        "hint": f"Bắt buộc, tối đa {MAX_TITLE_CHARS} ký tự.",
        "pattern": [
            rf"^\s*\S[\s\S]{{0,{MAX_TITLE_CHARS - 1}}}$",
            f"Tiêu đề cần từ 1 đến {MAX_TITLE_CHARS} ký tự",
        ],
    }


def _date(config: UnitConfig, catalog: Catalog) -> Widget:
    hint = f"Ngày giờ đăng, giờ {config.timezone}. Ngày trong tương lai: bài được hẹn giờ."
    return _datetime("date", "Ngày đăng", hint, required=True)


def _author(config: UnitConfig, catalog: Catalog) -> Widget:
    return _text("author", "Tác giả", f"Bỏ trống: {config.default_author}.")


def _criteria(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "criteria",
        "label": "Tiêu chí",
        "widget": "select",
        "multiple": True,
        "required": False,
        "options": [
            {"label": f"{item.code} – {item.name}", "value": item.code} for item in catalog.criteria
        ],
        "hint": "Bỏ trống: tiêu chí được gắn tự động theo từ khóa của bài.",
    }


def _summary(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "summary",
        "label": "Tóm tắt",
        "widget": "text",
        "required": False,
        "hint": f"Tối đa {MAX_SUMMARY_CHARS} ký tự. Bỏ trống: lấy đoạn đầu của bài.",
        "pattern": [
            rf"^[\s\S]{{0,{MAX_SUMMARY_CHARS}}}$",
            f"Tóm tắt tối đa {MAX_SUMMARY_CHARS} ký tự",
        ],
    }


def _image(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "image",
        "label": "Ảnh bìa",
        "widget": "image",
        "required": False,
        "choose_url": False,
        "hint": "Ảnh JPEG hoặc PNG, chiều ngang khoảng 2000 điểm ảnh là đủ.",
    }


def _image_alt(config: UnitConfig, catalog: Catalog) -> Widget:
    return _text(
        "image_alt",
        "Mô tả ảnh bìa",
        "Bắt buộc khi có ảnh bìa: tả ảnh cho người khiếm thị, "
        "ví dụ: Người dân được hướng dẫn cài VNeID.",
    )


def _source(config: UnitConfig, catalog: Catalog) -> Widget:
    return _text("source", "Nguồn", "Khi đăng lại bài của nơi khác, ví dụ: Báo Thanh Hóa.")


def _kind(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "kind",
        "label": "Loại bài",
        "widget": "select",
        "required": False,
        "default": "news",
        "options": [{"label": label, "value": code} for code, label in KINDS.items()],
    }


def _slug(config: UnitConfig, catalog: Catalog) -> Widget:
    return _text(
        "slug",
        "Địa chỉ bài",
        "Bỏ trống: tạo từ tiêu đề, bỏ dấu. Chỉ chữ thường không dấu, số và gạch ngang.",
        pattern=[r"^[a-z0-9]+(-[a-z0-9]+)*$", "Chỉ chữ thường không dấu, số và gạch ngang"],
    )


def _draft(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "draft",
        "label": "Bản nháp (không đăng)",
        "widget": "boolean",
        "required": False,
        "default": False,
    }


def _airings(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "airings",
        "label": "Giờ phát sóng",
        "label_singular": "giờ phát",
        "widget": "list",
        "required": False,
        "hint": "Bài phát thanh (Loại bài: Chương trình phát thanh): mỗi lần phát một dòng.",
        "field": _datetime("airing", "Giờ phát", "", required=True),
    }


def _duration(config: UnitConfig, catalog: Catalog) -> Widget:
    low, high = DURATION_RANGE
    return {
        "name": "duration",
        "label": "Thời lượng (phút)",
        "widget": "number",
        "value_type": "int",
        "min": low,
        "max": high,
        "required": False,
        "hint": f"Bài phát thanh: số phút, từ {low} đến {high}.",
    }


def _audio(config: UnitConfig, catalog: Catalog) -> Widget:
    return {
        "name": "audio",
        "label": "Tệp âm thanh của chương trình",
        "widget": "file",
        "required": False,
        "choose_url": False,
        "hint": (
            "Bài phát thanh: tệp MP3, M4A hoặc OGG của chương trình, "
            f"tối đa {config.audio_max_mb} MB; điền cả Thời lượng (phút)."
        ),
        # A JavaScript pattern: no inline flags, so the case is spelled out.
        "pattern": [
            r"^$|\.([mM][pP]3|[mM]4[aA]|[oO][gG][gG])$",
            "Chỉ nhận tệp .mp3, .m4a hoặc .ogg",
        ],
    }


def _id(config: UnitConfig, catalog: Catalog) -> Widget:
    return _text(
        "id",
        "Mã cố định (id)",
        "Chỉ điền khi đổi tên tệp của bài đã đăng: đường dẫn cũ, "
        "ví dụ 2024/2024-01-09-ra-mat-to.md.",
    )


# One form field per key of the post format (content/reader.py's POST_FIELDS), in its order.
# A new key of the post format gets its function here (a test fails until it has one).
POST_WIDGETS: dict[str, Callable[[UnitConfig, Catalog], Widget]] = {
    "title": _title,
    "date": _date,
    "author": _author,
    "criteria": _criteria,
    "summary": _summary,
    "image": _image,
    "image_alt": _image_alt,
    "source": _source,
    "kind": _kind,
    "slug": _slug,
    "draft": _draft,
    "airings": _airings,
    "duration": _duration,
    "id": _id,
    "audio": _audio,
}


def backend(settings: EditorSettings) -> dict[str, Any]:
    """Decap CMS's ``backend`` from the unit's git host; the editorial workflow makes every post
    a merge request that CI checks before a reviewer publishes it."""
    if settings.backend == NO_BACKEND:
        # Only the local proxy of scripts/edit (local_backend) can save.
        return {"name": "proxy", "proxy_url": LOCAL_PROXY, "branch": settings.branch}
    values: dict[str, Any] = {
        "name": BACKENDS[settings.backend],
        "repo": settings.repo,
        "branch": settings.branch,
    }
    if settings.backend == "gitlab":
        values["auth_type"] = "pkce"
    for key in ("base_url", "api_root", "app_id", "auth_endpoint"):
        value = getattr(settings, key)
        if value:
            values[key] = value
    if settings.backend in ("gitea", "forgejo") and not settings.api_root:
        values["api_root"] = settings.base_url.rstrip("/") + "/api/v1"
    return values


def editor_config(config: UnitConfig, catalog: Catalog, site_url: str = "") -> dict[str, Any]:
    """The whole Decap CMS configuration of the project, as a value."""
    settings = config.editor
    posts = {
        "name": "posts",
        "label": "Bài viết",
        "label_singular": "bài viết",
        "description": f"Bài của {config.section_title}, {config.unit_title}.",
        "folder": config.posts_dir,
        "path": POST_PATH,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,
        "sortable_fields": ["date", "title"],
        "summary": "{{title}} ({{day}}/{{month}}/{{year}})",
        "fields": [
            *(widget(config, catalog) for widget in POST_WIDGETS.values()),
            {"name": "body", "label": "Nội dung", "widget": "markdown"},
        ],
    }
    values: dict[str, Any] = {
        "backend": backend(settings),
        "local_backend": {"url": LOCAL_PROXY},
        "publish_mode": "editorial_workflow",
        "locale": "vi",
        "media_folder": f"{config.posts_dir}/{MEDIA_FOLDER}",
        "public_folder": MEDIA_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        # An optional field left empty is not written ('summary: ""' would be a value).
        "omit_empty_optional_fields": True,
        "collections": [posts],
    }
    if site_url:
        values["site_url"] = site_url
        values["display_url"] = site_url
    return values


def config_json(values: dict[str, Any]) -> str:
    """The configuration as JSON for the admin page: codes stay strings ('1.10'), and the order
    of keys is the order above, so the same project gives the same bytes."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))
