"""Make an exported report page inert: nothing in it can run, and nothing can fetch.

A report is read on government intranets and attached to correspondence, and some of its text
comes from spreadsheets that travel by e-mail. The reports escape that text themselves; this is
the last pass over the whole page, so that whatever still slipped through cannot act:

* the page is parsed and written out again in a canonical form: every tag from an allow-list,
  every attribute quoted and escaped, every text escaped, comments dropped. What the browser
  parses is then exactly what was checked (no parser differential can smuggle a tag through);
* ``<script>`` is dropped with its content; other tags outside the list (``iframe``,
  ``object``, ``form``, ``link``, ``base``, ``math`` ...) are dropped, their content kept as text;
* event-handler attributes (``on*``) and ``srcset``, ``formaction``, ``http-equiv`` ... are dropped;
* links keep only ``http(s)``, ``mailto``, in-page (``#``) and relative targets; SVG ``<image>``
  only inline ``data:image/...`` sources and ``<use>`` only in-page references; an ``<img>``
  whose source is not inline is left out (it could only show as a broken box);
* CSS (``<style>`` blocks and ``style`` attributes) loses ``@import`` and every ``url()`` that is
  not in-page or an inline image; a stylesheet that still names an outside resource after its
  escapes are decoded is dropped whole;
* an ``<img>`` without a real alt text gets the one given (the report's title).

One layout touch rides on the same pass (it needs the same walk over the text): in a table cell,
a long unbroken token (a URL, a file path) gets ``<wbr>`` break opportunities after its ``/``,
``.``, ``-``, ``_``, ``?``, ``&`` and ``=``, so that it wraps instead of widening its column and
squeezing the others to one word a line. The text itself is unchanged (``<wbr>`` is no character).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["sanitize_page", "sanitize_css", "is_placeholder_alt", "NBCONVERT_PLACEHOLDER_ALT"]

#: What nbconvert writes into ``<img alt>`` when a notebook gives no description.
NBCONVERT_PLACEHOLDER_ALT = "No description has been provided for this image"

_HTML_TAGS = frozenset("""
html head body main meta title style div span p a img table thead tbody tfoot tr th td caption
colgroup col h1 h2 h3 h4 h5 h6 ul ol li dl dt dd pre code em strong b i u s sub sup small br hr
blockquote q cite details summary figure figcaption section article header footer nav aside abbr
mark kbd samp var del ins time wbr center bdi bdo ruby rt rp
""".split())
# html.parser lowercases names (clipPath -> clippath); browsers restore SVG's case themselves
_SVG_TAGS = frozenset("""
svg g defs path rect circle ellipse line polyline polygon text tspan textpath clippath
lineargradient radialgradient stop symbol use marker pattern mask title desc style image
""".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROP_WITH_CONTENT = frozenset({"script"})

_ATTR_NAME = re.compile(r"^[a-z_][-a-z0-9_.]*(?::[a-z_][-a-z0-9_.]*)?$")
_DROP_ATTRS = frozenset("""
srcset formaction action ping background lowsrc dynsrc poster codebase data archive classid
http-equiv manifest icon longdesc usemap cite srcdoc attributename from to values by begin
autofocus contenteditable draggable
""".split())
_URL_ATTRS = frozenset({"href", "xlink:href", "src"})
_META_NAMES = frozenset({"viewport", "color-scheme", "description", "generator"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg|jpg|gif|webp|svg\+xml)[;,]")
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_LONG_TOKEN = re.compile(r"\S{25,}")
_TOKEN_BREAK = re.compile(r"(?<=[/.\-_?&=])(?=\S)")
_GENERIC_ALTS = frozenset({"", "image", "img", "figure", "chart", "plot", "picture", "hình",
                           "hình ảnh", "ảnh", "biểu đồ", "đồ thị"})


def is_placeholder_alt(alt: str | None) -> bool:
    """True when ``alt`` says nothing about the image: missing, blank, nbconvert's "No
    description has been provided for this image", a bare word such as "image"/"biểu đồ", or
    a Python repr such as matplotlib's ``<Figure size 900x500 with 1 Axes>``."""
    if alt is None:
        return True
    text = " ".join(alt.split()).strip().lower()
    return (text in _GENERIC_ALTS or text == NBCONVERT_PLACEHOLDER_ALT.lower()
            or (text.startswith("<") and text.endswith(">")))  # a Python repr


