# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Survey fatigue: one relationship survey per interval, at most M transactional surveys in
30 days, a minimum customer age before the first NPS, a stable sample per trigger, one
reminder to non-respondents, the contact's opt-out; the invitation list says why a
contact was skipped. Through the real triggers: a closed ticket, a validated delivery,
the dispatch cron."""
from odoo.exceptions import ValidationError

from odoo.addons.crm_lifecycle.tools import flows, testing as core_testing

from .. import compat, fatigue
from ..models.lifecycle_config import SURVEY_BOUNDS
from ..tools import testing as survey_testing
from .common import SurveyCase

NEW_SETTINGS = ("survey_transactional_max", "survey_nps_min_age_days", "survey_reminder_days",
                "survey_sample_ticket", "survey_sample_delivery", "survey_sample_onboarding",
                "survey_sample_relationship")


class TestFatigue(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the throttle at its shortest, so that the rules below are what decides
        cls.config.write({"survey_window_days": 1, "survey_transactional_max": 2,
                          "survey_nps_min_age_days": 0, "survey_reminder_days": 0,
                          "survey_relationship_days": 180,
                          "survey_sample_ticket": 100, "survey_sample_delivery": 100,
                          "survey_sample_onboarding": 100, "survey_sample_relationship": 100})
        cls.acme = cls.customer("Fatigue Acme", user_id=cls.user_own.id)
        cls.ann = cls.contact(cls.acme, "Ann Fatigue")

    def backdate(self, invitations, days):
        invitations.sudo().write({"date_sent": compat.date_field_value(self.day(days))})

    def close_new_ticket(self, contact, name):
        ticket = flows.create_ticket(contact, self.today, name)
        flows.close_ticket(ticket, self.today)
        return self.Invitation.search([("ticket_id", "=", ticket.id)])

    # -- transactional cap ---------------------------------------------------------------

    def test_at_most_m_transactional_surveys_in_30_days(self):
        self.config.write({"survey_on_ticket": True, "survey_ticket_kind": "csat",
                           "survey_on_delivery": True, "survey_delivery_kind": "ces"})
        first = self.close_new_ticket(self.ann, "Fatigue ticket 1")
        self.assertEqual(first.state, "queued")
        self.backdate(first, 20)
        order = self.sale(self.ann, 0, 100.0, deliver_late_days=0)
        second = self.Invitation.search([("picking_id", "in", order.picking_ids.ids)])
        self.assertEqual((second.trigger, second.state), ("delivery", "queued"))
        self.backdate(second, 5)
        # two transactional surveys in 30 days: the third trigger is skipped, and says why
        third = self.close_new_ticket(self.ann, "Fatigue ticket 2")
        self.assertEqual((third.state, third.skip_reason), ("skipped", "transactional_cap"))
        self.assertFalse(third.user_input_id)
        # a manual or relationship survey is not transactional
        self.assertEqual(self.Invitation._dispatch("nps", "manual", self.ann).state, "queued")
        # 30 days after the first, one slot is free again
        self.backdate(first, 30)
        self.Invitation.search([("contact_id", "=", self.ann.id), ("trigger", "=", "manual")]) \
            .sudo().write({"date_sent": compat.date_field_value(self.day(2))})
        fourth = self.close_new_ticket(self.ann, "Fatigue ticket 3")
        self.assertEqual(fourth.state, "queued")
        # M is a setting
        self.backdate(fourth, 2)
        self.config.survey_transactional_max = 3
        self.assertEqual(self.close_new_ticket(self.ann, "Fatigue ticket 4").state, "queued")

    # -- relationship interval -------------------------------------------------------------

    def test_one_relationship_survey_per_interval(self):
        first = self.Invitation._dispatch("nps", "relationship", self.ann)
        self.assertEqual(first.state, "queued")
        self.backdate(first, 179)
        again = self.Invitation._dispatch("nps", "relationship", self.ann)
        self.assertEqual((again.state, again.skip_reason), ("skipped", "relationship_recent"))
        # other surveys are not held back by it
        self.assertEqual(self.Invitation._dispatch("csat", "manual", self.ann).state, "queued")
        self.backdate(first | self.Invitation.search([("contact_id", "=", self.ann.id),
                                                      ("trigger", "=", "manual")]), 180)
        self.assertEqual(self.Invitation._dispatch("nps", "relationship", self.ann).state, "queued")

    # -- minimum customer age ------------------------------------------------------------

    def test_no_nps_before_the_minimum_customer_age(self):
        self.config.survey_nps_min_age_days = 60
        young = self.customer("Young Customer Ltd")
        young_contact = self.contact(young, "Yan Young")
        self.sale(young, 20, 100.0)
        old = self.customer("Old Customer Ltd")
        old_contact = self.contact(old, "Olga Old")
        self.sale(old, 90, 100.0)
        self.sale(old, 10, 100.0)
        invitations = self.Invitation._dispatch("nps", "manual", young_contact | old_contact)
        reasons = {i.contact_id: (i.state, i.skip_reason or False) for i in invitations}
        self.assertEqual(reasons, {young_contact: ("skipped", "too_new"),
                                   old_contact: ("queued", False)})
        # other kinds are not held back
        csat = self.Invitation._dispatch("csat", "manual", young_contact)
        self.assertEqual(csat.state, "queued")
        # after the first NPS the age no longer matters (the setting raised meanwhile)
        self.backdate(self.Invitation.search([("contact_id", "=", old_contact.id)]), 5)
        self.config.survey_nps_min_age_days = 3650
        self.assertEqual(self.Invitation._dispatch("nps", "manual", old_contact).state, "queued")

    # -- sampling -------------------------------------------------------------------------

    def test_sample_bucket_is_stable_and_uniform(self):
        self.assertEqual(fatigue.sample_bucket("ticket:7:12::"), fatigue.sample_bucket("ticket:7:12::"))
        inside = sum(fatigue.sampled_in(30, fatigue.sample_key("ticket", n, n * 7))
                     for n in range(2000))
        self.assertTrue(500 <= inside <= 700, inside)  # 30 % of 2000, give or take
        self.assertFalse(any(fatigue.sampled_in(0, str(n)) for n in range(200)))
        self.assertTrue(all(fatigue.sampled_in(100, str(n)) for n in range(200)))

    def test_sampling_rate_per_trigger(self):
        self.config.write({"survey_on_ticket": True, "survey_ticket_kind": "csat",
                           "survey_on_delivery": True, "survey_delivery_kind": "csat",
                           "survey_sample_ticket": 0})
        skipped = self.close_new_ticket(self.ann, "Unsampled ticket")
        self.assertEqual((skipped.state, skipped.skip_reason), ("skipped", "sampled_out"))
        # the delivery trigger has its own rate
        order = self.sale(self.ann, 0, 100.0, deliver_late_days=0)
        delivery = self.Invitation.search([("picking_id", "in", order.picking_ids.ids)])
        self.assertEqual(delivery.state, "queued")
        # half the tickets: each decided by its ticket and contact, the same every time
        self.config.survey_sample_ticket = 50
        customer = self.customer("Sampled Customers Ltd")
        decisions = {}
        for n in range(12):
            contact = self.contact(customer, "Sampled %d" % n)
            ticket = flows.create_ticket(contact, self.today, "Sampled ticket %d" % n)
            flows.close_ticket(ticket, self.today)
            invitation = self.Invitation.search([("ticket_id", "=", ticket.id)])
            expected = fatigue.sampled_in(50, fatigue.sample_key("ticket", contact.id, ticket.id))
            self.assertEqual(invitation.state == "queued", expected)
            self.assertEqual(invitation.skip_reason or False, False if expected else "sampled_out")
            decisions[n] = expected
        self.assertTrue(any(decisions.values()) and not all(decisions.values()), decisions)

    def test_relationship_sample_holds_for_the_interval(self):
        loyal = self.customer("Sampled Loyal Ltd", email="sampled.loyal@example.com")
        self.sale(loyal, 20, 100.0)
        self.recompute()
        stage = self.profile(loyal).stage_id
        self.config.survey_sample_relationship = 0
        first = self.Invitation.action_send_relationship(stages=stage).filtered(
            lambda i: i.partner_id == loyal)
        self.assertEqual((first.state, first.skip_reason), ("skipped", "sampled_out"))
        # not drawn again every day of the interval
        self.config.survey_sample_relationship = 100
        again = self.Invitation.action_send_relationship(stages=stage)
        self.assertFalse(again.filtered(lambda i: i.partner_id == loyal))
        self.backdate(first, 180)
        later = self.Invitation.action_send_relationship(stages=stage).filtered(
            lambda i: i.partner_id == loyal)
        self.assertEqual(later.state, "queued")

    # -- reminder -----------------------------------------------------------------------

    def test_one_reminder_after_d_days(self):
        self.config.survey_reminder_days = 7
        bob = self.contact(self.acme, "Bob Reminded")
        cid = self.contact(self.acme, "Cid Answered")
        invitations = self.Invitation._dispatch("csat", "manual", self.ann | bob | cid)
        invitations.mapped("mail_id").write({"state": "sent"})
        answered = invitations.filtered(lambda i: i.contact_id == cid)
        self.answer(cid, "csat", 4, user_input=answered.user_input_id)
        self.Invitation._cron_update_states()
        self.backdate(invitations, 6)
        self.Invitation._cron_dispatch()
        self.assertFalse(invitations.filtered("reminder_date"), "not before D days")
        self.backdate(invitations, 7)
        bob.lifecycle_survey_opt_out = True  # refused surveys since
        self.Invitation._cron_dispatch()
        reminded = invitations.filtered("reminder_date")
        self.assertEqual(reminded.mapped("contact_id"), self.ann)
        mail = reminded.reminder_mail_id
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(reminded.user_input_id[survey_testing.TOKEN_FIELD], mail.body_html)
        self.assertIn(self.ann.email, mail.email_to)
        self.assertEqual(compat.to_date(reminded.reminder_date), self.today)
        # one reminder only
        self.Invitation._cron_dispatch()
        self.assertEqual(self.env["mail.mail"].search_count(
            [("email_to", "ilike", self.ann.email)]), 2)

    def test_no_reminder_when_switched_off(self):
        invitation = self.Invitation._dispatch("csat", "manual", self.ann)
        invitation.mail_id.write({"state": "sent"})
        self.Invitation._cron_update_states()
        self.backdate(invitation, 30)
        self.Invitation._cron_dispatch()
        self.assertFalse(invitation.reminder_date)

    # -- opt-out -------------------------------------------------------------------------

    def test_opt_out_is_honoured_by_every_trigger(self):
        self.config.write({"survey_on_ticket": True, "survey_on_delivery": True,
                           "survey_on_onboarding": True, "survey_onboarding_days": 30})
        self.ann.lifecycle_survey_opt_out = True
        ticket_invitation = self.close_new_ticket(self.ann, "Opted out ticket")
        order = self.sale(self.ann, 0, 100.0, deliver_late_days=0)
        delivery = self.Invitation.search([("picking_id", "in", order.picking_ids.ids)])
        manual = self.Invitation._dispatch("nps", "manual", self.ann)
        relationship = self.Invitation._dispatch("nps", "relationship", self.ann)
        for invitation in (ticket_invitation, delivery, manual, relationship):
            self.assertEqual((invitation.state, invitation.skip_reason),
                             ("skipped", "survey_opt_out"), invitation.trigger)
        # a company that refuses surveys refuses them for its contacts; onboarding too
        company = self.customer("Refusing Co", email="refusing@example.com",
                                lifecycle_survey_opt_out=True)
        self.sale(company, 30, 100.0)
        self.Invitation._cron_dispatch()
        onboarding = self.Invitation.search([("partner_id", "=", company.id),
                                             ("trigger", "=", "onboarding")])
        self.assertEqual((onboarding.state, onboarding.skip_reason), ("skipped", "survey_opt_out"))
        self.assertFalse(self.env["survey.user_input"].search(
            [("partner_id", "in", (self.ann | company).ids)]))

    def test_opt_out_on_the_partner_form(self):
        view = self.env.ref("crm_lifecycle_survey.res_partner_view_form_survey_opt_out")
        self.assertEqual(view.inherit_id, self.env.ref("base.view_partner_form"))
        arch = core_testing.render_view(self.env, self.env.ref("base.view_partner_form"))
        self.assertIn('name="lifecycle_survey_opt_out"', arch)

    # -- the invitation list -------------------------------------------------------------

    def test_invitation_list_shows_why(self):
        self.config.survey_sample_ticket = 0
        self.config.survey_on_ticket = True
        self.close_new_ticket(self.ann, "Listed ticket")
        bob = self.contact(self.acme, "Bob Listed", lifecycle_survey_opt_out=True)
        self.Invitation._dispatch("nps", "manual", bob)
        tree = self.env.ref("crm_lifecycle_survey.crm_lifecycle_survey_invitation_view_tree")
        self.assertIn('name="skip_reason"', tree.arch)
        search = self.env.ref("crm_lifecycle_survey.crm_lifecycle_survey_invitation_view_search")
        domains = survey_testing.filter_domains(search)
        mine = [("partner_id", "=", self.acme.id)]
        sampled = self.Invitation.search(mine + domains["skip_sampled"])
        self.assertEqual(sampled.mapped("skip_reason"), ["sampled_out"])
        opted = self.Invitation.search(mine + domains["skip_opt_out"])
        self.assertEqual(opted.mapped("contact_id"), bob)
        # the reasons in Chinese
        survey_testing.load_chinese(self.env)
        labels = dict(self.Invitation.with_context(lang="zh_CN")._fields["skip_reason"]
                      ._description_selection(self.env(context={"lang": "zh_CN"})))
        self.assertEqual(labels["sampled_out"], "未被抽样")
        self.assertEqual(labels["transactional_cap"], "30 天内交易类调查已达上限")

    # -- settings -----------------------------------------------------------------------

    def test_every_new_setting_is_bounded(self):
        for name in NEW_SETTINGS:
            low, high, _unit = SURVEY_BOUNDS[name]
            label = self.config._fields[name].string
            for bad in (low - 1, high + 1, "ten", 1.5, True):
                error = self.assertRefused(ValidationError,
                                           lambda n=name, b=bad: self.config.write({n: b}),
                                           "%s = %r" % (name, bad))
                self.assertIn(label, str(error.args[0]))
                self.assertIn("%s to %s" % (low, high), str(error.args[0]))
            self.config.write({name: high})
            self.config.write({name: low})
            self.assertEqual(self.config[name], low)
