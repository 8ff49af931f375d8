# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Playbooks fired by the engine's stage changes: once per change, with a segment
condition, logged on the customer's chatter; bad configurations refused."""
import datetime

import psycopg2

from odoo.exceptions import ValidationError

from .. import compat
from ..engine import playbooks as engine_playbooks
from ..tools import flows
from .common import LifecycleCase


class TestPlaybooks(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Playbook = cls.env["crm.lifecycle.playbook"]
        cls.stage = {s.code: s for s in cls.env["crm.lifecycle.stage"].search([])}
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.rep = flows.create_salesperson(cls.env, "Playbook Rep", "lc_playbook_rep")
        cls.big = cls.customer("Playbook Big Ltd", user_id=cls.rep.id, email="big@example.com")
        cls.sale(cls.big, 10, 5000.0)
        cls.small = cls.customer("Playbook Small Ltd", email="small@example.com")
        cls.sale(cls.small, 10, 100.0)

    def runs(self, playbook, partner=None):
        domain = [("playbook_id", "=", playbook.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["crm.lifecycle.playbook.run"].search(domain)

    def activities(self, partner):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"),
                                                 ("res_id", "=", partner.id)])

    def test_activity_once_per_transition(self):
        playbook = self.Playbook.create({
            "name": "Welcome call", "stage_id": self.stage["new"].id,
            "activity_type_id": self.call.id, "activity_days": 5})
        self.recompute()
        run = self.runs(playbook, self.big)
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "done", run.result)
        self.assertEqual(run.transition_id.to_stage_id, self.stage["new"])
        activity = self.activities(self.big)
        self.assertEqual(len(activity), 1)
        self.assertEqual(run.activity_id, activity)
        self.assertEqual(activity.user_id, self.rep, "the account owner")
        self.assertEqual(compat.to_date(activity.date_deadline), self.today + datetime.timedelta(days=5))
        self.assertEqual(activity.activity_type_id, self.call)
        # logged on the chatter
        notes = self.big.message_ids.filtered(lambda m: "Welcome call" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        # reruns: no new change, nothing fires; replaying the same change fires nothing either
        self.recompute()
        self.recompute(partners=self.big)
        self.assertEqual(len(engine_playbooks.run(self.env, run.transition_id.ids)), 0)
        self.assertEqual(len(self.runs(playbook, self.big)), 1)
        self.assertEqual(len(self.activities(self.big)), 1)
        self.assertEqual(len(self.big.message_ids.filtered(lambda m: "Welcome call" in (m.body or ""))), 1)
        with self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env["crm.lifecycle.playbook.run"].create({
                    "playbook_id": playbook.id, "transition_id": run.transition_id.id,
                    "partner_id": self.big.id, "company_id": self.company.id})

    def test_segment_condition_email_and_opportunity(self):
        segment = self.env["crm.lifecycle.segment"].create({
            "name": "Big spenders", "domain": "[('revenue_total', '>=', 1000)]"})
        template = self.env["mail.template"].create({
            "name": "Welcome mail", "model_id": self.env.ref("base.model_res_partner").id,
            "subject": "Welcome", "body_html": "<p>Welcome aboard</p>", "use_default_to": True})
        playbook = self.Playbook.create({
            "name": "Big welcome", "stage_id": self.stage["new"].id, "segment_id": segment.id,
            "template_id": template.id, "create_opportunity": True, "opportunity_kind": "upsell"})
        self.recompute()
        self.assertEqual(len(self.runs(playbook, self.big)), 1)
        self.assertFalse(self.runs(playbook, self.small), "not in the segment: no run")
        run = self.runs(playbook, self.big)
        self.assertEqual(run.state, "done", run.result)
        self.assertTrue(run.mail_id, "email queued")
        self.assertEqual(run.mail_id.state, "outgoing", "queued, not sent inline")
        self.assertIn(self.big, run.mail_id.recipient_ids)
        self.assertEqual(run.lead_id.partner_id, self.big)
        self.assertEqual(run.lead_id.user_id, self.rep)
        self.assertAlmostEqual(run.lead_id[compat.LEAD_REVENUE_FIELD], 5000.0, places=2)
        self.assertFalse(self.env["crm.lead"].search([("partner_id", "=", self.small.id)]))

    def assertRefused(self, pattern, values):
        count = self.Playbook.with_context(active_test=False).search_count([])
        vals = {"name": "Bad playbook", "stage_id": self.stage["at_risk"].id}
        vals.update(values)
        with self.assertRaisesRegex(ValidationError, pattern):
            with self.env.cr.savepoint():
                self.Playbook.create(vals)
        compat.invalidate(self.env)
        self.assertEqual(self.Playbook.with_context(active_test=False).search_count([]), count)

    def test_bad_playbooks_refused(self):
        self.assertRefused("choose what it does", {})
        self.assertRefused("cannot be negative", {"activity_type_id": self.call.id, "activity_days": -2})
        other = self.env["mail.template"].create({
            "name": "Lead mail", "model_id": self.env.ref("crm.model_crm_lead").id, "subject": "x"})
        self.assertRefused("template on Contact", {"template_id": other.id})
        self.assertRefused("Opportunity kind", {"create_opportunity": True, "opportunity_kind": False})
