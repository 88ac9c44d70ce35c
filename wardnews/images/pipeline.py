"""Images of posts for phones on mobile data: checked, upright, without metadata, in a few widths.

Editors drop 5 MB phone photos, with GPS coordinates in their EXIF, next to their posts. This
module turns each into small WebP files plus a JPEG (or PNG) fallback at a few widths, and writes
the ``<picture>`` element that lets a phone fetch only the width it needs. It is a pure core
(Pillow, no MkDocs): read -> build -> write, as the rest of the package.

API for a site builder (the MkDocs hook or any other engine)::

    from wardnews import images

    limits = images.ImageLimits.from_config(config)
    settings = images.ImageSettings.from_config(config)

    # 1. Read: inspect every image every post refers to, collecting all problems of the build.
    infos, problems = [], []
    for post in posts:
        refs = [(post.image, post.image_alt, "image", None)] if post.image else []
        refs += inline_images(post)  # (path as written, alt, None, line), parsed by the caller
        for written, alt, key, line in refs:
            info, found = images.inspect_image(written, post.path, limits, alt=alt, key=key,
                                               line=line)
            problems += found
            if info is not None:
                infos.append(info)
    if errors_only(problems):
        raise WardnewsError(problems)

    # 2. Build: encode, or reuse the cache (.cache/wardnews/images/ under the project root).
    processed, found = images.process_images(infos, settings, images.default_cache_dir(config))

    # 3. Write: copy the files into the site, and put the HTML in the page.
    site_folder = "tin-tuc/anh/"                      # one flat folder: names are unique
    for item in processed.values():
        images.write_images(item, site_dir / site_folder)   # or hand output.path to the engine
    html = images.picture_html(processed[info.path], info.alt, lazy=not first_screen,
                               url_prefix=relative_url(page_url, site_folder))

``inspect_image`` takes the path as the editor wrote it, relative to the post's folder
(``anh/cao-son.jpg``); ``ImageInfo.path`` is the project-relative path (``posts/2024/anh/...``),
the key of ``process_images``' result. Output names (``cao-son-3f9c2a1b7e-960.webp``) carry a hash
of the source bytes and the settings, so they never collide and a changed image or setting never
serves a stale file: the folder can be cached forever by browsers.

Decisions, for the reader of the code:
- Orientation: ``ImageOps.exif_transpose``; outputs are upright and carry no orientation tag.
- Metadata: none at all in any output (no EXIF, GPS, XMP, comments, ICC). Pixels of an image with
  a non-sRGB ICC profile (iPhone's Display P3, a CMYK print file) are converted to sRGB first, so
  dropping the profile does not change the colours browsers show (they assume sRGB).
- Formats: photos -> lossy WebP (quality 75) + progressive JPEG (quality 80, 4:2:0). Images with
  real transparency -> lossy WebP with alpha + PNG. Graphics (a PNG or GIF with at most 256
  colours: posters, charts, screenshots) -> lossless WebP + PNG, so text stays sharp. An animated
  GIF or WebP keeps its first frame only.
- Widths: each configured width smaller than or equal to the original; never upscaled. When the
  original is narrower than the largest configured width, it is also produced at its own width.
- Determinism: fixed encoder options, no timestamps, no metadata: same input, same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from wardnews.content.text import escape, slugify
from wardnews.problems import Problem, shorten

if TYPE_CHECKING:
    from wardnews.content.config import UnitConfig

log = logging.getLogger(__name__)

DEFAULT_WIDTHS = (480, 960, 1440)
DEFAULT_MAX_MB = 15
DEFAULT_MAX_MEGAPIXELS = 40
DEFAULT_CACHE_DIR = Path(".cache/wardnews/images")
# Content column of the section: full width on a phone, about 800 CSS pixels on a wide screen.
DEFAULT_SIZES = "(min-width: 60em) 800px, 100vw"
# Width of <img src>, for the rare browser without srcset: sharp enough, not too heavy.
FALLBACK_SRC_WIDTH = 960
# Raise when the pipeline's output changes for the same settings: every name changes with it.
PIPELINE_VERSION = 1
# Formats Pillow may try. Others it can read (EPS runs Ghostscript, PSD, ICO...) are refused: fewer
# decoders facing files from the internet, and none that a phone camera produces. The JPEG opener
# also returns MPO, the multi-picture JPEG of many phone cameras.
ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
MB = 1024 * 1024

MIME = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
# 'https:', 'data:', '//host': a URL. Schemes have two letters or more; 'C:' is a Windows drive.
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]+:|//)", re.IGNORECASE)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
_SRGB = ImageCms.createProfile("sRGB")

_encoded_files = 0


def encoded_files() -> int:
    """How many files the encoder produced in this process; the cache tests read it."""
    return _encoded_files


class ImageDecodeError(Exception):
    """An image that passed :func:`inspect_image` but cannot be decoded (truncated, corrupt).

    ``reason`` is in Vietnamese, for the editor.
    """

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ImageLimits:
    """Where images may live and how large they may be."""

    root: Path
    posts_dir: str = "posts"
    max_bytes: int = DEFAULT_MAX_MB * MB
    max_pixels: int = DEFAULT_MAX_MEGAPIXELS * 1_000_000

    @classmethod
    def from_config(cls, config: UnitConfig) -> ImageLimits:
        """The limits of ``extra.wardnews`` (image_max_mb, image_max_megapixels)."""
        return cls(
            root=config.root,
            posts_dir=config.posts_dir,
            max_bytes=config.image_max_mb * MB,
            max_pixels=config.image_max_megapixels * 1_000_000,
        )


@dataclass(frozen=True)
class ImageSettings:
    """What the pipeline produces. Every field but ``max_pixels`` is part of the output names."""

    widths: tuple[int, ...] = DEFAULT_WIDTHS
    webp_quality: int = 75
    jpeg_quality: int = 80
    # libwebp's effort (0-6): 4 is its default; 6 saves ~3% for twice the time.
    webp_method: int = 4
    max_pixels: int = DEFAULT_MAX_MEGAPIXELS * 1_000_000

    @classmethod
    def from_config(cls, config: UnitConfig) -> ImageSettings:
        """The widths and pixel limit of ``extra.wardnews``."""
        return cls(
            widths=tuple(config.image_widths),
            max_pixels=config.image_max_megapixels * 1_000_000,
        )

    def token(self) -> bytes:
        widths = ",".join(str(w) for w in sorted(set(self.widths)))
        return (
            f"wardnews-images v{PIPELINE_VERSION}; widths {widths}; webp {self.webp_quality} "
            f"m{self.webp_method}; jpeg {self.jpeg_quality} 420 progressive; png 9"
        ).encode()


@dataclass(frozen=True)
class ImageInfo:
    """An image a post refers to, checked: it exists in the posts folder and Pillow can read it."""

    post: str  # the post, relative to the project root: 'posts/2024/a.md'
    written: str  # the path as the editor wrote it: 'anh/cao-son.jpg'
    path: str  # the image, relative to the project root: 'posts/2024/anh/cao-son.jpg'
    source: Path  # absolute, resolved
    alt: str
    format: str  # as Pillow names it: JPEG, PNG, ...
    width: int  # upright, after the EXIF orientation
    height: int
    size: int  # bytes
    key: str | None = None  # where the post refers to it, for later problems: 'image' for a cover
    line: int | None = None


@dataclass(frozen=True)
class ImageOutput:
    """One produced file. Its bytes are in ``data`` or, when it came through the cache, ``path``."""

    name: str  # file name, the same in the cache and the site: 'cao-son-3f9c2a1b7e-960.webp'
    width: int
    height: int
    mime: str
    size: int
    data: bytes | None = field(default=None, repr=False, compare=False)
    path: Path | None = None

    def read_bytes(self) -> bytes:
        """The encoded file."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


