"""The readable text of an HTML page: one line per block, page furniture (menus, share links,
view counters) dropped."""

from __future__ import annotations

import re
import warnings

_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer",
        "aside", "form", "button", "select", "head", "title", "object", "embed", "canvas",
        "audio", "video", "textarea", "input", "datalist", "dialog", "menu", "map",
    }
)  # fmt: skip
_DROP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
     "dialog", "alertdialog", "toolbar"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "tr", "ul",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
# A cell with at most this much text (and no nested table) is one segment of its row's line;
# bigger cells are page-layout cells (old sites put the whole page in a table) and keep blocks.
_MAX_INLINE_CELL = 300
# Parts of class/id names marking page furniture: short words at the start or end of a part
# ("navbar", "topnav", "sharebar"), longer ones anywhere in it ("mainmenu", "sitefooter").
_FURNITURE_PREFIXES = ("nav", "share", "sharing")
_FURNITURE_WORDS = ("menu", "breadcrumb", "social", "footer", "sidebar", "cookie", "related")
# Class names that describe the page rather than mark furniture: layout flags ("has-sidebar",
# "no-footer") and WordPress taxonomy classes ("tag-social", "category-social-affairs").
_NOT_FURNITURE_PREFIXES = frozenset(
    {"has", "no", "with", "without", "show", "hide", "is", "enable",
     "tag", "tags", "category", "cat", "term", "format", "type", "author", "status", "postid"}
)  # fmt: skip
_NAME_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_HTML_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def html_to_text(html: str) -> str:
    """Extract the readable text of an HTML page: one line per block, page furniture dropped."""
    from bs4 import BeautifulSoup, UnusualUsageWarning

    html = _XML_DECL.sub("", html, count=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnusualUsageWarning)
        soup = BeautifulSoup(html, "lxml")
    body = soup.body or soup
    body_len = len(body.get_text())
    roots = _content_roots(body, body_len)
    protected = {id(soup), id(body)}
    protected.update(id(parent) for root in roots for parent in root.parents)
    doomed = [
        element
        for element in body.find_all(True)
        if id(element) not in protected and _is_furniture(element, body_len)
    ]
    for element in doomed:
        element.extract()

    body_text = _render(body)
    if roots:
        text = "\n".join(_render(root) for root in roots)
        # A <main>/<article> holding a small share of the page is a widget, not the content.
        if len(text.strip()) * 4 >= len(body_text.strip()):
            return _finish_lines(text)
    return _finish_lines(body_text)


def _content_roots(body, body_len: int) -> list:
    """Outermost <main> elements, else outermost <article>s, that are not inside furniture."""
    for candidates in (
        body.find_all(lambda e: e.name == "main" or e.get("role") == "main"),
        body.find_all("article"),
    ):
        ids = {id(c) for c in candidates}
        roots = [
            c
            for c in candidates
            if not any(id(p) in ids or _is_furniture(p, body_len) for p in c.parents)
        ]
        if roots:
            return roots
    return []


def _is_content_root(element) -> bool:
    return element.name in ("main", "article") or element.get("role") == "main"


def _is_furniture(element, body_len: int) -> bool:
    name = element.name
    if name in ("html", "body", "[document]"):
        return False
    if element.has_attr("hidden") or str(element.get("aria-hidden", "")).lower() == "true":
        return True
    if name in _DROP_TAGS:
        if name == "header" and element.find_parent(_is_content_root) is not None:
            return False  # an article's own header holds its title
        # ASP.NET pages wrap the whole page in one <form>.
        return not (name == "form" and _holds_the_page(element, body_len))
    if _is_content_root(element):
        return False
    names = element.get("class") or []
    if isinstance(names, str):
        names = names.split()
    names = [*names, str(element.get("id", ""))]
    marked = str(element.get("role", "")).lower() in _DROP_ROLES or any(
        _is_furniture_name(n) for n in names if n
    )
    # A wrapper named e.g. "sidebar-right" for the page layout still holds the page's text.
    return marked and not _holds_the_page(element, body_len)


def _holds_the_page(element, body_len: int) -> bool:
    if len(element.get_text()) * 2 <= body_len:
        return False
    return element.find(["p", "table", "h1", "h2", "h3", "h4", "h5", "h6"]) is not None


def _is_furniture_name(name: str) -> bool:
    parts = [p.lower() for p in _NAME_PART.findall(name)]
    if not parts or parts[0] in _NOT_FURNITURE_PREFIXES:
        return False
    return any(
        part.startswith(_FURNITURE_PREFIXES)
        or part.endswith("nav")
        or any(word in part for word in _FURNITURE_WORDS)
        for part in parts
    )


