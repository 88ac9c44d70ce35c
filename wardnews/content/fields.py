"""One validation style for every mapping an editor writes: declared fields, checked the same way.

A :class:`FieldSpec` lists a mapping's fields (name, expected kind, Vietnamese description,
required or default, extra checks). Validating a mapping reports every problem at once, each
naming the file, the line, the key, what was expected and what was found, in the shape
"cần <kind> (<description>), nhưng gặp <found>"; an unknown key gets a close-match suggestion.

Lines come from :class:`NodeLines`, a view of the YAML node tree the values were read from: the
CLI composes mkdocs.yml itself, the MkDocs door re-reads the file MkDocs loaded. Without a node
tree (a dict built in a test) problems simply carry no line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from wardnews.problems import Problem, Severity, shorten

# A check returns the message for a value it refuses, None for a value it accepts.
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Kind:
    """A kind of value: its Vietnamese name for messages and the test a value must pass."""

    name: str
    accepts: Callable[[Any], bool]


TEXT = Kind("một chuỗi chữ", lambda value: isinstance(value, str))
# bool is an int in Python; 'page_size: true' is still a mistake.
INTEGER = Kind("một số nguyên", lambda value: type(value) is int)
BOOLEAN = Kind("true hoặc false", lambda value: isinstance(value, bool))
MAPPING = Kind("một bảng khóa: giá trị", lambda value: isinstance(value, dict))
LIST = Kind("một danh sách", lambda value: isinstance(value, list))
# The field's own reader checks the value (a post's keys are read from their nodes).
ANY = Kind("một giá trị", lambda value: True)


@dataclass(frozen=True)
class Field:
    """One key of a mapping. A required field has no default."""

    name: str
    kind: Kind = ANY
    description: str = ""
    required: bool = False
    default: Any = None
    checks: tuple[Check, ...] = ()


def in_range(low: int, high: int | None = None) -> Check:
    """A number from ``low`` to ``high`` (no upper bound when ``high`` is None)."""

    def check(value: Any) -> str | None:
        if high is None:
            return None if value >= low else f"cần số từ {low} trở lên, nhưng gặp {value}"
        return None if low <= value <= high else f"cần số từ {low} đến {high}, nhưng gặp {value}"

    return check


def one_of(choices: Sequence[str]) -> Check:
    """One of the listed texts (as written, case included)."""

    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"cần một trong: {', '.join(choices)}; nhưng gặp {shorten(value)}"

    return check


class NodeLines:
    """Lines of a YAML node tree, looked up by key or index; every lookup of a missing node
    (or of a tree never read) answers None, so callers need no checks."""

    def __init__(self, node: yaml.Node | None = None, offset: int = 0):
        self.node = node
        # Lines of the file above the parsed text (a post's opening '---').
        self.offset = offset
        self._keys: dict[str, tuple[yaml.Node, yaml.Node]] | None = None

    def line_of(self, node: yaml.Node) -> int:
        """1-based line of any node of this tree, in the file."""
        return node.start_mark.line + 1 + self.offset

    @property
    def line(self) -> int | None:
        """1-based line where this node starts."""
        return self.line_of(self.node) if self.node is not None else None

    def _entries(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if self._keys is None:
            self._keys = {}
            if isinstance(self.node, yaml.MappingNode):
                for key_node, value_node in self.node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        self._keys.setdefault(str(key_node.value), (key_node, value_node))
        return self._keys

    def child(self, key: str) -> NodeLines:
        """The value under ``key`` of this mapping."""
        entry = self._entries().get(key)
        return NodeLines(entry[1] if entry else None, self.offset)

    def item(self, index: int) -> NodeLines:
        """Item ``index`` of this sequence."""
        if isinstance(self.node, yaml.SequenceNode) and 0 <= index < len(self.node.value):
            return NodeLines(self.node.value[index], self.offset)
        return NodeLines(None, self.offset)

    def key_line(self, key: str) -> int | None:
        """Line of ``key`` itself in this mapping (where an unknown key is written)."""
        entry = self._entries().get(key)
        return self.line_of(entry[0]) if entry else None

    def at(self, path: Sequence[str]) -> NodeLines:
        lines = self
        for key in path:
            lines = lines.child(key)
        return lines


@dataclass
class Reporter:
    """Collects problems of one mapping of one file: ``prefix`` is the mapping's own key path
    ('extra.wardnews'), ``lines`` its node tree. Children share the list of problems."""

    path: str
    prefix: str = ""
    lines: NodeLines = field(default_factory=NodeLines)
    problems: list[Problem] = field(default_factory=list)

    def full_key(self, key: str | None) -> str | None:
        if not key:
            return self.prefix or None
        return f"{self.prefix}.{key}" if self.prefix else key

    def report(
        self,
        key: str | None,
        message: str,
        *,
        line: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """A problem of ``key``; its line is where the key is written unless ``line`` is given."""
        if line is None:
            line = self.lines.key_line(key) if key else self.lines.line
        self.problems.append(Problem(self.path, line, self.full_key(key), message, severity))

    def child(self, key: str, lines: NodeLines | None = None) -> Reporter:
        """The reporter of a nested mapping or item: its key path is ``prefix.key``."""
        nested = lines if lines is not None else self.lines.child(key)
        return Reporter(self.path, self.full_key(key) or key, nested, self.problems)


class FieldSpec:
    """The declared fields of one kind of mapping."""

    def __init__(self, fields: Sequence[Field]):
        self.fields = {spec.name: spec for spec in fields}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def unknown_key(self, key: str) -> str:
        """The message for a key the mapping does not have, with the closest known key."""
        close = difflib.get_close_matches(key.lower(), self.names, n=1, cutoff=0.6)
        hint = f"có phải ý bạn là '{close[0]}'? " if close else ""
        return f"khóa không được hỗ trợ; {hint}Các khóa hợp lệ: {', '.join(self.names)}"

    def expected(self, name: str, found: Any) -> str:
        """'cần một số nguyên (số bài mỗi trang, từ 1 đến 100), nhưng gặp 'mười''."""
        spec = self.fields[name]
        found = str(found).lower() if isinstance(found, bool) else found  # as YAML spells it
        about = f" ({spec.description})" if spec.description else ""
        return f"cần {spec.kind.name}{about}, nhưng gặp {shorten(found)}"

    def validate(self, mapping: Mapping[Any, Any], reporter: Reporter) -> dict[str, Any]:
        """The values of ``mapping`` that have the declared kind and pass their checks.

        Unknown keys, wrong kinds, failed checks and missing required keys go to ``reporter``;
        a missing optional key is left out (the caller's defaults apply)."""
        values: dict[str, Any] = {}
        for raw_key, value in mapping.items():
            key = str(raw_key)
            spec = self.fields.get(key)
            if spec is None:
                reporter.report(key, self.unknown_key(key), line=reporter.lines.key_line(key))
                continue
            if not spec.kind.accepts(value):
                reporter.report(key, self.expected(key, value))
                continue
            refused = next((m for check in spec.checks if (m := check(value)) is not None), None)
            if refused is not None:
                reporter.report(key, refused)
                continue
            values[key] = value
        for spec in self.fields.values():
            if spec.required and spec.name not in mapping:
                about = f" ({spec.description})" if spec.description else ""
                # A missing key has no line of its own.
                key = reporter.full_key(spec.name)
                message = f"thiếu khóa bắt buộc{about}"
                reporter.problems.append(Problem(reporter.path, None, key, message))
        return values

    def entries(self, node: yaml.MappingNode, reporter: Reporter) -> dict[str, yaml.Node]:
        """The value nodes of a mapping node by key, for readers that keep the text as written
        (a post's '1.10'). Keys that are not text, written twice or unknown are reported."""
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            line = reporter.lines.line_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                example = self.names[0]
                reporter.report(None, f"khóa phải là một chữ, ví dụ {example}:", line=line)
                continue
            key = str(key_node.value)
            if key in found:
                reporter.report(key, f"khóa '{key}' được viết hai lần; chỉ giữ một", line=line)
            elif key not in self.fields:
                reporter.report(key, self.unknown_key(key), line=line)
            else:
                found[key] = value_node
        return found

    def defaults(self) -> dict[str, Any]:
        """Every optional field's default (None unless declared)."""
        return {spec.name: spec.default for spec in self.fields.values() if not spec.required}
