"""Charts on a phone: the width below which a chart's smallest text would be under 9 px."""

from __future__ import annotations

import struct
import zlib

import matplotlib.pyplot as plt

from perflib.report.charts import DPI, PHONE_TEXT_PX, Figure, render


def _png(width: int, height: int = 1) -> bytes:
    """A minimal valid PNG header of the given size (what Figure reads)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


def test_phone_width_keeps_the_smallest_text_at_9_px():
    assert DPI == 150 and PHONE_TEXT_PX == 9.0
    # 7.5 pt at 150 dpi is 15.625 image px; 9 px of it needs the 1000 px image shown 576 px wide
    fig = Figure(_png(1000), "alt", "caption", smallest_text_pt=7.5)
    assert fig.width_px == 1000
    assert fig.phone_width() == 576
    # 12 pt is 25 px: 9 px of it at 360 px
    assert Figure(_png(1000), "a", "c", 12.0).phone_width() == 360


def test_the_figure_carries_its_phone_width_and_can_take_focus():
    html = Figure(_png(1000), "alt", "caption", 7.5).to_html()
    assert html.startswith('<figure class="chart" tabindex="0" style="--phone-width: 576px">')


def test_render_records_the_smallest_text_drawn():
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.set_title("Title", fontsize=11)
    ax.text(0.5, 0.5, "small", fontsize=6.5)
    ax.text(0.2, 0.2, "", fontsize=3)  # empty text is not text
    ax.tick_params(labelsize=9)
    out = render(fig, "alt", "caption")
    assert out.smallest_text_pt == 6.5
    assert out.width_px > 0
