# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unhappy answers open a follow-up in the same transaction: an activity for the
account owner, or a helpdesk ticket (reopened when the answer came from one)."""
import datetime

from odoo.exceptions import UserError

from odoo.addons.crm_lifecycle.tools import flows, testing

from .. import compat
from ..models.lifecycle_followup import add_business_days
from ..tools import testing as survey_testing
from .common import SurveyCase


class TestClosedLoop(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.customer("Loop Acme", user_id=cls.user_own.id)
        cls.people = [cls.contact(cls.acme, "Looper %d" % i) for i in range(8)]

    def test_business_days(self):
        friday = datetime.date(2024, 7, 5)
        self.assertEqual(add_business_days(friday, 1), datetime.date(2024, 7, 8))
        self.assertEqual(add_business_days(friday, 2), datetime.date(2024, 7, 9))
        self.assertEqual(add_business_days(datetime.date(2024, 7, 6), 1), datetime.date(2024, 7, 8))

    def test_which_answers_open_a_followup(self):
        cases = [("nps", 6, True), ("nps", 7, False), ("nps", 10, False), ("csat", 2, True),
                 ("csat", 3, False), ("ces", 6, True), ("ces", 5, False), ("ces", 7, True)]
        for person, (kind, score, unhappy) in zip(self.people, cases):
            row = self.counted(self.answer(person, kind, score))
            self.assertEqual(bool(row.followup_id), unhappy, (kind, score))

    def test_activity_mode(self):
        self.config.followup_business_days = 3
        row = self.counted(self.answer(self.people[0], "nps", 2, comment="Late again"))
        followup = row.followup_id
        self.assertEqual((followup.mode, followup.state, followup.user_id),
                         ("activity", "open", self.user_own))
        due = add_business_days(self.today, 3)
        self.assertEqual(compat.to_date(followup.date_deadline), due)
        activity = followup.activity_id
        self.assertEqual((activity.res_model, activity.res_id, activity.user_id),
                         ("res.partner", self.acme.id, self.user_own))
        self.assertEqual(compat.to_date(activity.date_deadline), due)
        # the owner records the outcome by marking the activity done
        testing.as_user(activity, self.user_own).action_feedback(feedback="Called, refund agreed")
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.outcome, "Called, refund agreed")
        self.assertEqual(compat.to_date(followup.date_done), self.today)

    def test_open_lists_the_followups(self):
        followup = self.counted(self.answer(self.people[1], "csat", 1)).followup_id
        action = self.env["crm.lifecycle.followup"].action_open([("id", "=", followup.id)])
        self.assertEqual(action["res_model"], "crm.lifecycle.followup")
        self.assertIn("form", action["view_mode"])
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), followup)

    def test_followup_done_needs_outcome(self):
        followup = self.counted(self.answer(self.people[1], "csat", 1)).followup_id
        with self.assertRaises(UserError):
            followup.action_done()
        self.assertEqual(followup.state, "open")
        followup.outcome = "Apologised, sent a voucher"
        activity = followup.activity_id
        kept = compat.activity_kept_when_done(activity)
        followup.action_done()
        self.assertEqual(followup.state, "done")
        if kept:  # the activity marked done: archived, done today
            self.assertEqual((activity.active, compat.to_date(activity.date_done)),
                             (False, self.today))
        else:  # the activity marked done: deleted
            self.assertFalse(activity.exists())

    def test_ticket_mode_reopens_the_answers_ticket(self):
        self.config.followup_mode = "ticket"
        ticket = flows.create_ticket(self.people[2], self.today, "Refund please")
        flows.close_ticket(ticket, self.today)
        invitation = self.Invitation._dispatch("csat", "ticket", self.people[2], ticket=ticket)
        row = self.counted(self.answer(self.people[2], "csat", 1,
                                       user_input=invitation.user_input_id))
        followup = row.followup_id
        self.assertEqual((followup.mode, followup.ticket_id), ("ticket", ticket))
        self.assertFalse(ticket.stage_id.closed)  # reopened
        self.assertFalse(followup.activity_id)
        # closing the ticket again closes the follow-up
        flows.close_ticket(ticket, self.today)
        self.assertEqual(followup.state, "done")
        self.assertTrue(followup.outcome)

    def test_ticket_mode_creates_a_ticket(self):
        self.config.followup_mode = "ticket"
        before = self.env["helpdesk.ticket"].search_count([])
        followup = self.counted(self.answer(self.people[3], "ces", 7)).followup_id
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before + 1)
        self.assertEqual(followup.ticket_id.partner_id, self.people[3])
        self.assertEqual(followup.ticket_id.user_id, self.user_own)

    def test_overdue_list(self):
        late = self.counted(self.answer(self.people[4], "nps", 0)).followup_id
        fresh = self.counted(self.answer(self.people[5], "nps", 1)).followup_id
        late.sudo().write({"date_deadline": compat.date_field_value(self.day(3))})
        overdue = self.Followup.search([("overdue", "=", True), ("id", "in", (late | fresh).ids)])
        self.assertEqual(overdue, late)
        self.assertTrue(late.overdue)
        self.assertFalse(fresh.overdue)
        late.write({"outcome": "Done late"})
        late.action_done()
        self.assertFalse(self.Followup.search([("overdue", "=", True),
                                               ("id", "in", (late | fresh).ids)]))

    def test_owner_of_a_customer_without_salesperson(self):
        # the survey pages finish an answer as the public user (in sudo): the follow-up
        # goes to the configured owner, else an internal user, never the public user
        nobody = self.customer("Unassigned Ltd")
        person = self.contact(nobody, "Una Signed")
        survey = self.surveys["nps"]
        public = self.env.ref("base.public_user")
        user_input = self.invite(person, "nps").user_input_id
        survey_testing.answer_as_visitor(user_input, public, [(survey.lifecycle_metric_question_id, 1)])
        followup = self.counted(user_input).followup_id
        self.assertTrue(followup.user_id)
        self.assertFalse(followup.user_id.share)
        self.config.followup_user_id = self.user_other
        other = self.contact(nobody, "Otto Signed")
        user_input = self.invite(other, "nps").user_input_id
        survey_testing.answer_as_visitor(user_input, public, [(survey.lifecycle_metric_question_id, 0)])
        self.assertEqual(self.counted(user_input).followup_id.user_id, self.user_other)
