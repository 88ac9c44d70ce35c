"""HTML and XML of the core come from autoescaped templates, never from Python strings.

A grep over the syntax tree of every module of the package: no f-string, ``+``, ``%`` or
``.format`` builds text that contains a tag. (Plain constants such as a marker searched for in a
page the engine rendered are not assembling markup and are allowed.)
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import jinja2

from wardnews import templating
from wardnews.templating import BYTECODE_VARIABLE, TemplateBytecode, Templates, bytecode_dir

PACKAGE = Path(__file__).resolve().parent.parent / "wardnews"
# A tag opens with "<" and a letter, "/" or "!"; "(?P<name>" and "(?<!" of regular expressions
# do not count.
TAG = re.compile(r"(?<![?P])<[a-zA-Z/!]")


def _has_tag(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(
        TAG.search(node.value)
    )


def html_assembled(source: str) -> list[int]:
    """Lines where Python code builds a string containing a tag."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and any(_has_tag(part) for part in node.values):
            lines.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            if _has_tag(node.left) or _has_tag(node.right):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"format", "join"}
            and _has_tag(node.func.value)
        ):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_check_finds_markup_built_in_python():
    assert html_assembled('x = f"<a href={u}>"') == [1]
    assert html_assembled('x = "<p>" + text') == [1]
    assert html_assembled('x = "<li>%s</li>" % text') == [1]
    assert html_assembled('x = "<b>{}</b>".format(text)') == [1]
    assert html_assembled('x = "a" + b\ny = f"{a} < {b}"') == []


def test_no_module_of_the_core_builds_html_in_python():
    found = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := html_assembled(path.read_text("utf-8")))
    }
    assert found == {}, f"HTML built in Python (file: lines): {found}"


def test_every_template_is_autoescaped():
    templates = Templates()
    names = templates.environment.list_templates(
        filter_func=lambda name: name.endswith((".html", ".xml", ".svg", ".j2"))
    )
    assert names
    for name in names:
        rendered = templates.environment.from_string(
            "{% autoescape true %}{{ v }}{% endautoescape %}"
        ).render(v="<x>")
        assert rendered == "&lt;x&gt;"
        template = templates.environment.get_template(name)
        assert template.environment.autoescape is True or (
            callable(template.environment.autoescape) and template.environment.autoescape(name)
        ), name
    assert isinstance(templates.environment.undefined, type) and issubclass(
        templates.environment.undefined, jinja2.StrictUndefined
    )


def _environment(directory, source):
    return jinja2.Environment(
        loader=jinja2.DictLoader({"t.html": source}),
        bytecode_cache=TemplateBytecode(directory),
    )


def test_compiled_templates_serve_the_next_process_and_a_changed_source_compiles_again(
    tmp_path, monkeypatch
):
    assert _environment(tmp_path, "Xin chào {{ name }}").get_template("t.html").render(name="A")
    assert list(tmp_path.iterdir()), "the compiled template is kept on disk"
    compiled = []
    original = jinja2.Environment._compile
    monkeypatch.setattr(
        jinja2.Environment, "_compile", lambda *a, **k: compiled.append(1) or original(*a, **k)
    )
    again = _environment(tmp_path, "Xin chào {{ name }}").get_template("t.html")
    assert again.render(name="Bình") == "Xin chào Bình" and compiled == []
    changed = _environment(tmp_path, "Chào {{ name }}").get_template("t.html")
    assert changed.render(name="Bình") == "Chào Bình" and compiled == [1]


def test_a_damaged_compiled_template_is_compiled_again(tmp_path):
    _environment(tmp_path, "{{ 1 + 1 }}").get_template("t.html")
    for kept in tmp_path.iterdir():
        kept.write_bytes(kept.read_bytes()[:40])  # cut short, as by a full disk
    assert _environment(tmp_path, "{{ 1 + 1 }}").get_template("t.html").render() == "2"
    for kept in tmp_path.iterdir():
        kept.write_bytes(b"\x00" * 200)
    assert _environment(tmp_path, "{{ 1 + 1 }}").get_template("t.html").render() == "2"


