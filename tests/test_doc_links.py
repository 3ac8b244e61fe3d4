"""Every relative link in the README and in docs/ leads somewhere: to a file that exists and, after a `#`,
to a heading of that file, named as GitHub names a heading's anchor.

The guide sends readers to the measurement pages and back; a heading renamed or a page moved would leave
them at a dead link without anyone noticing.
"""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCED_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
LINK = re.compile(r"\]\(([^()\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)


def _prose(text: str) -> str:
    """The text outside code, where a link is a link."""
    return CODE_SPAN.sub("", FENCED_BLOCK.sub("", text))


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces turned into hyphens."""
    heading = CODE_SPAN.sub(lambda span: span.group(0).strip("`"), heading)
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def anchors(page: pathlib.Path) -> set[str]:
    """Each heading's anchor; a repeated one gets -1, -2, … as GitHub numbers them."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCED_BLOCK.sub("", page.read_text(encoding="utf-8"))):
        name = anchor(heading)
        found.add(f"{name}-{seen[name]}" if name in seen else name)
        seen[name] = seen.get(name, 0) + 1
    return found


def relative_links(page: pathlib.Path) -> list[str]:
    return [target for target in LINK.findall(_prose(page.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


def dead_links(page: pathlib.Path) -> list[str]:
    dead = []
    for target in relative_links(page):
        path, _, fragment = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        if not destination.exists():
            dead.append(f"{target}: no such file")
        elif fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            dead.append(f"{target}: no heading with that anchor in {destination.name}")
    return dead


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_a_file_and_heading(page):
    dead = dead_links(page)
    assert not dead, f"{page.name} links nowhere:\n" + "\n".join(dead)


def test_anchor_is_named_as_github_names_it():
    assert anchor("Word boundaries (S103)") == "word-boundaries-s103"
    assert anchor("Every core by default (`--jobs auto`)") == "every-core-by-default---jobs-auto"
    assert anchor("CPU per gloss, round 2: what the largest pieces are made of") == \
        "cpu-per-gloss-round-2-what-the-largest-pieces-are-made-of"


def test_a_dead_link_is_found(tmp_path):
    (tmp_path / "guide.md").write_text(
        "# Guide\n\n[here](#guide), [there](other.md#other), [gone](other.md#gone), [lost](lost.md), "
        "[web](https://example.org/x.md), `[code](lost.md)`\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    assert dead_links(tmp_path / "guide.md") == ["other.md#gone: no heading with that anchor in other.md",
                                                "lost.md: no such file"]
