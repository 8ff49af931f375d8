# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Targeted campaigns: a segment action records who it targeted, holds a reproducible
share of them out, acts only on the others, and measures the uplift of what both groups
ordered in the days after the launch."""
import hashlib
import math

from odoo.exceptions import AccessError, ValidationError

from .. import compat
from ..tools import testing
from .common import LifecycleCase


class TestCampaign(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Campaign Co")
        cls.customers = cls.env["res.partner"]
        for n in range(6):
            cls.customers |= cls.customer("Campaign %s Ltd" % n)
            cls.sale(cls.customers[-1], 300, 100.0)
        cls.rep = cls.user("lc_campaign_rep", "sales_team.group_sale_salesman_all_leads",
                           "crm_lifecycle.group_lifecycle_user")
        cls.rep.write({"company_ids": [(4, cls.company.id)], "company_id": cls.company.id})
        # an activity type of its own: a playbook of the database may schedule calls too
        cls.call = cls.env["mail.activity.type"].create({"name": "Campaign call"})

    def segment(self):
        self.recompute()
        return self.env["crm.lifecycle.segment"].create({
            "name": "Campaign targets", "company_id": self.company.id,
            "domain": "[('partner_id', 'in', %s)]" % self.customers.ids})

    def launch(self, segment, share):
        self.env["crm.lifecycle.segment.action"].create({
            "segment_id": segment.id, "action": "activity", "activity_type_id": self.call.id,
            "days": 3, "holdout_percent": share}).action_apply()
        return self.campaigns(segment)[:1]

    def campaigns(self, segment):
        return self.env["crm.lifecycle.campaign"].search([("segment_id", "=", segment.id)])

    def activities(self):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"),
                                                 ("res_id", "in", self.customers.ids),
                                                 ("activity_type_id", "=", self.call.id)])

    def test_holdout_drawn_reproducibly_and_left_out(self):
        segment = self.segment()
        campaign = self.launch(segment, 34.0)
        self.assertEqual((campaign.kind, campaign.holdout_percent, campaign.window_days),
                         ("activity", 34.0, 30))
        self.assertEqual(segment.campaign_count, 1)
        # the members ordered by md5(campaign, partner, company): the first floor(34 % x 6) = 2 out
        order = sorted(self.customers, key=lambda p: hashlib.md5(
            ("%d-%d-%d" % (campaign.id, p.id, self.company.id)).encode()).hexdigest())
        expected_out = self.env["res.partner"].union(*order[:int(math.floor(0.34 * 6))])
        held = campaign.member_ids.filtered("held_out")
        self.assertEqual(held.mapped("partner_id"), expected_out)
        self.assertFalse(any(held.mapped("date_contacted")))
        contacted = campaign.member_ids - held
        self.assertEqual(len(contacted), 4)
        self.assertTrue(all(m.date_contacted for m in contacted))
        activities = self.activities()
        self.assertEqual(set(activities.mapped("res_id")), set(contacted.mapped("partner_id").ids),
                         "the hold-out gets no activity")
        # a second campaign draws its own hold-out, of the same size
        second = self.launch(segment, 34.0)
        self.assertNotEqual(second, campaign)
        self.assertEqual(len(second.member_ids.filtered("held_out")), 2)

    def test_opportunities_skip_the_holdout(self):
        segment = self.segment()
        Lead = self.env["crm.lead"].with_context(active_test=False)
        before = Lead.search([("partner_id", "in", self.customers.ids)])
        self.env["crm.lifecycle.segment.action"].create({
            "segment_id": segment.id, "action": "opportunity", "opportunity_kind": "winback",
            "holdout_percent": 50.0}).action_apply()
        campaign = self.campaigns(segment)
        self.assertEqual(campaign.kind, "opportunity")
        contacted = campaign.member_ids.filtered(lambda m: not m.held_out).mapped("partner_id")
        self.assertEqual(len(contacted), 3)
        leads = Lead.search([("partner_id", "in", self.customers.ids)]) - before
        self.assertEqual(leads.mapped("partner_id"), contacted, "the hold-out gets no opportunity")

    def test_uplift_over_the_reply_window(self):
        segment = self.segment()
        campaign = self.launch(segment, 50.0)
        # launched 40 days ago: its window is (40 days ago, 10 days ago]
        self.env.cr.execute("UPDATE crm_lifecycle_campaign SET date_launched = %s WHERE id = %s",
                            (self.day(40), campaign.id))
        compat.invalidate(self.env)
        contacted = campaign.member_ids.filtered(lambda m: not m.held_out).mapped("partner_id")
        held = campaign.member_ids.filtered("held_out").mapped("partner_id")
        self.assertEqual((len(contacted), len(held)), (3, 3))
        # two contacted buyers (one of them twice), one held-out buyer; orders outside the window
        # (the launch day itself, after it ended) do not count
        self.sale(contacted[0], 35, 200.0)
        self.sale(contacted[0], 12, 100.0)
        self.sale(contacted[1], 20, 300.0)
        self.sale(contacted[2], 40, 999.0)
        self.sale(held[0], 15, 150.0)
        self.sale(held[1], 5, 999.0)
        self.assertEqual((campaign.contacted_count, campaign.contacted_buyers), (3, 2))
        self.assertEqual((campaign.held_out_count, campaign.held_out_buyers), (3, 1))
        # rates are shown to one decimal
        self.assertAlmostEqual(campaign.contacted_rate, 100.0 * 2 / 3, places=1)
        self.assertAlmostEqual(campaign.held_out_rate, 100.0 / 3, places=1)
        self.assertAlmostEqual(campaign.uplift_rate, 100.0 / 3, places=1)
        self.assertAlmostEqual(campaign.contacted_revenue, 600.0)
        self.assertAlmostEqual(campaign.held_out_revenue, 150.0)
        self.assertAlmostEqual(campaign.uplift_revenue_member, 200.0 - 50.0)
        self.assertAlmostEqual(campaign.incremental_revenue, 150.0 * 3)
        # 2 of 3 against 1 of 3: any split of the 3 buyers is at least this likely
        self.assertAlmostEqual(campaign.uplift_p_value, 1.0)
        self.assertFalse(campaign.uplift_significant)
        self.assertTrue(campaign.window_closed)
        # a longer window takes in the later order of the held-out customer
        campaign.write({"window_days": 40})
        self.assertEqual(campaign.held_out_buyers, 2)

    def test_holdout_share_bounds(self):
        config = self.env["crm.lifecycle.config"]._get_config()
        self.assertEqual(config.campaign_holdout_percent, 10.0)
        for value in (50.5, -1.0):
            with self.assertRaisesRegex(ValidationError, "hold-out share"):
                with self.env.cr.savepoint():
                    config.write({"campaign_holdout_percent": value})
        segment = self.segment()
        with self.assertRaisesRegex(ValidationError, "Hold-out share"):
            with self.env.cr.savepoint():
                self.launch(segment, 60.0)
        self.assertFalse(self.campaigns(segment), "nothing launched")
        # the setting is the wizard's default, and the tag action's share
        config.write({"campaign_holdout_percent": 50.0})
        segment.action_tag_members()
        campaign = self.campaigns(segment)
        self.assertEqual((campaign.kind, campaign.holdout_percent), ("tag", 50.0))
        self.assertEqual(segment.tag_id.partner_ids,
                         campaign.member_ids.filtered(lambda m: not m.held_out).mapped("partner_id"))

    def test_users_read_managers_change(self):
        segment = self.segment()
        campaign = self.launch(segment, 34.0)
        as_rep = testing.as_user(campaign, self.rep)
        self.assertEqual(as_rep.contacted_count, 4)
        self.assertTrue(as_rep.action_view_members())
        with self.assertRaises(AccessError):
            as_rep.write({"window_days": 10})
        with self.assertRaises(AccessError):
            testing.as_user(self.env["crm.lifecycle.campaign"], self.rep).create({
                "name": "x", "kind": "tag", "date_launched": self.today, "company_id": self.company.id})
        employee = self.user("lc_campaign_employee")
        with self.assertRaises(AccessError):
            testing.as_user(campaign, employee).action_view_members()
