"""The web editor's configuration is generated from the project and mirrors the post reader."""

from __future__ import annotations

import json
import re

import pytest
from support import MINIMAL_SECTION

from wardnews.admin.config import POST_WIDGETS, editor_config
from wardnews.content.reader import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, POST_FIELDS


def fields_of(values):
    return {field["name"]: field for field in values["collections"][0]["fields"]}


def test_every_key_of_the_post_format_has_a_form_field_in_its_order():
    # A new post key (the radio issue's audio:) fails here until POST_WIDGETS gives its field.
    assert tuple(POST_WIDGETS) == POST_FIELDS.names


def test_criteria_are_the_catalogs_codes_as_strings_with_their_names(make_config, catalog):
    values = json.loads(json.dumps(editor_config(make_config(), catalog)))
    criteria = fields_of(values)["criteria"]
    assert criteria["widget"] == "select" and criteria["multiple"] is True
    options = {option["value"]: option["label"] for option in criteria["options"]}
    assert list(options) == list(catalog.codes)
    assert "1.10" in options and all(isinstance(code, str) for code in options)
    assert options["1.10"].startswith("1.10 – ") and catalog.get("1.10").name in options["1.10"]


def test_title_and_summary_patterns_refuse_what_check_refuses(make_config, catalog):
    fields = fields_of(editor_config(make_config(), catalog))
    title = re.compile(fields["title"]["pattern"][0])
    assert title.match("T" * MAX_TITLE_CHARS) and not title.match("T" * (MAX_TITLE_CHARS + 1))
    assert not title.match("   ")
    summary = re.compile(fields["summary"]["pattern"][0])
    assert summary.match("x" * MAX_SUMMARY_CHARS)
    assert not summary.match("x" * (MAX_SUMMARY_CHARS + 1))
    assert fields["duration"]["min"] == 1 and fields["duration"]["max"] == 180
    assert fields["airings"]["field"]["format"] == fields["date"]["format"] == "YYYY-MM-DD HH:mm"


def test_posts_by_year_ascii_slugs_media_next_to_the_post_vietnamese(make_config, catalog):
    values = editor_config(make_config(), catalog)
    posts = values["collections"][0]
    assert posts["folder"] == "posts"
    assert posts["path"].startswith("{{year}}/")
    assert (posts["media_folder"], posts["public_folder"]) == ("anh", "anh")
    assert values["slug"]["encoding"] == "ascii" and values["slug"]["clean_accents"] is True
    assert values["locale"] == "vi"
    assert values["publish_mode"] == "editorial_workflow"


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        (
            {"backend": "gitlab", "repo": "ward/cds", "app_id": "a1", "base_url": "https://g.vn"},
            {"name": "gitlab", "repo": "ward/cds", "branch": "main", "auth_type": "pkce",
             "base_url": "https://g.vn", "app_id": "a1"},
        ),
        (
            {"backend": "forgejo", "repo": "ward/cds", "app_id": "a1", "base_url": "https://f.vn"},
            {"name": "gitea", "repo": "ward/cds", "branch": "main", "base_url": "https://f.vn",
             "app_id": "a1", "api_root": "https://f.vn/api/v1"},
        ),
        (
            {"backend": "github", "repo": "ward/cds", "branch": "xuat-ban"},
            {"name": "github", "repo": "ward/cds", "branch": "xuat-ban"},
        ),
    ],
)  # fmt: skip
def test_backend_from_the_editor_settings(make_config, catalog, editor, expected):
    assert editor_config(make_config(editor=editor), catalog)["backend"] == expected


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ({"backend": "bitbucket"}, "extra.wardnews.editor.backend"),
        ({"backend": "gitlab", "repo": "cds", "app_id": "a"}, "cần tên kho dạng nhóm/tên-kho"),
        ({"backend": "gitea", "repo": "a/b"}, "backend: gitea cần app_id"),
        ({"backend": "github", "repo": "a/b", "ban": 1}, "khóa không được hỗ trợ"),
        ({"base_url": "git.vn"}, "cần địa chỉ bắt đầu bằng https://"),
    ],
)
def test_wrong_editor_settings_are_refused_in_vietnamese(tmp_path, editor, message):
    from wardnews.content.config import parse_unit_config

    (tmp_path / "posts").mkdir()
    config, problems = parse_unit_config({**MINIMAL_SECTION, "editor": editor}, tmp_path)
    assert config is None
    assert any(message in problem.format() for problem in problems), problems
