# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dispatch: queued invitations (never sent in the transaction), the throttle window
across kinds, skip reasons and the automatic triggers (ticket, delivery, onboarding,
relationship)."""
import datetime

from odoo.addons.crm_lifecycle.tools import flows

from .. import compat
from ..tools import flows as survey_flows, testing as survey_testing
from .common import SurveyCase


class TestDispatch(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.customer("Dispatch Acme", user_id=cls.user_own.id)
        cls.ann = cls.contact(cls.acme, "Ann Dispatch")

    def backdate(self, invitation, days):
        invitation.sudo().write({"date_sent": compat.date_field_value(self.day(days))})

    def test_invitation_is_queued_not_sent(self):
        invitation = self.Invitation._dispatch("nps", "manual", self.ann)
        self.assertEqual(invitation.state, "queued")
        self.assertEqual(invitation.partner_id, self.acme)
        self.assertEqual(invitation.user_id, self.user_own)
        user_input = invitation.user_input_id
        self.assertEqual(user_input.survey_id, self.surveys["nps"])
        self.assertEqual(user_input.partner_id, self.ann)
        self.assertEqual(user_input.state, "new")
        mail = invitation.mail_id
        self.assertEqual(mail.state, "outgoing")  # waits for the mail queue cron
        self.assertIn(user_input[survey_testing.TOKEN_FIELD], mail.body_html)
        self.assertIn(self.ann.email, mail.email_to)
        self.Invitation._cron_update_states()
        self.assertEqual(invitation.state, "queued")
        mail.write({"state": "sent"})
        self.Invitation._cron_update_states()
        self.assertEqual(invitation.state, "sent")

    def test_chinese_contact_gets_chinese_survey(self):
        self.env["res.lang"]._activate_lang("zh_CN") if hasattr(
            self.env["res.lang"], "_activate_lang") else self.env["res.lang"].load_lang("zh_CN")
        li = self.contact(self.acme, "Li Lei", lang="zh_CN")
        invitation = self.Invitation._dispatch("csat", "manual", li)
        self.assertEqual(invitation.survey_id, self.env.ref("crm_lifecycle_survey.survey_csat_zh"))

    def test_throttle_window_across_kinds(self):
        first = self.Invitation._dispatch("nps", "manual", self.ann)
        self.assertEqual(first.state, "queued")
        second = self.Invitation._dispatch("csat", "manual", self.ann)
        self.assertEqual((second.state, second.skip_reason), ("skipped", "throttled"))
        self.assertFalse(second.user_input_id)
        self.backdate(first, 89)
        third = self.Invitation._dispatch("ces", "manual", self.ann)
        self.assertEqual(third.skip_reason, "throttled")
        self.backdate(first, 90)
        fourth = self.Invitation._dispatch("ces", "manual", self.ann)
        self.assertEqual(fourth.state, "queued")
        # the window is a setting
        self.backdate(fourth, 20)
        self.config.survey_window_days = 14
        self.assertEqual(self.Invitation._dispatch("nps", "manual", self.ann).state, "queued")

    def test_skip_reasons(self):
        no_mail = self.contact(self.acme, "No Mail", email=False)
        opted = self.contact(self.acme, "Opted Out")
        survey_flows.opt_out(opted)
        invitations = self.Invitation._dispatch("nps", "manual", no_mail | opted | self.ann)
        reasons = {i.contact_id: (i.state, i.skip_reason or False) for i in invitations}
        self.assertEqual(reasons, {no_mail: ("skipped", "no_email"),
                                   opted: ("skipped", "opted_out"),
                                   self.ann: ("queued", False)})
        self.assertFalse(self.env["survey.user_input"].search(
            [("partner_id", "in", (no_mail | opted).ids)]))

    def test_ticket_closed_trigger(self):
        self.config.write({"survey_on_ticket": True, "survey_ticket_kind": "csat"})
        ticket = flows.create_ticket(self.ann, self.today, "Broken widget")
        self.assertFalse(self.Invitation.search([("ticket_id", "=", ticket.id)]))
        flows.close_ticket(ticket, self.today)
        invitation = self.Invitation.search([("ticket_id", "=", ticket.id)])
        self.assertEqual((invitation.kind, invitation.trigger, invitation.state),
                         ("csat", "ticket", "queued"))
        self.assertEqual(invitation.contact_id, self.ann)

    def test_delivery_trigger(self):
        self.config.write({"survey_on_delivery": True, "survey_delivery_kind": "ces"})
        order = self.sale(self.ann, 0, 100.0, deliver_late_days=0)
        picking = order.picking_ids
        invitation = self.Invitation.search([("picking_id", "in", picking.ids)])
        self.assertEqual((invitation.kind, invitation.trigger, invitation.state),
                         ("ces", "delivery", "queued"))

    def test_onboarding_after_first_order(self):
        self.config.write({"survey_on_onboarding": True, "survey_onboarding_days": 30,
                           "survey_onboarding_kind": "nps"})
        fresh = self.customer("Onboarded Ltd", email="onboarded@example.com")
        self.sale(fresh, 30, 100.0)
        early = self.customer("Too New Ltd", email="toonew@example.com")
        self.sale(early, 10, 100.0)
        self.Invitation._cron_dispatch()
        invitation = self.Invitation.search([("trigger", "=", "onboarding"),
                                             ("partner_id", "in", (fresh | early).ids)])
        self.assertEqual(invitation.partner_id, fresh)
        self.assertEqual(invitation.state, "queued")
        # never twice
        self.Invitation._cron_dispatch()
        self.assertEqual(self.Invitation.search_count([("trigger", "=", "onboarding"),
                                                       ("partner_id", "=", fresh.id)]), 1)

    def test_relationship_nps_for_a_stage(self):
        loyal = self.customer("Stage Member Ltd", email="member@example.com")
        self.sale(loyal, 20, 100.0)
        self.recompute()
        stage = self.profile(loyal).stage_id
        self.assertTrue(stage)
        invitations = self.Invitation.action_send_relationship(stages=stage)
        mine = invitations.filtered(lambda i: i.partner_id == loyal)
        self.assertEqual((mine.kind, mine.trigger, mine.state), ("nps", "relationship", "queued"))
        # within the relationship interval nobody is asked again
        again = self.Invitation.action_send_relationship(stages=stage)
        self.assertFalse(again.filtered(lambda i: i.partner_id == loyal))
        self.assertEqual(datetime.date, type(self.today))
