# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Completed answers feed the customer: counted rows, categories, the company NPS, the
profile fields after the core's recompute, the health component, bad answers ignored,
and what a salesperson may see."""
from odoo.exceptions import UserError

from odoo.addons.crm_lifecycle.tools import flows, testing

from .. import compat, scales
from .common import SurveyCase


class TestIngestion(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.customer("Ingest Acme", user_id=cls.user_own.id)
        cls.sale(cls.acme, 40, 500.0, user=cls.user_own)
        cls.people = [cls.contact(cls.acme, "Person %d" % i) for i in range(6)]

    def test_categories_and_company_nps(self):
        scores = [10, 9, 9, 8, 6, 0]
        answers = [self.answer(person, "nps", score) for person, score in zip(self.people, scores)]
        rows = self.Satisfaction.browse()
        for user_input in answers:
            rows |= self.counted(user_input)
        self.assertEqual(rows.mapped("score"), [s for s in scores])
        self.assertEqual(
            [r.category for r in rows],
            ["promoter", "promoter", "promoter", "passive", "detractor", "detractor"])
        self.assertEqual(set(rows.mapped("partner_id")), {self.acme})
        self.assertEqual(rows[0].user_id, self.user_own)
        # NPS by hand: 3 promoters, 2 detractors of 6 answers
        expected = 100.0 * (3 - 2) / 6
        self.assertAlmostEqual(scales.nps(scores), expected)
        group = self.Satisfaction.read_group([("id", "in", rows.ids)], ["nps_points"], [])[0]
        self.assertAlmostEqual(group["nps_points"], expected, places=4)
        # the headless API gives the same figure, overall and per account owner
        api = self.Satisfaction.api_nps(date_from=str(self.today), date_to=str(self.today))
        mine = [r for r in api if r["group"] is False][0]
        self.assertEqual((mine["promoters"], mine["passives"], mine["detractors"]), (3, 1, 2))
        by_owner = self.Satisfaction.api_nps(groupby="user_id")
        owner = [r for r in by_owner if r["group"] and r["group"][0] == self.user_own.id][0]
        self.assertAlmostEqual(owner["nps"], expected)
        with self.assertRaises(UserError):
            self.Satisfaction.api_nps(groupby="partner_id")
        with self.assertRaises(UserError):
            self.Satisfaction.api_nps(date_from="yesterday")
        # the CSAT share is not diluted by NPS answers (NULL, not 0, for other kinds)
        csat = self.answer(self.contact(self.acme, "Csat One"), "csat", 5)
        group = self.Satisfaction.read_group(
            [("id", "in", (rows | self.counted(csat)).ids)], ["nps_points", "csat_satisfied"], [])[0]
        self.assertAlmostEqual(group["nps_points"], expected, places=4)
        self.assertAlmostEqual(group["csat_satisfied"], 100.0)

    def test_invitation_answered_and_trigger_kept(self):
        ticket = flows.create_ticket(self.people[0], self.today, "Question")
        invitation = self.Invitation._dispatch("csat", "ticket", self.people[0], ticket=ticket)
        self.answer(self.people[0], "csat", 4, comment="Quick and kind",
                    user_input=invitation.user_input_id)
        self.assertEqual(invitation.state, "answered")
        row = self.counted(invitation.user_input_id)
        self.assertEqual((row.kind, row.score, row.trigger, row.ticket_id),
                         ("csat", 4, "ticket", ticket))
        self.assertEqual(row.comment, "Quick and kind")
        self.assertFalse(row.category)

    def test_profile_fields_after_recompute(self):
        p = self.people
        # two invitations, one answered; the four other answers have their invitations
        # too (only an invitation's answer counts): 5 of 6 answered
        invited = self.Invitation._dispatch("nps", "manual", p[0] | p[1])
        self.answer(p[0], "nps", 9, user_input=invited[0].user_input_id, when=self.day(20))
        self.answer(p[2], "nps", 4, when=self.day(5))
        self.answer(p[3], "csat", 4)
        self.answer(p[4], "csat", 2)
        self.answer(p[5], "ces", 2)
        self.recompute()
        profile = self.profile(self.acme)
        self.assertEqual((profile.nps_last, profile.nps_category), (4, "detractor"))
        self.assertEqual(compat.to_date(profile.nps_date), self.day(5))
        self.assertAlmostEqual(profile.csat_avg, 3.0)
        self.assertAlmostEqual(profile.ces_avg, 2.0)
        self.assertAlmostEqual(profile.survey_response_rate, 5.0 / 6)
        api = self.Profile.api_get_profiles([self.acme.id])[0]
        self.assertEqual((api["nps_last"], api["nps_category"], api["csat_avg"], api["ces_avg"]),
                         (4, "detractor", 3.0, 2.0))
        self.assertEqual(api["nps_date"], str(self.day(5)))
        # the health reasons tell the satisfaction component with the answers behind it
        satisfaction = [line for line in api["health_reasons"] if line.startswith("Satisfaction")]
        self.assertEqual(satisfaction, [
            "Satisfaction %d/100 from 5 answer(s): last NPS 4 (Detractor), CSAT 3.0/5, CES 2.0/7."
            % round(profile.health_satisfaction)])
        # the ready-made "Detractors" segment holds the customer after the recompute
        detractors = self.env.ref("crm_lifecycle_survey.segment_detractors")
        self.assertIn(self.acme, detractors.current_member_ids.mapped("partner_id"))
        # health component by hand: NPS 9 -> 90, 4 -> 40; CSAT 4 -> 75, 2 -> 25;
        # CES 2 -> 100 - 100/6
        expected = (90 + 40 + 75 + 25 + (100 - 100.0 / 6)) / 5
        self.assertAlmostEqual(profile.health_satisfaction, expected, places=2)
        # and it weighs into the health score: the same customer without answers scores higher
        with_answers = profile.health_score
        self.Satisfaction.search([("partner_id", "=", self.acme.id)]).unlink()
        self.recompute()
        self.assertFalse(self.profile(self.acme).health_satisfaction)
        self.assertNotEqual(self.profile(self.acme).health_score, with_answers)

    def test_bad_answers_not_counted(self):
        logger = "odoo.addons.crm_lifecycle_survey.models.lifecycle_satisfaction"
        bad = [("nps", 11), ("nps", 7.5), ("csat", 0), ("ces", 8), ("nps", None)]
        with self.assertLogs(logger, level="WARNING") as logs:
            inputs = [self.answer(person, kind, score)
                      for person, (kind, score) in zip(self.people, bad)]
        self.assertEqual(len(logs.output), len(bad))
        for user_input in inputs:
            self.assertEqual(user_input.state, "done")
            self.assertFalse(self.counted(user_input))
        self.recompute()
        self.assertFalse(self.profile(self.acme).nps_last)
        self.assertFalse(self.profile(self.acme).health_satisfaction)

    def test_salesman_sees_only_his_customers_answers(self):
        other = self.customer("Other Co", user_id=self.user_other.id)
        mine = self.answer(self.people[0], "nps", 10)
        theirs = self.answer(self.contact(other, "Their Person"), "nps", 3)
        rows = self.counted(mine) | self.counted(theirs)
        seen = testing.as_user(self.Satisfaction, self.user_own).search([("id", "in", rows.ids)])
        self.assertEqual(seen, self.counted(mine))
        seen = testing.as_user(self.Satisfaction, self.user_other).search([("id", "in", rows.ids)])
        self.assertEqual(seen, self.counted(theirs))
        followups = testing.as_user(self.Followup, self.user_own).search(
            [("satisfaction_id", "in", rows.ids)])
        self.assertFalse(followups)  # the detractor's follow-up belongs to the other salesman

    def test_repeat_promoters_become_advocates(self):
        self.sale(self.acme, 10, 300.0, user=self.user_own)
        self.recompute()
        before = self.profile(self.acme).stage_id
        self.assertNotEqual(before.code, "advocate")
        self.answer(self.people[0], "nps", 10, when=self.day(200))
        self.recompute()
        self.assertEqual(self.profile(self.acme).stage_id, before)  # one promoter is not enough
        self.answer(self.people[1], "nps", 9, when=self.day(3))
        self.recompute()
        profile = self.profile(self.acme)
        self.assertEqual(profile.stage_id, self.env.ref("crm_lifecycle_survey.stage_advocate"))
        self.assertIn("Advocate", profile.transition_ids.sorted("id")[-1].reason)
        # a detractor takes the customer back to the core's rules
        self.answer(self.people[2], "nps", 2)
        self.recompute()
        self.assertEqual(self.profile(self.acme).stage_id, before)
