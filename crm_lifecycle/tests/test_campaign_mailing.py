# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The segment's mailing-list audience against Odoo's own Email Marketing (mass_mailing,
installed by setup/test.sh where the series has it): the real list holds the contacted
members with an email, never the hold-out, and follows the members from run to run."""
from .common import LifecycleCase


class TestCampaignMailing(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Mailing Co")
        cls.customers = cls.env["res.partner"]
        for n in range(10):
            cls.customers |= cls.customer("Mailing %s Ltd" % n, email="buyer%s@mailing.example.com" % n)
            cls.sale(cls.customers[-1], 100, 100.0)
        cls.silent = cls.customer("No Email Ltd")
        cls.sale(cls.silent, 100, 100.0)
        cls.env["crm.lifecycle.config"]._get_config().write({"campaign_holdout_percent": 20.0})

    def setUp(self):
        super().setUp()
        self.Segment = self.env["crm.lifecycle.segment"]
        if not self.Segment._mailing_models():
            self.skipTest("Email Marketing (mass_mailing) is not installed in this database")

    def list_emails(self, segment):
        list_model, contact_model = segment._mailing_models()
        model, list_id = segment.mailing_list_ref.split(",")
        self.assertEqual(model, list_model)
        mailing_list = self.env[list_model].browse(int(list_id))
        contacts = self.env[contact_model].search([("list_ids", "in", mailing_list.ids)])
        return mailing_list, set(contacts.mapped("email"))

    def campaign(self, segment):
        return self.env["crm.lifecycle.campaign"].search([("segment_id", "=", segment.id)], limit=1)

    def test_list_follows_the_contacted_members(self):
        self.recompute()
        everybody = self.customers | self.silent
        segment = self.Segment.create({"name": "Newsletter targets", "company_id": self.company.id,
                                       "domain": "[('partner_id', 'in', %s)]" % everybody.ids})
        segment.action_update_audience()
        first = self.campaign(segment)
        self.assertEqual(first.kind, "mailing_list")
        self.assertEqual(len(first.member_ids), 11)
        held = first.member_ids.filtered("held_out").mapped("partner_id")
        self.assertEqual(len(held), 2, "floor(20 % of 11)")
        contacted = first.member_ids.filtered(lambda m: not m.held_out).mapped("partner_id")
        mailing_list, emails = self.list_emails(segment)
        self.assertEqual(emails, set(contacted.filtered("email").mapped("email")))
        self.assertFalse(emails & set(held.mapped("email")), "the hold-out gets no mail")
        # three customers leave the segment: the next run takes them off the same list
        leaving = self.customers[:3]
        segment.write({"domain": "[('partner_id', 'in', %s)]" % (everybody - leaving).ids})
        segment.action_update_audience()
        second = self.campaign(segment)
        self.assertNotEqual(second, first)
        self.assertEqual(len(second.member_ids), 8)
        same_list, emails = self.list_emails(segment)
        self.assertEqual(same_list, mailing_list)
        contacted = second.member_ids.filtered(lambda m: not m.held_out).mapped("partner_id")
        self.assertEqual(emails, set(contacted.filtered("email").mapped("email")))
        self.assertFalse(emails & set(leaving.mapped("email")))
        self.assertFalse(emails & set(second.member_ids.filtered("held_out").mapped("partner_id.email")))
