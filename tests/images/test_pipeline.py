"""The image pipeline: real images made with Pillow, outputs read back with Pillow and lxml."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from wardnews.images import pipeline as images
from wardnews.content.config import parse_unit_config
from wardnews.images.pipeline import ImageLimits, ImageSettings, inspect_image, output_widths

POST = "posts/2024/a.md"
RED, BLUE, GREY = (230, 20, 20), (20, 20, 230), (128, 128, 128)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="19,48.5N"/></rdf:RDF>'
    b"</x:xmpmeta>"
)
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_exif(orientation: int = 6) -> Image.Exif:
    """What a phone writes: the orientation and where the photo was taken (Thanh Hóa)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Samsung"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (19.0, 48.0, 30.0)
    gps[3], gps[4] = "E", (105.0, 46.0, 12.0)
    return exif


def phone_photo_bytes(width: int = 4000, height: int = 3000) -> bytes:
    """A JPEG stored sideways as phones do: a red block at the stored top-left, blue at the
    stored bottom-left, with EXIF orientation 6, GPS, XMP, a comment and an ICC profile."""
    grey = Image.linear_gradient("L").resize((width, height)).point(lambda v: 64 + v // 2)
    image = Image.merge("RGB", (grey, grey, grey))
    draw = ImageDraw.Draw(image)
    block_w, block_h = width // 10, height // 10
    draw.rectangle((0, 0, block_w, block_h), fill=RED)
    draw.rectangle((0, height - block_h, block_w, height), fill=BLUE)
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        quality=90,
        exif=phone_exif(),
        xmp=XMP,
        comment="Galaxy A05",
        icc_profile=SRGB_ICC,
    )
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: the shape of a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def wide_gamut_profile() -> bytes:
    """An RGB profile with a redder red than sRGB (P3's), not named sRGB: like an iPhone's."""
    data = bytearray(SRGB_ICC)
    tags = {}
    for index in range(struct.unpack(">I", data[128:132])[0]):
        sig, offset, _ = struct.unpack(">4sII", data[132 + 12 * index : 144 + 12 * index])
        tags[sig] = offset
    red = tags[b"rXYZ"] + 8
    p3_red = (0.5151, 0.2412, -0.0011)
    data[red : red + 12] = b"".join(struct.pack(">i", round(v * 65536)) for v in p3_red)
    return bytes(data).replace("sRGB".encode("utf-16-be"), "wide".encode("utf-16-be"))


