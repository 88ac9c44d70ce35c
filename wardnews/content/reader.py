"""Reading one post's front matter, key by key, into a :class:`Post` or its problems."""

from __future__ import annotations

from datetime import datetime, tzinfo

import yaml

from wardnews.content import yamlread
from wardnews.content.bounds import check_bounds
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import DateError, parse_date
from wardnews.content.discovery import relative
from wardnews.content.fields import Field, FieldSpec, NodeLines, Reporter
from wardnews.content.model import KINDS, Post
from wardnews.content.source import CONTROL_CHARS, PostSource, split_front_matter
from wardnews.content.text import is_slug, slugify
from wardnews.problems import Problem, Severity, shorten
from wardnews.urls import RESERVED_SLUGS

# Every value is read from its node (a code keeps its spelling '1.10'); the readers below check
# the kinds, so the spec names the keys, their meaning and the two that are required.
POST_FIELDS = FieldSpec(
    [
        Field("title", description="tiêu đề bài", required=True),
        Field("date", description="ngày đăng, ví dụ 2024-03-12 08:30", required=True),
        Field("author", description="tác giả"),
        Field("criteria", description="mã tiêu chí của bài"),
        Field("summary", description="tóm tắt"),
        Field("image", description="ảnh bìa, cạnh bài viết"),
        Field("image_alt", description="lời mô tả ảnh bìa"),
        Field("source", description="nguồn tin"),
        Field("kind", description="loại bài: " + ", ".join(KINDS)),
        Field("slug", description="địa chỉ của bài"),
        Field("draft", description="true khi bài còn là bản nháp"),
        Field("airings", description="giờ phát của chương trình phát thanh"),
        Field("duration", description="số phút của chương trình phát thanh"),
        Field("id", description="mã cố định của bài trong RSS"),
        Field("audio", description="tệp âm thanh của chương trình (mp3, m4a, ogg), cạnh bài viết"),
    ]
)
KNOWN_KEYS = POST_FIELDS.names
MAX_TITLE_CHARS = 300
# A summary is copied into every list page, every feed item and the search index.
MAX_SUMMARY_CHARS = 500
DURATION_RANGE = (1, 180)


