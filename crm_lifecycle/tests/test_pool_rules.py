# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pool's rules sales teams fight over: a daily claim quota, buying customers that do
not count against the claim limit, a protection period after a claim, and customers that
are never released while they owe money or have a large open opportunity."""
from odoo.exceptions import UserError, ValidationError

from .. import compat
from ..tools import flows, testing
from .test_pool import PoolCase


class TestPoolRules(PoolCase):

    def claim(self, partner, user):
        testing.as_user(partner, user).action_lifecycle_pool_claim()
        compat.invalidate(self.env)

    def test_daily_claim_quota(self):
        first, second, third = (self.owned("Quota %s Co" % n, self.own1) for n in "ABC")
        self.recompute()
        self.release(first, second, third)
        self.config.write({"pool_claim_limit": 0, "pool_daily_claim_quota": 1})
        self.claim(first, self.own2)
        count = self.Event.search_count([])
        with self.assertRaises(UserError) as error:
            self.claim(second, self.own2)
        self.assertIn("Daily claim quota", str(error.exception.args[0]))
        # setting himself as salesperson in the form is a claim too
        with self.assertRaises(UserError):
            testing.as_user(second, self.own2).write({"user_id": self.own2.id})
        self.assertEqual(self.Event.search_count([]), count, "nothing written")
        self.assertFalse(second.user_id)
        # another salesperson has his own quota; a manager's assignment is no claim
        self.claim(second, self.own1)
        self.assertEqual(second.user_id, self.own1)
        testing.as_user(third, self.manager)._lifecycle_pool_assign(self.own2)
        compat.invalidate(self.env)
        self.assertEqual(third.user_id, self.own2)

    def test_buying_customers_do_not_count_against_the_limit(self):
        first, second = self.owned("Held Buyer Co", self.own1), self.owned("Held Next Co", self.own1)
        self.recompute()
        self.release(first, second)
        self.config.write({"pool_claim_limit": 1, "pool_hold_exempt_days": 30})
        self.claim(first, self.own2)
        with self.assertRaises(UserError):
            self.claim(second, self.own2)
        self.sale(first, 3, 500.0, user=self.own2)  # the claimed customer buys again
        self.claim(second, self.own2)
        self.assertEqual(second.user_id, self.own2)

    def test_protection_after_a_claim(self):
        partner = self.owned("Protected Co", self.own1)
        self.recompute()
        self.release(partner)
        self.config.write({"pool_protection_days": 60})
        self.claim(partner, self.own2)
        self.assertEqual(partner.lifecycle_pool_days_left, 60, "the claim's protection, not 30 days")
        self.run_pool(-50)
        self.assertFalse(self.events(partner, "notice"), "no notice before day 55")
        self.run_pool(-55)
        self.assertEqual(len(self.events(partner, "notice")), 1)
        self.run_pool(-59)
        compat.invalidate(self.env)
        self.assertEqual(partner.user_id, self.own2, "protected until day 60")
        self.run_pool(-60)
        compat.invalidate(self.env)
        self.assertFalse(partner.user_id)
        self.assertEqual(len(self.events(partner, "release")), 2)

    def test_kept_while_it_owes_or_has_a_large_opportunity(self):
        owing = self.owned("Owing Co", self.own1, order_days_ago=250)
        order = self.env["sale.order"].search([("partner_id", "=", owing.id)], limit=1)
        flows.deliver_order(order, self.day(250))
        flows.invoice_order(order, self.day(249))
        big = self.owned("Big Deal Co", self.own1, order_days_ago=250)
        flows.create_lead(big, self.day(200), "Plant automation", 50000.0, user=self.env.user)
        small = self.owned("Small Deal Co", self.own1, order_days_ago=250)
        flows.create_lead(small, self.day(200), "Spare parts", 500.0, user=self.env.user)
        self.recompute()
        self.assertGreater(self.profile(owing).receivable_open, 0)
        self.config.write({"pool_keep_receivables": True, "pool_keep_opportunity_value": 10000.0})
        self.run_pool(5)  # notices for all three
        self.run_pool(0)
        compat.invalidate(self.env)
        self.assertEqual((owing.user_id, big.user_id), (self.own1, self.own1))
        self.assertFalse(small.user_id, "a small opportunity does not keep it")
        self.assertFalse(self.events(owing, "release") | self.events(big, "release"))
        self.assertEqual(owing.lifecycle_pool_kept, "Open receivables")
        self.assertEqual(big.lifecycle_pool_kept, "A large open opportunity")
        self.assertFalse(small.lifecycle_pool_kept)

    def test_rule_settings_bounded(self):
        for field, value in (("pool_daily_claim_quota", -1), ("pool_hold_exempt_days", 10 ** 6),
                             ("pool_protection_days", -5), ("pool_keep_opportunity_value", -1.0)):
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                self.config.write({field: value})
            self.assertIn(self.config._fields[field].string, str(error.exception.args[0]))
