# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stages over simulated time: recompute as of successive days and read the history."""
import datetime

from odoo.exceptions import UserError, ValidationError

from .. import compat
from .common import LifecycleCase


class TestStages(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # every 40 days from T-600 to T-480, a 420-day gap, then T-60 and T-20
        cls.cust = cls.customer("Cadence Ltd")
        for days_ago in (600, 560, 520, 480, 60, 20):
            cls.sale(cls.cust, days_ago, 1000.0)
        cls.stage = {s.code: s for s in cls.env["crm.lifecycle.stage"].search([])}

    def walk(self):
        for days_ago in (600, 480, 380, 100, 60, 20, 0, 0):
            self.recompute(days_ago)
        return self.profile(self.cust)

    def test_lifecycle_over_time(self):
        profile = self.walk()
        history = profile.transition_ids.sorted(lambda t: (compat.to_date(t.date), t.id))
        self.assertEqual(
            [(t.to_stage_id.code, compat.to_date(t.date)) for t in history],
            [("new", self.day(600)),        # first order
             ("loyal", self.day(480)),      # 4th order, regular
             ("at_risk", self.day(389)),    # 90-day window (max(90, 1.5 x 40)) passed
             ("lapsed", self.day(114)),     # 365 days without orders
             ("won_back", self.day(60)),    # ordered again after 420 days
             ("loyal", self.day(20))],      # back to its cadence
            "each change once, dated when its rule became true; reruns add nothing")
        self.assertEqual(history[3].from_stage_id.code, "at_risk")
        self.assertIn("365", history[3].reason)
        self.assertIn("420 days", history[4].reason)
        self.assertTrue(all(t.kind == "auto" for t in history))

    def test_stage_at_past_dates(self):
        self.walk()
        api = self.Profile.api_stage_at
        self.assertEqual(api(self.cust.id, str(self.day(200)))["code"], "at_risk")
        self.assertEqual(api(self.cust.id, str(self.day(114)))["code"], "lapsed")
        self.assertEqual(api(self.cust.id, str(self.today))["code"], "loyal")
        self.assertFalse(api(self.cust.id, str(self.day(700))))
        with self.assertRaises(UserError):
            api(self.cust.id, "not a date")

    def test_manual_override_and_expiry(self):
        self.walk()
        profile = self.profile(self.cust)
        until = self.today + datetime.timedelta(days=10)
        wizard = self.env["crm.lifecycle.override"].create({
            "profile_id": profile.id, "stage_id": self.stage["at_risk"].id,
            "reason": "Key contact left", "until": compat.date_field_value(until)})
        wizard.action_apply()
        self.assertEqual(profile.stage_id.code, "at_risk")
        self.recompute(0)
        self.assertEqual(profile.stage_id.code, "at_risk", "the override holds until its date")
        self.assertEqual(profile.rule_stage_id.code, "loyal")
        manual = profile.transition_ids.filtered(lambda t: t.kind == "manual")
        self.assertEqual(len(manual), 1)
        self.assertIn("Key contact left", manual.reason)
        self.recompute(-11)  # eleven days from now
        self.assertEqual(profile.stage_id.code, "loyal", "the rules take over after the end date")
        self.assertFalse(profile.override_stage_id)
        self.assertIn("expired", profile.transition_ids.sorted("id")[-1].reason)

    def test_override_refuses_bad_input(self):
        self.recompute(0)
        profile = self.profile(self.cust)
        with self.assertRaises(UserError):
            self.env["crm.lifecycle.override"].create({
                "profile_id": profile.id, "stage_id": self.stage["lapsed"].id, "reason": "x",
                "until": compat.date_field_value(self.day(3))}).action_apply()
        with self.assertRaises(UserError):
            self.env["crm.lifecycle.override"].create({
                "profile_id": profile.id, "reason": "no stage"}).action_apply()

    def assertRefused(self, pattern, record, values):
        """The write fails naming the field, and nothing of it stays."""
        with self.assertRaisesRegex(ValidationError, pattern):
            with self.env.cr.savepoint():
                record.write(values)
        compat.invalidate(self.env)

    def test_rule_parameters_validated(self):
        self.assertRefused("Days", self.stage["new"], {"days": 0})
        self.assertRefused("Days", self.stage["active"], {"days": 400})  # beyond Lapsed's 365
        self.assertRefused("Cadence factor", self.stage["active"], {"cadence_factor": -1})
        self.assertRefused("Minimum orders", self.stage["loyal"], {"min_orders": 1})
        config = self.env["crm.lifecycle.config"]._get_config()
        self.assertRefused("Scoring window", config, {"window_days": 0})
        self.assertRefused("A class", config, {"abc_a_percent": 96.0})
        self.assertEqual((self.stage["new"].days, config.window_days), (90, 365))

    def test_rule_parameters_drive_the_stage(self):
        self.stage["loyal"].write({"min_orders": 10})
        self.recompute(0)
        self.assertEqual(self.profile(self.cust).stage_id.code, "active")
