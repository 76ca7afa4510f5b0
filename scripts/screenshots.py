"""Regenerate the README's pictures of the report: the first screen of the HTML and the first PDF page.

Run by `make screenshots` after `make report`. The HTML is photographed in
headless Debian Chromium (driven by Playwright, no browser download) with the
network closed; the PDF page is drawn by pdftoppm (poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(quarter_slug: str = "2023-24-Q3") -> int:
    from playwright.sync_api import sync_playwright

    out = ROOT / "outputs" / quarter_slug
    html, pdf = out / "appendix1.html", out / "appendix1.pdf"
    if not html.exists() or not pdf.exists():
        print(f"no report in {out}: run `make report` first", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort(),
        )
        page.goto(html.as_uri())
        page.screenshot(path=str(IMAGES / "appendix1-html.png"))
        browser.close()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(IMAGES / "appendix1-pdf")],
        check=True,
    )
    print(f"wrote {IMAGES / 'appendix1-html.png'} and {IMAGES / 'appendix1-pdf.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
