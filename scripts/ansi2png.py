#!/usr/bin/env python3
"""Renders a `tmux capture-pane -e -p` capture (text with SGR escapes) as a PNG.

Usage: ansi2png.py CAPTURE.ansi OUT.png [--columns 80] [--rows 24]
Understands the SGR codes tmux emits: reset, bold, underline, reverse, the 8/16 standard
colours, 256-colour and RGB colours, default colours. Wide characters take two cells.
Fonts: DejaVu Sans Mono (Debian fonts-dejavu-core).
"""
import argparse
import re
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
FALLBACK_WIDE = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]
SIZE = 16
FG, BG = (220, 220, 220), (24, 26, 33)
BASE = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
        (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]


def color256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def cell_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def parse(text, columns, rows):
    grid = [[(" ", None, None, False, False, False, 1) for _ in range(columns)] for _ in range(rows)]
    state = {"fg": None, "bg": None, "bold": False, "under": False, "rev": False}
    tokens = re.split(r"(\x1b\[[0-9;:]*m)", text)
    row = col = 0
    for token in tokens:
        if token.startswith("\x1b["):
            params = [int(p) if p else 0 for p in re.split(r"[;:]", token[2:-1])] or [0]
            i = 0
            while i < len(params):
                p = params[i]
                if p == 0:
                    state.update(fg=None, bg=None, bold=False, under=False, rev=False)
                elif p == 1:
                    state["bold"] = True
                elif p == 4:
                    state["under"] = True
                elif p == 7:
                    state["rev"] = True
                elif p == 22:
                    state["bold"] = False
                elif p == 24:
                    state["under"] = False
                elif p == 27:
                    state["rev"] = False
                elif 30 <= p <= 37:
                    state["fg"] = BASE[p - 30]
                elif 90 <= p <= 97:
                    state["fg"] = BASE[p - 90 + 8]
                elif 40 <= p <= 47:
                    state["bg"] = BASE[p - 40]
                elif 100 <= p <= 107:
                    state["bg"] = BASE[p - 100 + 8]
                elif p == 39:
                    state["fg"] = None
                elif p == 49:
                    state["bg"] = None
                elif p in (38, 48) and i + 1 < len(params):
                    key = "fg" if p == 38 else "bg"
                    if params[i + 1] == 5 and i + 2 < len(params):
                        state[key] = color256(params[i + 2])
                        i += 2
                    elif params[i + 1] == 2 and i + 4 < len(params):
                        state[key] = tuple(params[i + 2:i + 5])
                        i += 4
                i += 1
            continue
        for ch in token:
            if ch == "\n":
                row += 1
                col = 0
                continue
            if row >= rows:
                break
            width = cell_width(ch)
            if width == 0 and col > 0:
                prev = grid[row][col - 1]
                grid[row][col - 1] = (prev[0] + ch,) + prev[1:]
                continue
            if col + width > columns:
                continue
            grid[row][col] = (ch, state["fg"], state["bg"], state["bold"], state["under"], state["rev"], width)
            if width == 2 and col + 1 < columns:
                grid[row][col + 1] = ("", state["fg"], state["bg"], state["bold"], state["under"], state["rev"], 0)
            col += width
    return grid


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("capture")
    parser.add_argument("output")
    parser.add_argument("--columns", type=int, default=80)
    parser.add_argument("--rows", type=int, default=24)
    args = parser.parse_args()
    with open(args.capture, encoding="utf-8") as handle:
        text = handle.read()
    grid = parse(text, args.columns, args.rows)
    font = ImageFont.truetype(FONT, SIZE)
    bold = ImageFont.truetype(FONT_BOLD, SIZE)
    wide_font = None
    for path in FALLBACK_WIDE:
        try:
            wide_font = ImageFont.truetype(path, SIZE)
            break
        except OSError:
            continue
    left, top, right, bottom = font.getbbox("M")
    cw = round(font.getlength("M"))
    ch = SIZE + 6
    pad = 12
    image = Image.new("RGB", (args.columns * cw + 2 * pad, args.rows * ch + 2 * pad), BG)
    draw = ImageDraw.Draw(image)
    for r, line in enumerate(grid):
        for c, (text_, fg, bg, is_bold, under, rev, width) in enumerate(line):
            if width == 0:
                continue
            fg_ = fg or FG
            bg_ = bg
            if rev:
                fg_, bg_ = (bg or BG), (fg or FG)
            x, y = pad + c * cw, pad + r * ch
            if bg_ is not None:
                draw.rectangle([x, y, x + cw * width - 1, y + ch - 1], fill=bg_)
            if text_.strip():
                use = bold if is_bold else font
                if width == 2 and wide_font is not None:
                    use = wide_font
                draw.text((x, y + 2), text_, font=use, fill=fg_)
            if under:
                draw.line([x, y + ch - 3, x + cw * width - 1, y + ch - 3], fill=fg_)
    image.save(args.output)


if __name__ == "__main__":
    main()
