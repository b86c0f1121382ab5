#!/usr/bin/env python3
"""Renders `tmux capture-pane -e -p` output (text with SGR colour codes) to a PNG.

Usage: render_terminal.py INPUT.ansi OUTPUT.png COLUMNS ROWS
Draws a monospace grid with DejaVu Sans Mono (Debian: fonts-dejavu-core) using Pillow.
"""

import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
SIZE = 15
BACKGROUND = (24, 26, 31)
FOREGROUND = (214, 218, 224)
# xterm-ish 16 colours, tuned for a dark background.
PALETTE = [
    (40, 42, 54), (232, 90, 90), (98, 200, 120), (230, 196, 84), (98, 150, 240), (200, 120, 220), (86, 200, 214),
    (214, 218, 224), (110, 115, 130), (255, 120, 120), (130, 230, 150), (250, 220, 120), (140, 180, 255),
    (230, 150, 240), (120, 230, 240), (255, 255, 255),
]


def colour_256(index):
    if index < 16:
        return PALETTE[index]
    if index < 232:
        index -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[index // 36], steps[(index // 6) % 6], steps[index % 6]
    level = 8 + (index - 232) * 10
    return level, level, level


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.underline = self.reverse = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code == 0:
                self.reset()
            elif code == 1:
                self.bold = True
            elif code == 2:
                self.dim = True
            elif code == 4:
                self.underline = True
            elif code == 7:
                self.reverse = True
            elif code == 22:
                self.bold = self.dim = False
            elif code == 24:
                self.underline = False
            elif code == 27:
                self.reverse = False
            elif 30 <= code <= 37:
                self.fg = PALETTE[code - 30]
            elif 90 <= code <= 97:
                self.fg = PALETTE[code - 90 + 8]
            elif code == 39:
                self.fg = None
            elif 40 <= code <= 47:
                self.bg = PALETTE[code - 40]
            elif 100 <= code <= 107:
                self.bg = PALETTE[code - 100 + 8]
            elif code == 49:
                self.bg = None
            elif code in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    value = colour_256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    value = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    value = None
                if code == 38:
                    self.fg = value
                else:
                    self.bg = value
            i += 1

    def colours(self):
        fg = self.fg or FOREGROUND
        bg = self.bg or BACKGROUND
        if self.reverse:
            fg, bg = bg, fg
        if self.dim:
            fg = tuple((f * 55 + b * 45) // 100 for f, b in zip(fg, bg))
        return fg, bg


SGR = re.compile(r"\x1b\[([0-9;]*)m")
OTHER_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b\][^\x07]*\x07")


def render(text, columns, rows, output):
    regular = ImageFont.truetype(f"{FONT_DIR}/DejaVuSansMono.ttf", SIZE)
    bold = ImageFont.truetype(f"{FONT_DIR}/DejaVuSansMono-Bold.ttf", SIZE)
    cell_w = round(regular.getlength("M"))
    cell_h = round(SIZE * 1.3)
    pad = 14
    image = Image.new("RGB", (columns * cell_w + 2 * pad, rows * cell_h + 2 * pad), BACKGROUND)
    draw = ImageDraw.Draw(image)
    style = Style()
    for y, line in enumerate(text.split("\n")[:rows]):
        line = OTHER_ESCAPE.sub("", line)
        x = 0
        position = 0
        while position < len(line) and x < columns:
            match = SGR.match(line, position)
            if match:
                style.apply(match.group(1))
                position = match.end()
                continue
            char = line[position]
            position += 1
            width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
            fg, bg = style.colours()
            left, top = pad + x * cell_w, pad + y * cell_h
            draw.rectangle([left, top, left + width * cell_w - 1, top + cell_h - 1], fill=bg)
            if char in "─│┌┐└┘├┤┬┴┼":
                draw_box(draw, char, left, top, cell_w, cell_h, fg)
            elif char != " ":
                font = bold if style.bold else regular
                draw.text((left, top + (cell_h - SIZE) // 2 - 1), char, font=font, fill=fg)
            if style.underline:
                draw.line([left, top + cell_h - 2, left + width * cell_w - 1, top + cell_h - 2], fill=fg)
            x += width
        # Fill the rest of the row with the current background (tmux omits trailing blanks).
        fg, bg = style.colours()
        if bg != BACKGROUND and x < columns:
            draw.rectangle([pad + x * cell_w, pad + y * cell_h, pad + columns * cell_w - 1, pad + (y + 1) * cell_h - 1], fill=bg)
        style.reset()
    image.save(output)


def draw_box(draw, char, left, top, w, h, colour):
    """Box-drawing characters drawn as lines, so borders join up without gaps."""
    cx, cy = left + w // 2, top + h // 2
    right, bottom = left + w - 1, top + h - 1
    segments = {
        "─": [(left, cy, right, cy)], "│": [(cx, top, cx, bottom)],
        "┌": [(cx, cy, right, cy), (cx, cy, cx, bottom)], "┐": [(left, cy, cx, cy), (cx, cy, cx, bottom)],
        "└": [(cx, top, cx, cy), (cx, cy, right, cy)], "┘": [(cx, top, cx, cy), (left, cy, cx, cy)],
        "├": [(cx, top, cx, bottom), (cx, cy, right, cy)], "┤": [(cx, top, cx, bottom), (left, cy, cx, cy)],
        "┬": [(left, cy, right, cy), (cx, cy, cx, bottom)], "┴": [(left, cy, right, cy), (cx, top, cx, cy)],
        "┼": [(left, cy, right, cy), (cx, top, cx, bottom)],
    }
    for segment in segments[char]:
        draw.line(segment, fill=colour)


if __name__ == "__main__":
    source, destination, columns, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(source, encoding="utf-8") as handle:
        render(handle.read(), columns, rows, destination)
