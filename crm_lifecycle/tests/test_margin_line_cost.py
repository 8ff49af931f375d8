# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Margin from each order line's own cost, where Odoo's Margins addon (sale_margin) records
one. setup/test.sh runs this file a second time on a copy of the test database with
sale_margin installed; on the database without it, the tests skip."""
from ..tools import flows
from .common import LifecycleCase


class TestMarginLineCost(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_cost = "purchase_price" in cls.env["sale.order.line"]._fields
        if not cls.line_cost:
            return
        flows.change_cost(cls.product, 60.0, cls.day(1000))
        cls.buyer = cls.customer("Line Cost Ltd")
        cls.first = cls.buy(cls.buyer, 400, 2)  # sale_margin records the cost of 60
        cls.second = cls.buy(cls.buyer, 100, 1)
        # the salesperson corrects the cost of the second line (a special purchase)
        cls.second.order_line.write({"purchase_price": 30.0})
        # and the product's cost changes afterwards: the lines keep the cost they were sold at
        flows.change_cost(cls.product, 90.0, cls.day(10))

    @classmethod
    def buy(cls, partner, days_ago, qty):
        order = flows.create_order(partner, cls.day(days_ago), [(cls.product, qty, 100.0)])
        flows.confirm_order(order, cls.day(days_ago))
        return order

    def setUp(self):
        super().setUp()
        if not self.line_cost:
            self.skipTest("sale_margin is not installed here: setup/test.sh runs this file on a "
                          "copy of the test database with it")

    def test_margin_from_the_lines_cost(self):
        self.assertEqual(self.first.order_line.purchase_price, 60.0, "sale_margin's own cost")
        self.recompute()
        profile = self.profile(self.buyer)
        # neither the standard cost at the order dates (120) nor today's (30)
        expected = 2 * (100 - 60) + (100 - 30)
        self.assertAlmostEqual(profile.margin_total, expected)
        self.assertAlmostEqual(profile.margin_annual, 100 - 30)
        self.assertAlmostEqual(profile.margin_rate, 100.0 * expected / 300)
        # a refresh of the customer alone reads the same lines
        order = self.buy(self.buyer, 0, 1)  # at today's cost of 90
        self.assertEqual(order.order_line.purchase_price, 90.0)
        self.recompute(partners=self.buyer)
        self.assertAlmostEqual(profile.margin_total, expected + 10)