@dataclass(frozen=True)
class ProcessedImage:
    """Every output of one source image: WebP and fallback at each width, narrowest first."""

    key: str  # short hash of the source bytes and the settings
    kind: str  # 'photo', 'alpha' or 'graphic' (see the module docstring)
    width: int  # the upright original
    height: int
    outputs: tuple[ImageOutput, ...]

    @property
    def webp(self) -> list[ImageOutput]:
        return [o for o in self.outputs if o.mime == "image/webp"]

    @property
    def fallback(self) -> list[ImageOutput]:
        return [o for o in self.outputs if o.mime != "image/webp"]


DEFAULT_SETTINGS = ImageSettings()


def default_cache_dir(config: UnitConfig) -> Path:
    """``.cache/wardnews/images/`` under the project root (CI keeps it between builds)."""
    return config.root / DEFAULT_CACHE_DIR


# --- read: inspect ------------------------------------------------------------------------------


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
        problem(
            f"ảnh {shorten(written)} nằm trên trang web khác: điện thoại người đọc sẽ phải tải từ "
            "máy chủ ngoài. Hãy tải ảnh về, đặt vào thư mục anh/ cạnh bài viết và ghi đường dẫn "
            "như anh/ten-anh.jpg"
        )
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
        with _bomb_is_error(), _open(target) as image:
            fmt = image.format or ""
            width, height = image.size
            orientation = _orientation(image)
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
def _bomb_is_error() -> Iterator[None]:
    """Pillow only warns between its limit and twice its limit; a warning would let it through."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open(file: Path | io.BytesIO) -> Image.Image:
    # Pillow registers WebP and TIFF only once every plugin is loaded.
    Image.init()
    return Image.open(file, formats=ALLOWED_FORMATS)


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (OSError, ValueError, TypeError, SyntaxError):  # a broken EXIF block: keep as stored
        return 1


# --- build: process -----------------------------------------------------------------------------


def output_widths(width: int, widths: Iterable[int]) -> list[int]:
    """The widths to produce for an upright original ``width``: never wider than it."""
    wanted = sorted(set(widths))
    chosen = [w for w in wanted if w <= width]
    if not wanted or width < wanted[-1] and width not in chosen:
        chosen.append(width)
    return chosen


def process_image(
    source: Path,
    settings: ImageSettings = DEFAULT_SETTINGS,
    *,
    cache_dir: Path | None = None,
) -> ProcessedImage:
    """Every output of one image, as values: upright, sRGB, without metadata, at each width.

    With ``cache_dir``, outputs are looked up there first by the hash of the source bytes and
    the settings; an image already processed is not encoded again. New outputs are stored there
    and come back with ``path`` set; without a cache they come back with ``data``. Raises
    :class:`ImageDecodeError` for an image Pillow cannot decode (call :func:`inspect_image` first
    for all other problems).
    """
    data = source.read_bytes()
    key = hashlib.sha256(settings.token() + b"\0" + data).hexdigest()[:10]
    stem = slugify(source.stem, max_length=40) or "anh"
    if cache_dir is not None:
        cached = _from_cache(cache_dir, f"{stem}-{key}")
        if cached is not None:
            log.debug("ảnh %s: dùng lại bản đã xử lý %s", source, key)
            return cached
    processed = _encode_all(data, f"{stem}-{key}", key, settings)
    log.info("đã xử lý ảnh %s: %d tệp", source.name, len(processed.outputs))
    if cache_dir is not None:
        processed = _store(cache_dir, f"{stem}-{key}", processed)
    return processed


def process_images(
    infos: Iterable[ImageInfo], settings: ImageSettings, cache_dir: Path | None
) -> tuple[dict[str, ProcessedImage], list[Problem]]:
    """Process every inspected image once (several posts may share one), keyed by ``info.path``.

    An image that cannot be decoded becomes a problem naming each post that refers to it.
    """
    done: dict[str, ProcessedImage] = {}
    failed: dict[str, str] = {}
    problems: list[Problem] = []
    for info in infos:
        if info.path not in done and info.path not in failed:
            try:
                done[info.path] = process_image(info.source, settings, cache_dir=cache_dir)
            except ImageDecodeError as exc:
                failed[info.path] = exc.reason
        if info.path in failed:
            message = f"ảnh {shorten(info.written)} {failed[info.path]}"
            problems.append(Problem(info.post, info.line, info.key, message))
    return done, problems


def _encode_all(data: bytes, base: str, key: str, settings: ImageSettings) -> ProcessedImage:
    try:
        with _bomb_is_error(), _open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > settings.max_pixels:
                raise ImageDecodeError("quá lớn (khóa image_max_megapixels)")
            orientation = _orientation(opened)
            sideways = orientation in (5, 6, 7, 8)
            width, height = (opened.height, opened.width) if sideways else opened.size
            targets = output_widths(width, settings.widths)
            if opened.format in ("JPEG", "MPO"):
                # Decode at 1/2, 1/4 or 1/8 scale when that still covers the widest output:
                # a 12-megapixel photo decodes four times faster and resizes from less.
                scale = targets[-1] / width
                opened.draft("RGB", (round(opened.width * scale), round(opened.height * scale)))
            icc = opened.info.get("icc_profile")
            fmt = opened.format
            upright = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageDecodeError("quá lớn (khóa image_max_megapixels)") from None
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError) as exc:
        raise ImageDecodeError(f"bị hỏng, không giải mã được ({exc}); hãy xuất lại ảnh") from None
    pixels, kind = _normalise(upright, icc, fmt)

    outputs: list[ImageOutput] = []
    fallback_ext = "jpg" if kind == "photo" else "png"
    for target in targets:
        size = (target, max(1, round(height * target / width)))
        frame = (
            pixels
            if pixels.size == size
            else pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        for ext in ("webp", fallback_ext):
            encoded = _encode(frame, ext, kind, settings)
            name = f"{base}-{target}.{ext}"
            outputs.append(ImageOutput(name, size[0], size[1], MIME[ext], len(encoded), encoded))
    return ProcessedImage(key, kind, width, height, tuple(outputs))


def _normalise(image: Image.Image, icc: bytes | None, fmt: str | None) -> tuple[Image.Image, str]:
    """Pixels in RGB or RGBA, sRGB, and the kind of image (which formats suit it)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey PNG: scale, do not clip
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if icc:  # first: the profile describes the pixels as stored (CMYK of a print file, say)
        image = _to_srgb(image, icc)
    transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    wanted = "RGBA" if transparent else "RGB"
    image = image if image.mode == wanted else image.convert(wanted)
    if transparent and image.getchannel("A").getextrema()[0] == 255:
        # Screenshots are often saved with an alpha channel that hides nothing: a JPEG is smaller.
        transparent, image = False, image.convert("RGB")
    graphic = fmt in ("PNG", "GIF") and image.getcolors(256) is not None
    return image, "graphic" if graphic else "alpha" if transparent else "photo"


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(profile).casefold().replace(" ", ""):
            return image
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode)
        assert converted is not None  # inPlace=False returns the new image
        return converted
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        # Colours may be a little off; the image is still worth publishing.
        log.warning("hồ sơ màu ICC của ảnh không dùng được (%s); giữ nguyên màu", exc)
        return image


