"""Post discovery: which files are posts, and the files that look like posts but are refused."""

from __future__ import annotations

import os

import pytest

from wardnews.content.discovery import find_post_files, looks_like_post, misnamed_post


@pytest.mark.parametrize(
    ("name", "better"),
    [
        ("a.md.txt", "a.md"),
        ("a.markdown.txt", "a.markdown"),
        ("Bài mới.MD", "Bài mới.md"),
        ("a.Md", "a.md"),
        ("a.MARKDOWN", "a.markdown"),
        ("a.md ", "a.md"),
        ("a.md.", "a.md"),
        ("a.md. . ", "a.md"),
        ("a.MD.TXT", "a.md"),
        ("a.md.text", "a.md"),
        ("a.md", None),
        ("a.markdown", None),
        ("ghi-chu.txt", None),
        ("ke-hoach.pdf", None),
        ("md.txt", None),
        (".md.txt", None),
        ("a.md.bak", None),
    ],
)
def test_names_that_look_like_posts(name, better):
    assert misnamed_post(name) == better
    assert looks_like_post(name) is (better is not None or name.endswith((".md", ".markdown")))


def test_a_misnamed_post_is_an_error_telling_how_to_rename_it(write_post, config):
    write_post("2024/a.md.txt", "---\ntitle: x\n---\n")
    write_post("2024/b.MD", "x")
    write_post("2024/c.md ", "x")
    files, problems = find_post_files(config)
    assert files == []
    assert [p.format() for p in problems] == [
        "posts/2024/a.md.txt: lỗi: tệp có vẻ là một bài nhưng tên 'a.md.txt' không kết thúc "
        "bằng .md nên không được đọc; hãy đổi tên tệp thành 'a.md'",
        "posts/2024/b.MD: lỗi: tệp có vẻ là một bài nhưng tên 'b.MD' không kết thúc "
        "bằng .md nên không được đọc; hãy đổi tên tệp thành 'b.md'",
        "posts/2024/c.md : lỗi: tệp có vẻ là một bài nhưng tên 'c.md ' không kết thúc "
        "bằng .md nên không được đọc; hãy đổi tên tệp thành 'c.md'",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
@pytest.mark.parametrize("target", ["posts/2024/that.md", "mkdocs.yml", ".git/config"])
def test_a_symlinked_post_is_refused_wherever_it_points(write_post, config, project_root, target):
    (project_root / ".git").mkdir(exist_ok=True)
    (project_root / ".git/config").write_text("[core]\n")
    (project_root / "mkdocs.yml").write_text("site_name: x\n")
    that = write_post("2024/that.md", "x")
    (that.parent / "lien-ket.md").symlink_to(project_root / target)
    files, problems = find_post_files(config)
    assert files == [that]
    assert [p.format() for p in problems] == [
        "posts/2024/lien-ket.md: lỗi: bài là liên kết tượng trưng (symlink); wardnews không đọc "
        "liên kết tượng trưng, dù nó trỏ tới đâu. Hãy chép nội dung bài vào đây"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlinked_folder_inside_the_project_is_refused(write_post, config, project_root):
    write_post("2024/that.md", "x")
    (project_root / "posts/2025").symlink_to(project_root / "posts/2024", target_is_directory=True)
    files, problems = find_post_files(config)
    assert [f.name for f in files] == ["that.md"]
    assert [p.format() for p in problems] == [
        "posts/2025: lỗi: thư mục là liên kết tượng trưng (symlink); wardnews không đọc và không "
        "đăng liên kết tượng trưng, dù nó trỏ tới đâu. Hãy chép các bài và tệp vào một thư mục "
        "thật trong dự án"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_refused_instead_of_hanging_the_reader(write_post, config, project_root):
    write_post("2024/that.md", "x")
    os.mkfifo(project_root / "posts/2024/ong.md")
    files, problems = find_post_files(config)
    assert [f.name for f in files] == ["that.md"]
    assert [p.format() for p in problems] == ["posts/2024/ong.md: lỗi: không phải một tệp thường"]


def test_posts_come_in_a_stable_order_folder_by_folder(write_post, config, project_root):
    # A folder's files in name order, then its folders in name order, each walked in turn;
    # hidden folders and files are not read.
    for path in ["b.md", "a.md", "2024/z.md", "2024/11/c.md", "2023/y.md", ".git/x.md",
                 "2024/.nhap.md", "2024/a.md", "Đ/d.md"]:  # fmt: skip
        write_post(path, "x")
    files, problems = find_post_files(config)
    assert [f.relative_to(project_root / "posts").as_posix() for f in files] == [
        "a.md", "b.md", "2023/y.md", "2024/a.md", "2024/z.md", "2024/11/c.md", "Đ/d.md"
    ]  # fmt: skip
    assert problems == []
