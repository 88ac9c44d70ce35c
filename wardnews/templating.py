"""HTML and XML of the core come from Jinja2 templates, never from Python strings.

The templates ship in ``wardnews/templates``; a unit replaces any of them by putting a file of the
same name in the folder named by ``extra.wardnews.templates_dir`` (as Material's ``custom_dir``).
Every template is autoescaped, whatever its name: a value from a post is text unless a template
marks it ``|safe`` (only HTML the core produced itself, such as a rendered and sanitised body).
"""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup


def _escape_text(value: Any) -> Any:
    """Text escaped as the pages always were (``&quot;``, ``&#x27;``), so output stays the same
    bytes; markup (``|safe``, Markup) and numbers pass on to autoescape untouched."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(html.escape(value, quote=True))
    return value


class Templates:
    """One Jinja2 environment with its compiled templates; owned by the build session."""

    def __init__(self, override_dir: Path | None = None):
        loaders: list[jinja2.BaseLoader] = []
        if override_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(override_dir)))
        shipped = resources.files("wardnews").joinpath("templates")
        loaders.append(jinja2.FileSystemLoader(str(shipped)))
        self.environment = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            finalize=_escape_text,
        )

    def render(self, name: str, /, **values: Any) -> str:
        """The template ``name`` filled with ``values``."""
        return self.environment.get_template(name).render(**values)

    def source(self, name: str) -> str:
        """A shipped or overridden file as it is (stylesheets, scripts): no template syntax."""
        loader = self.environment.loader
        assert loader is not None
        text, _filename, _uptodate = loader.get_source(self.environment, name)
        return text
