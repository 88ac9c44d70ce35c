"""YAML read as nodes, so values keep the text the editor wrote and the line they wrote it on.

PyYAML's constructors turn ``1.10`` into the float 1.1 and lose line numbers; composing to nodes
keeps both. libyaml's C parser is used when PyYAML has it (ten times faster on front matter).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"


@dataclass(frozen=True)
class YamlSyntaxError(Exception):
    """Broken YAML; ``line`` is 1-based within the parsed text, ``None`` when unknown."""

    line: int | None
    reason: str


MAX_DEPTH = 100


def compose(text: str) -> yaml.Node | None:
    """Parse one YAML document to its node tree."""
    try:
        _check_depth(text)
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_error_line(exc), _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, str(exc)) from None


def _check_depth(text: str) -> None:
    """libyaml's composer recurses in C: some 30,000 nested brackets crash the process
    (a segmentation fault, no message). Each level needs one of these characters, so real
    front matter skips the event scan."""
    if sum(text.count(char) for char in "[{-?:") <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    event.start_mark.line + 1,
                    f"các danh sách, bảng lồng nhau quá {MAX_DEPTH} tầng; hãy viết đơn giản lại",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_OPENED_CONTEXTS = ("quoted", "flow", "simple key")


def _error_line(exc: yaml.MarkedYAMLError) -> int | None:
    """1-based line to show. An unclosed quote or bracket, or a key without its colon, is noticed
    lines later (often at the end of the text); the context mark is where it started, the line
    the editor must fix. Other contexts (a block mapping, a plain scalar) start earlier than the
    mistake, so there the problem mark is the better line."""
    mark = exc.problem_mark
    context = exc.context or ""
    if exc.context_mark is not None and any(word in context for word in _OPENED_CONTEXTS):
        mark = exc.context_mark
    return mark.line + 1 if mark is not None else None


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "tab" in problem or "\\t" in problem:
        return "có ký tự Tab; YAML chỉ chấp nhận dấu cách để thụt lề"
    # libyaml explains in English; keep its words for whoever helps the editor.
    detail = f"{exc.context}, {problem}" if exc.context else problem
    return f"cú pháp YAML sai ({detail}); kiểm tra dấu hai chấm, dấu nháy và ngoặc ở dòng này"


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def is_scalar(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode)


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def scalar_text(node: yaml.Node) -> str:
    """The scalar as written (quotes removed): '1.10' stays '1.10'."""
    return str(node.value)


def to_python(node: yaml.Node) -> Any:
    """Construct plain Python values (for config, where types matter more than spelling)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def node_kind(node: yaml.Node) -> str:
    """The kind of value a node holds, in Vietnamese, for 'found ...' in messages."""
    if isinstance(node, yaml.MappingNode):
        return "một bảng khóa: giá trị"
    if isinstance(node, yaml.SequenceNode):
        return "một danh sách"
    if node.tag == NULL:
        return "giá trị trống"
    return f"'{node.value}'"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags such as !!python/name or !ENV become None."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        # '!!int mười', 'start: 2024-99-99' (read as a timestamp), 5,000 digits: the
        # constructors raise plain Python errors that carry no line.
        except (ValueError, KeyError, IndexError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"giá trị không đọc được: {exc}", node.start_mark
            ) from None


def _ignore_tag(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def load_tolerant(text: str) -> Any:
    try:
        _check_depth(text)  # the pure-Python constructor would overflow Python's stack instead
        return yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_error_line(exc), _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, str(exc)) from None
