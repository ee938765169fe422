"""A small, fast, deterministic PDF writer for the printed declarations (xml-format.md §14.4).

reportlab's Canvas spends most of a declaration's 5 ms budget on per-document font subsetting and
per-string encoding (measured: ~9.5 ms for two pages; docs/declarations.md, "PDF"). The forms use
one font family and a known alphabet, so this writer embeds each bundled Noto Serif face once per
process as a fixed 256-glyph subset holding ASCII, every Vietnamese letter and the punctuation the
forms print; any other character goes to a per-document extra subset. reportlab still parses the
TrueType files and cuts the subsets (`TTFontFile.makeSubset`). Every font has a ToUnicode map, so
`pdftotext` extracts the text with its diacritics. No dates or random IDs are written: the same
pages give the same bytes.

Coordinates are points from the top-left corner of the page; `y` of text is its baseline.
"""

from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from reportlab.pdfbase import pdfmetrics

from hhtax.fonts import BOLD, ITALIC, REGULAR, register_fonts

A4 = (595.2756, 841.8898)
_RESOURCE = {REGULAR: "F1_0", BOLD: "F2_0", ITALIC: "F3_0"}
A4_LANDSCAPE = (A4[1], A4[0])
FONT_ORDER = (REGULAR, BOLD, ITALIC)

_VIETNAMESE = ("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
               "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ"
               "ỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ")
_PUNCTUATION = "–—“”‘’…•×°§«»²\u00a0"
_FONT_ZLIB = 9  # fonts are compressed once per process: smallest
_PAGE_ZLIB = 1  # pages are compressed per document: fastest (+10 % content size)


def _base_alphabet() -> list[int]:
    """Code → Unicode of the fixed subset: ASCII at its own codes, the rest in the free codes."""
    extra = [ord(c) for c in _VIETNAMESE + _PUNCTUATION]
    free = [*range(1, 32), *range(127, 256)]
    if len(extra) > len(free):
        raise AssertionError("the fixed alphabet does not fit one 256-glyph subset")
    codes = [0] * 256
    for code in range(32, 127):
        codes[code] = code
    for code, char in zip(free, extra, strict=False):
        codes[code] = char
    last = max(i for i, c in enumerate(codes) if c)
    return codes[: last + 1]


def _to_unicode_cmap(name: str, subset: list[int]) -> bytes:
    pairs = "\n".join(f"<{i:02X}> <{c:04X}>" for i, c in enumerate(subset) if c)
    count = sum(1 for c in subset if c)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        f"/CMapName /{name}-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<00> <{len(subset) - 1:02X}>\nendcodespacerange\n"
        f"{count} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _stream(data: bytes, extra: str = "", *, level: int = _FONT_ZLIB) -> bytes:
    packed = zlib.compress(data, level)
    return (f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode("ascii")
            + packed + b"\nendstream")


@dataclass(frozen=True)
class _Subset:
    """One embedded 256-code subset of a face: its objects (built once) and its code map."""

    codes: dict[str, int]
    font_dict: str  # the Font dictionary with `{descriptor}` and `{cmap}` placeholders
    descriptor: str  # the FontDescriptor with a `{file}` placeholder
    font_file: bytes
    cmap: bytes


def _make_subset(font_name: str, subset: list[int], tag: str) -> _Subset:
    face: Any = pdfmetrics.getFont(font_name).face
    base_name = f"{tag}+{face.name.decode('ascii')}"
    program = face.makeSubset(subset)
    widths = " ".join(str(round(face.getCharWidth(c))) if c else "0" for c in subset)
    flags = (face.flags & ~32) | 4  # symbolic: glyphs are selected by code through the subset's cmap
    bbox = " ".join(str(v) for v in face.bbox)
    font_dict = (f"<< /Type /Font /Subtype /TrueType /BaseFont /{base_name} /FirstChar 0 "
                 f"/LastChar {len(subset) - 1} /Widths [{widths}] /FontDescriptor {{descriptor}} 0 R "
                 f"/ToUnicode {{cmap}} 0 R >>")
    descriptor = (f"<< /Type /FontDescriptor /FontName /{base_name} /Flags {flags} /FontBBox [{bbox}] "
                  f"/ItalicAngle {face.italicAngle} /Ascent {face.ascent} /Descent {face.descent} "
                  f"/CapHeight {face.capHeight} /StemV {face.stemV} /MissingWidth {face.defaultWidth} "
                  f"/FontFile2 {{file}} 0 R >>")
    return _Subset(codes={chr(c): i for i, c in enumerate(subset) if c}, font_dict=font_dict,
                   descriptor=descriptor,
                   font_file=_stream(program, f" /Length1 {len(program)}"),
                   cmap=_stream(_to_unicode_cmap(base_name, subset)))


