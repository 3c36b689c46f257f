"""Raw ``<img src="…">`` in a note: a local file is an image of the page, like ``![](…)``.

Obsidian shows ``<img src="attachments/x.png" width="300">`` written in a note. Sphinx
copies only the images of its own image nodes, so a raw tag would point at a file that is
not in the output. A tag that is only an ``<img>`` with a local ``src`` therefore becomes
an image node (width, height and alt kept): Sphinx copies the file, and a missing file or
one outside the vault is reported by the same rules as a Markdown image.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

__all__ = ["local_image"]


class _OneTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, {}))

    def handle_data(self, data: str) -> None:
        self.text = self.text or bool(data.strip())


def local_image(html: str) -> dict[str, str] | None:
    """The attributes of ``html`` when it is one ``<img>`` tag whose ``src`` is a local
    path (not a URL, not ``data:``), else ``None``."""
    parser = _OneTag()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        return None
    if parser.text or len(parser.tags) != 1 or parser.tags[0][0] != "img":
        return None
    attrs = parser.tags[0][1]
    src = attrs.get("src", "").strip()
    if not src or src.startswith(("data:", "//", "#")) or urlsplit(src).scheme not in ("",):
        return None
    return attrs
