# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""RFM quintiles, segments and ABC classes in a company of our own, so that the scored
population is exactly the customers made here."""
from .common import LifecycleCase


class TestScores(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Scores Test Co")

    def make(self, name, orders):
        """A customer with orders [(days_ago, amount)], all confirmed."""
        partner = self.customer(name, company_id=self.company.id)
        for days_ago, amount in orders:
            self.sale(partner, days_ago, amount)
        return partner

    def test_single_customer_is_scored_top(self):
        solo = self.make("Solo", [(10, 100.0)])
        self.recompute()
        p = self.profile(solo)
        self.assertEqual((p.r_score, p.f_score, p.m_score), (5, 5, 5))
        self.assertEqual(p.rfm_segment, "champions")
        self.assertEqual(p.abc_class, "A")

    def test_quintiles_ties_and_segments(self):
        # ten customers: recency 10i days and 11-i orders of 100 (distinct R, F, M), plus
        # two exact twins in the middle to check ties
        people = [self.make("C%02d" % i, [(10 * i, 100.0)] + [(10 * i + 1, 100.0)] * (10 - i))
                  for i in range(1, 11)]
        twin_a = self.make("Twin A", [(55, 300.0)] + [(56, 300.0)] * 4)
        twin_b = self.make("Twin B", [(55, 300.0)] + [(56, 300.0)] * 4)
        lapsed = self.make("Old buyer", [(500, 9000.0)])
        self.recompute()
        first, last = self.profile(people[0]), self.profile(people[-1])
        self.assertEqual((first.r_score, first.f_score), (5, 5))
        self.assertEqual((last.r_score, last.f_score), (1, 1))
        self.assertEqual(first.rfm_segment, "champions")
        self.assertEqual(last.rfm_segment, "hibernating")
        a, b = self.profile(twin_a), self.profile(twin_b)
        self.assertEqual((a.r_score, a.f_score, a.m_score), (b.r_score, b.f_score, b.m_score),
                         "equal values get equal scores whatever their order")
        scored = [self.profile(p) for p in people] + [a, b]
        for dim in ("r_score", "f_score", "m_score"):
            counts = [len([p for p in scored if p[dim] == s]) for s in range(1, 6)]
            self.assertTrue(all(counts), "every quintile used with 12 customers: %s %s" % (dim, counts))
        old = self.profile(lapsed)
        self.assertEqual((old.r_score, old.f_score, old.m_score), (0, 0, 0),
                         "customers outside the scoring window are not ranked")
        self.assertEqual(old.rfm_segment, "lost")

    def test_abc_pareto(self):
        big = self.make("Big", [(5, 8000.0)])
        mid = self.make("Mid", [(5, 1500.0)])
        small = self.make("Small", [(5, 500.0)])
        self.recompute()
        # 8000 of 10000 opens the top 80 %; 1500 takes it to 95 %; the rest is C
        self.assertEqual(self.profile(big).abc_class, "A")
        self.assertEqual(self.profile(mid).abc_class, "B")
        self.assertEqual(self.profile(small).abc_class, "C")

    def test_refresh_scores_against_bands(self):
        people = [self.make("B%02d" % i, [(10 * i, 100.0 * i)]) for i in range(1, 6)]
        self.recompute()
        before = {p.id: (self.profile(p).r_score, self.profile(p).m_score) for p in people}
        counts = self.recompute(partners=people[2])
        self.assertFalse(counts["full"])
        after = {p.id: (self.profile(p).r_score, self.profile(p).m_score) for p in people}
        self.assertEqual(before, after, "a partial refresh reproduces the full ranking")
        bands = self.env["crm.lifecycle.score.band"].search([("company_id", "=", self.company.id)])
        self.assertEqual(set(bands.mapped("dimension")), {"r", "f", "m", "abc"})
