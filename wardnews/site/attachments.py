"""Which files next to the posts may be published as attachments, judged by what they contain.

An attachment is published only when a published post links it (see :mod:`wardnews.site.plan`);
before that, every file under the posts folder is sorted here into candidates and refusals:

- a symbolic link (file or folder) is refused wherever it points: a link to ``.git/config``,
  ``.env`` or ``mkdocs.yml`` would otherwise publish the project's secrets;
- a file whose extension is not on the allowlist (PDF, office documents, audio) is refused: an
  HTML or SVG file runs scripts on the ward's domain;
- a file whose first bytes do not match its extension is refused (an HTML page renamed ``.pdf``).

Images are not attachments: they go through the image pipeline and are published re-encoded.
"""

from __future__ import annotations

import html
import io
import os
import posixpath
import re
import stat
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Extension -> (the kind shown to editors, the check of the first bytes / the file).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel, PowerPoint 97-2003
_ZIP = b"PK\x03\x04"
_ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
_OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ALLOWED_KINDS = "PDF, Word, Excel, PowerPoint (doc, docx, xls, xlsx, ppt, pptx), OpenDocument "
ALLOWED_KINDS += "(odt, ods, odp), âm thanh (mp3, m4a, ogg); ảnh đi qua khâu xử lý ảnh"
ALLOWED = frozenset(
    {"pdf", "doc", "xls", "ppt", *_OOXML_FOLDERS, *_ODF_MIMETYPES, "mp3", "m4a", "ogg"}
)
# Read this much to judge a file; an office document (a ZIP) is opened as a whole.
_HEAD = 4096


def refusal(file: Path) -> str | None:
    """Why ``file`` may not be published as an attachment (Vietnamese), or None when it may."""
    try:
        info = os.lstat(file)
    except OSError as exc:
        return f"không đọc được tệp ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return symlink_message()
    if not stat.S_ISREG(info.st_mode):
        return "không phải một tệp thường"
    ext = file.name.rpartition(".")[2].lower() if "." in file.name else ""
    if ext == "svg":
        return (
            "tệp SVG có thể chứa mã chạy trong trình duyệt nên không được đăng; "
            "hãy xuất hình ra PNG hoặc JPEG và chèn như một ảnh"
        )
    if ext not in ALLOWED:
        found = f"đuôi .{ext}" if ext else "tệp không có đuôi"
        return f"loại tệp không được đăng ({found}); chỉ đăng được: {ALLOWED_KINDS}"
    try:
        with open(file, "rb") as opened:
            head = opened.read(_HEAD)
            matches = _matches(ext, head, opened)
    except OSError as exc:
        return f"không đọc được tệp ({exc.strerror})"
    if not matches:
        return (
            f"nội dung tệp không phải {ext.upper()} như đuôi .{ext} ghi "
            "(có thể là trang web hay tệp khác bị đổi tên); hãy xuất lại tệp đúng định dạng"
        )
    return None


def symlink_message() -> str:
    return (
        "là liên kết tượng trưng (symlink); wardnews không đọc và không đăng liên kết tượng "
        "trưng, dù nó trỏ tới đâu. Hãy chép tệp thật vào đây"
    )


def _matches(ext: str, head: bytes, opened: io.BufferedReader) -> bool:
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("doc", "xls", "ppt"):
        return head.startswith(_OLE2)
    if ext in _OOXML_FOLDERS or ext in _ODF_MIMETYPES:
        return head.startswith(_ZIP) and _office_zip(ext, opened)
    if ext == "mp3":
        return head.startswith(b"ID3") or (
            len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
        )
    if ext == "m4a":
        return head[4:8] == b"ftyp"
    return head.startswith(b"OggS")  # ogg


def _office_zip(ext: str, opened: io.BufferedReader) -> bool:
    """An OOXML package with its content types and main folder, or an ODF one with its type."""
    opened.seek(0)
    try:
        with zipfile.ZipFile(opened) as package:
            names = set(package.namelist())
            if ext in _ODF_MIMETYPES:
                if "mimetype" not in names or package.getinfo("mimetype").file_size > 100:
                    return False
                return package.read("mimetype").strip() == _ODF_MIMETYPES[ext].encode()
            folder = _OOXML_FOLDERS[ext]
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return False


def link_target(post_path: str, url: str) -> str | None:
    """The project-relative path a relative link written in ``post_path`` names, else None."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(post_path), unquote(parts.path)))


# The site body renderer writes every href/src it resolved double-quoted (markup._rewrite_links).
_LINK_ATTRIBUTE = re.compile(r"\s(?:href|src)=\"([^\"]*)\"", re.IGNORECASE)


def linked_site_urls(rendered: str, page_url: str) -> set[str]:
    """Site URLs ('tin-tuc/tep/x.pdf') of the relative links of a body rendered for ``page_url``.

    Read from the rendered body rather than by rendering again: the renderer has already
    resolved each link of the editor's Markdown (and raw HTML) to a URL relative to the page.
    """
    found = set()
    for match in _LINK_ATTRIBUTE.finditer(rendered):
        parts = urlsplit(html.unescape(match.group(1)).strip())
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        found.add(posixpath.normpath(posixpath.join(page_url, unquote(parts.path))))
    return found
