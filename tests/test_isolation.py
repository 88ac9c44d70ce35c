"""The core never imports MkDocs; the hooks stay a thin door."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import wardnews

REPO = Path(__file__).resolve().parent.parent


def test_wardnews_imports_no_mkdocs_module():
    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(wardnews.__path__, "wardnews.")
        if m.name != "wardnews.__main__"  # importing it runs the CLI
    )
    assert "wardnews.content.posts" in modules and "wardnews.site.plan" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_hooks_are_thin_event_functions():
    for hook in (REPO / "hooks").glob("*.py"):
        tree = ast.parse(hook.read_text("utf-8"))
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        assert functions, hook
        assert all(f.name.startswith("on_") for f in functions), hook
        assert not [node for node in tree.body if isinstance(node, ast.ClassDef)], hook
        assert len(hook.read_text("utf-8").splitlines()) < 120, hook
