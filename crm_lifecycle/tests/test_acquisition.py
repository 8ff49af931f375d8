# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Acquisition: the UTM source, medium and campaign of the first lead when it has any and
came before the first order, else of the first confirmed order; in the profile, the
partner's tab and the API."""
from .. import compat
from ..tools import flows
from .common import LifecycleCase


class TestAcquisition(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fair = cls.env["utm.source"].create({"name": "Trade fair"})
        cls.web = cls.env["utm.source"].create({"name": "Web search"})
        cls.email = cls.env["utm.medium"].create({"name": "Newsletter medium"})
        cls.spring = cls.env["utm.campaign"].create({"name": "Spring push"})
        # first lead with UTM values: they win over a later lead's and the order's
        cls.from_lead = cls.customer("From A Lead Ltd")
        contact = cls.env["res.partner"].create({"name": "Buyer", "parent_id": cls.from_lead.id})
        first = flows.create_lead(contact, cls.day(300), "First contact", 100.0, type="lead")
        first.write({"source_id": cls.fair.id, "medium_id": cls.email.id, "campaign_id": cls.spring.id})
        later = flows.create_lead(cls.from_lead, cls.day(200), "Later", 100.0)
        later.write({"source_id": cls.web.id})
        order = cls.sale(cls.from_lead, 150, 100.0)
        if compat.order_has_utm(cls.env):
            order.write({"source_id": cls.web.id})
        # a first lead without UTM values: the first order's count
        cls.from_order = cls.customer("From An Order Ltd")
        flows.create_lead(cls.from_order, cls.day(300), "No source", 50.0)
        cls.first_order = cls.sale(cls.from_order, 100, 100.0)
        second = cls.sale(cls.from_order, 50, 100.0)
        if compat.order_has_utm(cls.env):
            cls.first_order.write({"source_id": cls.web.id, "campaign_id": cls.spring.id})
            second.write({"source_id": cls.fair.id})
        # a lead that came after the first order did not acquire the customer
        cls.upsold = cls.customer("Upsold Later Ltd")
        first = cls.sale(cls.upsold, 200, 100.0)
        if compat.order_has_utm(cls.env):
            first.write({"source_id": cls.web.id})
        flows.create_lead(cls.upsold, cls.day(100), "Upsell", 50.0).write({"source_id": cls.fair.id})
        cls.unknown = cls.customer("Unknown Origin Ltd")
        cls.sale(cls.unknown, 10, 100.0)

    def test_first_lead_then_first_order(self):
        self.recompute()
        lead = self.profile(self.from_lead)
        self.assertEqual(lead.acquisition_source_id, self.fair)
        self.assertEqual(lead.acquisition_medium_id, self.email)
        self.assertEqual(lead.acquisition_campaign_id, self.spring)
        unknown = self.profile(self.unknown)
        self.assertFalse(unknown.acquisition_source_id or unknown.acquisition_campaign_id)
        self.assertEqual(self.from_lead.lifecycle_acquisition_campaign_id, self.spring)
        if not compat.order_has_utm(self.env):
            return
        self.assertEqual(self.profile(self.upsold).acquisition_source_id, self.web)
        order = self.profile(self.from_order)
        self.assertEqual(order.acquisition_source_id, self.web)
        self.assertEqual(order.acquisition_campaign_id, self.spring)
        self.assertFalse(order.acquisition_medium_id)
        # the first order's source changes: the next recompute follows, searchable
        self.first_order.write({"source_id": self.fair.id})
        self.recompute(partners=self.from_order)
        self.assertEqual(self.profile(self.from_order).acquisition_source_id, self.fair)
        found = self.Profile.search([("acquisition_source_id", "=", self.fair.id)])
        self.assertIn(self.profile(self.from_order), found)
        self.assertIn(lead, found)

    def test_api(self):
        self.recompute()
        row = self.Profile.api_get_profiles([self.from_lead.id])[0]
        self.assertEqual(row["acquisition_source_id"], self.fair.id)
        self.assertEqual(row["acquisition_source_name"], "Trade fair")
        self.assertEqual(row["acquisition_campaign_name"], "Spring push")
        empty = self.Profile.api_get_profiles([self.unknown.id])[0]
        self.assertIs(empty["acquisition_medium_id"], False)
        self.assertIs(empty["acquisition_medium_name"], False)

