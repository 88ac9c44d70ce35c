"""The unit's configuration: ``extra.wardnews`` in mkdocs.yml, validated at the door.

Read without MkDocs (the CLI) or from the dict MkDocs already loaded (the hooks); both go through
:func:`parse_unit_config` so the rules and the messages are the same.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wardnews.content import yamlread
from wardnews.content.catalog import Catalog, load_catalog
from wardnews.content.text import is_slug, nfc
from wardnews.problems import Problem, WardnewsError, shorten

CONFIG_SECTION = "extra.wardnews"
UNIT_LEVELS = ("phường", "xã", "thị trấn", "quận", "huyện", "thị xã", "thành phố", "tỉnh")


@dataclass(frozen=True)
class UnitConfig:
    """Everything the core needs to know about the unit and its news section."""

    root: Path
    unit_name: str
    unit_level: str
    portal_name: str = ""
    portal_url: str = ""
    section_title: str = "Chuyên mục Chuyển đổi số"
    timezone: str = "Asia/Ho_Chi_Minh"
    posts_dir: str = "posts"
    url_prefix: str = "tin-tuc"
    page_size: int = 10
    feed_size: int = 50
    default_author: str = "Ban biên tập"
    criteria_catalog: str = ""
    # Raw cadence section; wardnews.cadence validates it (its rules need the catalog).
    cadence: dict | None = None
    status_page: bool = True
    # Images of posts (wardnews.images): the widths produced, and the limits that refuse a file.
    image_widths: tuple[int, ...] = (480, 960, 1440)
    image_max_mb: int = 15
    image_max_megapixels: int = 40
    # A folder of the project whose templates replace wardnews' own of the same name.
    templates_dir: str = ""
    site_url: str = ""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def posts_path(self) -> Path:
        return self.root / self.posts_dir

    @property
    def templates_path(self) -> Path | None:
        return self.root / self.templates_dir if self.templates_dir else None

    @property
    def unit_title(self) -> str:
        """'Phường Ngọc Trạo' even when the editor wrote only 'Ngọc Trạo'."""
        if self.unit_name.casefold().startswith(self.unit_level.casefold()):
            return self.unit_name[0].upper() + self.unit_name[1:]
        return f"{self.unit_level.capitalize()} {self.unit_name}"


# key -> (expected type, description in Vietnamese); required keys have no default
_FIELDS: dict[str, tuple[type, str]] = {
    "unit_name": (str, "tên đơn vị, ví dụ 'Ngọc Trạo'"),
    "unit_level": (str, "cấp đơn vị: " + ", ".join(UNIT_LEVELS)),
    "portal_name": (str, "tên trang thông tin điện tử của đơn vị"),
    "portal_url": (str, "địa chỉ trang thông tin điện tử, bắt đầu bằng https://"),
    "section_title": (str, "tên chuyên mục"),
    "timezone": (str, "múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
    "posts_dir": (str, "thư mục chứa bài viết, ví dụ posts"),
    "url_prefix": (str, "tiền tố địa chỉ của chuyên mục, ví dụ tin-tuc"),
    "page_size": (int, "số bài mỗi trang, từ 1 đến 100"),
    "feed_size": (int, "số bài mới nhất trong mỗi RSS, từ 1 đến 500"),
    "default_author": (str, "tác giả mặc định"),
    "criteria_catalog": (str, "đường dẫn tệp bộ tiêu chí (YAML)"),
    "cadence": (dict, "nhịp đăng bài: preset, start, rules (xem README)"),
    "status_page": (bool, "true để có trang tình hình thực hiện nhịp đăng, false để tắt"),
    "image_widths": (list, "các chiều ngang (điểm ảnh) tạo cho mỗi ảnh, ví dụ [480, 960, 1440]"),
    "image_max_mb": (int, "dung lượng tối đa của một tệp ảnh (MB), từ 1 đến 100"),
    "image_max_megapixels": (int, "số triệu điểm ảnh tối đa của một ảnh, từ 1 đến 80"),
    "templates_dir": (
        str,
        "thư mục mẫu trang (Jinja2) thay mẫu có sẵn của wardnews, ví dụ overrides/wardnews",
    ),
}
_REQUIRED = ("unit_name", "unit_level")


def _type_name(kind: type) -> str:
    return {
        str: "một chuỗi chữ",
        int: "một số nguyên",
        bool: "true hoặc false",
        dict: "một bảng khóa: giá trị",
        list: "một danh sách",
    }[kind]


def parse_unit_config(
    section: Any, root: Path, config_path: str = "mkdocs.yml", site_url: str = ""
) -> tuple[UnitConfig | None, list[Problem]]:
    """Validate the ``extra.wardnews`` mapping; return the config or the problems."""
    problems: list[Problem] = []

    def problem(key: str | None, message: str) -> None:
        full_key = f"{CONFIG_SECTION}.{key}" if key else CONFIG_SECTION
        problems.append(Problem(config_path, None, full_key, message))

    if section is None:
        problem(None, "thiếu phần cấu hình của wardnews (cần ít nhất unit_name và unit_level)")
        return None, problems
    if not isinstance(section, dict):
        problem(None, f"cần một bảng khóa: giá trị, nhưng gặp {shorten(section)}")
        return None, problems

    values: dict[str, Any] = {}
    for key, value in section.items():
        key = str(key)
        if key not in _FIELDS:
            close = difflib.get_close_matches(key, _FIELDS, n=1)
            hint = f"có phải ý bạn là '{close[0]}'? " if close else ""
            problem(key, f"khóa không được hỗ trợ; {hint}Các khóa hợp lệ: {', '.join(_FIELDS)}")
            continue
        kind, description = _FIELDS[key]
        # bool is an int in Python; 'page_size: true' is still a mistake.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            found = str(value).lower() if isinstance(value, bool) else value  # as YAML spells it
            problem(key, f"cần {_type_name(kind)} ({description}), nhưng gặp {shorten(found)}")
            continue
        values[key] = nfc(value.strip()) if isinstance(value, str) else value

    for key in _REQUIRED:
        if key not in section:
            problem(key, f"thiếu khóa bắt buộc ({_FIELDS[key][1]})")

    level = values.get("unit_level")
    if level is not None and level.casefold() not in UNIT_LEVELS:
        problem(
            "unit_level", f"cần một trong: {', '.join(UNIT_LEVELS)}; nhưng gặp {shorten(level)}"
        )
    elif level is not None:
        values["unit_level"] = level.casefold()
    if values.get("unit_name") == "":
        problem("unit_name", "tên đơn vị không được để trống")
    timezone = values.get("timezone")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        # 'Asia' names a folder of the tz database: ZoneInfo raises IsADirectoryError.
        except (ZoneInfoNotFoundError, ValueError, OSError):
            problem(
                "timezone", f"cần múi giờ IANA như Asia/Ho_Chi_Minh, nhưng gặp {shorten(timezone)}"
            )
    page_size = values.get("page_size")
    if page_size is not None and not 1 <= page_size <= 100:
        problem("page_size", f"cần số từ 1 đến 100, nhưng gặp {page_size}")
    feed_size = values.get("feed_size")
    if feed_size is not None and not 1 <= feed_size <= 500:
        problem("feed_size", f"cần số từ 1 đến 500, nhưng gặp {feed_size}")
    widths = values.get("image_widths")
    if widths is not None:
        if 1 <= len(widths) <= 6 and all(type(w) is int and 100 <= w <= 4000 for w in widths):
            values["image_widths"] = tuple(sorted(set(widths)))
        else:
            expected = "cần 1 đến 6 số nguyên từ 100 đến 4000, ví dụ [480, 960, 1440]"
            problem("image_widths", f"{expected}, nhưng gặp {shorten(widths)}")
    # 80 megapixels stays under Pillow's own bomb guard (89.5), so ours is the one editors meet.
    for key, high in (("image_max_mb", 100), ("image_max_megapixels", 80)):
        number = values.get(key)
        if number is not None and not 1 <= number <= high:
            problem(key, f"cần số từ 1 đến {high}, nhưng gặp {number}")
    prefix = values.get("url_prefix")
    if prefix is not None:
        prefix = prefix.strip("/")
        values["url_prefix"] = prefix
        if not all(is_slug(part) for part in prefix.split("/")):
            problem(
                "url_prefix",
                f"cần chữ thường không dấu, số và dấu gạch ngang (ví dụ tin-tuc), nhưng gặp {shorten(prefix)}",
            )
    portal_url = values.get("portal_url")
    if portal_url and not portal_url.startswith(("http://", "https://")):
        problem("portal_url", f"cần địa chỉ bắt đầu bằng https://, nhưng gặp {shorten(portal_url)}")
    posts_dir = values.get("posts_dir")
    if posts_dir is not None:
        resolved = (root / posts_dir).resolve()
        if not resolved.is_relative_to(root.resolve()):
            problem(
                "posts_dir",
                f"thư mục bài viết phải nằm trong dự án, nhưng gặp {shorten(posts_dir)}",
            )
        elif not resolved.is_dir():
            problem("posts_dir", f"không tìm thấy thư mục {shorten(posts_dir)}")
    elif not (root / "posts").is_dir():
        problem("posts_dir", "không tìm thấy thư mục bài viết 'posts'")
    templates_dir = values.get("templates_dir")
    if templates_dir:
        resolved = (root / templates_dir).resolve()
        if not resolved.is_relative_to(root.resolve()):
            problem(
                "templates_dir",
                f"thư mục mẫu trang phải nằm trong dự án, nhưng gặp {shorten(templates_dir)}",
            )
        elif not resolved.is_dir():
            problem("templates_dir", f"không tìm thấy thư mục {shorten(templates_dir)}")

    if problems:
        return None, problems
    return UnitConfig(root=root, site_url=site_url, **values), problems


def load_catalog_for(
    config: UnitConfig, config_path: str = "mkdocs.yml"
) -> tuple[Catalog | None, list[Problem]]:
    if not config.criteria_catalog:
        return load_catalog(None, "wardnews/data/criteria-thanh-hoa-2023.yml")
    path = config.root / config.criteria_catalog
    if not path.resolve().is_relative_to(config.root.resolve()):
        return None, [
            Problem(
                config_path,
                None,
                f"{CONFIG_SECTION}.criteria_catalog",
                f"tệp bộ tiêu chí phải nằm trong dự án, nhưng gặp {shorten(config.criteria_catalog)}",
            )
        ]
    return load_catalog(path, config.criteria_catalog)


def read_project_config(config_file: Path) -> UnitConfig:
    """Read mkdocs.yml the way MkDocs would, without importing it. Raises WardnewsError."""
    shown = config_file.name
    try:
        text = config_file.read_text("utf-8")
    except FileNotFoundError:
        raise WardnewsError(
            [Problem(shown, None, None, f"không tìm thấy tệp cấu hình {config_file}")]
        ) from None
    except UnicodeDecodeError:
        raise WardnewsError(
            [Problem(shown, None, None, "tệp cấu hình không phải mã UTF-8")]
        ) from None
    except OSError as exc:  # a folder, no permission
        raise WardnewsError(
            [Problem(shown, None, None, f"không đọc được tệp cấu hình ({exc.strerror})")]
        ) from None
    try:
        data = yamlread.load_tolerant(nfc(text))
    except yamlread.YamlSyntaxError as exc:
        raise WardnewsError([Problem(shown, exc.line, None, exc.reason)]) from None
    if not isinstance(data, dict):
        raise WardnewsError([Problem(shown, 1, None, "cần một bảng khóa: giá trị")])
    extra = data.get("extra") or {}
    section = extra.get("wardnews") if isinstance(extra, dict) else None
    site_url = data.get("site_url") or ""
    config, problems = parse_unit_config(
        section, config_file.parent.resolve(), shown, site_url if isinstance(site_url, str) else ""
    )
    if config is None:
        raise WardnewsError(problems)
    return config
