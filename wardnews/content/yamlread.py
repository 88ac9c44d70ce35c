"""YAML read as nodes, so values keep the text the editor wrote and the line they wrote it on.

PyYAML's constructors turn ``1.10`` into the float 1.1 and lose line numbers; composing to nodes
keeps both. libyaml's C parser is used when PyYAML has it (ten times faster on front matter).
"""

from __future__ import annotations

import re
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


_TOO_DEEP = f"các danh sách, bảng lồng nhau quá {MAX_DEPTH} tầng; hãy viết đơn giản lại"


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the composer sees it.

    libyaml's composer recurses in C: some 30,000 nested brackets crash the process (a
    segmentation fault, no message), and newer PyYAML refuses deep flow nesting with its own
    English words. Flow brackets are counted first by a scan of the text, so the message and
    its line do not depend on PyYAML's version; block nesting is then counted on parser events.
    Each level needs one of these characters, so real front matter skips both scans."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        _check_flow_depth(text)
    if sum(text.count(char) for char in "[{-?:") <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(event.start_mark.line + 1, _TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# The characters that can open or close a flow level, or hide brackets (quotes, comments,
# block scalars); everything between them is skipped in one regex step, so the scan is linear.
_FLOW_SIGNIFICANT = re.compile(r"[\[\]{}'\"#\n|>]")
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _check_flow_depth(text: str) -> None:
    """Raise at the first '[' or '{' that opens level MAX_DEPTH + 1. Brackets inside quoted
    scalars, comments and block scalars (| and >) are not counted; the rest of YAML's syntax is
    left to the parser, which reports it with its own line."""
    depth = 0
    line = 1
    line_start = 0
    pos = 0
    while (match := _FLOW_SIGNIFICANT.search(text, pos)) is not None:
        index = match.start()
        char = text[index]
        pos = index + 1
        if char == "\n":
            line += 1
            line_start = pos
        elif char == "#":
            if index == line_start or text[index - 1] in " \t":
                end = text.find("\n", index)
                pos = len(text) if end < 0 else end
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif not _starts_node(text, index, line_start, depth):
            continue  # part of a plain scalar: "It's", "a[1]", "x > y"
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(line, _TOO_DEEP)
        elif char in "'\"":
            end = _quoted_end(text, index)
            if end < 0:
                return  # unclosed: the parser says where
            line += text.count("\n", index, end)
            if "\n" in text[index:end]:
                line_start = text.rfind("\n", index, end) + 1
            pos = end
        elif depth == 0:  # '|' or '>' opening a block scalar
            pos, skipped = _block_scalar_end(text, index, line_start)
            line += skipped
            line_start = pos if skipped else line_start


def _starts_node(text: str, index: int, line_start: int, depth: int) -> bool:
    """Whether the character at ``index`` begins a node (not the middle of a plain scalar)."""
    before = index - 1
    while before >= line_start and text[before] in " \t":
        before -= 1
    if before < line_start:
        return True
    previous = text[before]
    if depth > 0:  # JSON-like '{"a":[1]}' needs no space after its colon
        return previous in "[{,:?"
    # Block context: a node follows 'key: ', '- ' or '? ', with their space.
    return previous in ":-?" and before < index - 1


def _quoted_end(text: str, index: int) -> int:
    """Index just after the quoted scalar starting at ``index``, or -1 when it never closes."""
    if text[index] == '"':
        match = _DOUBLE_QUOTED.match(text, index)
        return match.end() if match else -1
    end = text.find("'", index + 1)
    while end >= 0 and text.startswith("'", end + 1):  # '' is an escaped quote
        end = text.find("'", end + 2)
    return end + 1 if end >= 0 else -1


def _block_scalar_end(text: str, index: int, line_start: int) -> tuple[int, int]:
    """(position after a block scalar's content, lines skipped): its lines are blank or more
    indented than the line that opened it."""
    indent = len(text[line_start:index]) - len(text[line_start:index].lstrip(" "))
    end = text.find("\n", index)
    skipped = 0
    while end >= 0:
        next_end = text.find("\n", end + 1)
        content = text[end + 1 : len(text) if next_end < 0 else next_end]
        if content.strip() and len(content) - len(content.lstrip(" ")) <= indent:
            break
        skipped += 1
        end = next_end
    if end < 0:
        return len(text), skipped
    return end, skipped


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


def load_tolerant_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """mkdocs.yml's values and the node tree they were built from (for the lines of problems)."""
    try:
        _check_depth(text)  # the pure-Python constructor would overflow Python's stack instead
        loader = _TolerantLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_error_line(exc), _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, str(exc)) from None
    return data, node