def _encode(frame: Image.Image, ext: str, kind: str, settings: ImageSettings) -> bytes:
    global _encoded_files
    # A fresh image carries no info dict, so no EXIF, XMP, ICC or comment can reach the encoder.
    clean = Image.frombytes(frame.mode, frame.size, frame.tobytes())
    buffer = io.BytesIO()
    if ext == "webp" and kind == "graphic":
        clean.save(buffer, "WEBP", lossless=True, quality=80, method=settings.webp_method)
    elif ext == "webp":
        clean.save(
            buffer,
            "WEBP",
            quality=settings.webp_quality,
            method=settings.webp_method,
            alpha_quality=90,
            exact=False,
        )
    elif ext == "jpg":
        clean.save(
            buffer,
            "JPEG",
            quality=settings.jpeg_quality,
            optimize=True,
            progressive=True,
            subsampling=2,
        )
    else:
        clean.save(buffer, "PNG", optimize=False, compress_level=9)
    _encoded_files += 1
    return buffer.getvalue()


# --- the cache ----------------------------------------------------------------------------------


def _from_cache(cache_dir: Path, base: str) -> ProcessedImage | None:
    manifest = cache_dir / f"{base}.json"
    try:
        meta = json.loads(manifest.read_text("utf-8"))
        outputs = tuple(
            ImageOutput(
                o["name"], o["width"], o["height"], o["mime"], o["size"], path=cache_dir / o["name"]
            )
            for o in meta["outputs"]
        )
        result = ProcessedImage(meta["key"], meta["kind"], meta["width"], meta["height"], outputs)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("bộ nhớ đệm ảnh %s hỏng (%s); xử lý lại ảnh", manifest, exc)
        return None
    # A file removed or cut short (a build killed mid-write, a partial CI cache): encode again.
    for output in outputs:
        assert output.path is not None
        if not output.path.is_file() or output.path.stat().st_size != output.size:
            return None
    return result


