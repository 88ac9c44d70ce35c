"""Fixtures shared by the image tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from image_samples import phone_photo_bytes

from wardnews.images.encode import process_image
from wardnews.images.model import ProcessedImage


@pytest.fixture(scope="session")
def phone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ProcessedImage]:
    """A 12-megapixel phone photo, stored sideways with GPS, processed without a cache."""
    source = tmp_path_factory.mktemp("phone") / "IMG_20240312_083000.jpg"
    source.write_bytes(phone_photo_bytes())
    return source, process_image(source)
