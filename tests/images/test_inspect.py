"""Inspecting images: clear errors naming the post and the path, before any pixel is decoded."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from image_samples import POST, noisy, phone_photo_bytes, png_bytes, png_header_only
from PIL import Image

from wardnews.images.inspect import inspect_image
from wardnews.images.model import ALLOWED_FORMATS, MB, ImageLimits


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


def test_a_file_over_the_size_limit(check, write_file, make_config):
    file = write_file("posts/2024/nang.png", png_bytes(noisy("RGB", (700, 600))))
    assert 1.15 * MB < file.stat().st_size < 1.25 * MB  # noise does not compress
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


def test_reading_and_writing_images_loads_only_the_plugins_of_their_formats(tmp_path):
    """Pillow's Image.init() imports every plugin it has (most of a second on a cold disk): each
    allowed format is read, WebP, JPEG and PNG are written and the banners drawn, in a fresh
    Python, with only the plugins of those formats loaded."""
    for fmt in ALLOWED_FORMATS:
        noisy("RGB", (40, 30)).save(tmp_path / f"anh.{fmt.lower()}", fmt)
    code = f"""
import sys
from pathlib import Path
from wardnews.images.encode import process_image
from wardnews.images.inspect import open_image
from wardnews.syndication.banner import Fonts, _draw_all
for path in sorted(Path({str(tmp_path)!r}).iterdir()):
    with open_image(path) as image:
        image.load()
    outputs = process_image(path).outputs
    print(image.format, sorted({{output.name.rsplit(".", 1)[1] for output in outputs}}))
_draw_all("Ngọc Trạo", "Chuyên mục Chuyển đổi số", Fonts())
print(sorted(name for name in sys.modules if name.startswith("PIL.") and "ImagePlugin" in name))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    *formats, plugins = result.stdout.splitlines()
    assert sorted(line.split()[0] for line in formats) == sorted(ALLOWED_FORMATS)
    assert all("'webp'" in line for line in formats), formats
    loaded = {name.removeprefix("PIL.") for name in ast.literal_eval(plugins)}
    # Pillow's own preinit() brings PPM's with BMP, GIF, JPEG and PNG.
    assert loaded == {
        "BmpImagePlugin", "GifImagePlugin", "JpegImagePlugin", "PngImagePlugin",
        "TiffImagePlugin", "WebPImagePlugin", "PpmImagePlugin",
    }  # fmt: skip
