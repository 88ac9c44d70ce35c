"""load_project: what a build's reading stage gives, and what it takes from a read-ahead."""

from __future__ import annotations

from dataclasses import replace

import wardnews.content.project as project_module
from wardnews.content.posts import find_post_files, read_post
from wardnews.content.project import load_project
from wardnews.problems import Problem, Severity


def test_the_reading_stage_takes_a_read_ahead_as_it_is(
    write_post, post_text, make_config, catalog, monkeypatch
):
    write_post("a.md", post_text("title: Tập huấn chữ ký số", "date: 2024-03-12"))
    config = make_config()
    # What the read-ahead loaded, found, read and matched (here: recognisable values).
    ahead_catalog = replace(catalog, name="Bộ tiêu chí của lần đọc trước")
    note = Problem("mkdocs.yml", None, "criteria_catalog", "ghi chú", Severity.NOTE)
    found = find_post_files(config)
    read = [read_post(file, config, ahead_catalog) for file in found[0]]
    matched = {"posts/a.md": ("2.1",)}

    def loaded_again(*args, **kwargs):
        raise AssertionError("the catalog was loaded again")

    monkeypatch.setattr(project_module, "load_catalog_for", loaded_again)
    project = load_project(
        config, loaded=(ahead_catalog, [note]), found=found, read=read, matched=matched
    )
    assert project.catalog is ahead_catalog
    assert note in project.problems  # reported once, by the reading stage
    [post] = project.posts
    assert post.title == read[0][0].title and post.auto_criteria == ("2.1",)