def _render(root) -> str:
    """Text of an element, with a line break at each block boundary (iterative: deep pages)."""
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    line: list[str] = []
    pieces = 0  # pieces of visible text so far, to tell whether an element produced any
    inline_cells = 0  # > 0 while inside a table cell rendered as part of its row's line
    pre = 0

    def soft_break() -> None:
        if "".join(line).strip():
            lines.append("".join(line))
        line.clear()

    def hard_break() -> None:
        lines.append("".join(line))
        line.clear()

    # (node, exit action or None when entering, pieces count when entered)
    stack: list[tuple[object, str | None, int]] = [(root, None, 0)]
    while stack:
        node, action, mark = stack.pop()
        if action is not None:
            if node.name == "pre":
                pre -= 1
            if action == "cell":
                inline_cells -= 1
                line.append(" ")
            elif action == "block":
                if inline_cells:
                    line.append(" ")
                else:
                    soft_break()
                    if node.name == "p" and pieces == mark:
                        lines.append("")  # <p>&nbsp;</p> spacer: the author's blank line
            continue
        if isinstance(node, Tag):
            name = node.name
            if name == "br":
                if inline_cells:
                    line.append(" ")
                else:
                    hard_break()
                continue
            exit_action = "none"
            if name in _CELL_TAGS and (inline_cells or _is_inline_cell(node)):
                inline_cells += 1
                line.append(" ")
                exit_action = "cell"
            elif name in _BLOCK_TAGS or name in _CELL_TAGS:
                if inline_cells:
                    line.append(" ")
                else:
                    soft_break()
                exit_action = "block"
            if name == "pre":
                pre += 1
            stack.append((node, exit_action, pieces))
            stack.extend((child, None, 0) for child in reversed(node.contents))
        elif type(node) is NavigableString:
            text = str(node)
            if text.strip():
                pieces += 1
            if pre and not inline_cells:
                first, *rest = text.replace("\r\n", "\n").split("\n")
                line.append(first)
                for part in rest:
                    hard_break()
                    line.append(part)
            else:
                line.append(_SPACES.sub(" ", text))
    soft_break()
    return "\n".join(lines)


def _is_inline_cell(cell) -> bool:
    if cell.find("table") is not None:
        return False
    return len(cell.get_text()) <= _MAX_INLINE_CELL


def _finish_lines(text: str) -> str:
    out: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", _HTML_CONTROLS.sub("", raw)).strip()
        if line and is_noise_line(line):
            continue
        if not line and (not out or not out[-1]):
            continue  # no leading blank line, no runs of blank lines
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# --------------------------------------------------------------------------- noise lines

_NUM = r"[\d๐-๙][\d๐-๙,.]*"
_SOCIAL = r"facebook|twitter|line|youtube|instagram|tiktok|linkedin|pinterest|whatsapp|telegram"
_COUNTER = (
    rf"(?:{_NUM}\s*(?:views?|reads?|hits?|วิว)"
    rf"|(?:views?|hits?|reads?|(?:จำนวน)?(?:ผู้|การ)?เข้าชม|(?:เปิด)?อ่าน(?:แล้ว)?)"
    rf"\s*:?\s*{_NUM}\s*(?:ครั้ง|คน|views?|times)?)"
)
# Whole-line patterns (matched case-insensitively against the trimmed line) for page furniture
# in saved Thai government pages. Each must be unable to match a sentence of real content.
NOISE_PATTERNS: tuple[str, ...] = (
    # view counters, alone or after a date/author and a separator: "12 ม.ค. 2567 | 3,526 view"
    rf"(?:[^|•·]{{0,60}}[|•·]\s*)?{_COUNTER}",
    r"ติดตามเรา(?:ได้)?(?:ที่|ทาง|บน)?",
    r"(?:รูป)?ภาพประกอบ(?:ข่าว)?",
    rf"(?:แชร์|share|shares|sharing|tweet)(?:\s*(?:this|ข่าวนี้|บทความนี้|นี้|post|article))?"
    rf"(?:\s*(?:on|to|via|ไปยัง|ผ่าน)?\s*(?:{_SOCIAL}|e-?mail|อีเมล))?(?:\s*{_NUM})?",
    r"(?:พิมพ์|print)(?:\s*(?:หน้านี้|this page|page|ข่าว|บทความ))?",
    r"you may have missed|you might also like|related (?:posts|articles|news)"
    r"|(?:ข่าว|บทความ)(?:ที่เกี่ยวข้อง|อื่น\s*ๆ|ล่าสุด)",
    r"หน้าแรก|หน้าหลัก|home",
    r"(?:หน้าแรก|หน้าหลัก|home)\s*[>»/|›].{0,200}",  # breadcrumb trail
    r"skip to (?:main )?content|ข้ามไป(?:ยัง|ที่)?เนื้อหา(?:หลัก)?",
    r"อ่านต่อ|อ่านเพิ่มเติม|read more|continue reading",
    r"(?:tags?|แท็ก|แทก|ป้ายกำกับ|คำค้น)(?:\s*:.{0,200})?",
    rf"(?:(?:{_SOCIAL})[\s|,/·•]*)+",
    r"(?:กลับ(?:สู่|ไป)?)?ด้านบน|back to top|scroll to top",
    r"copy link|คัดลอก(?:ลิงก์|ลิ้งก์|ลิงค์|link)",
    r"(?:previous|next)(?: post| article)?|(?:ข่าว|บทความ)?(?:ก่อนหน้า|ถัดไป)",
)
_NOISE = tuple(re.compile(p, re.IGNORECASE) for p in NOISE_PATTERNS)
_NOISE_TRIM = " \t|•·:：-–—»«>›‹<.…*"
_MAX_NOISE_LINE = 200


def is_noise_line(line: str) -> bool:
    """True if the line is web-page furniture (view counter, share/print link, menu word...)."""
    line = _SPACES.sub(" ", line.replace("\u200b", "")).strip(_NOISE_TRIM)
    if not line or len(line) > _MAX_NOISE_LINE:
        return False
    return any(p.fullmatch(line) for p in _NOISE)

