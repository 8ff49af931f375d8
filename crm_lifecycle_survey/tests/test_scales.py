# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scales, categories and the NPS formula on their own (no database)."""
import unittest

from .. import scales


class TestScales(unittest.TestCase):

    def test_valid_scores(self):
        self.assertEqual(scales.valid_score("nps", 0), 0)
        self.assertEqual(scales.valid_score("nps", 10.0), 10)
        self.assertIsNone(scales.valid_score("nps", 11))
        self.assertIsNone(scales.valid_score("nps", -1))
        self.assertIsNone(scales.valid_score("nps", 7.5))
        self.assertIsNone(scales.valid_score("nps", None))
        self.assertIsNone(scales.valid_score("nps", "abc"))
        self.assertIsNone(scales.valid_score("csat", 0))
        self.assertEqual(scales.valid_score("csat", 5), 5)
        self.assertIsNone(scales.valid_score("csat", 6))
        self.assertEqual(scales.valid_score("ces", 7), 7)
        self.assertIsNone(scales.valid_score("ces", 8))
        self.assertIsNone(scales.valid_score("other", 3))

    def test_categories(self):
        self.assertEqual([scales.nps_category(s) for s in range(11)],
                         ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2)

    def test_unhappy(self):
        self.assertEqual([s for s in range(11) if scales.is_unhappy("nps", s)], list(range(7)))
        self.assertEqual([s for s in range(1, 6) if scales.is_unhappy("csat", s)], [1, 2])
        self.assertEqual([s for s in range(1, 8) if scales.is_unhappy("ces", s)], [6, 7])

    def test_nps_by_hand(self):
        # 3 promoters, 1 passive, 2 detractors of 6: 50% - 33.3% = 16.7
        self.assertAlmostEqual(scales.nps([10, 9, 9, 8, 6, 0]), 100.0 * (3 - 2) / 6)
        self.assertEqual(scales.nps([9, 10]), 100.0)
        self.assertEqual(scales.nps([0, 6]), -100.0)
        self.assertIsNone(scales.nps([]))

    def test_health(self):
        self.assertEqual(scales.health("nps", 10), 100.0)
        self.assertEqual(scales.health("csat", 1), 0.0)
        self.assertEqual(scales.health("ces", 1), 100.0)
        self.assertEqual(scales.health("ces", 7), 0.0)
