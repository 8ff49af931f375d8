# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo summary's columns line up under Chinese names: text is padded by display
cells (a Chinese character takes two), not by characters."""
import unittest

from ..tools.text_width import cell_width, ljust, rjust, truncate


class TestTextWidth(unittest.TestCase):

    def test_cells(self):
        self.assertEqual(cell_width("Acme Ltd"), 8)
        self.assertEqual(cell_width("上海华信科技有限公司"), 20)
        self.assertEqual(cell_width("PLC Controller PLC 控制器"), 19 + 6)
        self.assertEqual(cell_width("ＡＢ"), 4)          # fullwidth Latin
        self.assertEqual(cell_width("e\u0301"), 1)       # e + combining acute accent
        self.assertEqual(cell_width(""), 0)

    def test_truncate_never_splits_a_wide_character_over_the_limit(self):
        self.assertEqual(truncate("上海华信", 5), "上海")
        self.assertEqual(truncate("上海华信", 8), "上海华信")
        self.assertEqual(truncate("ab上海", 3), "ab")

    def test_columns_line_up_under_chinese_names(self):
        names = ["上海华信科技有限公司", "Blue River Trading Ltd", "李伟",
                 "深圳宏达精密制造有限公司超长的名字",
                 "Zhang Min 张敏"]
        rows = ["%s|%s|" % (ljust(name, 24), rjust("%d" % (i * 1000), 8)) for i, name in enumerate(names)]
        # every row takes the same cells, and the separators sit in the same cells
        self.assertEqual({cell_width(row) for row in rows}, {34})
        for row in rows:
            first = row.index("|")
            self.assertEqual(cell_width(row[:first]), 24)
        # padding by characters would not: the Chinese row would be 10 cells wider
        by_chars = ["%-24s|" % name for name in names[:2]]
        self.assertNotEqual(cell_width(by_chars[0]), cell_width(by_chars[1]))
