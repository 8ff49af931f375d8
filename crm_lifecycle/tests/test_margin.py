# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Margin and cash value: order lines less their cost (here the product's standard cost,
sale_margin not being installed), credit notes netted; cash kept; days sales outstanding."""
from .. import compat
from ..tools import flows
from .common import LifecycleCase
from .test_churn import CDNOW_BGNBD, CDNOW_GG


class TestMargin(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the company with the accounting (invoices need its journals); the standard cost is
        # company-dependent, set here in it, in force since before the orders
        flows.change_cost(cls.product, 60.0, cls.day(1000))
        cls.good = cls.customer("Good Margin Ltd")
        cls.buy(cls.good, 400, 2, 100.0)
        order = cls.buy(cls.good, 100, 1, 100.0)
        cls.good_invoice = flows.invoice_order(order, cls.day(100), due_days=30)  # left unpaid
        cls.loss = cls.customer("Sold At A Loss Ltd")  # loyal, and sold below cost
        for days_ago in (300, 200, 100):
            cls.buy(cls.loss, days_ago, 10, 50.0)
        cls.refunded = cls.customer("Refunded Ltd")
        order = cls.buy(cls.refunded, 50, 2, 100.0)
        invoice = flows.invoice_order(order, cls.day(50), due_days=30)
        flows.refund_invoice(invoice, cls.day(40), amount=100.0)
        flows.register_payment(invoice, cls.day(30))
        cls.prospect = cls.customer("No Orders Ltd")

    @classmethod
    def buy(cls, partner, days_ago, qty, price):
        order = flows.create_order(partner, cls.day(days_ago), [(cls.product, qty, price)])
        flows.confirm_order(order, cls.day(days_ago))
        return order

    def sell(self, partner, days_ago, product):
        order = flows.create_order(partner, self.day(days_ago), [(product, 1, 100.0)])
        flows.confirm_order(order, self.day(days_ago))

    def test_margin_from_cost_and_refunds(self):
        self.recompute()
        good = self.profile(self.good)
        self.assertAlmostEqual(good.margin_total, 2 * 40 + 40)
        self.assertAlmostEqual(good.margin_annual, 40)
        self.assertAlmostEqual(good.margin_rate, 100.0 * 120 / 300)
        loss = self.profile(self.loss)
        self.assertAlmostEqual(loss.margin_total, 3 * 10 * (50 - 60))
        self.assertLess(loss.margin_rate, 0)
        # half the invoice credited: half the margin goes with it, the rate on net revenue stays
        refunded = self.profile(self.refunded)
        self.assertAlmostEqual(refunded.refunded_total, 100.0)
        self.assertAlmostEqual(refunded.margin_total, 80 * 0.5)
        self.assertAlmostEqual(refunded.margin_rate, 40.0)

    def test_cost_at_order_date(self):
        """Each order's margin takes the cost in force when it was made, where the series
        keeps the history of costs (11, 19); 17 and 18 keep none: today's cost."""
        product = flows.demo_product(self.env, "Cost history product", 100.0)
        product.write({"taxes_id": [(6, 0, [])], "company_id": False})
        customer = self.customer("Cost Change Ltd")
        flows.change_cost(product, 30.0, self.day(400))
        self.sell(customer, 300, product)
        flows.change_cost(product, 70.0, self.day(200))
        self.sell(customer, 100, product)
        self.recompute()
        expected = (100 - 30) + (100 - 70) if compat.COST_HISTORY else 2 * (100 - 70)
        profile = self.profile(customer)
        self.assertAlmostEqual(profile.margin_total, expected)
        # a refresh of the customer alone looks its costs up line by line: the same margin
        profile.write({"margin_total": 0.0})
        self.recompute(partners=customer)
        self.assertAlmostEqual(profile.margin_total, expected)

    def test_cash_and_days_outstanding(self):
        self.recompute()
        good = self.profile(self.good)
        self.assertAlmostEqual(good.receivable_open, 100.0)
        self.assertAlmostEqual(good.paid_revenue, 0.0)
        self.assertAlmostEqual(good.dso_days, 100.0 * 365 / 100.0)
        refunded = self.profile(self.refunded)
        # 200 invoiced, 100 credited, the rest paid: 100 kept, nothing outstanding
        self.assertAlmostEqual(refunded.paid_revenue, 100.0)
        self.assertAlmostEqual(refunded.dso_days, 0.0)
        # a payment moves cash kept and the days outstanding
        flows.register_payment(self.good_invoice, self.day(5), amount=60.0)
        self.recompute()
        self.assertAlmostEqual(good.paid_revenue, 60.0)
        self.assertAlmostEqual(good.dso_days, 40.0 * 365 / 100.0)

    def test_api_keys(self):
        self.recompute()
        rows = {row["partner_id"]: row for row in self.Profile.api_get_profiles(
            [self.good.id, self.loss.id, self.prospect.id])}
        self.assertAlmostEqual(rows[self.good.id]["margin_total"], 120.0)
        self.assertAlmostEqual(rows[self.loss.id]["margin_annual"], 3 * 10 * (50 - 60))
        for key in ("margin_total", "margin_annual", "paid_revenue", "dso_days"):
            self.assertIn(key, rows[self.good.id])
        if self.prospect.id in rows:  # a prospect without orders: no margin, no DSO
            self.assertIs(rows[self.prospect.id]["margin_total"], False)
            self.assertIs(rows[self.prospect.id]["dso_days"], False)


