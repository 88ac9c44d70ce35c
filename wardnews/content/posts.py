"""Reading posts: files under ``posts/`` become validated :class:`Post` values.

This is the door of the contract editors learn (see README, "Định dạng bài viết"). Everything is
normalised here: text to NFC with LF line ends, dates to aware datetimes in the unit's time zone,
criterion codes to the strings the editor wrote, paths to project-relative POSIX paths. Every
problem of every post is collected; a post with an error is not returned, and its error says why.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

import yaml

from wardnews.content import yamlread
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import DateError, parse_date
from wardnews.content.text import is_slug, nfc, slugify
from wardnews.problems import Problem, Severity, shorten

KINDS = {"news": "Tin tức", "radio": "Chương trình phát thanh", "event": "Sự kiện"}
KNOWN_KEYS = (
    "title",
    "date",
    "author",
    "criteria",
    "summary",
    "image",
    "image_alt",
    "source",
    "kind",
    "slug",
    "draft",
    "airings",
    "duration",
    "id",
)
# URL segments the section uses for its own pages; a post slug may not take them.
RESERVED_SLUGS = frozenset({"trang", "tieu-chi", "luu-tru", "tep", "nhung", "tinh-hinh", "anh"})
POST_SUFFIXES = (".md", ".markdown")
MAX_POST_BYTES = 5 * 1024 * 1024
MAX_TITLE_CHARS = 300
DURATION_RANGE = (1, 180)

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# Control characters, and the two non-characters XML refuses (lxml stops the feed on them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_MORE = "<!-- more -->"


@dataclass(frozen=True)
class Post:
    """One valid post. ``path`` is relative to the project root, e.g. 'posts/2024/a.md'."""

    path: str
    title: str
    date: datetime
    slug: str
    body: str
    body_line: int
    author: str
    criteria: tuple[str, ...] = ()
    summary: str = ""
    image: str = ""
    image_alt: str = ""
    source: str = ""
    kind: str = "news"
    draft: bool = False
    airings: tuple[datetime, ...] = ()
    duration: int | None = None
    # A fixed identity for feeds (GUID / Atom id) when the file is renamed; see syndication.
    id: str = ""
    # Codes found by the catalog's keyword rules when the editor gave no criteria (tagging.py).
    auto_criteria: tuple[str, ...] = ()

    @property
    def all_criteria(self) -> tuple[str, ...]:
        """The criteria the post counts for: the editor's, else the automatic ones."""
        return self.criteria or self.auto_criteria

    @property
    def excerpt(self) -> str:
        """Markdown of the teaser: text before <!-- more -->, else the first paragraph."""
        if _MORE in self.body:
            return self.body.split(_MORE, 1)[0].strip()
        return first_paragraph(self.body)

    def is_published(self, now: datetime) -> bool:
        return not self.draft and self.date <= now


def first_paragraph(markdown: str) -> str:
    """The first paragraph of prose, skipping headings, images alone on a line and comments."""
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        block = block.strip()
        if not block or block.startswith(("#", "<!--", "![", "<")) or _FENCE.match(block):
            continue
        return block
    return ""


@dataclass
class _Source:
    """A post file on its way through the door: decoded text and where it came from."""

    path: str
    file: Path
    text: str


def find_post_files(config: UnitConfig) -> tuple[list[Path], list[Problem]]:
    """All post files under the posts folder, in a stable order."""
    problems: list[Problem] = []
    found: list[Path] = []
    root = config.root.resolve()
    for folder, dirs, files in os.walk(config.posts_path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # os.walk does not enter linked folders: say so, or their posts go missing silently.
        for name in dirs:
            linked = Path(folder) / name
            if linked.is_symlink() and not linked.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        relative(linked, config.root),
                        None,
                        None,
                        "thư mục là liên kết tượng trưng (symlink) trỏ ra ngoài dự án; các bài "
                        "trong đó không được đọc. Hãy chép các bài vào thư mục thật trong dự án",
                    )
                )
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(POST_SUFFIXES):
                continue
            file = Path(folder) / name
            if file.is_symlink() and not file.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        relative(file, config.root),
                        None,
                        None,
                        "liên kết tượng trưng (symlink) trỏ ra ngoài dự án; hãy chép nội dung bài vào đây",
                    )
                )
                continue
            found.append(file)
    return found, problems


