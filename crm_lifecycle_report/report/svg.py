# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Horizontal bar charts as plain numbers for an inline SVG in QWeb: no chart library,
nothing that wkhtmltopdf has to run (it draws SVG, JavaScript charts it may not)."""

BAR_WIDTH = 320  # px of the longest bar
BAR_HEIGHT = 16
BAR_GAP = 6
LABEL_WIDTH = 210


def bars(rows, max_value=None):
    """[(label, value, text)] -> {'height': px, 'bars': [{label, text, y, width}]}; bars
    scale on the largest absolute value (or `max_value`)."""
    top = max_value or max([abs(value) for _label, value, _text in rows] or [0]) or 1.0
    out = []
    for index, (label, value, text) in enumerate(rows):
        out.append({"label": label, "text": text, "y": index * (BAR_HEIGHT + BAR_GAP),
                    "width": max(1, int(round(BAR_WIDTH * abs(value or 0) / top))),
                    "negative": (value or 0) < 0})
    return {"height": max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP), "bars": out,
            "label_width": LABEL_WIDTH, "bar_x": LABEL_WIDTH + 5, "bar_height": BAR_HEIGHT,
            "text_x": LABEL_WIDTH + BAR_WIDTH + 12, "total_width": LABEL_WIDTH + BAR_WIDTH + 110}