def test_templates_are_kept_only_inside_a_virtual_environment(monkeypatch):
    monkeypatch.setenv(BYTECODE_VARIABLE, "off")
    assert bytecode_dir() is None
    monkeypatch.delenv(BYTECODE_VARIABLE)
    monkeypatch.setattr(sys, "base_prefix", sys.prefix)
    assert bytecode_dir() is None


def test_the_kept_templates_start_again_past_their_bound(tmp_path, monkeypatch):
    monkeypatch.delenv(BYTECODE_VARIABLE, raising=False)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setattr(templating, "MAX_KEPT_TEMPLATES", 3)
    directory = bytecode_dir()
    assert directory is not None and directory.is_relative_to(tmp_path / "venv")
    for name in range(3):
        (directory / f"__jinja2_{name}.cache").write_bytes(b"x")
    assert bytecode_dir() == directory and len(list(directory.iterdir())) == 3
    (directory / "__jinja2_3.cache").write_bytes(b"x")
    assert bytecode_dir() == directory and list(directory.iterdir()) == []


def test_printed_values_are_escaped_as_the_package_escapes_text():
    import html
    import random

    import markupsafe

    from wardnews.templating import _escape

    chooser = random.Random(14)
    texts = ["", "Tin phường", "a & b", "<b>", "\"'", "Điện thoại 'mới' & <rẻ>"]
    texts += ["".join(chooser.choices("ab&<>\"' ệ", k=chooser.randint(0, 12))) for _ in range(2000)]
    for text in texts:
        # What a template prints: Jinja2 gives the result to markupsafe's escape.
        printed = markupsafe.escape(_escape(text))
        assert printed == html.escape(text, quote=True) and type(printed) is markupsafe.Markup
    assert _escape(12) == "12" and _escape(None) == "None"
    markup = markupsafe.Markup("<b>x</b>")
    assert _escape(markup) is markup
    templates = Templates()
    rendered = templates.environment.from_string("{{ a }}|{{ b }}").render(a="x'y", b=markup)
    assert rendered == "x&#x27;y|<b>x</b>"


def test_a_visible_files_loader_lists_no_hidden_file_and_still_loads_any(tmp_path):
    import jinja2

    from wardnews.templating import VisibleFilesLoader

    for name in ("a.css", "sub/b.js", ".hidden/x.svg", "sub/.x", "sub/.dir/c.txt", ".top"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    plain = jinja2.FileSystemLoader(str(tmp_path)).list_templates()
    visible = VisibleFilesLoader(str(tmp_path)).list_templates()
    assert visible == ["a.css", "sub/b.js"]
    assert visible == [
        name for name in plain if not any(p.startswith(".") for p in name.split("/"))
    ]
    environment = jinja2.Environment(loader=VisibleFilesLoader(str(tmp_path)))
    assert environment.get_template(".hidden/x.svg").render() == ".hidden/x.svg"


def test_imported_macros_and_the_environment_s_names_reach_every_template(tmp_path):
    """A template's globals are one dict of the environment's (an import of macros compares
    them at every render: a ChainMap's keys are the slow way); macros imported with ``from``,
    Jinja's own names (``range``, ``namespace``) and an overriding unit's templates all work."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mine.html").write_text(
        '{% from "site/macros.html" import pager %}{% set n = namespace(total=0) %}'
        "{% for i in range(3) %}{% set n.total = n.total + i %}{% endfor %}"
        "{{ n.total }}|{{ pager(None) }}|{{ pager(p) }}",
        encoding="utf-8",
    )
    templates = Templates(tmp_path)
    template = templates.template("site/mine.html")
    assert type(template.globals) is dict and "range" in template.globals
    from wardnews.site.render import Pager

    first = templates.render("site/mine.html", p=Pager(2, 3, "../", "../3/"))
    assert first.startswith("3|") and 'rel="next" href="../3/"' in first
    assert templates.render("site/mine.html", p=Pager(2, 3, "../", "../3/")) == first
