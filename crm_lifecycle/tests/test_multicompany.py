# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One customer buying from two companies: two profiles, each in its company's currency,
orders converted at their own date, and each company sees only its own."""

from .. import compat
from ..tools import flows, testing
from .common import LifecycleCase


class TestMultiCompany(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = cls.company
        cls.cust = cls.customer("Twin Markets")
        cls.sale(cls.cust, 30, 500.0)
        cls.other = cls.env["res.company"].create(
            {"name": "Second Co", "currency_id": cls.home.currency_id.id})
        cls.foreign = cls.env["res.currency"].with_context(active_test=False).search(
            [("id", "!=", cls.home.currency_id.id)], limit=1)
        cls.foreign.active = True
        # rates the conversion must use: the foreign currency at 2.0 from T-100, 4.0 from T-10
        for days_ago, rate in ((100, 2.0), (10, 4.0)):
            cls.env["res.currency.rate"].create({
                "currency_id": cls.foreign.id, "rate": rate, "company_id": cls.other.id,
                "name": compat.date_field_value(cls.day(days_ago))})
        cls.env_other = testing.in_company(cls.env, cls.other)
        pricelist = cls.env_other["product.pricelist"].create(
            {"name": "Foreign prices", "currency_id": cls.foreign.id, "company_id": cls.other.id})
        cust = cls.cust.with_env(cls.env_other)
        cls.orders = []
        for days_ago in (50, 5):
            order = flows.create_order(cust, cls.day(days_ago),
                                       [(cls.product.with_env(cls.env_other), 1, 1000.0)])
            order.write({"pricelist_id": pricelist.id})
            order.order_line.write({"price_unit": 1000.0})
            flows.confirm_order(order, cls.day(days_ago))
            cls.orders.append(order)
        cls.env = testing.in_company(cls.env, cls.home)

    def test_profiles_per_company_and_currency(self):
        self.recompute()
        home, other = self.profile(self.cust, self.home), self.profile(self.cust, self.other)
        self.assertEqual((home.order_count, other.order_count), (1, 2))
        self.assertAlmostEqual(home.revenue_total, 500.0)
        expected = sum(
            testing.convert(1000.0, self.foreign, self.other.currency_id, self.other, self.day(days_ago))
            for days_ago in (50, 5))
        self.assertAlmostEqual(other.revenue_total, expected, places=2)
        # and by hand: 1000 at 2.0 then 1000 at 4.0, the company currency's own rate r
        rate_home = self.env["res.currency.rate"].search(
            [("currency_id", "=", self.other.currency_id.id),
             ("company_id", "in", (False, self.other.id))],
            order="company_id, name desc", limit=1).rate or 1.0
        self.assertAlmostEqual(other.revenue_total,
                               1000.0 * rate_home / 2.0 + 1000.0 * rate_home / 4.0, places=2)

    def test_a_same_day_rerun_writes_nothing(self):
        """Amounts converted at floating-point rates, margins among them: computed again the
        same day, they compare equal to what was stored, and no profile is rewritten."""
        self.recompute()
        other = self.profile(self.cust, self.other)
        self.assertTrue(other.margin_total)
        self.assertEqual(self.recompute()["updated"], 0)

    def test_company_isolation(self):
        self.recompute()
        user = self.env["res.users"].create({
            "name": "Home only", "login": "home_only_lc", "company_id": self.home.id,
            "company_ids": [(6, 0, self.home.ids)],
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("crm_lifecycle.group_lifecycle_manager").id])]})
        seen = testing.as_user(self.Profile, user)
        companies = seen.search([("partner_id", "=", self.cust.id)]).mapped("company_id")
        self.assertEqual(companies, self.home)
        rows = seen.api_get_profiles([self.cust.id])
        self.assertEqual([r["company_id"] for r in rows], [self.home.id])
