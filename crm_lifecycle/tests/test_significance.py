# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fisher's exact test of a campaign's uplift, against values computed by hand."""
import unittest

from .. import significance


class TestSignificance(unittest.TestCase):

    def test_known_tables(self):
        # the lady tasting tea: 3 of 4 against 1 of 4, two-sided p = 34 / 70
        self.assertAlmostEqual(significance.fisher_p_value(3, 4, 1, 4), 34.0 / 70, places=9)
        # a perfect split of 20: the two extreme tables of C(20, 10)
        self.assertAlmostEqual(significance.fisher_p_value(10, 10, 0, 10), 2.0 / 184756, places=12)
        # no difference at all
        self.assertAlmostEqual(significance.fisher_p_value(5, 10, 5, 10), 1.0)
        # the direction does not matter (two-sided)
        self.assertAlmostEqual(significance.fisher_p_value(1, 4, 3, 4), 34.0 / 70, places=9)

    def test_large_groups_and_empty_ones(self):
        # 3.3 % against 2.5 % of a large segment: significant; the same rates on 200: not
        self.assertLess(significance.fisher_p_value(3000, 90000, 250, 10000), 0.001)
        self.assertGreater(significance.fisher_p_value(6, 180, 1, 20), 0.5)
        self.assertIsNone(significance.fisher_p_value(0, 0, 1, 2))