def relative(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def decode_post(file: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Bytes to NFC text with LF line ends; a UTF-8 BOM is accepted and dropped."""
    data, problems = _read_bytes(file, shown)
    if data is None:
        return None, problems
    return decode_bytes(data, shown)


def _read_bytes(file: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    try:
        size = file.stat().st_size
        if size > MAX_POST_BYTES:
            return None, [
                Problem(
                    shown,
                    None,
                    None,
                    f"bài quá lớn ({size / 1024 / 1024:.1f} MB); tối đa "
                    f"{MAX_POST_BYTES // 1024 // 1024} MB. Ảnh và tệp đính kèm để thành tệp riêng",
                )
            ]
        return file.read_bytes(), []
    except OSError as exc:
        return None, [Problem(shown, None, None, f"không đọc được tệp ({exc.strerror})")]


def decode_bytes(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """A post file's bytes to NFC text with LF line ends, or why they are not a post's text."""
    # UTF-16 without a byte-order mark: every other byte of Latin text is NUL.
    sample = data[:1024]
    utf16_without_bom = bool(sample) and sample.count(0) * 4 >= len(sample)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom:
        return None, [
            Problem(shown, None, None, "tệp lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                f"tệp không phải mã UTF-8 (gặp byte 0x{data[exc.start]:02x}); có thể tệp được lưu "
                "bằng Windows-1258 hoặc TCVN3. Hãy mở lại và lưu bằng mã UTF-8",
            )
        ]
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                f"có ký tự điều khiển không in được (mã {ord(control.group()):#04x}); hãy xóa nó",
            )
        ]
    return text, []


def split_front_matter(text: str, shown: str) -> tuple[str, str, int] | Problem:
    """(front matter, body, first line of body) or the problem that prevents the split."""
    if not text.strip():
        return Problem(shown, None, None, "tệp trống; một bài cần phần đầu (---) và nội dung")
    first_line, _, rest = text.partition("\n")
    if first_line.strip() != "---":
        return Problem(
            shown,
            1,
            None,
            "thiếu phần đầu bài: dòng đầu tiên phải là --- rồi đến title:, date:, và đóng lại bằng ---",
        )
    closing = _FENCE.search(rest)
    if closing is None:
        return Problem(
            shown, 1, None, "phần đầu bài mở bằng --- ở dòng 1 nhưng không có dòng --- đóng lại"
        )
    front = rest[: closing.start()]
    body = rest[closing.end() :].removeprefix("\n")
    body_line = 2 + front.count("\n") + 1
    return front, body, body_line


class _PostReader:
    """Checks one post's front matter key by key, collecting problems."""

    def __init__(self, source: _Source, config: UnitConfig, catalog: Catalog, tz: tzinfo):
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
            "summary": self.read_text(fields.get("summary"), "summary"),
            "source": self.read_text(fields.get("source"), "source"),
            "draft": self.read_bool(fields.get("draft"), "draft"),
            "airings": self.read_airings(fields.get("airings"), kind),
            "duration": self.read_duration(fields.get("duration")),
            "id": self.read_text(fields.get("id"), "id"),
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
        fields: dict[str, yaml.Node] = {}
        if root is None:
            return fields
        for key_node, value_node in root.value:
            if not yamlread.is_scalar(key_node):
                self.problem(key_node, None, "khóa phải là một chữ, ví dụ title:")
                continue
            key = yamlread.scalar_text(key_node)
            if key in fields:
                self.problem(key_node, key, f"khóa '{key}' được viết hai lần; chỉ giữ một")
                continue
            if key not in KNOWN_KEYS:
                close = difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1, cutoff=0.6)
                hint = f"có phải ý bạn là '{close[0]}'? " if close else ""
                self.problem(
                    key_node,
                    key,
                    f"khóa không được hỗ trợ; {hint}Các khóa hợp lệ: {', '.join(KNOWN_KEYS)}",
                )
                continue
            fields[key] = value_node
        return fields

    def scalar(self, node: yaml.Node, key: str, expected: str) -> str | None:
        if not yamlread.is_scalar(node):
            self.problem(node, key, f"cần {expected}, nhưng gặp {yamlread.node_kind(node)}")
            return None
        if yamlread.is_null(node):
            return ""
        text = yamlread.scalar_text(node).strip()
        # YAML escapes ("\u0000", "\x1b") bring back what decode_post refused in the file.
        control = _CONTROL.search(text)
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
        if node is None or yamlread.is_null(node):
            return ()
        if yamlread.is_scalar(node):
            parts = (part.strip() for part in yamlread.scalar_text(node).split(","))
            items = [(node, part) for part in parts if part]
        elif isinstance(node, yaml.SequenceNode):
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
        else:
            self.problem(
                node,
                "criteria",
                f'cần danh sách mã như ["1.10", "3.1"], nhưng gặp {yamlread.node_kind(node)}',
            )
            return ()
        codes: list[str] = []
        for item, code in items:
            if self.catalog.get(code) is None:
                self.problem(
                    item,
                    "criteria",
                    f"mã tiêu chí {shorten(code)} không có trong bộ tiêu chí; "
                    f"các mã hợp lệ: {self.catalog.codes_text()}",
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
        written = self.scalar(image_node, "image", "đường dẫn ảnh, ví dụ anh/cao-son.jpg")
        if not written:
            if written == "":
                self.problem(image_node, "image", "đường dẫn ảnh đang để trống")
            return "", ""
        post_dir = (self.config.root / self.source.path).parent
        target = (post_dir / written).resolve()
        posts_root = self.config.posts_path.resolve()
        if not target.is_relative_to(posts_root):
            self.problem(
                image_node,
                "image",
                f"ảnh phải nằm trong thư mục {self.config.posts_dir}/ (cạnh bài viết), nhưng gặp {shorten(written)}",
            )
            return "", ""
        try:
            found = target.is_file()
        except OSError:  # a name longer than the file system allows
            found = False
        if not found:
            self.problem(
                image_node,
                "image",
                f"không tìm thấy ảnh bìa {shorten(written)} (đường dẫn tính từ thư mục của bài viết)",
            )
            return "", ""
        if not alt:
            self.problem(
                alt_node or image_node,
                "image_alt",
                "ảnh bìa cần lời mô tả image_alt cho người khiếm thị, ví dụ image_alt: Người dân được hướng dẫn cài VNeID",
            )
        return relative(target, self.config.root.resolve()), alt

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
                f"cần danh sách giờ phát như [2024-03-12 06:00, 2024-03-14 17:00], nhưng gặp {yamlread.node_kind(node)}",
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


# (path, content hash, configuration) -> what reading gave. `mkdocs serve` rebuilds after every
# edit: only the files whose bytes changed are parsed again.
_READ_CACHE: OrderedDict[tuple[str, bytes, str], tuple[Post | None, tuple[Problem, ...]]] = (
    OrderedDict()
)
_READ_CACHE_SIZE = 50_000


def reading_context(config: UnitConfig, catalog: Catalog) -> str:
    """What a post's reading depends on besides its bytes (time zone, author, codes...)."""
    return hashlib.sha256(repr((config, catalog)).encode()).hexdigest()


def read_post(
    file: Path, config: UnitConfig, catalog: Catalog, context: str | None = None
) -> tuple[Post | None, list[Problem]]:
    shown = relative(file, config.root)
    data, problems = _read_bytes(file, shown)
    if data is None:
        return None, problems
    key = (shown, hashlib.sha1(data).digest(), context or reading_context(config, catalog))
    cached = _READ_CACHE.get(key)
    # A cover is checked on disk: a cached post whose cover has gone is read again.
    if cached is not None and (
        cached[0] is None or not cached[0].image or (config.root / cached[0].image).is_file()
    ):
        _READ_CACHE.move_to_end(key)
        return cached[0], list(cached[1])
    text, problems = decode_bytes(data, shown)
    post = None
    if text is not None:
        reader = _PostReader(_Source(shown, file, text), config, catalog, config.tz)
        post = reader.read()
        problems = reader.problems
    _READ_CACHE[key] = (post, tuple(problems))
    if len(_READ_CACHE) > _READ_CACHE_SIZE:
        _READ_CACHE.popitem(last=False)
    return post, problems


def load_posts(config: UnitConfig, catalog: Catalog) -> tuple[list[Post], list[Problem]]:
    """Read and check every post; posts come back sorted newest first.

    Cross-post rules (a slug used twice) are checked here in one pass over a dict.
    """
    files, problems = find_post_files(config)
    posts: list[Post] = []
    context = reading_context(config, catalog)
    for file in files:
        post, post_problems = read_post(file, config, catalog, context)
        problems.extend(post_problems)
        if post is not None:
            posts.append(post)
    posts, duplicate_problems = _drop_duplicate_slugs(posts)
    problems.extend(duplicate_problems)
    posts.sort(key=post_order)
    return posts, problems


def post_order(post: Post) -> tuple[float, str]:
    """Newest first; equal times by slug so the order never depends on the file system."""
    return (-post.date.timestamp(), post.slug)


def _drop_duplicate_slugs(posts: list[Post]) -> tuple[list[Post], list[Problem]]:
    owners: dict[str, Post] = {}
    problems: list[Problem] = []
    for post in sorted(posts, key=lambda p: p.path):
        first = owners.setdefault(post.slug, post)
        if first is not post:
            message = (
                f"địa chỉ (slug) {shorten(post.slug)} trùng với bài {first.path}; "
                "hãy đổi tiêu đề hoặc thêm khóa slug: khác cho một trong hai bài"
            )
            problems.append(Problem(post.path, None, "slug", message))
            problems.append(
                Problem(
                    first.path,
                    None,
                    "slug",
                    f"địa chỉ (slug) {shorten(post.slug)} trùng với bài {post.path}",
                )
            )
    duplicated = {p.slug for p in posts if owners[p.slug] is not p}
    return [p for p in posts if p.slug not in duplicated], problems
