"""Read: check an image a post refers to (where, what, how large) without decoding its pixels."""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from PIL import Image, UnidentifiedImageError

from wardnews.images.model import (
    ALLOWED_FORMATS,
    MB,
    ImageInfo,
    ImageLimits,
    remote_image_message,
)
from wardnews.problems import Problem, shorten

# 'https:', 'data:', '//host': a URL. Schemes have two letters or more; 'C:' is a Windows drive.
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]+:|//)", re.IGNORECASE)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
# Pillow's plugins for the formats read (ALLOWED_FORMATS) and written (WebP, JPEG, PNG). Pillow
# registers WebP and TIFF only with Image.init(), which imports all its ~40 plugins: most of a
# second where the machine has paged the modules out, as these do after a few idle seconds.
_PLUGINS = (
    "BmpImagePlugin", "GifImagePlugin", "JpegImagePlugin", "PngImagePlugin", "TiffImagePlugin",
    "WebPImagePlugin",
)  # fmt: skip


def register_formats() -> None:
    """Register the formats wardnews reads and writes with Pillow, and no other."""
    for plugin in _PLUGINS:
        importlib.import_module(f"PIL.{plugin}")


def inspect_image(
    written: str,
    shown: str,
    limits: ImageLimits,
    *,
    alt: str,
    key: str | None = None,
    line: int | None = None,
) -> tuple[ImageInfo | None, list[Problem]]:
    """Check one image a post refers to, without decoding its pixels.

    ``written`` is the path as the editor wrote it, relative to the folder of the post ``shown``
    (project-relative, e.g. 'posts/2024/a.md'); ``alt`` the description the editor gave. ``key``
    is 'image' for a cover (then a missing alt is reported on 'image_alt'), None for an image in
    the body; ``line`` the line of the post where known. Every problem names the post, and the
    path in its message. Returns the info when the image can be processed.
    """
    problems: list[Problem] = []

    def problem(message: str, on_key: str | None = key) -> None:
        problems.append(Problem(shown, line, on_key, message))

    written = written.strip()
    if not alt.strip():
        if key == "image":
            problem(
                f"ảnh bìa {shorten(written)} cần lời mô tả cho người khiếm thị (image_alt:), "
                "ví dụ image_alt: Người dân được hướng dẫn cài VNeID",
                "image_alt",
            )
        else:
            problem(
                f"ảnh {shorten(written)} cần lời mô tả cho người khiếm thị, viết trong ngoặc "
                f"vuông: ![Người dân được hướng dẫn cài VNeID]({written})"
            )
    if not written:
        problem("đường dẫn ảnh đang để trống")
        return None, problems
    if _EXTERNAL.match(written):
        problem(remote_image_message(written))
        return None, problems

    posts_root = (limits.root / limits.posts_dir).resolve()
    post_dir = (limits.root / shown).parent
    target = (post_dir / written).resolve()
    if "%" in written and not target.exists():  # Markdown links may be percent-encoded
        target = (post_dir / unquote(written)).resolve()
    if not target.is_relative_to(posts_root):
        problem(
            f"ảnh {shorten(written)} trỏ ra ngoài thư mục {limits.posts_dir}/ của dự án; ảnh phải "
            f"nằm trong {limits.posts_dir}/, ví dụ anh/ten-anh.jpg trong thư mục của bài viết"
        )
        return None, problems
    relative = target.relative_to(limits.root.resolve()).as_posix()
    if not target.exists():
        message = (
            f"không tìm thấy ảnh {shorten(written)} (đã tìm {relative}; đường dẫn tính từ thư mục "
            "của bài viết)"
        )
        hint = _same_but_case(target)
        if hint:
            message += f"; có phải ý bạn là '{hint}'? Chữ hoa, chữ thường phải viết đúng"
        problem(message)
        return None, problems
    if not target.is_file():
        problem(f"{shorten(written)} là một thư mục, không phải tệp ảnh")
        return None, problems
    size = target.stat().st_size
    if size > limits.max_bytes:
        problem(
            f"ảnh {shorten(written)} nặng {_megabytes(size)} MB; tối đa "
            f"{_megabytes(limits.max_bytes)} MB (khóa image_max_mb). Hãy thu nhỏ ảnh trước khi "
            "đăng, ví dụ còn chiều ngang 2000 điểm ảnh"
        )
        return None, problems

    try:
        with bomb_is_error(), open_image(target) as image:
            fmt = image.format or ""
            width, height = image.size
            orientation = exif_orientation(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        problem(_bomb_message(written, None, limits.max_pixels))
        return None, problems
    except UnidentifiedImageError:
        problem(_not_an_image(written, target))
        return None, problems
    except (OSError, ValueError, SyntaxError) as exc:  # truncated headers; SyntaxError: Pillow's
        problem(f"không đọc được ảnh {shorten(written)}: tệp hỏng hoặc chưa chép hết ({exc})")
        return None, problems
    if orientation in (5, 6, 7, 8):  # the four orientations that turn the picture sideways
        width, height = height, width
    if width * height > limits.max_pixels:
        problem(_bomb_message(written, (width, height), limits.max_pixels))
        return None, problems
    if problems:
        return None, problems
    info = ImageInfo(
        shown, written, relative, target, alt.strip(), fmt, width, height, size, key, line
    )
    return info, problems


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def _same_but_case(target: Path) -> str | None:
    """A file that differs only in case: written on Windows, where case does not matter."""
    folder = target.parent
    if not folder.is_dir():
        return None
    wanted = target.name.casefold()
    return next((p.name for p in sorted(folder.iterdir()) if p.name.casefold() == wanted), None)


def _bomb_message(written: str, size: tuple[int, int] | None, max_pixels: int) -> str:
    limit = f"tối đa {max_pixels / 1_000_000:g} triệu điểm ảnh (khóa image_max_megapixels)"
    if size is None:
        found = "khai báo kích thước quá lớn"
    else:
        found = f"có {size[0]} x {size[1]} điểm ảnh ({size[0] * size[1] / 1_000_000:.1f} triệu)"
    return (
        f"ảnh {shorten(written)} {found}; {limit}. Ảnh như vậy làm treo máy dựng trang (có thể "
        "là tệp độc hại kiểu 'bom giải nén'); hãy thu nhỏ ảnh"
    )


def _not_an_image(written: str, target: Path) -> str:
    with target.open("rb") as file:
        head = file.read(16)
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return (
            f"ảnh {shorten(written)} là ảnh HEIC của iPhone, trình duyệt và chương trình không đọc "
            "được; hãy chuyển sang JPEG (trên iPhone: Cài đặt > Camera > Định dạng > Tương thích "
            "nhất)"
        )
    return (
        f"tệp {shorten(written)} không phải ảnh đọc được; cần ảnh JPEG, PNG, GIF hoặc WebP "
        "(đổi đuôi tệp không đổi được loại tệp)"
    )


@contextlib.contextmanager
def bomb_is_error() -> Iterator[None]:
    """Pillow only warns between its limit and twice its limit; a warning would let it through."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def open_image(file: Path | io.BytesIO) -> Image.Image:
    register_formats()
    return Image.open(file, formats=ALLOWED_FORMATS)


def exif_orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (OSError, ValueError, TypeError, SyntaxError):  # a broken EXIF block: keep as stored
        return 1
