# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The words that explain a profile's health score and churn risk: the figures and the
references they were measured against, weakest component first, the same on the profile
form, the partner's lifecycle tab and the headless API."""
from odoo import fields

from ..engine import rules
from ..tools import flows
from .common import LifecycleCase


class TestReasons(LifecycleCase):

    def make(self, name, days_ago):
        partner = self.customer(name)
        orders = [self.sale(partner, d, 100.0) for d in days_ago]
        return partner, orders

    def test_overdue_reorder_against_its_own_gap(self):
        # four orders 30 days apart, the last 110 days ago: 3.7 x its usual gap
        late, _orders = self.make("Late buyer", [200, 170, 140, 110])
        self.recompute()
        profile = self.profile(late)
        health = profile._health_reasons(self.params())
        recency = [line for line in health if line.startswith("Recency")]
        self.assertEqual(len(recency), 1)
        self.assertIn("last order 110 days ago, 3.7× its usual gap of 30 days", recency[0])
        self.assertIn("Recency %d/100" % round(profile.health_recency), recency[0])
        churn = profile._churn_reasons(self.params())
        # without a model, the first line is the form's note on it (no fit in this company)
        self.assertEqual(churn[0], profile.churn_model_note)
        self.assertIn("No churn model fitted yet", churn[0])
        expected = fields.Date.to_string(self.day(80))
        self.assertEqual(churn[1], "Next order was expected around %s (usual gap 30 days): "
                                   "80 days overdue." % expected)

    def test_weakest_component_first(self):
        # ordering on rhythm, but an invoice 70 days past its due date
        payer, orders = self.make("Slow payer", [100, 70, 40, 10])
        flows.invoice_order(orders[0], self.day(100), due_days=30)
        self.recompute()
        profile = self.profile(payer)
        self.assertLess(profile.health_payment, profile.health_recency)
        reasons = profile.health_reasons_text.split("\n")
        self.assertTrue(reasons[0].startswith("Payment %d/100: " % round(profile.health_payment)),
                        reasons)
        self.assertIn("the oldest invoice 70 days past its due date", reasons[0])
        self.assertIn("Next order expected around %s (usual gap 30 days): not due yet."
                      % fields.Date.to_string(self.day(-20)), profile.churn_reasons_text)
        scores = [int(line.split("/100")[0].split()[-1]) for line in reasons]
        self.assertEqual(scores, sorted(scores))

    def test_api_and_partner_tab_say_the_same(self):
        solo, _orders = self.make("One order", [20])
        self.recompute()
        profile = self.profile(solo)
        data = self.Profile.api_get_profiles([solo.id])[0]
        self.assertEqual(data["health_reasons"], profile.health_reasons_text.split("\n"))
        self.assertEqual(data["churn_reasons"], profile.churn_reasons_text.split("\n"))
        self.assertIn("One order so far, on %s: no rhythm yet" % fields.Date.to_string(self.day(20)),
                      data["churn_reasons"][1])
        self.assertEqual(solo.lifecycle_health_reasons, profile.health_reasons_text)
        self.assertEqual(solo.lifecycle_churn_reasons, profile.churn_reasons_text)

    def test_no_order_yet(self):
        prospect = self.customer("Prospect")
        flows.create_lead(prospect, self.day(5), "First talk", 1000.0)
        self.recompute()
        profile = self.profile(prospect)
        self.assertTrue(profile, "a customer with a lead has a profile")
        self.assertEqual(profile._churn_reasons(self.params()),
                         ["No confirmed order yet: there is no churn risk to compute."])
        self.assertEqual(profile._health_reasons(self.params())[0],
                         "No confirmed order yet: the score has no recency or trend part.")

    def params(self):
        return rules.stage_params(self.env)