# --- URLs -----------------------------------------------------------------------------------------

def _scheme(value: str) -> str | None:
    # browsers ignore tabs, newlines and leading blanks inside a URL's scheme: do the same
    m = _SCHEME.match(_CONTROL.sub("", value).lower())
    return m.group(1) if m else None


def _safe_link(value: str) -> bool:
    """A link a reader may follow: in-page, relative, or http(s)/mailto."""
    scheme = _scheme(value)
    return scheme is None or scheme in _LINK_SCHEMES


def _inline_image(value: str) -> bool:
    return bool(_DATA_IMAGE.match(_CONTROL.sub("", value).lower()))


def _in_page(value: str) -> bool:
    return _CONTROL.sub("", value).startswith("#")


# --- CSS ----------------------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_IMPORT = re.compile(r"@import\b[^;{}]*;?", re.I)
_CSS_URL = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<u>.*?)(?P=q)\s*\)", re.I | re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.S)
_CSS_DANGER = re.compile(
    r"@import|url\(|(?:image-set|image|cross-fade|element|src|expression)\s*\(|javascript:"
    r"|vbscript:|-moz-binding|\bbehavior\s*:", re.I)


def _css_unescape(css: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return m.group(2)
    return _CSS_ESCAPE.sub(one, css)


def _css_url_ok(target: str) -> bool:
    return _in_page(target) or _inline_image(target)


def sanitize_css(css: str) -> str | None:
    """CSS that can fetch nothing and never closes the element it sits in, or ``None``.

    ``<`` is written as the CSS escape ``\\3c `` (a stylesheet needs no markup; inside SVG a
    ``<style>`` is not raw text, so a ``<`` there would open a tag). Comments and ``@import``
    rules are removed; ``url(...)`` that is neither in-page (``#id``) nor an inline image becomes
    ``none``. If the result, with its escapes decoded, still names an outside resource or a
    script (``u\\72l(``, ``image-set("x.png")``, ``expression(``, ``javascript:``), the whole
    stylesheet is refused (``None``).
    """
    css = _CSS_COMMENT.sub("", css.replace("<", "\\3c "))
    css = _CSS_IMPORT.sub("", css)
    css = _CSS_URL.sub(lambda m: m.group(0) if _css_url_ok(m.group("u")) else "none", css)
    plain = _CSS_URL.sub(lambda m: "" if _css_url_ok(_css_unescape(m.group("u"))) else m.group(0),
                         _css_unescape(css))
    if _CSS_DANGER.search(plain):
        return None
    return css


def _with_soft_breaks(text: str) -> str:
    """``text`` escaped, with ``<wbr>`` after the natural break points of its long tokens."""
    out, pos = [], 0
    for m in _LONG_TOKEN.finditer(text):
        out.append(html.escape(text[pos:m.start()], quote=False))
        pieces = _TOKEN_BREAK.split(m.group(0))
        out.append("<wbr>".join(html.escape(piece, quote=False) for piece in pieces if piece))
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


# --- the page -----------------------------------------------------------------------------------

class _Sanitizer(HTMLParser):
    def __init__(self, default_alt: str):
        super().__init__(convert_charrefs=True)
        self.default_alt = default_alt
        self.out: list[str] = []
        self.svg_depth = 0
        self.in_script = False
        self.style_text: list[str] | None = None
        self.cell_depth = 0

    # -- tags
    def _allowed(self, tag: str) -> bool:
        return tag in _HTML_TAGS or (self.svg_depth > 0 and tag in _SVG_TAGS) or tag == "svg"

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
        kept: dict[str, str] = {}
        for name, value in attrs:
            value = "" if value is None else value
            if (not _ATTR_NAME.match(name) or name.startswith("on") or name in _DROP_ATTRS
                    or name in kept):
                continue
            if name in _URL_ATTRS:
                if tag in ("img", "image"):
                    ok = _inline_image(value)
                elif tag == "a":
                    ok = _safe_link(value)
                else:  # use, textpath, and any other tag with a reference: in-page only
                    ok = _in_page(value)
                if not ok:
                    continue
            elif name == "style":
                clean = sanitize_css(value)
                if clean is None:
                    continue
                value = clean
            elif "url(" in _css_unescape(value).lower():  # SVG paint: fill="url(#g)"
                if not all(_css_url_ok(m.group("u")) for m in _CSS_URL.finditer(value)):
                    continue
            kept[name] = value
        if tag == "meta":
            if "charset" in kept:
                kept = {"charset": "utf-8"}
            elif kept.get("name", "").lower() not in _META_NAMES:
                kept = {}
        if tag == "a" and "target" in kept:
            kept["rel"] = "noopener noreferrer"
        if tag == "img" and is_placeholder_alt(kept.get("alt")):
            kept["alt"] = self.default_alt
        return list(kept.items())

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.in_script = not self_closing
            return
        if not self._allowed(tag):
            return
        kept = self._attrs(tag, attrs)
        if (tag == "meta" and not kept) or (tag == "img" and not any(n == "src" for n, _ in kept)):
            return  # an image from outside the page would be a broken box: leave it out
        parts = [tag] + [f'{n}="{html.escape(v, quote=True)}"' for n, v in kept]
        in_svg = self.svg_depth > 0 or tag == "svg"
        if self_closing and in_svg:
            self.out.append("<" + " ".join(parts) + " />")
            return
        if self_closing and tag == "style":  # html.parser reads on as markup: close it here
            self.out.append("<" + " ".join(parts) + "></style>")
            return
        self.out.append("<" + " ".join(parts) + ">")
        if tag == "svg":
            self.svg_depth += 1
        if tag in ("td", "th"):
            self.cell_depth += 1
        if tag == "style":
            self.style_text = []

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if tag in _DROP_WITH_CONTENT:
            self.in_script = False
            return
        if tag == "style" and self.style_text is not None:
            clean = sanitize_css("".join(self.style_text))
            self.out.append(clean if clean is not None else "")
            self.style_text = None
        if not self._allowed(tag) or tag in _VOID:
            return
        self.out.append(f"</{tag}>")
        if tag == "svg" and self.svg_depth > 0:
            self.svg_depth -= 1
        if tag in ("td", "th") and self.cell_depth > 0:
            self.cell_depth -= 1

    # -- text and the rest
    def handle_data(self, data):
        if self.in_script:
            return
        if self.style_text is not None:
            self.style_text.append(data)
            return
        if self.cell_depth and self.svg_depth == 0:
            self.out.append(_with_soft_breaks(data))
        else:
            self.out.append(html.escape(data, quote=False))

    def handle_decl(self, decl):
        if decl.lower().startswith("doctype"):
            self.out.append("<!DOCTYPE html>")

    def handle_comment(self, data):  # comments carry nothing a reader needs
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):  # <![CDATA[ ... ]]> and the like
        pass


def sanitize_page(text: str, *, default_alt: str) -> str:
    """The page ``text`` rewritten so that nothing in it can run or fetch (see the module doc).

    Parameters
    ----------
    text : str
        A whole HTML page (or a fragment).
    default_alt : str
        The alt text an ``<img>`` gets when it has none or only a placeholder.

    Returns
    -------
    str
        The canonical, inert page. Deterministic: the same input gives the same text.
    """
    parser = _Sanitizer(default_alt)
    parser.feed(text)
    parser.close()
    if parser.style_text is not None:  # an unclosed <style> at the end of the text
        parser.handle_endtag("style")
    return "".join(parser.out)
