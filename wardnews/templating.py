"""HTML and XML of the core come from Jinja2 templates, never from Python strings.

The templates ship in ``wardnews/templates``; a unit replaces any of them by putting a file of the
same name in the folder named by ``extra.wardnews.templates_dir`` (as Material's ``custom_dir``).
Every template is autoescaped, whatever its name: a value from a post is text unless a template
marks it ``|safe`` (only HTML the core produced itself, such as a rendered and sanitised body).
"""

from __future__ import annotations

import functools
import html
import itertools
import os
import sys
from collections.abc import Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache


class Templates:
    """One Jinja2 environment with its compiled templates; owned by the build session."""

    def __init__(self, override_dir: Path | None = None, *, watch: bool = False):
        self.override_dir = override_dir
        loaders: list[jinja2.BaseLoader] = []
        if override_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(override_dir)))
        shipped = resources.files("wardnews").joinpath("templates")
        loaders.append(jinja2.FileSystemLoader(str(shipped)))
        self.environment = _Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Under `mkdocs serve` a unit's edited template shows at the next rebuild.
            auto_reload=watch,
            finalize=_escape,
            bytecode_cache=TemplateBytecode(bytecode_dir()),
        )

    def render(self, name: str, /, **values: Any) -> str:
        """The template ``name`` filled with ``values``."""
        return self.environment.get_template(name).render(**values)

    def template(self, name: str) -> jinja2.Template:
        """The compiled template ``name``: a new object when its source changed (under
        ``mkdocs serve``), so it may stand in a cache key for what it renders."""
        return self.environment.get_template(name)

    def source(self, name: str) -> str:
        """A shipped or overridden file as it is (stylesheets, scripts): no template syntax."""
        loader = self.environment.loader
        assert loader is not None
        text, _filename, _uptodate = loader.get_source(self.environment, name)
        return text


class _Environment(jinja2.Environment):
    """Jinja2's environment, each template's globals held in one dict.

    Jinja2 chains a template's globals to the environment's (a ChainMap), and every
    ``{% from ... import ... %}`` compares the importing page's globals with the imported
    template's: a set less a ChainMap's keys goes through the generic, per-key way (8 µs
    against 0.5 µs for a dict's keys; three such imports in a post page, one in a list item).
    Nothing here changes the environment's globals once templates are loaded (Jinja2 advises
    against it), so a copy sees the same names.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def _escape(value: Any) -> Any:
    """Jinja2's ``finalize``: what its escape then prints is text escaped as the rest of the
    package escapes it (``&quot;``, ``&#x27;``), so pages keep their bytes; markup (``|safe``,
    macros) passes through."""
    # Called for every value a template prints (about 40 per post page), whose result Jinja2
    # then gives to markupsafe's escape: plain text, the most common, takes the short ways. Text
    # with none of the five characters goes back as it is (escape makes it markup unchanged, as
    # it would a Markup, with fewer calls); other text is escaped here (str.__new__ is what
    # Markup() calls for a str).
    if value.__class__ is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return str.__new__(markupsafe.Markup, html.escape(value, quote=True))
        return value
    if hasattr(value, "__html__"):
        return value
    return markupsafe.Markup(html.escape(str(value), quote=True))


class TemplateBytecode(BytecodeCache):
    """Compiled templates, kept in memory for a session (a serve rebuild does not compile them
    again) and, given a ``directory``, on disk for the next process (a one-off build compiles
    nothing that an earlier build compiled: the engine's pages and ours, in every worker).

    The directory is :func:`bytecode_dir`, inside the environment wardnews runs from, never the
    project's ``.cache/``: bytecode read back is code, and anyone able to write a CI cache could
    make the build run it; the environment is as trusted as the code it already runs. Jinja
    recompiles a template whose source changed (it checks the source's checksum); a damaged file
    is compiled again too.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._compiled: dict[str, bytes] = {}
        self._disk = FileSystemBytecodeCache(str(directory)) if directory is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)
        elif self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except Exception:  # a truncated or foreign file: compile again, as without it
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)  # written aside, then renamed into place
            except OSError:
                pass  # a read-only environment: memory only


def bytecode_dir() -> Path | None:
    """Where compiled templates are kept between processes: in the virtual environment wardnews
    runs from, as Python keeps compiled modules next to their sources (see
    :class:`TemplateBytecode`). None outside a virtual environment (no writing into the system's
    folders), when ``WARDNEWS_TEMPLATE_CACHE=off``, or when the folder cannot be made."""
    if sys.prefix == sys.base_prefix or os.environ.get(BYTECODE_VARIABLE, "") == "off":
        return None
    directory = Path(sys.prefix) / "var" / "cache" / "wardnews" / "templates"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # Kept by template path: projects built from many folders (tests' temporary ones) would
        # pile up files; past a bound the folder starts again, and templates compile once more.
        with os.scandir(directory) as entries:
            kept = sum(1 for _ in itertools.islice(entries, MAX_KEPT_TEMPLATES + 1))
        if kept > MAX_KEPT_TEMPLATES:
            FileSystemBytecodeCache(str(directory)).clear()
    except OSError:
        return None
    return directory if os.access(directory, os.W_OK) else None


BYTECODE_VARIABLE = "WARDNEWS_TEMPLATE_CACHE"
MAX_KEPT_TEMPLATES = 2000


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """A file-system loader that lists only visible files: no part of their path starts with a
    dot. It loads any file as :class:`jinja2.FileSystemLoader` does.

    An engine lists its theme's files to find the static ones, and drops the hidden ones (MkDocs
    filters out ``.*`` and ``*/.*``); Material keeps its 14,511 icons in a hidden folder, which
    the plain loader walks and the filter reads through on every build (55 ms). Not walked,
    they are not listed, and the static files found are the same."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, folders, files in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
                found.update(prefix + name for name in files if not name.startswith("."))
        return sorted(found)


def listing_visible_files(
    make: Callable[[], jinja2.Environment],
) -> Callable[[], jinja2.Environment]:
    """``make`` (an engine's maker of its theme's environment), whose environments list only
    visible files (:class:`VisibleFilesLoader`) when their loader is a plain file-system one;
    any other loader is left as it is."""

    @functools.wraps(make)
    def visible() -> jinja2.Environment:
        environment = make()
        loader = environment.loader
        if type(loader) is jinja2.FileSystemLoader:
            environment.loader = VisibleFilesLoader(
                loader.searchpath, loader.encoding, loader.followlinks
            )
        return environment

    return visible
