"""Files under posts/ as an attacker or a hurried editor leaves them, through the real doors.

Each case is a project on disk (the frame of ``test_bad_input``: same mkdocs.yml, same pinned
"now") checked by the installed ``wardnews check`` and built by ``mkdocs build --strict``. The
project holds secrets a careless build could publish (``.git/config`` with a token, ``.env``, a
marker in ``mkdocs.yml``); no case may put one of them, or a script, into the site.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import mkdocs_build
from test_bad_input import DATE, NOW, Case, make_project, post, run_check

SECRET = "BIMAT-KHONG-DUOC-DANG"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
SCRIPT = "alert('XSS')"
A = "posts/2024/a.md"
SEE = "Xem tệp đính kèm.\n\n"  # the link is on line 7 of a post written by linking()
NOT_PUBLISHED = "tệp này không được đăng"


def linking(target: str, *front: str, title: str = "Tin có tệp") -> str:
    """A post whose body links ``target`` (line 7 of the file)."""
    return post(f"title: {title}", DATE, *front, body=f"{SEE}[tài liệu](<{target}>)\n")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@dataclass(frozen=True)
class FileCase:
    id: str
    files: Mapping[str, str | bytes]
    exit: int
    # Exact substring of the check's output and, for errors, of the build's.
    message: str
    # Symbolic links to make: path under the project -> target relative to the project root.
    links: Mapping[str, str] = field(default_factory=dict)
    # Accepted cases: files the site must hold (site path -> source path, same bytes) and not.
    present: Mapping[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    # Errors: also run the build (accepted cases always are, to look at the site).
    build: bool = False


def refused_link(target: str, reason: str, post_path: str = A, line: int = 7) -> str:
    return (
        f"{post_path}, dòng {line}: lỗi: liên kết '{target}' trỏ tới tệp posts/2024/{target}, "
        f"{NOT_PUBLISHED}: {reason}"
    )


SYMLINK = (
    "lỗi: là liên kết tượng trưng (symlink); wardnews không đọc và không đăng liên kết tượng "
    "trưng, dù nó trỏ tới đâu. Hãy chép tệp thật vào đây"
)
RENAME = "lỗi: tệp có vẻ là một bài nhưng tên"

CASES = [
    FileCase(
        "linked-pdf-published",
        {A: linking("Kế hoạch.pdf"), "posts/2024/Kế hoạch.pdf": PDF},
        0,
        "Đã đăng 1,",
        present={"tin-tuc/tep/2024/ke-hoach.pdf": "posts/2024/Kế hoạch.pdf"},
    ),
    FileCase(
        "unlinked-pdf-absent",
        {A: post("title: Tin", DATE), "posts/2024/bien-ban-noi-bo.pdf": PDF},
        0,
        "Đã đăng 1,",
        absent=("tin-tuc/tep/2024/bien-ban-noi-bo.pdf",),
    ),
    FileCase(
        "attachment-of-a-draft-absent",
        {
            A: post("title: Tin", DATE),
            "posts/2024/nhap.md": linking("du-thao.pdf", "draft: true", title="Dự thảo"),
            "posts/2024/du-thao.pdf": PDF,
        },
        0,
        "Đã đăng 1, bản nháp 1,",
        absent=("tin-tuc/tep/2024/du-thao.pdf",),
    ),
    FileCase(
        "attachment-of-a-scheduled-post-absent",
        {
            A: post("title: Tin", DATE),
            "posts/2024/sau.md": post(
                "title: Sắp đăng", "date: 2024-04-01 08:00", body=("[quyết định](quyet-dinh.pdf)\n")
            ),
            "posts/2024/quyet-dinh.pdf": PDF,
        },
        0,
        "Đã đăng 1, bản nháp 0, hẹn giờ 1.",
        absent=("tin-tuc/tep/2024/quyet-dinh.pdf",),
    ),
    FileCase(
        "linked-docx-odt-mp3-m4a-ogg-published",
        {
            A: post(
                "title: Tin",
                DATE,
                body=("[a](a.docx) [b](b.odt) [c](c.mp3) [d](d.m4a) [e](e.ogg) [f](f.doc)\n"),
            ),
            "posts/2024/a.docx": docx(),
            "posts/2024/b.odt": odt(),
            "posts/2024/c.mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00",
            "posts/2024/d.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00",
            "posts/2024/e.ogg": b"OggS\x00\x02" + bytes(20),
            "posts/2024/f.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24),
        },
        0,
        "Đã đăng 1,",
        present={f"tin-tuc/tep/2024/{n}": f"posts/2024/{n}" for n in ("a.docx", "b.odt", "c.mp3")},
    ),
    FileCase(
        "svg-with-script-linked",
        {A: linking("so-do.svg"), "posts/2024/so-do.svg": f'<svg onload="{SCRIPT}"/>'},
        1,
        refused_link("so-do.svg", "tệp SVG có thể chứa mã chạy trong trình duyệt"),
        build=True,
    ),
    FileCase(
        "svg-with-script-unlinked-absent",
        {A: post("title: Tin", DATE), "posts/2024/so-do.svg": f"<svg><script>{SCRIPT}</script>"},
        0,
        "Đã đăng 1,",
        absent=("tin-tuc/tep/2024/so-do.svg",),
    ),
    FileCase(
        "html-attachment-linked",
        {A: linking("trang.html"), "posts/2024/trang.html": f"<script>{SCRIPT}</script>"},
        1,
        refused_link("trang.html", "loại tệp không được đăng (đuôi .html); chỉ đăng được: PDF"),
    ),
    FileCase(
        "html-attachment-unlinked-absent",
        {A: post("title: Tin", DATE), "posts/2024/trang.htm": f"<script>{SCRIPT}</script>"},
        0,
        "Đã đăng 1,",
        absent=("tin-tuc/tep/2024/trang.htm",),
    ),
    FileCase(
        "html-renamed-pdf",
        {A: linking("ke-hoach.pdf"), "posts/2024/ke-hoach.pdf": f"<html><script>{SCRIPT}"},
        1,
        refused_link("ke-hoach.pdf", "nội dung tệp không phải PDF như đuôi .pdf ghi"),
        build=True,
    ),
    FileCase(
        "zip-renamed-docx",
        {A: linking("bao-cao.docx"), "posts/2024/bao-cao.docx": b"PK\x03\x04" + bytes(40)},
        1,
        refused_link("bao-cao.docx", "nội dung tệp không phải DOCX như đuôi .docx ghi"),
    ),
    FileCase(
        "javascript-file-linked",
        {A: linking("app.js"), "posts/2024/app.js": SCRIPT},
        1,
        refused_link("app.js", "loại tệp không được đăng (đuôi .js)"),
    ),
    FileCase(
        "symlink-to-git-config",
        {A: linking("cau-hinh.pdf")},
        1,
        f"posts/2024/cau-hinh.pdf: {SYMLINK}",
        links={"posts/2024/cau-hinh.pdf": ".git/config"},
        build=True,
    ),
    FileCase(
        "symlink-to-dotenv-unlinked",
        {A: post("title: Tin", DATE)},
        1,
        f"posts/2024/env.txt: {SYMLINK}",
        links={"posts/2024/env.txt": ".env"},
        build=True,
    ),
    FileCase(
        "symlink-to-mkdocs-yml",
        {A: post("title: Tin", DATE)},
        1,
        f"posts/2024/mkdocs.pdf: {SYMLINK}",
        links={"posts/2024/mkdocs.pdf": "mkdocs.yml"},
    ),
    FileCase(
        "symlink-to-a-real-pdf-of-the-posts",
        {A: linking("ban-sao.pdf"), "posts/2024/that.pdf": PDF},
        1,
        f"posts/2024/ban-sao.pdf: {SYMLINK}",
        links={"posts/2024/ban-sao.pdf": "posts/2024/that.pdf"},
    ),
    FileCase(
        "symlinked-image",
        {A: post("title: Tin", DATE, body="![Ảnh](anh.jpg)\n")},
        1,
        f"posts/2024/anh.jpg: {SYMLINK}",
        links={"posts/2024/anh.jpg": ".env"},
    ),
    FileCase(
        "symlinked-post-inside-the-project",
        {A: post("title: Tin", DATE)},
        1,
        "posts/2024/b.md: lỗi: bài là liên kết tượng trưng (symlink)",
        links={"posts/2024/b.md": "posts/2024/a.md"},
    ),
    FileCase(
        "symlinked-folder-inside-the-project",
        {A: post("title: Tin", DATE)},
        1,
        "posts/2025: lỗi: thư mục là liên kết tượng trưng (symlink)",
        links={"posts/2025": "posts/2024"},
        build=True,
    ),
    FileCase(
        "link-to-dotenv-outside-posts",
        {A: linking("../../.env")},
        1,
        f"{A}, dòng 7: lỗi: liên kết '../../.env' không trỏ tới bài đã đăng hay tệp nào",
    ),
    FileCase(
        "post-saved-as-md-txt",
        {A: post("title: Tin", DATE), "posts/2024/b.md.txt": post("title: Tin B", DATE)},
        1,
        f"posts/2024/b.md.txt: {RENAME} 'b.md.txt' không kết thúc bằng .md nên không được đọc; "
        "hãy đổi tên tệp thành 'b.md'",
        build=True,
    ),
    FileCase(
        "post-saved-as-markdown-txt",
        {A: post("title: Tin", DATE), "posts/2024/b.markdown.txt": post("title: Tin B", DATE)},
        1,
        f"posts/2024/b.markdown.txt: {RENAME}",
    ),
    FileCase(
        "post-with-upper-case-extension",
        {A: post("title: Tin", DATE), "posts/2024/b.MD": post("title: Tin B", DATE)},
        1,
        f"posts/2024/b.MD: {RENAME} 'b.MD'",
    ),
    FileCase(
        "post-with-trailing-space-and-dot",
        {A: post("title: Tin", DATE), "posts/2024/b.md .": post("title: Tin B", DATE)},
        1,
        f"posts/2024/b.md .: {RENAME} 'b.md .'",
    ),
]


def make_files_project(tmp_path: Path, case: FileCase) -> Path:
    root = make_project(tmp_path, Case(case.id, case.files, case.exit, case.message))
    (root / ".git").mkdir()
    (root / ".git/config").write_text(f"[http]\n\textraheader = AUTHORIZATION: {SECRET}\n")
    (root / ".env").write_text(f"TOKEN={SECRET}\n")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"# {SECRET}\n")
    for link, target in case.links.items():
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(root / target, target_is_directory=(root / target).is_dir())
    return root


def site_bytes(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_only_linked_allowed_files_are_published(case: FileCase, tmp_path: Path):
    root = make_files_project(tmp_path, case)
    checked = run_check(root)
    assert "Traceback" not in checked.stdout + checked.stderr
    assert (checked.returncode, case.message in checked.stdout) == (case.exit, True), checked.stdout
    if case.exit != 0 and not case.build:
        return
    site = tmp_path / "site"
    built = mkdocs_build(root, site, now=NOW)
    output = built.stdout + built.stderr
    assert "Traceback" not in output
    if case.exit != 0:
        assert built.returncode != 0, output
        assert case.message in built.stderr
        assert not site.exists(), "a failed build publishes nothing"
        return
    assert built.returncode == 0, output
    for url, source in case.present.items():
        assert (site / url).read_bytes() == (root / source).read_bytes(), url
    for url in case.absent:
        assert not (site / url).exists(), url
    everything = site_bytes(site)
    assert SECRET.encode() not in everything
    assert SCRIPT.encode() not in everything


def test_an_attachment_appears_with_its_scheduled_post(tmp_path: Path):
    case = next(case for case in CASES if case.id == "attachment-of-a-scheduled-post-absent")
    root = make_files_project(tmp_path, case)
    before = mkdocs_build(root, tmp_path / "truoc", now=NOW)
    after = mkdocs_build(root, tmp_path / "sau", now="2024-04-02 07:00")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    assert not (tmp_path / "truoc/tin-tuc/tep/2024/quyet-dinh.pdf").exists()
    assert (tmp_path / "sau/tin-tuc/tep/2024/quyet-dinh.pdf").read_bytes() == PDF


def _point_first_output_at(name: str):
    def tamper(cache: Path) -> None:
        manifest = next(cache.glob("*.json"))
        meta = json.loads(manifest.read_text("utf-8"))
        meta["outputs"][0]["name"] = name
        meta["outputs"][0]["size"] = len((cache / name).read_bytes())
        manifest.write_text(json.dumps(meta), "utf-8")

    return tamper


def _link_every_output_to_a_secret(cache: Path) -> None:
    """Each encoded file replaced by a link to a secret of the same size: only the link shows."""
    for output in [p for p in cache.iterdir() if p.suffix != ".json"]:
        size = output.stat().st_size
        secret = cache.parent / f"bi-mat-{output.name}"
        secret.write_bytes((SECRET.encode() * (size // len(SECRET) + 1))[:size])
        output.unlink()
        output.symlink_to(secret)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(_point_first_output_at("/etc/passwd"), id="manifest-names-etc-passwd"),
        pytest.param(_point_first_output_at("../../../mkdocs.yml"), id="manifest-names-mkdocs-yml"),
        pytest.param(_link_every_output_to_a_secret, id="symlinked-cache-files"),
        pytest.param(lambda cache: next(cache.glob("*.json")).write_text("{"), id="broken-json"),
    ],
)
def test_a_tampered_image_cache_is_rebuilt_never_published(tmp_path: Path, tamper):
    from PIL import Image

    case = FileCase("cache", {A: post("title: Tin", DATE, body="![Họp tổ](hop.png)\n")}, 0, "")
    root = make_files_project(tmp_path, case)
    Image.new("RGB", (800, 500), (200, 30, 30)).save(root / "posts/2024/hop.png")
    first = mkdocs_build(root, tmp_path / "truoc", now=NOW)
    assert first.returncode == 0, first.stderr
    # Compiled templates are never kept in .cache/: read back, they would run as code.
    assert [p for p in (root / ".cache").rglob("*") if "templates" in p.parts] == []
    cache = root / ".cache/wardnews/images"
    tamper(cache)
    site = tmp_path / "site"
    built = mkdocs_build(root, site, now=NOW)
    assert built.returncode == 0, built.stderr
    everything = site_bytes(site)
    assert SECRET.encode() not in everything
    assert Path("/etc/passwd").read_bytes() not in everything
    images = sorted((site / "tin-tuc/anh").iterdir())
    assert [p.name for p in images] == sorted(
        p.name for p in (tmp_path / "truoc/tin-tuc/anh").iterdir()
    )
    for image in images:
        assert image.read_bytes() == (tmp_path / "truoc/tin-tuc/anh" / image.name).read_bytes()
        with Image.open(image) as opened:
            opened.verify()
