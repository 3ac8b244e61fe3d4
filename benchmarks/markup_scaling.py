"""Scanning unclosed markup: doubling the input should at most double the time.

    python benchmarks/markup_scaling.py [--copies 5000] [--doublings 3] [--repeats 3]

Each kind of markup that never closes (a tag, a comment, a script, a quote
inside a tag, ruby without its end, a Markdown link's or image's text) is repeated, each copy followed by a
wrong gloss, and read as Markdown and as HTML by the readers the command
uses.  For each size the best of ``--repeats`` runs is kept (the machine may
be shared), and the ratio to the previous size is printed: about 2 is
linear, about 4 quadratic.
"""

from __future__ import annotations

import argparse
import time

from audit.markup import read_html, read_markdown

UNCLOSED = {
    "tag": "<a 银行(yín xíng)",
    "comment": "<!-- 银行(yín xíng)",
    "script": "<script>银行(yín xíng)",
    "quote in a tag": '<a "银行(yín xíng)',
    "ruby without its end": "<ruby>银行<rt>yín háng 银行(yín xíng)",
    "Markdown link text never closed": "[银行(yín xíng)",
    "Markdown image text never closed": "![银行(yín xíng)",
}


def best_time(text: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        read_markdown(text, "unclosed.md")
        read_html(text, "unclosed.html")
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5000, help="copies at the smallest size")
    parser.add_argument("--doublings", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    worst = 0.0
    for name, unit in UNCLOSED.items():
        previous = None
        row = []
        for step in range(arguments.doublings + 1):
            copies = arguments.copies * 2 ** step
            seconds = best_time(unit * copies, arguments.repeats)
            ratio = seconds / previous if previous else None
            worst = max(worst, ratio or 0.0)
            row.append(f"{copies:>7,} copies {seconds * 1000:7.1f} ms" + (f" (x{ratio:.2f})" if ratio else ""))
            previous = seconds
        print(f"{name}:\n  " + "\n  ".join(row))
    print(f"largest ratio between consecutive sizes: {worst:.2f} (2 is linear, 4 quadratic)")


if __name__ == "__main__":
    main()
