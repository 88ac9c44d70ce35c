"""scripts/bench's lines for the targets of issue 14 ("Speed at every size"), from one run.

Each line compares figures measured in the same run (the peers are built right after wardnews
on the same posts), so a loaded machine slows both sides of a ratio alike, more or less.
"""

from __future__ import annotations

# (N, peer key) -> at most ours / theirs; a peer "pelican" with 1.0: faster than Pelican.
TARGET_RATIOS = {
    (1000, "material"): 0.1,
    (1000, "pelican"): 1.0,
    (1000, "hugo"): 3.0,
    (10000, "pelican"): 1.0,
    (10000, "hugo"): 3.0,
}
TARGET_PEAK_MB = {10000: 600.0, 100000: 2048.0}
TARGET_SECONDS = {100000: 600.0}
TARGET_REBUILD_SECONDS = {1000: 0.5}
NAMES = {"material": "Material blog + RSS", "pelican": "Pelican", "hugo": "Hugo"}


def print_speed_checks(rows: list, say, verdict) -> None:
    """One line per target of issue 14 that this run measured."""
    built = {row.count: row for row in rows if row.cold is not None and row.cold.returncode == 0}
    say("Mục tiêu (issue 14, tốc độ ở mọi cỡ):")
    for (count, key), limit in TARGET_RATIOS.items():
        row = built.get(count)
        peer = row.peers.get(key) if row is not None else None
        if peer is None or peer.returncode != 0:
            continue
        ratio = row.cold.seconds / peer.seconds
        strict = limit == 1.0  # "faster than": strictly below
        passed = ratio < limit if strict else ratio <= limit
        say(
            f"  {count:,} bài: ta / {NAMES[key]} = {ratio:.2f} "
            f"(mục tiêu {'<' if strict else '<='} {limit:g}): {verdict(passed)}"
        )
    for count, limit in TARGET_PEAK_MB.items():
        if count in built:
            peak = built[count].cold.peak_mb
            say(
                f"  {count:,} bài: bộ nhớ đỉnh {peak:.0f} MB (mục tiêu < {limit:.0f} MB): "
                f"{verdict(peak < limit)}"
            )
    for count, limit in TARGET_SECONDS.items():
        if count in built:
            seconds = built[count].cold.seconds
            say(
                f"  {count:,} bài: dựng đủ {seconds:.0f} s (mục tiêu < {limit:.0f} s): "
                f"{verdict(seconds < limit)}"
            )
    for count, limit in TARGET_REBUILD_SECONDS.items():
        row = built.get(count)
        if row is not None and row.rebuild:
            second = row.rebuild["second"]
            say(
                f"  {count:,} bài: dựng lại sau 1 sửa (như mkdocs serve) {second:.2f} s "
                f"(mục tiêu < {limit:g} s): {verdict(second < limit)}"
            )