def webp_chunks(data: bytes) -> list[bytes]:
    """The chunk names of a WebP (RIFF) file: VP8 (lossy), VP8L (lossless), ALPH, EXIF, XMP ..."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    names, offset = [], 12
    while offset + 8 <= len(data):
        names.append(data[offset : offset + 4])
        size = struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        offset += 8 + size + (size & 1)
    return names


def parse_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Start tags and their attributes, as a browser's tokenizer reads them (entities decoded)."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def is_colour(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, images.ProcessedImage]:
    source = tmp_path_factory.mktemp("phone") / "IMG_20240312_083000.jpg"
    source.write_bytes(phone_photo_bytes())
    return source, images.process_image(source)


# --- the phone photo ----------------------------------------------------------------------------


def test_the_phone_photo_really_carries_orientation_gps_and_metadata(phone):
    source, _ = phone
    with Image.open(source) as image:
        assert image.size == (4000, 3000)
        assert image.getexif()[0x0112] == 6
        assert image.getexif().get_ifd(0x8825)[2] == (19.0, 48.0, 30.0)
        assert {"exif", "xmp", "comment", "icc_profile"} <= set(image.info)


def test_phone_photo_comes_out_upright_in_every_width_and_format(phone):
    _, processed = phone
    assert processed.kind == "photo"
    assert (processed.width, processed.height) == (3000, 4000)
    made = [(o.width, o.height, o.mime) for o in processed.outputs]
    assert made == [
        (480, 640, "image/webp"),
        (480, 640, "image/jpeg"),
        (960, 1280, "image/webp"),
        (960, 1280, "image/jpeg"),
        (1440, 1920, "image/webp"),
        (1440, 1920, "image/jpeg"),
    ]
    for output in processed.outputs:
        with Image.open(io.BytesIO(output.read_bytes())) as image:
            assert image.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[output.mime]
            assert image.size == (output.width, output.height)
            assert output.size == len(output.read_bytes())
            w, h = image.size
            rgb = image.convert("RGB")
            # Turned a quarter clockwise: stored top-left is now top-right, bottom-left top-left.
            assert is_colour(rgb.getpixel((w - 5, 5)), RED), output.name
            assert is_colour(rgb.getpixel((5, 5)), BLUE), output.name
            assert not is_colour(rgb.getpixel((w - 5, h - 5)), RED), output.name
            assert not is_colour(rgb.getpixel((5, h - 5)), BLUE), output.name


def test_phone_photo_outputs_carry_no_metadata(phone):
    _, processed = phone
    for output in processed.outputs:
        data = output.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert len(image.getexif()) == 0, output.name
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), output.name
        # The bytes themselves: no EXIF/XMP/ICC block of any container, no maker, no comment.
        for marker in (
            b"Exif",
            b"EXIF",
            b"XMP ",
            b"ns.adobe.com",
            b"ICCP",
            b"ICC_PROFILE",
            b"Samsung",
            b"Galaxy",
        ):
            assert marker not in data, (output.name, marker)


def test_outputs_are_named_by_content_hash_and_width(phone):
    source, processed = phone
    assert len(processed.key) == 10
    names = [o.name for o in processed.outputs]
    assert names[:2] == [
        f"img-20240312-083000-{processed.key}-480.webp",
        f"img-20240312-083000-{processed.key}-480.jpg",
    ]
    assert len(set(names)) == len(names)


def test_same_input_gives_the_same_bytes(phone, tmp_path):
    source, processed = phone
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    again = images.process_image(copy)
    assert [o.name for o in again.outputs] == [o.name for o in processed.outputs]
    assert [o.read_bytes() for o in again.outputs] == [o.read_bytes() for o in processed.outputs]


# --- widths, kinds, colours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (4000, [480, 960, 1440]),
        (1440, [480, 960, 1440]),
        (1000, [480, 960, 1000]),
        (700, [480, 700]),
        (480, [480]),
        (300, [300]),
    ],
)
def test_widths_never_upscale(width, expected):
    assert output_widths(width, (1440, 480, 960)) == expected


def test_a_small_image_keeps_its_own_size(tmp_path):
    source = tmp_path / "nho.jpg"
    Image.new("RGB", (300, 200), GREY).save(source, quality=90)
    processed = images.process_image(source)
    assert [(o.width, o.height) for o in processed.outputs] == [(300, 200), (300, 200)]
    for output in processed.outputs:
        with Image.open(io.BytesIO(output.read_bytes())) as image:
            assert image.size == (300, 200)


def noisy(mode: str, size: tuple[int, int]) -> Image.Image:
    """Many colours, as in a photo."""
    bands = [Image.effect_noise(size, 50).convert("L") for _ in mode]
    return Image.merge(mode, bands)


def test_fallback_and_webp_follow_what_the_image_is(tmp_path):
    poster = Image.new("RGB", (800, 600), (250, 250, 240))
    ImageDraw.Draw(poster).rectangle((100, 100, 700, 200), fill=(200, 0, 0))
    cut_out = noisy("RGBA", (800, 600))
    cut_out.putalpha(Image.linear_gradient("L").resize((800, 600)))
    screenshot = noisy("RGB", (800, 600)).convert("RGBA")  # alpha channel that hides nothing
    cases = {
        "poster.png": (poster, "graphic", "image/png", b"VP8L"),
        "cut-out.png": (cut_out, "alpha", "image/png", b"VP8 "),
        "screenshot.png": (screenshot, "photo", "image/jpeg", b"VP8 "),
    }
    for name, (image, kind, fallback_mime, webp_chunk) in cases.items():
        (tmp_path / name).write_bytes(png_bytes(image))
        processed = images.process_image(tmp_path / name)
        assert processed.kind == kind, name
        assert {o.mime for o in processed.fallback} == {fallback_mime}, name
        for output in processed.webp:
            assert webp_chunk in webp_chunks(output.read_bytes()), name  # VP8L lossless, VP8 lossy
        if kind == "alpha":
            with Image.open(io.BytesIO(processed.webp[0].read_bytes())) as webp:
                assert webp.mode == "RGBA"


def test_a_wide_gamut_photo_is_converted_to_srgb_before_its_profile_is_dropped(tmp_path):
    source = tmp_path / "iphone.jpg"
    Image.new("RGB", (600, 400), (200, 10, 10)).save(
        source, quality=95, icc_profile=wide_gamut_profile()
    )
    processed = images.process_image(source)
    with Image.open(io.BytesIO(processed.fallback[0].read_bytes())) as image:
        assert "icc_profile" not in image.info
        red, green, _ = image.convert("RGB").getpixel((300, 200))
    # The same numbers mean a redder red in the wide space: in sRGB they grow.
    assert red > 210 and green < 8


# --- HTML ---------------------------------------------------------------------------------------


def test_picture_html_has_srcset_sizes_dimensions_and_lazy_loading(phone):
    _, processed = phone
    alt = 'Người dân "cài" VNeID <b>&'
    html = images.picture_html(processed, alt, url_prefix="../../anh")
    assert html.startswith("<picture>") and html.endswith("</picture>")
    tags = parse_tags(html)
    assert tags[0] == ("picture", {})
    assert [name for name, _ in tags] == ["picture", "source", "img"]
    source, img = tags[1][1], tags[2][1]
    stem = f"../../anh/img-20240312-083000-{processed.key}"
    assert source.get("type") == "image/webp"
    webp = f"{stem}-480.webp 480w, {stem}-960.webp 960w, {stem}-1440.webp 1440w"
    assert source.get("srcset") == webp
    assert source.get("sizes") == images.DEFAULT_SIZES
    assert img.get("src") == f"{stem}-960.jpg"
    assert img.get("srcset") == f"{stem}-480.jpg 480w, {stem}-960.jpg 960w, {stem}-1440.jpg 1440w"
    assert img.get("sizes") == images.DEFAULT_SIZES
    assert (img.get("width"), img.get("height")) == ("960", "1280")
    assert img.get("alt") == alt
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"
    assert "<b>" not in html


def test_the_first_screen_image_is_not_lazy(phone):
    _, processed = phone
    html = images.picture_html(processed, "Ảnh bìa", sizes="100vw", lazy=False)
    tags = parse_tags(html)
    assert [name for name, _ in tags] == ["picture", "source", "img"]
    img = tags[2][1]
    assert "loading" not in img
    assert img.get("fetchpriority") == "high"
    assert img.get("sizes") == "100vw"
    assert img.get("src") == f"img-20240312-083000-{processed.key}-960.jpg"


# --- the cache ----------------------------------------------------------------------------------


@pytest.fixture
def small_photo(tmp_path: Path) -> Path:
    source = tmp_path / "anh.jpg"
    source.write_bytes(phone_photo_bytes(1600, 1200))
    return source


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_the_second_build_reuses_the_cache_without_encoding(small_photo, tmp_path):
    cache = tmp_path / ".cache" / "wardnews" / "images"
    before = images.encoded_files()
    first = images.process_image(small_photo, cache_dir=cache)
    assert images.encoded_files() - before == 6
    assert all(o.path is not None and o.path.parent == cache for o in first.outputs)
    stamps = mtimes(cache)
    assert len(stamps) == 7  # six images and the manifest

    again = images.process_image(small_photo, cache_dir=cache)
    assert images.encoded_files() - before == 6  # nothing encoded the second time
    assert mtimes(cache) == stamps
    assert again == first
    assert [o.read_bytes() for o in again.outputs] == [o.read_bytes() for o in first.outputs]
    # What the cache holds is what an uncached run makes.
    fresh = images.process_image(small_photo)
    assert [o.read_bytes() for o in fresh.outputs] == [o.read_bytes() for o in first.outputs]


def test_a_changed_image_or_setting_never_reuses_a_stale_file(small_photo, tmp_path):
    cache = tmp_path / "cache"
    first = images.process_image(small_photo, cache_dir=cache)
    other_quality = images.process_image(
        small_photo, ImageSettings(webp_quality=60), cache_dir=cache
    )
    assert other_quality.key != first.key
    assert not {o.name for o in other_quality.outputs} & {o.name for o in first.outputs}

    with Image.open(small_photo) as image:
        edited = image.copy()
    edited.putpixel((800, 600), (0, 255, 0))
    edited.save(small_photo, quality=90, exif=phone_exif())
    before = images.encoded_files()
    changed = images.process_image(small_photo, cache_dir=cache)
    assert changed.key != first.key
    assert images.encoded_files() - before == 6


def test_a_damaged_cache_entry_is_encoded_again(small_photo, tmp_path):
    cache = tmp_path / "cache"
    first = images.process_image(small_photo, cache_dir=cache)
    first.outputs[2].path.write_bytes(b"cut")  # a build killed mid-write, a partial CI cache
    before = images.encoded_files()
    again = images.process_image(small_photo, cache_dir=cache)
    assert images.encoded_files() - before == 6
    fresh = images.process_image(small_photo)
    assert again.outputs[2].read_bytes() == fresh.outputs[2].read_bytes()


def test_write_images_writes_every_output(small_photo, tmp_path):
    for cache in (None, tmp_path / "cache"):
        processed = images.process_image(small_photo, cache_dir=cache)
        site = tmp_path / f"site-{cache is None}" / "tin-tuc" / "anh"
        written = images.write_images(processed, site)
        assert [p.name for p in written] == [o.name for o in processed.outputs]
        assert [p.read_bytes() for p in written] == [o.read_bytes() for o in processed.outputs]


# --- bad images: clear errors naming the post and the path ---------------------------------------


@pytest.fixture
def limits(config) -> ImageLimits:
    return ImageLimits.from_config(config)


@pytest.fixture
def check(limits: ImageLimits) -> Callable[..., list[str]]:
    """Inspect an image of posts/2024/a.md; the problems as the editor reads them."""

    def run(written: str, alt: str = "Ảnh", limits: ImageLimits = limits, **kw) -> list[str]:
        info, problems = inspect_image(written, POST, limits, alt=alt, **kw)
        assert (info is None) == any(p.is_error for p in problems)
        assert all(p.path == POST for p in problems)
        return [p.format() for p in problems]

    return run


def test_a_good_image_gives_its_upright_size(write_file, check, limits, project_root):
    write_file("posts/2024/anh/cao-son.jpg", phone_photo_bytes(800, 600))
    info, problems = inspect_image("anh/cao-son.jpg", POST, limits, alt="Cao Sơn", key="image")
    assert problems == []
    assert info is not None
    assert info.path == "posts/2024/anh/cao-son.jpg"
    assert info.source == project_root.resolve() / "posts/2024/anh/cao-son.jpg"
    assert (info.format, info.width, info.height, info.alt) == ("JPEG", 600, 800, "Cao Sơn")


def test_a_percent_encoded_path_finds_the_file(write_file, limits):
    write_file("posts/2024/anh/le hoi.png", png_bytes(Image.new("RGB", (10, 10))))
    info, problems = inspect_image("anh/le%20hoi.png", POST, limits, alt="Lễ hội")
    assert problems == [] and info is not None and info.path == "posts/2024/anh/le hoi.png"


def test_missing_image(check, write_file):
    assert check("anh/khong-co.jpg", line=7) == [
        "posts/2024/a.md, dòng 7: lỗi: không tìm thấy ảnh 'anh/khong-co.jpg' (đã tìm "
        "posts/2024/anh/khong-co.jpg; đường dẫn tính từ thư mục của bài viết)"
    ]
    write_file("posts/2024/anh/cao-son.jpg", phone_photo_bytes(80, 60))
    assert check("anh/Cao-Son.JPG", key="image") == [
        "posts/2024/a.md, khóa 'image': lỗi: không tìm thấy ảnh 'anh/Cao-Son.JPG' (đã tìm "
        "posts/2024/anh/Cao-Son.JPG; đường dẫn tính từ thư mục của bài viết); có phải ý bạn là "
        "'cao-son.jpg'? Chữ hoa, chữ thường phải viết đúng"
    ]


@pytest.mark.parametrize("written", ["../../etc/passwd", "/etc/passwd", "../../mkdocs.yml"])
def test_a_path_leaving_the_posts_folder(check, written, write_file):
    write_file("mkdocs.yml", "site_name: x\n")
    assert check(written) == [
        f"posts/2024/a.md: lỗi: ảnh '{written}' trỏ ra ngoài thư mục posts/ của dự án; ảnh phải "
        "nằm trong posts/, ví dụ anh/ten-anh.jpg trong thư mục của bài viết"
    ]


def test_a_symlink_leaving_the_project(check, project_root):
    (project_root / "posts/2024").mkdir(parents=True)
    os.symlink("/etc/hostname", project_root / "posts/2024/anh.jpg")
    assert check("anh.jpg") == [
        "posts/2024/a.md: lỗi: ảnh 'anh.jpg' trỏ ra ngoài thư mục posts/ của dự án; ảnh phải "
        "nằm trong posts/, ví dụ anh/ten-anh.jpg trong thư mục của bài viết"
    ]


def test_an_image_on_another_site(check):
    assert check("https://example.com/a.jpg") == [
        "posts/2024/a.md: lỗi: ảnh 'https://example.com/a.jpg' nằm trên trang web khác: điện "
        "thoại người đọc sẽ phải tải từ máy chủ ngoài. Hãy tải ảnh về, đặt vào thư mục anh/ cạnh "
        "bài viết và ghi đường dẫn như anh/ten-anh.jpg"
    ]


def test_a_text_file_named_jpg(check, write_file):
    write_file("posts/2024/anh/tin.jpg", "Đây là chữ, không phải ảnh.\n")
    assert check("anh/tin.jpg") == [
        "posts/2024/a.md: lỗi: tệp 'anh/tin.jpg' không phải ảnh đọc được; cần ảnh JPEG, PNG, GIF "
        "hoặc WebP (đổi đuôi tệp không đổi được loại tệp)"
    ]


def test_an_iphone_heic_photo_is_named(check, write_file):
    write_file("posts/2024/IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00" + b"\0" * 64)
    assert check("IMG_0001.HEIC") == [
        "posts/2024/a.md: lỗi: ảnh 'IMG_0001.HEIC' là ảnh HEIC của iPhone, trình duyệt và chương "
        "trình không đọc được; hãy chuyển sang JPEG (trên iPhone: Cài đặt > Camera > Định dạng > "
        "Tương thích nhất)"
    ]


def test_a_decompression_bomb_header(check, write_file):
    # 57 bytes that claim 100,000 x 100,000 pixels: 30 GB once decoded.
    write_file("posts/2024/bom.png", png_header_only(100_000, 100_000))
    assert check("bom.png") == [
        "posts/2024/a.md: lỗi: ảnh 'bom.png' khai báo kích thước quá lớn; tối đa 40 triệu điểm "
        "ảnh (khóa image_max_megapixels). Ảnh như vậy làm treo máy dựng trang (có thể là tệp "
        "độc hại kiểu 'bom giải nén'); hãy thu nhỏ ảnh"
    ]


def test_an_image_over_the_pixel_limit(check, write_file, make_config):
    write_file("posts/2024/lon.png", png_header_only(9000, 5000))
    assert check("lon.png") == [
        "posts/2024/a.md: lỗi: ảnh 'lon.png' có 9000 x 5000 điểm ảnh (45.0 triệu); tối đa 40 "
        "triệu điểm ảnh (khóa image_max_megapixels). Ảnh như vậy làm treo máy dựng trang (có thể "
        "là tệp độc hại kiểu 'bom giải nén'); hãy thu nhỏ ảnh"
    ]
    write_file("posts/2024/anh.jpg", phone_photo_bytes(1600, 1200))
    lowered = ImageLimits.from_config(make_config(image_max_megapixels=1))
    assert check("anh.jpg", limits=lowered) == [
        "posts/2024/a.md: lỗi: ảnh 'anh.jpg' có 1200 x 1600 điểm ảnh (1.9 triệu); tối đa 1 triệu "
        "điểm ảnh (khóa image_max_megapixels). Ảnh như vậy làm treo máy dựng trang (có thể là tệp "
        "độc hại kiểu 'bom giải nén'); hãy thu nhỏ ảnh"
    ]


def test_processing_refuses_a_bomb_even_without_inspection(tmp_path):
    (tmp_path / "bom.png").write_bytes(png_header_only(100_000, 100_000))
    with pytest.raises(images.ImageDecodeError, match="image_max_megapixels"):
        images.process_image(tmp_path / "bom.png")


def test_a_file_over_the_size_limit(check, write_file, make_config):
    file = write_file("posts/2024/nang.png", png_bytes(noisy("RGB", (700, 600))))
    assert 1.15 * images.MB < file.stat().st_size < 1.25 * images.MB  # noise does not compress
    lowered = ImageLimits.from_config(make_config(image_max_mb=1))
    assert check("nang.png", limits=lowered) == [
        "posts/2024/a.md: lỗi: ảnh 'nang.png' nặng 1.2 MB; tối đa 1 MB (khóa image_max_mb). Hãy "
        "thu nhỏ ảnh trước khi đăng, ví dụ còn chiều ngang 2000 điểm ảnh"
    ]
    assert check("nang.png") == []  # under the default 15 MB


def test_an_image_without_alt_text(check, write_file):
    write_file("posts/2024/anh.jpg", phone_photo_bytes(80, 60))
    assert check("anh.jpg", alt="  ", key="image", line=9) == [
        "posts/2024/a.md, dòng 9, khóa 'image_alt': lỗi: ảnh bìa 'anh.jpg' cần lời mô tả cho "
        "người khiếm thị (image_alt:), ví dụ image_alt: Người dân được hướng dẫn cài VNeID"
    ]
    assert check("anh.jpg", alt="", line=12) == [
        "posts/2024/a.md, dòng 12: lỗi: ảnh 'anh.jpg' cần lời mô tả cho người khiếm thị, viết "
        "trong ngoặc vuông: ![Người dân được hướng dẫn cài VNeID](anh.jpg)"
    ]


def test_every_problem_of_an_image_is_reported_at_once(check):
    assert len(check("anh/khong-co.jpg", alt="")) == 2


def test_an_image_that_cannot_be_decoded_names_every_post_using_it(write_file, limits, tmp_path):
    data = phone_photo_bytes(800, 600)
    write_file("posts/2024/anh/hong.jpg", data[: len(data) // 2])  # copied halfway
    infos = []
    for post in (POST, "posts/2024/b.md"):
        info, problems = inspect_image("anh/hong.jpg", post, limits, alt="Ảnh", line=5)
        assert problems == [] and info is not None  # the header is fine
        infos.append(info)
    processed, problems = images.process_images(infos, ImageSettings(), tmp_path / "cache")
    assert processed == {}
    assert [p.path for p in problems] == [POST, "posts/2024/b.md"]
    assert (
        problems[0]
        .format()
        .startswith(
            "posts/2024/a.md, dòng 5: lỗi: ảnh 'anh/hong.jpg' bị hỏng, không giải mã được ("
        )
    )
    assert problems[0].message.endswith("); hãy xuất lại ảnh")


def test_process_images_processes_a_shared_image_once(write_file, limits, tmp_path):
    write_file("posts/2024/anh/chung.jpg", phone_photo_bytes(800, 600))
    infos = [
        inspect_image("anh/chung.jpg", post, limits, alt="Ảnh")[0]
        for post in (POST, "posts/2024/b.md")
    ]
    before = images.encoded_files()
    processed, problems = images.process_images(infos, ImageSettings(), tmp_path / "cache")
    assert problems == []
    assert list(processed) == ["posts/2024/anh/chung.jpg"]
    assert images.encoded_files() - before == 4  # 480 and 800, WebP and JPEG


# --- configuration ------------------------------------------------------------------------------


def config_problems(project_root: Path, **keys: object) -> list[str]:
    section = {"unit_name": "Ngọc Trạo", "unit_level": "phường", **keys}
    _, problems = parse_unit_config(section, project_root)
    return [p.format() for p in problems]


def test_image_keys_have_defaults_and_are_read(config, make_config):
    assert (config.image_widths, config.image_max_mb, config.image_max_megapixels) == (
        (480, 960, 1440),
        15,
        40,
    )
    custom = make_config(
        image_widths=[1280, 360, 720, 360], image_max_mb=8, image_max_megapixels=24
    )
    assert custom.image_widths == (360, 720, 1280)
    assert ImageSettings.from_config(custom).widths == (360, 720, 1280)
    limits = ImageLimits.from_config(custom)
    assert (limits.max_bytes, limits.max_pixels) == (8 * 1024 * 1024, 24_000_000)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            {"image_widths": 960},
            "khóa 'extra.wardnews.image_widths': lỗi: cần một danh sách (các chiều ngang (điểm "
            "ảnh) tạo cho mỗi ảnh, ví dụ [480, 960, 1440]), nhưng gặp '960'",
        ),
        (
            {"image_widths": [480, "960"]},
            "khóa 'extra.wardnews.image_widths': lỗi: cần 1 đến 6 số nguyên từ 100 đến 4000, ví "
            "dụ [480, 960, 1440], nhưng gặp '[480, '960']'",
        ),
        (
            {"image_widths": []},
            "khóa 'extra.wardnews.image_widths': lỗi: cần 1 đến 6 số nguyên từ 100 đến 4000, ví "
            "dụ [480, 960, 1440], nhưng gặp '[]'",
        ),
        (
            {"image_max_mb": 0},
            "khóa 'extra.wardnews.image_max_mb': lỗi: cần số từ 1 đến 100, nhưng gặp 0",
        ),
        (
            {"image_max_megapixels": 500},
            "khóa 'extra.wardnews.image_max_megapixels': lỗi: cần số từ 1 đến 80, nhưng gặp 500",
        ),
    ],
)
def test_wrong_image_keys(project_root, keys, message):
    assert config_problems(project_root, **keys) == [f"mkdocs.yml, {message}"]