@dataclass(frozen=True)
class _Face:
    """A face's glyph widths (1/1000 em) and its fixed subset."""

    name: str
    widths: dict[str, float]
    default_width: float
    base: _Subset
    known: frozenset[str]


@cache
def _face(font_name: str) -> _Face:
    register_fonts()
    face: Any = pdfmetrics.getFont(font_name).face
    tag = "HHTAX" + "ABC"[FONT_ORDER.index(font_name)]
    base = _make_subset(font_name, _base_alphabet(), tag)
    widths = {chr(code): float(w) for code, w in face.charWidths.items()}
    return _Face(font_name, widths, float(face.defaultWidth), base, frozenset(widths))


@cache
def _extra_subset(font_name: str, chars: tuple[str, ...], index: int) -> _Subset:
    tag = "HHTX" + "ABC"[FONT_ORDER.index(font_name)] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index % 26]
    return _make_subset(font_name, [0, *(ord(c) for c in chars)], tag)


@lru_cache(maxsize=16384)
def _units(text: str, font: str) -> float:
    face = _face(font)
    widths, default = face.widths, face.default_width
    return sum(widths.get(c, default) for c in text)


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of `text` in points."""
    return _units(text, font) * size / 1000


def _fmt(value: float) -> str:
    return f"{value:.2f}"


@lru_cache(maxsize=16384)
def _base_hex(text: str, font: str) -> str | None:
    """The hex codes of `text` in the fixed subset, or None when a character is outside it."""
    codes = _face(font).base.codes
    try:
        return bytes(codes[c] for c in text).hex()
    except KeyError:
        return None


@dataclass
class _FontUse:
    """Per document: the extra characters (beyond the fixed subset) a face needed, in order."""

    extras: list[str] = field(default_factory=list)
    extra_codes: dict[str, tuple[int, int]] = field(default_factory=dict)  # char → (subset, code)

    def code(self, char: str) -> tuple[int, int]:
        found = self.extra_codes.get(char)
        if found is None:
            position = len(self.extras)
            found = (1 + position // 255, 1 + position % 255)
            self.extras.append(char)
            self.extra_codes[char] = found
        return found


@dataclass(frozen=True)
class Block:
    """Content drawn from the top of a page, to be placed lower on other pages; `fonts` it draws with."""

    ops: str
    fonts: tuple[str, ...]


class Page:
    """One page: a list of PDF content operators drawn with top-left coordinates."""

    def __init__(self, doc: Document, width: float, height: float) -> None:
        self.doc = doc
        self.width = width
        self.height = height
        self._ops: list[str] = []

    def text(self, x: float, y: float, text: str, font: str = REGULAR, size: float = 9,
             align: str = "left") -> None:
        """Draw one line of text; `align` is "left", "centre" (x is the centre) or "right" (x is the end)."""
        text = unicodedata.normalize("NFC", text)
        if not text:
            return
        if align != "left":
            width = text_width(text, font, size)
            x -= width / 2 if align == "centre" else width
        position = f"BT {_fmt(x)} {_fmt(self.height - y)} Td"
        simple = _base_hex(text, font)
        if simple is not None:
            self.doc.use(font)
            self._ops.append(f"{position} /{_RESOURCE[font]} {size:.2f} Tf <{simple}> Tj ET")
            return
        runs = " ".join(f"/{resource} {_fmt(size)} Tf <{data.hex()}> Tj"
                        for resource, data in self.doc.encode(font, text))
        self._ops.append(f"{position} {runs} ET")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5) -> None:
        h = self.height
        self._ops.append(f"{_fmt(width)} w {_fmt(x1)} {_fmt(h - y1)} m {_fmt(x2)} {_fmt(h - y2)} l S")

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.5,
             fill: float | None = None) -> None:
        """A rectangle with its top-left corner at (x, y); `fill` is a grey level (1 = white) or None."""
        box = f"{width:.2f} w {x:.2f} {self.height - y - h:.2f} {w:.2f} {h:.2f} re"
        if fill is None:
            self._ops.append(f"{box} S")
        else:
            self._ops.append(f"{fill:.2f} g {box} B 0 g")

    def as_block(self) -> Block | None:
        """This page's drawing as a reusable block; None when it needs a per-document font subset."""
        uses = self.doc.font_uses()
        if any(use.extras for use in uses.values()):
            return None
        return Block("\n".join(self._ops), tuple(uses))

    def block(self, block: Block, top: float) -> None:
        """Draw `block` moved down by `top` points."""
        for font in block.fonts:
            self.doc.use(font)
        self._ops.append(f"q 1 0 0 1 0 {-top:.2f} cm\n{block.ops}\nQ")

    def mark(self) -> int:
        """A position in this page's drawing, for `take`."""
        return len(self._ops)

    def take(self, mark: int) -> list[str]:
        """Remove and return what was drawn after `mark` (to move it to another page with `put`)."""
        taken = self._ops[mark:]
        del self._ops[mark:]
        return taken

    def put(self, ops: list[str], up: float) -> None:
        """Draw operators taken from another page, moved up by `up` points (the fonts are registered)."""
        if ops:
            self._ops.append(f"q 1 0 0 1 0 {up:.2f} cm\n" + "\n".join(ops) + "\nQ")

    def content(self) -> bytes:
        return "\n".join(self._ops).encode("latin-1")


