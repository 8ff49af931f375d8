# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Width of text on a terminal, in display cells: a Chinese character takes two cells, so
a column padded by characters (`"%-28s"`) shifts under Chinese names. East Asian Wide and
Fullwidth characters count 2, combining marks 0, everything else 1."""
import unicodedata


def cell_width(text):
    """The number of terminal cells `text` takes."""
    width = 0
    for char in str(text):
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def truncate(text, cells):
    """The longest start of `text` that fits in `cells` cells."""
    text = str(text)
    width = 0
    for index, char in enumerate(text):
        step = 0 if unicodedata.combining(char) else (
            2 if unicodedata.east_asian_width(char) in ("W", "F") else 1)
        if width + step > cells:
            return text[:index]
        width += step
    return text


def ljust(text, cells):
    """`text` cut to `cells` cells and padded with spaces to exactly `cells` cells."""
    text = truncate(text, cells)
    return text + " " * (cells - cell_width(text))


def rjust(text, cells):
    """`text` cut to `cells` cells and right-aligned in exactly `cells` cells."""
    text = truncate(text, cells)
    return " " * (cells - cell_width(text)) + text
