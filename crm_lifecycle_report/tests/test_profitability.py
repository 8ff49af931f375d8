# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The profitability quadrant: value (ABC) against margin, from real orders of a product
with a standard cost."""
from odoo.addons.crm_lifecycle.tests.common import LifecycleCase
from odoo.addons.crm_lifecycle.tools import flows

MODEL = "crm.lifecycle.report.profitability"


class TestProfitability(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Profitability Co")
        cls.product = cls.product.with_env(cls.env)  # the cost is set in the new company
        cls.product.write({"standard_price": 60.0})
        cls.big_loss = cls.customer("Big But Loss-Making Ltd")
        cls.small_profit = cls.customer("Small Profitable Ltd")
        for days_ago in (200, 100, 10):
            cls.buy(cls.big_loss, days_ago, 100, 55.0)      # 5 below cost, 100 units an order
        cls.buy(cls.small_profit, 30, 1, 100.0)

    @classmethod
    def buy(cls, partner, days_ago, qty, price):
        order = flows.create_order(partner, cls.day(days_ago), [(cls.product, qty, price)])
        flows.confirm_order(order, cls.day(days_ago))

    def test_quadrants(self):
        self.recompute()
        rows = self.env[MODEL].search([("company_id", "=", self.company.id)])
        by_partner = {row.partner_id: row for row in rows}
        big, small = by_partner[self.big_loss], by_partner[self.small_profit]
        self.assertEqual(big.abc_class, "A")
        self.assertEqual(big.quadrant, "high_unprofitable")
        self.assertAlmostEqual(big.margin_total, 3 * 100 * (55 - 60))
        self.assertEqual(small.quadrant, "low_profitable")
        self.assertAlmostEqual(small.margin_total, 40.0)
        self.assertAlmostEqual(small.revenue_net, 100.0)
        # the unprofitable filter of the report's search view
        unprofitable = self.env[MODEL].search([("company_id", "=", self.company.id),
                                               ("margin_total", "<", 0)])
        self.assertEqual(unprofitable.mapped("partner_id"), self.big_loss)
