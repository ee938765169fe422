#!/usr/bin/env python3
"""Regenerate the screenshots of `hhtax serve` in docs/img/serve-*.png (issue 17; docs/serve.md shows them).

    python tools/screenshots.py [--out docs/img] [--lang vi|en]

Starts a real `hhtax serve` (tests/serve_process.py) on the example ledger (ledgers/grocery-2026 as
SQLite, in a temporary folder), then `hhtax serve --clients` on a folder of three example ledgers, and
drives headless Chromium (/usr/bin/chromium, Debian's package; HHTAX_CHROMIUM overrides) through the
pages as a shop owner and an accountant would: the overview, a form sent with a wrong amount, a file
uploaded, the journal, the books and a book, the year's returns, a return with its explanation, a
quarter marked as filed, the clients and a batch run. Each picture is the whole page at 1280 px
(`serve-NAME.png`) or 375 px (`serve-NAME-phone.png`) wide, cut at MAX_HEIGHT px (the return: 2800,
down to its explanation), in 256 colours.

The pages show today's deadlines, so the pictures change with the date. Vietnamese by default, as a
shop owner sees them. The browser's own widgets (the date field's mm/dd/yyyy, "Choose File") stay in
English: Debian's chromium has only the en-US interface unless chromium-l10n is installed.
Headless Chromium does not paint PDFs into screenshots: the return's inline PDF preview is an empty
dark box here (a desktop browser shows the PDF). Run by hand, then look at every picture before
committing it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serve_process import Server, example_ledger, serve  # noqa: E402

CHROMIUM = os.environ.get("HHTAX_CHROMIUM", "/usr/bin/chromium")
DESK, PHONE = 1280, 375
MAX_HEIGHT = 1800
UPLOAD = ("date,kind,amount,line,doc,description,payment\n"
          "2026-12-05,sale,1850000,goods,BL-1205-1,Bán lẻ ca sáng,cash\n"
          "2026-12-05,sale,2240000,goods,BL-1205-2,Bán lẻ ca chiều,bank\n")
CLIENTS = ("grocery-2026", "restaurant-2026", "tailor-2026")


class Camera:
    """Signed-in pages at both widths and the pictures taken of them."""

    def __init__(self, browser: Any, server: Server, out: Path, lang: str) -> None:
        self.server, self.out, self.lang, self.written = server, out, lang, []
        self.pages = {}
        for width in (DESK, PHONE):
            context = browser.new_context(viewport={"width": width, "height": 860}, device_scale_factor=1,
                                          locale="vi-VN" if lang == "vi" else "en-US")
            page = context.new_page()
            page.goto(f"{server.login}")
            page.goto(f"{server.base}/?lang={lang}")  # the language cookie
            self.pages[width] = page

    def open(self, path: str, width: int = DESK) -> Any:
        page = self.pages[width]
        response = page.goto(self.server.base + path)
        if response is None or response.status >= 500:
            raise SystemExit(f"{path}: HTTP {response.status if response else '?'}")
        return page

    def shoot(self, name: str, width: int = DESK, before: Callable[[Any], None] | None = None,
              tallest: int = MAX_HEIGHT) -> None:
        page = self.pages[width]
        if before is not None:
            before(page)
        page.wait_for_load_state("networkidle")
        height = min(tallest, page.evaluate("document.scrollingElement.scrollHeight"))
        target = self.out / (f"serve-{name}.png" if width == DESK else f"serve-{name}-phone.png")
        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": width, "height": height},
                        full_page=True)
        shrink(target)
        self.written.append(target)

    def both(self, name: str, path: str, before: Callable[[Any], None] | None = None,
             tallest: int = MAX_HEIGHT) -> None:
        for width in (DESK, PHONE):
            self.open(path, width)
            self.shoot(name, width, before, tallest)

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def shrink(path: Path) -> None:
    """256 colours without dithering (a page's flat colours and text look the same) and zlib's best:
    about a third of the bytes. Pillow comes with reportlab."""
    from PIL import Image

    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def open_details(page: Any) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def shop(camera: Camera, scratch: Path) -> None:
    """The shop owner's pages, in the order that changes the ledger last."""
    camera.both("home", "/")
    camera.both("journal", "/journal")
    camera.both("books", "/books")
    camera.open("/books")
    camera.pages[DESK].locator("tbody a").first.click()
    camera.shoot("book")
    camera.open("/returns")
    camera.shoot("returns")
    camera.both("return", "/returns/2026-Q3", before=open_details, tallest=2800)  # down to the explanation
    camera.open("/record")
    camera.shoot("record")
    page = camera.open("/record", PHONE)
    page.fill("#f-amount", "1.500.000,5")
    page.fill("#f-description", "Bán lẻ cuối ngày")
    page.locator("form.card button[type=submit]").click()
    camera.shoot("record", PHONE)
    upload = scratch / "ban-hang-thang-12.csv"
    upload.write_text(UPLOAD, encoding="utf-8")
    page = camera.open("/upload")
    page.set_input_files("#f-file", str(upload))
    page.locator("form.card button[type=submit]").click()
    camera.shoot("upload")
    page = camera.open("/returns/2026-Q2")
    page.check("#f-confirm")
    page.locator("form[action$='/file'] button[type=submit]").click()
    camera.shoot("filed")


def accountant(camera: Camera) -> None:
    camera.both("clients", "/?period=2026-Q3")
    page = camera.open("/?period=2026-Q3")
    page.locator("form[action='/batch'] button[type=submit]").click()
    page.locator(".alert.ok[role=status]").wait_for(timeout=300_000)  # the page reloads itself until done
    camera.shoot("batch")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    scratch = Path(tempfile.gettempdir()) / "hhtax-screenshots"  # a fixed path: it shows on the pages
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        (scratch / "shop").mkdir()
        with serve(example_ledger(scratch / "shop")) as server:
            camera = Camera(browser, server, args.out, args.lang)
            shop(camera, scratch)
            camera.close()
            written += camera.written
        clients = scratch / "khach-hang"
        clients.mkdir()
        for name in CLIENTS:
            example_ledger(clients, f"{name}.sqlite", ROOT / "ledgers" / name)
        with serve(clients=clients) as server:
            camera = Camera(browser, server, args.out, args.lang)
            accountant(camera)
            camera.close()
            written += camera.written
        browser.close()
    shutil.rmtree(scratch, ignore_errors=True)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
