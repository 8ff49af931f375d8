# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The expected next order and the daily reorder suggestions: an activity, or a draft
quotation of the customer's typical order at today's prices, once per cycle."""
import psycopg2

from odoo import sql_db
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .. import compat
from ..engine import queries, reorder
from ..tools import flows, testing
from .common import LifecycleCase


class TestReorder(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Reorder Co")
        cls.salesman = cls.user("reorder_sales", "sales_team.group_sale_salesman",
                                "crm_lifecycle.group_lifecycle_user")
        cls.other = cls.user("reorder_other", "sales_team.group_sale_salesman",
                             "crm_lifecycle.group_lifecycle_user")
        for user in (cls.salesman, cls.other):
            user.write({"company_ids": [(4, cls.company.id)], "company_id": cls.company.id})
        cls.paper = cls.shared_product("Reorder paper", 50.0)
        cls.ink = cls.shared_product("Reorder ink", 20.0)
        cls.once = cls.shared_product("Reorder one-off", 500.0)
        cls.gone = cls.shared_product("Reorder discontinued", 10.0)
        cls.regular = cls.customer("Regular Buyer Ltd", user_id=cls.salesman.id)
        # every 30 days, the last 70 days ago: 40 days overdue
        for days_ago, lines in ((130, [(cls.paper, 2), (cls.ink, 5), (cls.gone, 1)]),
                                (100, [(cls.paper, 2), (cls.once, 1), (cls.gone, 1)]),
                                (70, [(cls.paper, 4), (cls.ink, 5), (cls.gone, 1)])):
            order = flows.create_order(cls.regular, cls.day(days_ago),
                                       [(p, q, p.list_price) for p, q in lines])
            flows.confirm_order(order, cls.day(days_ago))
        cls.fresh = cls.customer("Fresh Rhythm Ltd", user_id=cls.salesman.id)
        for days_ago in (60, 30):
            order = flows.create_order(cls.fresh, cls.day(days_ago), [(cls.paper, 1, 50.0)])
            flows.confirm_order(order, cls.day(days_ago))
        cls.single = cls.customer("Single Order Ltd", user_id=cls.salesman.id)
        order = flows.create_order(cls.single, cls.day(200), [(cls.paper, 1, 50.0)])
        flows.confirm_order(order, cls.day(200))
        cls.gone.active = False
        cls.config = cls.env["crm.lifecycle.config"]._get_config()
        cls.config.write({"reorder_mode": "quotation", "reorder_after_days": 5})

    @classmethod
    def shared_product(cls, name, price):
        product = flows.demo_product(cls.env, name, price)
        product.write({"taxes_id": [(6, 0, [])], "company_id": False})
        return product

    def setUp(self):
        super().setUp()
        self.recompute()
        self.Reorder = self.env["crm.lifecycle.reorder"]

    def suggestions(self, partner):
        return self.Reorder.search([("partner_id", "=", partner.id), ("company_id", "=", self.company.id)])

    def test_next_order_from_the_rhythm(self):
        regular = self.profile(self.regular)
        self.assertEqual(compat.to_date(regular.next_order_date), self.day(40))
        self.assertEqual(regular.reorder_overdue_days, 40)
        self.assertEqual(self.profile(self.fresh).reorder_overdue_days, 0, "due today, not overdue")
        self.assertFalse(self.profile(self.single).next_order_date, "one order, no model: no rhythm")
        data = self.Profile.api_get_profiles([self.regular.id, self.single.id])
        by_partner = {d["partner_id"]: d for d in data}
        self.assertEqual(by_partner[self.regular.id]["next_order_date"], str(self.day(40)))
        self.assertEqual(by_partner[self.regular.id]["reorder_overdue_days"], 40)
        self.assertIs(by_partner[self.single.id]["next_order_date"], False)

    def test_quotation_of_the_typical_order_at_todays_prices(self):
        self.paper.list_price = 55.0  # today's price, not the orders' 50
        counts = self.Reorder._cron_suggest()
        self.assertEqual(counts["suggested"], 1, "only the overdue customer: %s" % counts)
        suggestion = self.suggestions(self.regular)
        self.assertEqual(suggestion.state, "open")
        self.assertEqual(suggestion.user_id, self.salesman)
        self.assertEqual(suggestion.overdue_days, 40)
        order = suggestion.order_id
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.origin, reorder.ORIGIN)
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.user_id, self.salesman)
        # in at least two of the last three orders, median quantity; the archived product left out
        self.assertEqual({(line.product_id, line.product_uom_qty) for line in order.order_line},
                         {(self.paper, 2.0), (self.ink, 5.0)})
        paper_line = order.order_line.filtered(lambda line: line.product_id == self.paper)
        self.assertEqual(paper_line.price_unit, 55.0)
        self.assertEqual(suggestion.activity_id.res_model, "sale.order")
        self.assertEqual(suggestion.activity_id.res_id, order.id)
        self.assertEqual(suggestion.activity_id.user_id, self.salesman)
        # the next day's run: one open suggestion is enough
        self.assertEqual(self.Reorder._cron_suggest()["suggested"], 0)
        self.assertEqual(len(self.suggestions(self.regular)), 1)

    def test_an_activity_when_no_quotation_is_wanted(self):
        self.config.reorder_mode = "activity"
        self.Reorder._cron_suggest()
        suggestion = self.suggestions(self.regular)
        self.assertFalse(suggestion.order_id)
        self.assertEqual((suggestion.activity_id.res_model, suggestion.activity_id.res_id),
                         ("res.partner", self.regular.id))
        self.config.reorder_mode = "off"
        self.suggestions(self.regular).unlink()
        self.assertEqual(self.Reorder._cron_suggest()["suggested"], 0, "switched off")

    def test_dismissed_once_per_cycle_and_closed_by_an_order(self):
        self.Reorder._cron_suggest()
        suggestion = self.suggestions(self.regular)
        # another salesman of the company does not even see it
        with self.assertRaises(AccessError):
            testing.as_user(suggestion, self.other).action_dismiss()
        testing.as_user(suggestion, self.salesman).action_dismiss()
        self.assertEqual(suggestion.state, "dismissed")
        self.assertEqual(suggestion.order_id.state, "cancel")
        self.assertFalse(suggestion.activity_id.exists())
        self.assertEqual(self.Reorder._cron_suggest()["suggested"], 0, "not again for this cycle")
        # another cycle: the next one is answered by an order
        suggestion.unlink()
        self.Reorder._cron_suggest()
        suggestion = self.suggestions(self.regular)
        flows.confirm_order(suggestion.order_id, self.today)
        counts = self.Reorder._cron_suggest()
        self.assertEqual(counts["closed"], 1)
        self.assertEqual(suggestion.state, "ordered")

    def test_one_open_suggestion_whoever_inserts_it(self):
        self.Reorder._cron_suggest()
        suggestion = self.suggestions(self.regular)
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO crm_lifecycle_reorder (partner_id, company_id, expected_date, suggested_on, "
                "state) VALUES (%s, %s, %s, %s, 'open')",
                (self.regular.id, self.company.id, self.day(1), self.today))
        self.assertTrue(suggestion.exists())

    def test_one_job_at_a_time(self):
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(other.close)
        other.execute(queries.REORDER_LOCK)  # another worker's job is running
        self.assertTrue(other.fetchone()[0])
        self.assertIsNone(reorder.suggest(self.env), "the second job leaves it to the first")
        self.assertFalse(self.suggestions(self.regular))

    def test_rights_and_bounds(self):
        self.Reorder._cron_suggest()
        suggestion = self.suggestions(self.regular)
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "reorder portal", "login": "reorder_portal",
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("base.group_portal").id])]})
        with self.assertRaises(AccessError):
            testing.as_user(suggestion, portal).action_dismiss()
        self.assertFalse(testing.as_user(self.Reorder, self.other).search([("id", "=", suggestion.id)]),
                         "another salesman's customer")
        for value in (-1, 10 ** 6):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.config.write({"reorder_after_days": value})