def _store(cache_dir: Path, base: str, processed: ProcessedImage) -> ProcessedImage:
    cache_dir.mkdir(parents=True, exist_ok=True)
    stored = []
    for output in processed.outputs:
        _write_atomic(cache_dir / output.name, output.read_bytes())
        stored.append(
            ImageOutput(
                output.name,
                output.width,
                output.height,
                output.mime,
                output.size,
                path=cache_dir / output.name,
            )
        )
    meta = {
        "key": processed.key,
        "kind": processed.kind,
        "width": processed.width,
        "height": processed.height,
        "outputs": [
            {"name": o.name, "width": o.width, "height": o.height, "mime": o.mime, "size": o.size}
            for o in stored
        ],
    }
    # The manifest last: it is what marks the entry complete.
    _write_atomic(cache_dir / f"{base}.json", json.dumps(meta, indent=1).encode())
    return ProcessedImage(
        processed.key, processed.kind, processed.width, processed.height, tuple(stored)
    )


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --- write --------------------------------------------------------------------------------------


def write_images(processed: ProcessedImage, folder: Path) -> list[Path]:
    """Write (or copy from the cache) every output of ``processed`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for output in processed.outputs:
        destination = folder / output.name
        if output.data is None and output.path is not None:
            shutil.copyfile(output.path, destination)
        else:
            destination.write_bytes(output.read_bytes())
        written.append(destination)
    return written


def picture_html(
    processed: ProcessedImage,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    lazy: bool = True,
    url_prefix: str = "",
) -> str:
    """``<picture>``: a WebP ``<source>`` and an ``<img>`` fallback, both with srcset and sizes.

    ``url_prefix`` is the URL of the folder the outputs were written to, relative to the page or
    absolute ('../../anh/'). ``lazy=False`` for the image on the first screen (a post's cover):
    it is fetched at once, with high priority, instead of when scrolled to.
    """
    prefix = url_prefix if not url_prefix or url_prefix.endswith("/") else url_prefix + "/"

    def srcset(outputs: Sequence[ImageOutput]) -> str:
        return escape(", ".join(f"{prefix}{o.name} {o.width}w" for o in outputs))

    fallback = processed.fallback
    src = ([o for o in fallback if o.width <= FALLBACK_SRC_WIDTH] or fallback)[-1]
    loading = 'loading="lazy" decoding="async"' if lazy else 'decoding="async" fetchpriority="high"'
    return (
        f'<picture><source type="image/webp" srcset="{srcset(processed.webp)}" '
        f'sizes="{escape(sizes)}">'
        f'<img src="{escape(prefix + src.name)}" srcset="{srcset(fallback)}" '
        f'sizes="{escape(sizes)}" width="{src.width}" height="{src.height}" '
        f'alt="{escape(alt)}" {loading}></picture>'
    )
