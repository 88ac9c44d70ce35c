"""``wardnews new``: an editor's start, a post file with its front matter filled in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.posts import KINDS
from wardnews.content.tagging import Tagger
from wardnews.content.text import nfc, slugify
from wardnews.problems import Problem


@dataclass(frozen=True)
class NewPost:
    path: Path
    text: str


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) that keeps Vietnamese as is."""
    return json.dumps(value, ensure_ascii=False)


def draft_post(
    config: UnitConfig, catalog: Catalog, title: str, moment: datetime, kind: str = "news"
) -> NewPost | Problem:
    """The file ``posts/YYYY/YYYY-MM-DD-slug.md`` for a new post, or why it cannot be made."""
    title = " ".join(nfc(title).split())
    if not title:
        return Problem("wardnews new", None, "title", "tiêu đề đang để trống")
    if kind not in KINDS:
        return Problem(
            "wardnews new", None, "kind", f"cần một trong: {', '.join(KINDS)}; nhưng gặp '{kind}'"
        )
    slug = slugify(title)
    if not slug:
        return Problem(
            "wardnews new", None, "title", "không tạo được tên tệp từ tiêu đề; hãy thêm chữ"
        )
    local = moment.astimezone(config.tz)
    suggested = Tagger.from_catalog(catalog).codes_for(title)
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"date: {local:%Y-%m-%d %H:%M}",
        f"author: {_yaml_string(config.default_author)}",
    ]
    if suggested:
        lines.append(f"criteria: [{', '.join(_yaml_string(code) for code in suggested)}]")
    else:
        lines.append(f"# criteria: [] # mã tiêu chí: {', '.join(catalog.codes)}")
    if kind != "news":
        lines.append(f"kind: {kind}")
    if kind == "radio":
        lines.append(f"airings: [{local:%Y-%m-%d %H:%M}]  # thêm các lần phát lại")
        lines.append("duration: 12  # thời lượng, phút")
    lines += [
        "---",
        "",
        "Đoạn mở đầu: tóm tắt sự việc trong một, hai câu.",
        "",
        "<!-- more -->",
        "",
    ]
    lines += ["Nội dung chi tiết của bài viết.", ""]
    path = config.posts_path / f"{local:%Y}" / f"{local:%Y-%m-%d}-{slug}.md"
    return NewPost(path, "\n".join(lines))


def write_new_post(post: NewPost) -> Problem | None:
    """Create the file; never overwrite one that exists."""
    post.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with post.path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(post.text)
    except FileExistsError:
        return Problem(
            str(post.path), None, None, "tệp đã có; wardnews new không ghi đè. Hãy đổi tiêu đề"
        )
    return None
