"""The pipeline's settings and limits as read from extra.wardnews."""

from __future__ import annotations

from pathlib import Path

import pytest

from wardnews.content.config import parse_unit_config
from wardnews.images.model import ImageLimits, ImageSettings


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