class TestValueBasis(LifecycleCase):
    """On margin, ABC ranks the customers by what they earn the company and the predicted
    CLV is taken at each customer's margin rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Value Basis Co")  # ranked among themselves
        cls.product = cls.product.with_env(cls.env)  # its cost is the new company's
        flows.change_cost(cls.product, 60.0, cls.day(1000))
        cls.env["crm.lifecycle.model.fit"].create(dict(
            CDNOW_BGNBD, **CDNOW_GG, company_id=cls.company.id, state="valid",
            fit_date=compat.date_field_value(cls.today), customers=2, repeat_buyers=2))
        cls.loss = cls.customer("Big Loss Ltd")
        cls.good = cls.customer("Small Profit Ltd")
        for days_ago in (300, 200, 100):
            cls.sell(cls.loss, days_ago, 10, 50.0)
            cls.sell(cls.good, days_ago, 1, 100.0)

    @classmethod
    def sell(cls, partner, days_ago, qty, price):
        order = flows.create_order(partner, cls.day(days_ago), [(cls.product, qty, price)])
        flows.confirm_order(order, cls.day(days_ago))

    def test_abc_and_clv_on_margin(self):
        self.recompute()
        good, loss = self.profile(self.good), self.profile(self.loss)
        self.assertEqual((loss.abc_class, good.abc_class), ("A", "B"), "on revenue")
        clv_good, clv_loss = good.clv_12m, loss.clv_12m
        self.assertGreater(clv_loss, 0)
        config = self.env["crm.lifecycle.config"]._get_config()
        config.write({"value_basis": "margin"})
        self.assertFalse(self.env["crm.lifecycle.score.band"].search([]),
                         "the revenue bands no longer rank: the next refresh recomputes all")
        self.recompute()
        self.assertEqual((loss.abc_class, good.abc_class), ("C", "A"), "on margin")
        self.assertAlmostEqual(good.clv_12m, clv_good * 40 / 100, places=2)
        self.assertAlmostEqual(loss.clv_12m, clv_loss * -100 / 500, places=2)
        # a refresh of one customer ranks it against the margin bands
        self.sell(self.good, 1, 1, 100.0)
        self.recompute(partners=self.good)
        self.assertEqual(good.abc_class, "A")
        with self.assertRaises(ValueError):
            config.write({"value_basis": "profit"})
