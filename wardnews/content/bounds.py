"""Bounds on the work one post's Markdown may cost, checked in one linear pass before rendering.

Python-Markdown's time grows with the square of a few constructs: from each ``[`` (also ``![``
and ``[^``) its link pattern scans to the matching ``]``, from a ``](`` to the matching ``)``, and
from a ``<`` that may open a tag to the next ``>``; when the closing sign never comes, every
opener scans to the end of its paragraph, so 10 KB of ``[`` costs seconds and 1 MB hours. The
fenced_code extension (always on in MkDocs) scans from every opening ```` ``` ```` or ``~~~`` line
to the same fence closing it, and starts again from the top after each block it finds. Emphasis,
code spans and entities that never close, headings or admonitions on following lines, list items
between blank lines and unclosed ``<?``/``<!`` grow the same way, more slowly. Deep
nesting (``> > > ...``, ``- - - ...``, lists indented hundreds of levels) makes its block parser
recurse until Python stops with a RecursionError.

Rather than render with a clock (threads, processes, a result that depends on the machine), the
reading stage counts that work here, in time linear in the body's length, and refuses a post
whose count passes a limit, naming the line and what to change. The limits are far above what
real posts need: ordinary prose costs about one unit per character, and every post gets
``MAX_SCAN_COST`` on top of twice its length. `check` and the build read posts through the same
reader, so what `check` passes, the build renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Leading containers (blockquote signs, list markers, 4-column indents) on one line.
MAX_NESTING = 32
# Character steps of the scans above, over the whole body, on top of twice its length: about a
# second of Python-Markdown's time at worst.
MAX_SCAN_COST = 2_500_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Signs that open or close a scan; '<' only when a tag, comment or declaration may follow.
_SIGNS = re.compile(r"[\[\]()>]|<(?=[A-Za-z/!?])")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t])")
# A line that may open a fenced code block (MkDocs always enables fenced_code), and its fence.
_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})(.*)$", re.MULTILINE)
# fenced_code searches the whole text again after each block it finds: from every opening fence
# its regex scans to the same fence alone on a line (about 1/8 of an inline step per character),
# and each block found copies the text (about 1/1000).
_FENCE_SCAN_DIVISOR = 8
_FENCE_COPY_DIVISOR = 1000
# Signs whose patterns (emphasis, code spans, entities) search the rest of their paragraph when
# they do not close: about 1/400 of an inline step per sign and character of the paragraph.
_SPAN_SIGNS = "*_`&"
_SPAN_DIVISOR = 400
# Headings and admonitions written on following lines: the block parser splits the paragraph
# at each and searches the rest again (about 3/40 of a step per line and character).
_SPLIT_LINE = re.compile(r"^(?:#|!!!|\?\?\?)", re.MULTILINE)
_SPLIT_WEIGHT = (3, 40)
# List items separated by blank lines are joined into one list, item by item (1/130).
_LOOSE_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_LOOSE_DIVISOR = 130
# '<?' and '<!' that never close make the raw HTML reader scan on through later paragraphs.
_DECLARATION = re.compile(r"<[?!]|>")
_DECLARATION_DIVISOR = 130

# What each scan is, and what an editor changes to avoid it (Vietnamese, for the message).
_ADVICE = {
    "[": (
        "dấu [ (mở liên kết) chưa đóng hoặc lồng nhau",
        "hãy đóng mỗi dấu [ bằng ] hoặc viết \\[ khi muốn hiện chính dấu [",
    ),
    "(": (
        "dấu ( sau ] (địa chỉ liên kết) chưa đóng",
        "hãy đóng địa chỉ liên kết bằng ) hoặc viết \\( sau dấu ]",
    ),
    "<": (
        "dấu < (mở thẻ HTML) không có dấu > đóng",
        "hãy đóng thẻ bằng > hoặc viết &lt; khi muốn hiện chính dấu <",
    ),
    "```": (
        "dòng mở khối mã (``` hoặc ~~~) không có dòng đóng giống hệt",
        "hãy đóng mỗi khối mã bằng một dòng chỉ có đúng dấu mở của nó, ví dụ ```",
    ),
    "*": (
        "dấu *, _, ` hoặc & không đóng (chữ nghiêng, chữ đậm, mã, ký tự đặc biệt)",
        "hãy đóng mỗi dấu bằng đúng dấu mở, hoặc viết \\* \\_ \\` khi muốn hiện chính dấu đó",
    ),
    "#": (
        "dòng tiêu đề (#) hoặc hộp ghi chú (!!!) liền nhau",
        "hãy để một dòng trống sau mỗi tiêu đề và hộp ghi chú",
    ),
    "1.": (
        "mục danh sách cách nhau bằng dòng trống",
        "hãy bỏ dòng trống giữa các mục hoặc chia thành nhiều danh sách ngắn",
    ),
    "<?": (
        "dấu <? hoặc <! (khai báo HTML) không có dấu > đóng",
        "hãy đóng bằng > hoặc viết &lt; khi muốn hiện chính dấu <",
    ),
    "```...```": (
        "khối mã (``` hoặc ~~~) trong một bài dài",
        "hãy bớt khối mã hoặc tách thành nhiều bài",
    ),
}


@dataclass(frozen=True)
class Excess:
    """Why a body is refused: the line (1-based, within the body) and the Vietnamese reason."""

    line: int
    message: str


@dataclass
class _BlockCost:
    line: int
    costs: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.costs.values())


def check_bounds(body: str) -> list[Excess]:
    """Every reason this body would cost Python-Markdown too much; empty for a real post."""
    excesses = [_nesting_excess(body)]
    allowed = MAX_SCAN_COST + 2 * len(body)
    if cost_ceiling(body) <= allowed:
        return [excess for excess in excesses if excess is not None]  # a real post: no counting
    blocks = scan_blocks(body)
    total = sum(block.total for block in blocks)
    if total > allowed:
        worst = max(blocks, key=lambda block: block.total)
        sign = max(worst.costs, key=lambda key: worst.costs[key])
        what, change = _ADVICE[sign]
        excesses.append(
            Excess(
                worst.line,
                f"đoạn văn từ dòng này có quá nhiều {what}: dựng trang sẽ mất hàng phút "
                f"đến hàng giờ (cả bài cần {total:,} bước dò, tối đa {allowed:,}; đoạn này "
                f"{worst.total:,}); "
                f"{change}",
            )
        )
    return [excess for excess in excesses if excess is not None]


def scan_blocks(body: str) -> list[_BlockCost]:
    """The scan steps of the body, by paragraph (and the fences and declarations)."""
    blocks = list(_block_costs(body))
    for extra in (_fence_cost(body), _declaration_cost(body)):
        if extra is not None:
            blocks.append(extra)
    return blocks


def cost_ceiling(body: str) -> float:
    """A bound the steps of :func:`scan_blocks` never pass, from a few counts over the body:
    each opener scans at most the whole body, so an ordinary post, far below the limit, is not
    counted paragraph by paragraph (the reading stage runs this for every post)."""
    if "```" in body or "~~~" in body:
        return float("inf")  # fenced_code's rescans: counted exactly
    length = len(body)
    count = body.count
    openers = count("[") + count("(") + 2 * count("<")  # '<': a tag, or a declaration too
    spans = sum(count(sign) for sign in _SPAN_SIGNS) / _SPAN_DIVISOR
    splits = (count("#") + count("!") + count("?")) * _SPLIT_WEIGHT[0] / _SPLIT_WEIGHT[1]
    items = (count("\n") + 1) / _LOOSE_DIVISOR  # list paragraphs joined into one list
    return length * (openers + spans + splits + items)


def _nesting_excess(body: str) -> Excess | None:
    for number, line in enumerate(body.split("\n"), start=1):
        if nesting_depth(line) > MAX_NESTING:
            return Excess(
                number,
                f"dòng lồng hơn {MAX_NESTING} tầng (trích dẫn >, danh sách -, 1. hoặc thụt lề "
                "4 dấu cách); hãy bớt tầng lồng hoặc bớt khoảng trắng đầu dòng",
            )
    return None


def nesting_depth(line: str) -> int:
    """Containers a line opens before its text: 4-column indents, then '>' signs and list
    markers; counting stops just above :data:`MAX_NESTING`, so a long line costs no more."""
    columns = 0
    position = 0
    length = len(line)
    while position < length and line[position] in " \t":
        columns += 4 - columns % 4 if line[position] == "\t" else 1
        position += 1
    depth = columns // 4
    while position < length and depth <= MAX_NESTING:
        if line[position] in " \t":
            position += 1
            continue
        if line[position] == ">":
            position += 1
        else:
            marker = _LIST_MARKER.match(line, position)
            if marker is None:
                break
            position = marker.end()
        depth += 1
    return depth


def _block_costs(body: str):
    """Per paragraph (text between blank lines), the scan steps of each kind of opener; runs of
    paragraphs that are list items, as one."""
    start = 0
    line = 1
    loose: _BlockCost | None = None  # the run of list-item paragraphs so far
    loose_items = loose_length = 0
    for separator in [*_BLANK_LINE.finditer(body), None]:
        end = separator.start() if separator is not None else len(body)
        costs = _scan_costs(body, start, end)
        if costs:
            yield _BlockCost(line, costs)
        if _LOOSE_ITEM.match(body, start):
            if loose is None:
                loose, loose_items, loose_length = _BlockCost(line, {}), 0, 0
            loose_items += 1
            loose_length += end - start
        elif loose is not None:
            loose.costs["1."] = loose_items * loose_length // _LOOSE_DIVISOR
            yield loose
            loose = None
        if separator is None:
            break
        line += body.count("\n", start, separator.end())
        start = separator.end()
    if loose is not None:
        loose.costs["1."] = loose_items * loose_length // _LOOSE_DIVISOR
        yield loose


def _scan_costs(body: str, start: int, end: int) -> dict[str, int]:
    costs = {"[": 0, "(": 0, "<": 0}
    brackets: list[int] = []
    parens: list[int] = []
    tags: list[int] = []
    previous = ""
    for match in _SIGNS.finditer(body, start, end):
        sign, position = match.group()[0], match.start()
        if sign == "[":
            brackets.append(position)
        elif sign == "]" and brackets:
            costs["["] += position - brackets.pop()
        elif sign == "(" and (parens or (previous == "]" and body[position - 1] == "]")):
            parens.append(position)
        elif sign == ")" and parens:
            costs["("] += position - parens.pop()
        elif sign == "<":
            tags.append(position)
        elif sign == ">":
            costs["<"] += sum(position - opened for opened in tags)
            tags.clear()
        previous = sign
    for kind, left in (("[", brackets), ("(", parens), ("<", tags)):
        costs[kind] += sum(end - opened for opened in left)
    length = end - start
    spans = sum(body.count(sign, start, end) for sign in _SPAN_SIGNS)
    # Fences are gone (fenced_code) before the inline patterns run.
    spans -= sum(len(fence.group(1)) for fence in _FENCE_LINE.finditer(body, start, end))
    costs["*"] = spans * length // _SPAN_DIVISOR
    splits = len(_SPLIT_LINE.findall(body, start, end))
    if splits > 1:
        costs["#"] = splits * length * _SPLIT_WEIGHT[0] // _SPLIT_WEIGHT[1]
    return {kind: cost for kind, cost in costs.items() if cost}


def _declaration_cost(body: str) -> _BlockCost | None:
    """'<?' and '<!' scan to the next '>' of the whole body, or to its end."""
    pending: list[int] = []
    steps = 0
    for match in _DECLARATION.finditer(body):
        if match.group() == ">":
            steps += sum(match.start() - opened for opened in pending)
            pending.clear()
        else:
            pending.append(match.start())
    steps += sum(len(body) - opened for opened in pending)
    if not steps:
        return None
    where = pending[0] if pending else 0
    return _BlockCost(body.count("\n", 0, where) + 1, {"<?": steps // _DECLARATION_DIVISOR})


def _fence_cost(body: str) -> _BlockCost | None:
    """The work of fenced_code, replayed: from the top, each opening fence scans to the next line
    that is the same fence alone (a block, whose lines are then skipped) or to the end (an
    unclosed fence, scanned again after every block found later)."""
    lines = list(_FENCE_LINE.finditer(body))
    if not lines:
        return None
    # For each fence line, the index of the next line that closes its fence, if any.
    closer: list[int | None] = [None] * len(lines)
    nearest: dict[str, int] = {}
    for index in range(len(lines) - 1, -1, -1):
        fence, rest = lines[index].groups()
        closer[index] = nearest.get(fence)
        if not rest.strip(" "):
            nearest[fence] = index
    unclosed_scan = closed_scan = blocks = 0
    first_unclosed = None
    index = 0
    while index < len(lines):
        start = lines[index].start()
        end = closer[index]
        if end is None:
            unclosed_scan += len(body) - start
            first_unclosed = start if first_unclosed is None else first_unclosed
            index += 1
        else:
            blocks += 1
            closed_scan += lines[end].start() - start
            index = end + 1
    costs = {
        "```": ((blocks + 1) * unclosed_scan + closed_scan) // _FENCE_SCAN_DIVISOR,
        "```...```": blocks * len(body) // _FENCE_COPY_DIVISOR,
    }
    where = first_unclosed if first_unclosed is not None else lines[0].start()
    return _BlockCost(body.count("\n", 0, where) + 1, costs)
