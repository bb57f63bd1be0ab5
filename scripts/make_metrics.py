"""Regenerate docgen/font_metrics.json from Debian's fonts-liberation2.

Liberation Serif 2 has exactly Times New Roman's advance widths and covers Vietnamese, so the
widths it gives are the ones Word and LibreOffice lay out with. Run after changing the set of
characters; the JSON is committed so that docgen needs no font at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STYLES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x1EA0, 0x1EFA), (0x2010, 0x2027), (0x2030, 0x203B)]


def main() -> None:
    out: dict[str, dict] = {}
    for style, name in STYLES.items():
        font = TTFont(FONT_DIR / name)
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = {}
        for lo, hi in RANGES:
            for cp in range(lo, hi):
                glyph = cmap.get(cp)
                if glyph is not None:
                    widths[chr(cp)] = hmtx[glyph][0]
        out[style] = {"units_per_em": font["head"].unitsPerEm, "widths": widths}
    target = Path(__file__).resolve().parent.parent / "docgen" / "font_metrics.json"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"wrote {target} ({target.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
