"""The unit's configuration: ``extra.wardnews`` in mkdocs.yml, validated at the door.

Read without MkDocs (the CLI) or from the dict MkDocs already loaded (the hooks); both go through
:func:`parse_unit_config` so the rules and the messages are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wardnews.content import yamlread
from wardnews.content.catalog import Catalog, load_catalog
from wardnews.content.editor import EditorSettings, parse_editor
from wardnews.content.fields import (
    BOOLEAN,
    INTEGER,
    LIST,
    MAPPING,
    TEXT,
    Field,
    FieldSpec,
    NodeLines,
    Reporter,
    in_range,
    one_of,
)
from wardnews.content.sources import Source, parse_sources
from wardnews.content.text import is_slug, nfc
from wardnews.problems import Problem, WardnewsError, shorten

CONFIG_SECTION = "extra.wardnews"
SECTION_PATH = ("extra", "wardnews")
REMOTE_IMAGE_MODES = ("error", "link")
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
    # Raw cadence section; content.cadence_rules validates it (its rules need the catalog).
    cadence: dict | None = None
    status_page: bool = True
    # Images of posts (wardnews.images): the widths produced, and the limits that refuse a file.
    image_widths: tuple[int, ...] = (480, 960, 1440)
    image_max_mb: int = 15
    image_max_megapixels: int = 40
    # Radio programmes (content/audio.py): the largest audio file a post may publish.
    audio_max_mb: int = 60
    # The podcast owner's e-mail (itunes:owner), so the unit can claim the show in directories.
    podcast_email: str = ""
    # A folder of the project whose templates replace wardnews' own of the same name.
    templates_dir: str = ""
    # Safety of post bodies on the site (wardnews.site.sanitize): raw HTML kept as written, and
    # what an image from another host becomes ('error' or 'link').
    unsafe_html: bool = False
    remote_images: str = "error"
    # The Word report (compliance/report/docx_file.py): Nghị định 30/2020's letterhead and
    # signature. Empty issuer and place: from the unit ('Ủy ban nhân dân phường X', 'X').
    report_issuer: str = ""
    report_symbol: str = "BC-UBND"
    report_place: str = ""
    report_signer_title: str = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    report_signer_name: str = ""
    report_recipients: tuple[str, ...] = ("UBND cấp trên (để báo cáo)", "Lưu: VT")
    site_url: str = ""
    # A district's wards' feeds (content.sources; gathered by `wardnews fetch`, wardnews.district).
    sources: tuple[Source, ...] = ()
    # The web editor (wardnews.admin): its git host; validated by content.editor.
    editor: EditorSettings = field(default_factory=EditorSettings)
    # Where each key of the section is written in mkdocs.yml, for later problems (cadence).
    lines: NodeLines = field(default_factory=NodeLines, repr=False, compare=False)

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


UNIT_FIELDS = FieldSpec(
    [
        Field("unit_name", TEXT, "tên đơn vị, ví dụ 'Ngọc Trạo'", required=True),
        Field("unit_level", TEXT, "cấp đơn vị: " + ", ".join(UNIT_LEVELS), required=True),
        Field("portal_name", TEXT, "tên trang thông tin điện tử của đơn vị"),
        Field("portal_url", TEXT, "địa chỉ trang thông tin điện tử, bắt đầu bằng https://"),
        Field("section_title", TEXT, "tên chuyên mục"),
        Field("timezone", TEXT, "múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
        Field("posts_dir", TEXT, "thư mục chứa bài viết, ví dụ posts"),
        Field("url_prefix", TEXT, "tiền tố địa chỉ của chuyên mục, ví dụ tin-tuc"),
        Field("page_size", INTEGER, "số bài mỗi trang, từ 1 đến 100", checks=(in_range(1, 100),)),
        Field(
            "feed_size",
            INTEGER,
            "số bài mới nhất trong mỗi RSS, từ 1 đến 500",
            checks=(in_range(1, 500),),
        ),
        Field("default_author", TEXT, "tác giả mặc định"),
        Field("criteria_catalog", TEXT, "đường dẫn tệp bộ tiêu chí (YAML)"),
        Field("cadence", MAPPING, "nhịp đăng bài: preset, start, rules (xem README)"),
        Field(
            "status_page", BOOLEAN, "true để có trang tình hình thực hiện nhịp đăng, false để tắt"
        ),
        Field(
            "image_widths",
            LIST,
            "các chiều ngang (điểm ảnh) tạo cho mỗi ảnh, ví dụ [480, 960, 1440]",
        ),
        Field(
            "image_max_mb",
            INTEGER,
            "dung lượng tối đa của một tệp ảnh (MB), từ 1 đến 100",
            checks=(in_range(1, 100),),
        ),
        # 80 megapixels stays under Pillow's own bomb guard (89.5), so ours is the one editors meet.
        Field(
            "image_max_megapixels",
            INTEGER,
            "số triệu điểm ảnh tối đa của một ảnh, từ 1 đến 80",
            checks=(in_range(1, 80),),
        ),
        Field(
            "audio_max_mb",
            INTEGER,
            "dung lượng tối đa của một tệp âm thanh (MB), từ 1 đến 500",
            checks=(in_range(1, 500),),
        ),
        Field("podcast_email", TEXT, "địa chỉ thư điện tử của đơn vị ghi trong podcast"),
        Field(
            "templates_dir",
            TEXT,
            "thư mục mẫu trang (Jinja2) thay mẫu có sẵn của wardnews, ví dụ overrides/wardnews",
        ),
        Field(
            "unsafe_html",
            BOOLEAN,
            "true để giữ nguyên mã HTML của bài (không làm sạch; chỉ khi thật cần), false để tắt",
        ),
        Field(
            "remote_images",
            TEXT,
            "cách xử lý ảnh trên trang web khác: error (báo lỗi) hoặc link (thành liên kết)",
            checks=(one_of(REMOTE_IMAGE_MODES),),
        ),
        Field("report_issuer", TEXT, "cơ quan ban hành báo cáo, ví dụ 'Ủy ban nhân dân phường X'"),
        Field("report_symbol", TEXT, "ký hiệu văn bản sau số, ví dụ BC-UBND"),
        Field("report_place", TEXT, "địa danh ghi trước ngày tháng, ví dụ Ngọc Trạo"),
        Field("report_signer_title", TEXT, "quyền hạn, chức vụ người ký, ví dụ 'CHỦ TỊCH'"),
        Field("report_signer_name", TEXT, "họ tên người ký"),
        Field(
            "report_recipients",
            LIST,
            "nơi nhận báo cáo, mỗi nơi một dòng, ví dụ ['UBND thành phố (để b/c)', 'Lưu: VT']",
        ),
        Field("sources", LIST, "nguồn tin của các phường, xã (name, level, feed, preset)"),
        Field("editor", MAPPING, "trình soạn bài trên web: backend, repo, app_id (xem README)"),
    ]
)


def parse_unit_config(
    section: Any,
    root: Path,
    config_path: str = "mkdocs.yml",
    site_url: str = "",
    lines: NodeLines | None = None,
    site_url_line: int | None = None,
) -> tuple[UnitConfig | None, list[Problem]]:
    """Validate the ``extra.wardnews`` mapping; return the config or the problems.

    ``lines`` is the node tree of that mapping in mkdocs.yml, for the line of each problem;
    ``site_url_line`` the line of the top-level ``site_url``, when known."""
    lines = lines or NodeLines()
    reporter = Reporter(config_path, CONFIG_SECTION, lines)
    problem = reporter.report
    site_url_problem = web_address_problem(site_url) if site_url else None
    if site_url_problem:
        # A top-level key of mkdocs.yml, outside the extra.wardnews section.
        reporter.problems.append(Problem(config_path, site_url_line, "site_url", site_url_problem))

    if section is None:
        problem(None, "thiếu phần cấu hình của wardnews (cần ít nhất unit_name và unit_level)")
        return None, reporter.problems
    if not isinstance(section, dict):
        problem(None, f"cần một bảng khóa: giá trị, nhưng gặp {shorten(section)}")
        return None, reporter.problems

    values = {
        key: nfc(value.strip()) if isinstance(value, str) else value
        for key, value in UNIT_FIELDS.validate(section, reporter).items()
    }
    _check_values(values, root, problem)
    if "sources" in values:
        values["sources"] = parse_sources(values["sources"], reporter.child("sources"))
    if "editor" in values:
        editor = parse_editor(values["editor"], reporter.child("editor"))
        values["editor"] = editor if editor is not None else EditorSettings()
    if reporter.problems:
        return None, reporter.problems
    return UnitConfig(root=root, site_url=site_url, lines=lines, **values), reporter.problems


def _check_values(values: dict[str, Any], root: Path, problem: Callable[[str, str], None]) -> None:
    """Checks that need more than one value's kind; normalises ``values`` in place."""
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
    widths = values.get("image_widths")
    if widths is not None:
        if 1 <= len(widths) <= 6 and all(type(w) is int and 100 <= w <= 4000 for w in widths):
            values["image_widths"] = tuple(sorted(set(widths)))
        else:
            expected = "cần 1 đến 6 số nguyên từ 100 đến 4000, ví dụ [480, 960, 1440]"
            problem("image_widths", f"{expected}, nhưng gặp {shorten(widths)}")
    recipients = values.get("report_recipients")
    if recipients is not None:
        if recipients and all(isinstance(item, str) and item.strip() for item in recipients):
            values["report_recipients"] = tuple(nfc(item.strip()) for item in recipients)
        else:
            expected = "cần một danh sách nơi nhận (chuỗi chữ), ví dụ ['Lưu: VT']"
            problem("report_recipients", f"{expected}, nhưng gặp {shorten(recipients)}")
    prefix = values.get("url_prefix")
    if prefix is not None:
        prefix = prefix.strip("/")
        values["url_prefix"] = prefix
        if not all(is_slug(part) for part in prefix.split("/")):
            problem(
                "url_prefix",
                "cần chữ thường không dấu, số và dấu gạch ngang (ví dụ tin-tuc), "
                f"nhưng gặp {shorten(prefix)}",
            )
    portal_url = values.get("portal_url")
    portal_problem = web_address_problem(portal_url) if portal_url else None
    if portal_problem:
        problem("portal_url", portal_problem)
    posts_dir = values.get("posts_dir")
    if posts_dir is not None:
        _check_folder(root, posts_dir, "posts_dir", "thư mục bài viết", problem)
    elif not (root / "posts").is_dir():
        problem("posts_dir", "không tìm thấy thư mục bài viết 'posts'")
    templates_dir = values.get("templates_dir")
    if templates_dir:
        _check_folder(root, templates_dir, "templates_dir", "thư mục mẫu trang", problem)


