# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Category churn: a customer who still buys, but stopped buying one product category."""
from odoo.exceptions import ValidationError

from .. import compat
from ..tools import flows
from .common import LifecycleCase


class TestCategoryChurn(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Category Churn Co")
        Category = cls.env["product.category"]
        cls.office = Category.create({"name": "Office test root"})
        cls.stationery = Category.create({"name": "Stationery", "parent_id": cls.office.id})
        cls.furniture = Category.create({"name": "Furniture", "parent_id": cls.office.id})
        cls.pens = Category.create({"name": "Pens", "parent_id": cls.stationery.id})
        cls.paper = cls.categorised("Category paper", 10.0, cls.stationery)
        cls.pen = cls.categorised("Category pen", 2.0, cls.pens)  # counts under Stationery
        cls.chair = cls.categorised("Category chair", 100.0, cls.furniture)
        cls.still_buys = cls.customer("Still Buys Ltd")
        # stationery every 30 days until 140 days ago; furniture every 30 days until 20 days ago
        cls.buy(cls.still_buys, 200, [(cls.paper, 5)])
        cls.buy(cls.still_buys, 170, [(cls.pen, 10)])
        cls.buy(cls.still_buys, 140, [(cls.paper, 5), (cls.pen, 10)])
        for days_ago in (80, 50, 20):
            cls.buy(cls.still_buys, days_ago, [(cls.chair, 1)])
        cls.once = cls.customer("Bought Once Ltd")
        cls.buy(cls.once, 300, [(cls.paper, 1)])
        cls.config = cls.env["crm.lifecycle.config"]._get_config()

    @classmethod
    def categorised(cls, name, price, category):
        product = flows.demo_product(cls.env, name, price)
        product.write({"taxes_id": [(6, 0, [])], "company_id": False, "categ_id": category.id})
        return product

    @classmethod
    def buy(cls, partner, days_ago, lines):
        order = flows.create_order(partner, cls.day(days_ago), [(p, q, p.list_price) for p, q in lines])
        flows.confirm_order(order, cls.day(days_ago))

    def row(self, partner, category):
        return self.env["crm.lifecycle.profile.category"].search([
            ("partner_id", "=", partner.id), ("company_id", "=", self.company.id),
            ("categ_id", "=", category.id)])

    def test_stopped_category_of_a_customer_who_still_buys(self):
        self.recompute()
        profile = self.profile(self.still_buys)
        self.assertEqual(profile.stopped_category_ids, self.stationery)
        stationery = self.row(self.still_buys, self.stationery)
        self.assertEqual(
            (stationery.purchases, stationery.gap_days, stationery.days_since, stationery.stopped),
            (3, 30.0, 140, True))
        # 50 + 20 + 70 over 200 days of history, counted as at least a year
        self.assertAlmostEqual(stationery.annual_value, 140.0, places=2)
        furniture = self.row(self.still_buys, self.furniture)
        self.assertEqual((furniture.purchases, furniture.days_since, furniture.stopped), (3, 20, False))
        # each repeat category's next purchase: one usual gap after its last
        self.assertEqual((compat.to_date(stationery.next_date), stationery.overdue_days),
                         (self.day(110), 110))
        self.assertEqual((compat.to_date(furniture.next_date), furniture.overdue_days), (self.day(-10), 0))
        once = self.row(self.once, self.stationery)
        self.assertEqual((once.next_date, once.overdue_days), (False, 0))
        self.assertFalse(self.row(self.once, self.stationery).stopped, "one purchase: no rhythm to break")
        self.assertFalse(self.profile(self.once).stopped_category_ids)
        # "still buys, but stopped buying stationery": one search
        found = self.Profile.search([("stopped_category_ids", "ilike", "Stationery"),
                                     ("recency_days", "<=", 30), ("company_id", "=", self.company.id)])
        self.assertEqual(found.mapped("partner_id"), self.still_buys)
        data = self.Profile.api_get_profiles([self.still_buys.id])[0]
        self.assertEqual(data["stopped_categories"], [self.stationery.display_name])
        rows = {row["category"]: row for row in data["categories"]}
        self.assertEqual(rows[self.stationery.display_name]["next_date"], str(self.day(110)))
        self.assertEqual(rows[self.furniture.display_name]["overdue_days"], 0)
        # and the churn explanation names it
        self.assertIn("Stopped buying %s: last purchase 140 days ago, usually every 30 days"
                      % self.stationery.display_name, data["churn_reasons"][-1])

    def test_a_segment_of_customers_who_stopped_a_category(self):
        self.recompute()
        segment = self.env["crm.lifecycle.segment"].create({
            "name": "Stopped stationery", "company_id": self.company.id,
            "domain": "[('stopped_category_ids', 'ilike', 'Stationery')]"})
        self.recompute()
        self.assertEqual(segment.member_ids.filtered(lambda m: not m.date_left).mapped("partner_id"),
                         self.still_buys)

    def test_revenue_at_risk_per_category(self):
        self.recompute()
        groups = compat.read_group(self.env["crm.lifecycle.profile.category"], [
            ("stopped", "=", True), ("company_id", "=", self.company.id)], ["categ_id", "annual_value"],
            ["categ_id"])
        self.assertEqual([(g["categ_id"][0], round(g["annual_value"], 2)) for g in groups],
                         [(self.stationery.id, 140.0)])

    def test_the_level_counts_and_a_new_purchase_restarts(self):
        self.config.category_level = 1
        self.recompute()
        self.assertFalse(self.profile(self.still_buys).stopped_category_ids, "the root is still bought")
        self.assertEqual(self.row(self.still_buys, self.office).purchases, 6)
        self.config.category_level = 2
        self.buy(self.still_buys, 0, [(self.paper, 5)])
        self.recompute()
        self.assertFalse(self.profile(self.still_buys).stopped_category_ids)
        self.assertFalse(self.row(self.still_buys, self.office), "rows rewritten at each recompute")

    def rows_of(self, partner):
        self.env.cr.execute(
            "SELECT categ_id, id, write_date, days_since FROM crm_lifecycle_profile_category "
            "WHERE partner_id = %s AND company_id = %s", (partner.id, self.company.id))
        return {categ: (row_id, written, days) for categ, row_id, written, days in self.env.cr.fetchall()}

    def test_rows_are_updated_in_place(self):
        self.recompute(days_ago=1)
        yesterday = self.rows_of(self.still_buys)
        self.env.cr.execute("UPDATE crm_lifecycle_profile_category SET write_date = write_date - "
                            "interval '1 hour' WHERE partner_id = %s", (self.still_buys.id,))
        earlier = self.rows_of(self.still_buys)
        self.recompute(days_ago=1)
        self.assertEqual(self.rows_of(self.still_buys), earlier, "a same-day rerun writes nothing")
        self.recompute()
        today = self.rows_of(self.still_buys)
        self.assertEqual({c: v[0] for c, v in today.items()}, {c: v[0] for c, v in yesterday.items()},
                         "the next day updates the same rows")
        self.assertEqual({c: v[2] for c, v in today.items()},
                         {c: v[2] + 1 for c, v in yesterday.items()})
        self.assertTrue(all(today[c][1] > earlier[c][1] for c in today))
        # a customer who buys again keeps its row and leaves the stopped list
        self.buy(self.still_buys, 0, [(self.paper, 5)])
        self.recompute(partners=self.still_buys)
        self.assertEqual(self.rows_of(self.still_buys)[self.stationery.id][0], today[self.stationery.id][0])
        self.assertFalse(self.profile(self.still_buys).stopped_category_ids)

    def test_settings_bounded(self):
        for values in ({"category_level": 0}, {"category_level": 11}, {"category_factor": 0.5},
                       {"category_factor": 1000.0}):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.config.write(values)
