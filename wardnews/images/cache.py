"""Write: encoded files kept in ``.cache/wardnews/images/`` between builds, and copied to the site.

An entry is one JSON manifest per source image and settings plus its files; the manifest is
written last, so an entry cut short by a killed build is encoded again, never half used.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from wardnews.images.model import ImageOutput, ProcessedImage

log = logging.getLogger(__name__)


def from_cache(cache_dir: Path, base: str) -> ProcessedImage | None:
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


def store(cache_dir: Path, base: str, processed: ProcessedImage) -> ProcessedImage:
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