def web_address_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) address of a host, or None. It reaches every page, feed and
    snippet a portal pastes: 'javascript:', 'data:', 'file:' or a schemeless text must not."""
    expected = "cần địa chỉ web bắt đầu bằng https:// (hoặc http://) rồi đến tên miền"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # '[' of an IPv6 address never closed
        host = None
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not host
        or any(char.isspace() or not char.isprintable() for char in url)
    ):
        return f"{expected}, nhưng gặp {shorten(url)}"
    return None


def _check_folder(
    root: Path, written: str, key: str, what: str, problem: Callable[[str, str], None]
) -> None:
    resolved = (root / written).resolve()
    if not resolved.is_relative_to(root.resolve()):
        problem(key, f"{what} phải nằm trong dự án, nhưng gặp {shorten(written)}")
    elif not resolved.is_dir():
        problem(key, f"không tìm thấy thư mục {shorten(written)}")


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
                config.lines.child("criteria_catalog").line,
                f"{CONFIG_SECTION}.criteria_catalog",
                "tệp bộ tiêu chí phải nằm trong dự án, "
                f"nhưng gặp {shorten(config.criteria_catalog)}",
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
        data, root_node = yamlread.load_tolerant_with_nodes(nfc(text))
    except yamlread.YamlSyntaxError as exc:
        raise WardnewsError([Problem(shown, exc.line, None, exc.reason)]) from None
    if not isinstance(data, dict):
        raise WardnewsError([Problem(shown, 1, None, "cần một bảng khóa: giá trị")])
    extra = data.get("extra") or {}
    section = extra.get("wardnews") if isinstance(extra, dict) else None
    site_url = data.get("site_url") or ""
    config, problems = parse_unit_config(
        section,
        config_file.parent.resolve(),
        shown,
        site_url if isinstance(site_url, str) else "",
        NodeLines(root_node).at(SECTION_PATH),
        NodeLines(root_node).key_line("site_url"),
    )
    if config is None:
        raise WardnewsError(problems)
    return config


def section_lines(config_file: Path) -> NodeLines:
    """Lines of ``extra.wardnews`` in a configuration file another program (MkDocs) already
    loaded; a file that cannot be read again gives no lines rather than an error."""
    try:
        text = config_file.read_text("utf-8")
        _, root_node = yamlread.load_tolerant_with_nodes(nfc(text))
    except (OSError, UnicodeDecodeError, yamlread.YamlSyntaxError):
        return NodeLines()
    return NodeLines(root_node).at(SECTION_PATH)