class Document:
    """A set of pages and the fonts they use; `to_bytes` writes the PDF file."""

    def __init__(self, title: str = "", author: str = "") -> None:
        self.title = title
        self.author = author
        self.pages: list[Page] = []
        self._uses: dict[str, _FontUse] = {}

    def new_page(self, size: tuple[float, float] = A4) -> Page:
        page = Page(self, size[0], size[1])
        self.pages.append(page)
        return page

    def font_uses(self) -> dict[str, _FontUse]:
        return self._uses

    def use(self, font: str) -> None:
        """Note that a page draws with `font`, so that its fixed subset is embedded."""
        if font not in self._uses:
            self._uses[font] = _FontUse()

    def encode(self, font: str, text: str) -> list[tuple[str, bytes]]:
        """Split `text` into (font resource, codes) runs of the fixed and the per-document subsets."""
        face = _face(font)
        base = face.base.codes
        prefix = f"F{FONT_ORDER.index(font) + 1}"
        use = self._uses.setdefault(font, _FontUse())
        runs: list[tuple[int, bytearray]] = []
        for char in text:
            code = base.get(char)
            subset = 0
            if code is None:
                if char in face.known:
                    subset, code = use.code(char)
                else:
                    code = base["?"]
            if runs and runs[-1][0] == subset:
                runs[-1][1].append(code)
            else:
                runs.append((subset, bytearray([code])))
        return [(f"{prefix}_{subset}", bytes(data)) for subset, data in runs]

    def _font_subsets(self) -> list[tuple[str, _Subset]]:
        found: list[tuple[str, _Subset]] = []
        for number, font in enumerate(FONT_ORDER, start=1):
            if font not in self._uses:
                continue
            found.append((f"F{number}_0", _face(font).base))
            extras = self._uses[font].extras
            for index in range(0, len(extras), 255):
                chars = tuple(extras[index:index + 255])
                found.append((f"F{number}_{1 + index // 255}", _extra_subset(font, chars, index // 255)))
        return found

    def to_bytes(self) -> bytes:
        """The PDF file: catalogue, page tree, info, fonts, then each page and its content stream."""
        objects: list[bytes] = []

        def add(body: bytes | str) -> int:
            objects.append(body.encode("latin-1") if isinstance(body, str) else body)
            return len(objects)

        add("")  # 1: catalogue, filled last
        add("")  # 2: page tree, filled last
        info = add(f"<< /Producer (hhtax) /Creator (hhtax) /Title {_pdf_text(self.title)} "
                   f"/Author {_pdf_text(self.author)} >>")
        font_refs: list[str] = []
        for resource, subset in self._font_subsets():
            file_ref = add(subset.font_file)
            cmap_ref = add(subset.cmap)
            descriptor_ref = add(subset.descriptor.replace("{file}", str(file_ref)))
            font_ref = add(subset.font_dict.replace("{descriptor}", str(descriptor_ref))
                           .replace("{cmap}", str(cmap_ref)))
            font_refs.append(f"/{resource} {font_ref} 0 R")
        resources = add(f"<< /Font << {' '.join(font_refs)} >> /ProcSet [/PDF /Text] >>")
        kids: list[str] = []
        for page in self.pages:
            content_ref = add(_stream(page.content(), level=_PAGE_ZLIB))
            page_ref = add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_fmt(page.width)} "
                           f"{_fmt(page.height)}] /Resources {resources} 0 R /Contents {content_ref} 0 R >>")
            kids.append(f"{page_ref} 0 R")
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets: list[int] = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
        out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
        out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info} 0 R >>\n"
                f"startxref\n{xref}\n%%EOF\n").encode("ascii")
        return bytes(out)


def _pdf_text(text: str) -> str:
    """A PDF text string in UTF-16BE with a byte-order mark, as a hex string."""
    return "<FEFF" + unicodedata.normalize("NFC", text).encode("utf-16-be").hex().upper() + ">"
