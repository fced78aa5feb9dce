"""Before and after: two reports of ``bench/run.py`` side by side, page by page.

    .venv/bin/python bench/compare.py bench/results/before-issue16/full.md bench/results/full.md

Reads the Markdown tables the runs wrote (a report keeps its own bare view, so each figure is
compared as a multiple of the bare view of its own run) and prints one table: queries, server
p50 × bare and throughput × bare before and after, and issue 16's goal for the page in the
after run. Pages are matched by scenario and name; a page only in one report shows dashes on
the other side; a page's ", rendered" row (after) is compared with the page's own row of a
report from before the page cache.
"""

from __future__ import annotations

import sys
from pathlib import Path


def read(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Rows of the report's main table, keyed by (scenario, page name without its URL)."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set(line) <= set("|-: "):
            continue
        if "page" not in header or "scenario" not in header:
            continue
        row = dict(zip(header, cells, strict=False))
        page = row["page"]
        name = page.split(" `", 1)[0]
        rows[(row["scenario"], name)] = row
    return rows


def compare(before: Path, after: Path) -> str:
    old, new = read(before), read(after)
    lines = [
        "| page | queries before → after | server p50 × bare before → after | req/s × bare before → after "
        "| goal (after) |",
        "|---|--:|--:|--:|---|",
    ]
    for key in [*new, *(k for k in old if k not in new)]:
        # Before issue 16 no page was cached: a page's rendered row compares with its only row.
        a = old.get(key) or old.get((key[0], key[1].removesuffix(", rendered")), {})
        b = new.get(key, {})

        def pair(column: str, a=a, b=b) -> str:
            return f"{a.get(column, '–')} → {b.get(column, '–')}"

        lines.append(
            f"| {key[0]}: {key[1]} | {pair('queries')} | {pair('server p50 × bare')} | {pair('× bare')} "
            f"| {b.get('issue 16 goal', '–')} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(compare(Path(sys.argv[1]), Path(sys.argv[2])))