class PostReader:
    """Checks one post's front matter key by key, collecting problems."""

    def __init__(self, source: PostSource, config: UnitConfig, catalog: Catalog, tz: tzinfo):
        self.source = source
        self.config = config
        self.catalog = catalog
        self.tz = tz
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, key: str | None, message: str, warn: bool = False):
        line = yamlread.line_of(node) + 1 if node is not None else None
        severity = Severity.WARNING if warn else Severity.ERROR
        self.problems.append(Problem(self.source.path, line, key, message, severity))

    def read(self) -> Post | None:
        split = split_front_matter(self.source.text, self.source.path)
        if isinstance(split, Problem):
            self.problems.append(split)
            return None
        front, body, body_line = split
        for excess in check_bounds(body):
            self.problems.append(
                Problem(self.source.path, body_line + excess.line - 1, None, excess.message)
            )
        try:
            root = yamlread.compose(front) if front.strip() else None
        except yamlread.YamlSyntaxError as exc:
            line = exc.line + 1 if exc.line is not None else None
            self.problems.append(Problem(self.source.path, line, None, exc.reason))
            return None
        if root is not None and not isinstance(root, yaml.MappingNode):
            self.problem(
                root,
                None,
                f"phần đầu bài cần các dòng 'khóa: giá trị', nhưng gặp {yamlread.node_kind(root)}",
            )
            return None
        fields = self.fields(root)
        title = self.read_title(fields.get("title"))
        date = self.read_date(fields.get("date"))
        kind = self.read_choice(fields.get("kind"), "kind", KINDS, "news")
        post_fields = {
            "author": self.read_text(fields.get("author"), "author") or self.config.default_author,
            "criteria": self.read_criteria(fields.get("criteria")),
            "summary": self.read_summary(fields.get("summary")),
            "source": self.read_text(fields.get("source"), "source"),
            "draft": self.read_bool(fields.get("draft"), "draft"),
            "airings": self.read_airings(fields.get("airings"), kind),
            "duration": self.read_duration(fields.get("duration")),
            "id": self.read_text(fields.get("id"), "id"),
            "audio": (
                self.beside_post(fields["audio"], "audio", "tệp âm thanh", "ví dụ chuong-trinh.mp3")
                if "audio" in fields
                else ""
            ),
        }
        image, image_alt = self.read_image(fields.get("image"), fields.get("image_alt"))
        slug = self.read_slug(fields.get("slug"), title)
        if title is None or date is None or slug is None or any(p.is_error for p in self.problems):
            return None
        return Post(
            path=self.source.path,
            title=title,
            date=date,
            slug=slug,
            body=body,
            body_line=body_line,
            kind=kind,
            image=image,
            image_alt=image_alt,
            **post_fields,
        )

    def fields(self, root: yaml.MappingNode | None) -> dict[str, yaml.Node]:
        if root is None:
            return {}
        # Lines of the front matter start below the opening '---'.
        reporter = Reporter(self.source.path, "", NodeLines(root, offset=1), self.problems)
        return POST_FIELDS.entries(root, reporter)

    def scalar(self, node: yaml.Node, key: str, expected: str) -> str | None:
        if not yamlread.is_scalar(node):
            self.problem(node, key, f"cần {expected}, nhưng gặp {yamlread.node_kind(node)}")
            return None
        if yamlread.is_null(node):
            return ""
        text = yamlread.scalar_text(node).strip()
        # YAML escapes ("\u0000", "\x1b") bring back what decode_post refused in the file.
        control = CONTROL_CHARS.search(text)
        if control:
            code = ord(control.group())
            message = f"có ký tự điều khiển không in được (mã {code:#04x}); hãy xóa nó"
            self.problem(node, key, message)
            return None
        return text

    def read_title(self, node: yaml.Node | None) -> str | None:
        if node is None:
            self.problem(None, "title", "thiếu tiêu đề bài (title:)")
            return None
        title = self.scalar(node, "title", "một dòng tiêu đề")
        if title is None:
            return None
        title = " ".join(title.split())
        if not title:
            self.problem(node, "title", "tiêu đề đang để trống")
            return None
        if len(title) > MAX_TITLE_CHARS:
            self.problem(
                node, "title", f"tiêu đề dài {len(title)} ký tự; tối đa {MAX_TITLE_CHARS} ký tự"
            )
            return None
        return title

    def read_date(self, node: yaml.Node | None) -> datetime | None:
        if node is None:
            self.problem(None, "date", "thiếu ngày đăng (date:), ví dụ date: 2024-03-12 08:30")
            return None
        return self.parse_date_node(node, "date")

    def parse_date_node(self, node: yaml.Node, key: str) -> datetime | None:
        text = self.scalar(node, key, "một ngày như 2024-03-12 08:30 hoặc 12/03/2024")
        if text is None:
            return None
        if not text:
            self.problem(node, key, "ngày đang để trống; ví dụ 2024-03-12 08:30 hoặc 12/03/2024")
            return None
        try:
            return parse_date(text, self.tz)
        except DateError as exc:
            self.problem(node, key, f"{exc}, nhưng gặp {shorten(text)}")
            return None

    def read_text(self, node: yaml.Node | None, key: str) -> str:
        if node is None:
            return ""
        text = self.scalar(node, key, "một đoạn chữ")
        return " ".join(text.split()) if text else ""

    def read_summary(self, node: yaml.Node | None) -> str:
        summary = self.read_text(node, "summary")
        if len(summary) > MAX_SUMMARY_CHARS:
            self.problem(
                node,
                "summary",
                f"cần tóm tắt tối đa {MAX_SUMMARY_CHARS} ký tự, nhưng gặp {len(summary)} ký tự; "
                "phần dài hơn hãy để trong nội dung bài",
            )
            return ""
        return summary

    def read_choice(self, node: yaml.Node | None, key: str, choices: dict, default: str) -> str:
        if node is None:
            return default
        value = self.scalar(node, key, "một chữ")
        if value is None:
            return default
        if value not in choices:
            listed = ", ".join(f"{code} ({label})" for code, label in choices.items())
            self.problem(node, key, f"cần một trong: {listed}; nhưng gặp {shorten(value)}")
            return default
        return value

    def read_bool(self, node: yaml.Node | None, key: str) -> bool:
        if node is None:
            return False
        if not yamlread.is_scalar(node) or node.tag != yamlread.BOOL:
            self.problem(node, key, f"cần true hoặc false, nhưng gặp {yamlread.node_kind(node)}")
            return False
        try:
            return bool(yamlread.to_python(node))
        except (ValueError, KeyError, IndexError):  # an explicit tag on other text: '!!bool có'
            self.problem(node, key, f"cần true hoặc false, nhưng gặp {shorten(node.value)}")
            return False

    def read_criteria(self, node: yaml.Node | None) -> tuple[str, ...]:
        # Only a list of quoted codes is kept as written by every reader: unquoted, YAML (and the
        # web editor's form, which would then rewrite the post without them) reads 1.10 as 1.1.
        if node is None or yamlread.is_null(node):
            return ()
        if yamlread.is_scalar(node):
            codes = [part.strip() for part in yamlread.scalar_text(node).split(",")]
            listed = ", ".join(f'"{code}"' for code in codes if code)
            self.problem(
                node,
                "criteria",
                f"cần danh sách mã trong dấu nháy như [{listed}], nhưng gặp một dòng chữ "
                f"{shorten(yamlread.scalar_text(node))}",
            )
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node,
                "criteria",
                f'cần danh sách mã như ["1.10", "3.1"], nhưng gặp {yamlread.node_kind(node)}',
            )
            return ()
        items = []
        for item in node.value:
            if not yamlread.is_scalar(item) or yamlread.is_null(item):
                self.problem(
                    item,
                    "criteria",
                    f'cần mã tiêu chí như "3.1", nhưng gặp {yamlread.node_kind(item)}',
                )
                continue
            items.append((item, yamlread.scalar_text(item).strip()))
        codes: list[str] = []
        for item, code in items:
            if self.catalog.get(code) is None:
                self.problem(
                    item,
                    "criteria",
                    f"mã tiêu chí {shorten(code)} không có trong bộ tiêu chí; "
                    f"các mã hợp lệ: {self.catalog.codes_text()}",
                )
            elif item.tag in (yamlread.INT, yamlread.FLOAT):
                self.problem(
                    item,
                    "criteria",
                    f'mã tiêu chí cần viết trong dấu nháy: "{code}", nhưng gặp {code} không có '
                    "dấu nháy (YAML và biểu mẫu soạn bài đọc thành số: 1.10 thành 1.1)",
                )
            elif code not in codes:
                codes.append(code)
        return tuple(codes)

    def read_image(
        self, image_node: yaml.Node | None, alt_node: yaml.Node | None
    ) -> tuple[str, str]:
        alt = self.read_text(alt_node, "image_alt")
        if image_node is None:
            if alt_node is not None:
                self.problem(alt_node, "image_alt", "có image_alt nhưng không có image", warn=True)
            return "", ""
        found = self.beside_post(image_node, "image", "ảnh", "ví dụ anh/cao-son.jpg", "ảnh bìa")
        if not found:
            return "", ""
        if not alt:
            self.problem(
                alt_node or image_node,
                "image_alt",
                "ảnh bìa cần lời mô tả image_alt cho người khiếm thị, "
                "ví dụ image_alt: Người dân được hướng dẫn cài VNeID",
            )
        return found, alt

    def beside_post(
        self, node: yaml.Node, key: str, what: str, example: str, missing: str = ""
    ) -> str:
        """The project-relative path of a file named under ``key``, next to the post; '' and a
        problem when it is empty, outside the posts folder or missing."""
        written = self.scalar(node, key, f"đường dẫn {what}, {example}")
        if not written:
            if written == "":
                self.problem(node, key, f"đường dẫn {what} đang để trống")
            return ""
        post_dir = (self.config.root / self.source.path).parent
        target = (post_dir / written).resolve()
        posts_root = self.config.posts_path.resolve()
        if not target.is_relative_to(posts_root):
            self.problem(
                node,
                key,
                f"{what} phải nằm trong thư mục {self.config.posts_dir}/ (cạnh bài viết), "
                f"nhưng gặp {shorten(written)}",
            )
            return ""
        try:
            found = target.is_file()
        except OSError:  # a name longer than the file system allows
            found = False
        if not found:
            self.problem(
                node,
                key,
                f"không tìm thấy {missing or what} {shorten(written)} "
                "(đường dẫn tính từ thư mục của bài viết)",
            )
            return ""
        return relative(target, self.config.root.resolve())

    def read_slug(self, node: yaml.Node | None, title: str | None) -> str | None:
        if node is not None:
            slug = self.scalar(node, "slug", "chữ thường không dấu nối bằng gạch ngang")
            if slug is None:
                return None
            if not is_slug(slug):
                self.problem(
                    node,
                    "slug",
                    "cần chữ thường không dấu, số và gạch ngang, ví dụ "
                    f"{slugify(slug) or 'ra-mat-to-cong-nghe-so'}; nhưng gặp {shorten(slug)}",
                )
                return None
        elif title is None:
            return None
        else:
            slug = slugify(title)
            if not slug:
                self.problem(None, "slug", "không tạo được địa chỉ từ tiêu đề; hãy thêm khóa slug:")
                return None
        if slug in RESERVED_SLUGS:
            self.problem(
                node,
                "slug",
                f"địa chỉ {shorten(slug)} dành cho trang của chuyên mục; hãy chọn slug khác",
            )
            return None
        return slug

    def read_airings(self, node: yaml.Node | None, kind: str) -> tuple[datetime, ...]:
        if node is None or yamlread.is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node,
                "airings",
                "cần danh sách giờ phát như [2024-03-12 06:00, 2024-03-14 17:00], "
                f"nhưng gặp {yamlread.node_kind(node)}",
            )
            return ()
        if kind != "radio":
            self.problem(
                node, "airings", "chỉ bài kind: radio mới có giờ phát (airings)", warn=True
            )
        airings = [self.parse_date_node(item, "airings") for item in node.value]
        return tuple(sorted(a for a in airings if a is not None))

    def read_duration(self, node: yaml.Node | None) -> int | None:
        if node is None or yamlread.is_null(node):
            return None
        low, high = DURATION_RANGE
        if not yamlread.is_scalar(node) or node.tag != yamlread.INT:
            self.problem(
                node, "duration", f"cần số phút (số nguyên), nhưng gặp {yamlread.node_kind(node)}"
            )
            return None
        try:
            minutes = int(yamlread.to_python(node))
        # '!!int mười', or more digits than Python converts (a 5,000-digit number)
        except (ValueError, IndexError):
            found = shorten(node.value)
            self.problem(node, "duration", f"cần số phút (số nguyên), nhưng gặp {found}")
            return None
        if not low <= minutes <= high:
            self.problem(node, "duration", f"cần từ {low} đến {high} phút, nhưng gặp {minutes}")
            return None
        return minutes
