"""A post file's bytes to checked text, and that text to front matter and body."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from wardnews.content.model import FENCE
from wardnews.content.text import nfc
from wardnews.problems import Problem, shorten

MAX_POST_BYTES = 5 * 1024 * 1024
# Control characters (C0 but tab and line ends, DEL, C1), and the two non-characters XML refuses
# (lxml stops the feed on them).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# A numeric character reference as HTML reads it (the ';' is optional there): '&#1;', '&#x1f'.
CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


@dataclass
class PostSource:
    """A post file on its way through the door: decoded text and where it came from."""

    path: str
    file: Path
    text: str


def decode_post(file: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Bytes to NFC text with LF line ends; a UTF-8 BOM is accepted and dropped."""
    data, problems = read_bytes(file, shown)
    if data is None:
        return None, problems
    return decode_bytes(data, shown)


def read_bytes(
    file: Path, shown: str, stat: os.stat_result | None = None
) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, refused above MAX_POST_BYTES (``stat``: the caller's, taken just now)."""
    try:
        size = (stat if stat is not None else file.stat()).st_size
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
    control = CONTROL_CHARS.search(text)
    if control:
        message = f"có ký tự điều khiển không in được (mã {ord(control.group()):#04x}); hãy xóa nó"
        return None, [_problem_at(text, control.start(), shown, message)]
    reference = refused_reference(text)
    if reference:
        message = (
            f"có tham chiếu ký tự {shorten(reference.group())} chỉ tới một ký tự điều khiển "
            "hoặc không hợp lệ (RSS và Atom không chứa được); hãy xóa nó"
        )
        return None, [_problem_at(text, reference.start(), shown, message)]
    return text, []


def _problem_at(text: str, index: int, shown: str, message: str) -> Problem:
    return Problem(shown, text.count("\n", 0, index) + 1, None, message)


def refused_reference(text: str) -> re.Match[str] | None:
    """The first '&#...;' that names a character a feed cannot hold (control, surrogate, none)."""
    for match in CHAR_REFERENCE.finditer(text):
        hex_digits, decimal = match.groups()
        digits = (hex_digits or decimal).lstrip("0") or "0"
        # Past 8 digits no reference names a character (and int() of 5,000 digits raises).
        code = int(digits, 16 if hex_digits else 10) if len(digits) <= 8 else -1
        if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match
        if CONTROL_CHARS.match(chr(code)):
            return match
    return None


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
            "thiếu phần đầu bài: dòng đầu tiên phải là --- rồi đến title:, date:, "
            "và đóng lại bằng ---",
        )
    closing = FENCE.search(rest)
    if closing is None:
        return Problem(
            shown, 1, None, "phần đầu bài mở bằng --- ở dòng 1 nhưng không có dòng --- đóng lại"
        )
    front = rest[: closing.start()]
    body = rest[closing.end() :].removeprefix("\n")
    body_line = 2 + front.count("\n") + 1
    return front, body, body_line
