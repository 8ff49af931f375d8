# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who sees which profile, who may recompute, and the RPC API's contract and errors."""
from odoo.exceptions import AccessError, UserError

from ..tools import testing
from .common import LifecycleCase

CONTRACT = ["partner_id", "company_id", "stage_id", "first_order_date", "last_order_date",
            "order_count", "revenue_total", "r_score", "f_score", "m_score", "rfm_segment",
            "abc_class", "health_score"]


class TestSecurityApi(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.user("lc_own", "sales_team.group_sale_salesman")
        cls.all = cls.user("lc_all", "sales_team.group_sale_salesman_all_leads")
        cls.mine = cls.customer("Mine Ltd", user_id=cls.own.id)
        cls.theirs = cls.customer("Theirs Ltd", user_id=cls.all.id)
        cls.contact = cls.env["res.partner"].create({"name": "Pat", "parent_id": cls.mine.id})
        cls.sale(cls.contact, 10, 700.0, user=cls.own)
        cls.sale(cls.theirs, 10, 900.0, user=cls.all)

    def as_user(self, user):
        return testing.as_user(self.Profile, user)

    def test_salesperson_sees_own_customers_only(self):
        self.recompute()
        own = self.as_user(self.own).search([("partner_id", "in", (self.mine | self.theirs).ids)])
        self.assertEqual(own.mapped("partner_id"), self.mine)
        everyone = self.as_user(self.all).search([("partner_id", "in", (self.mine | self.theirs).ids)])
        self.assertEqual(everyone.mapped("partner_id"), self.mine | self.theirs)

    def test_only_managers_recompute_and_configure(self):
        with self.assertRaises(UserError):
            self.as_user(self.own).api_recompute()
        stages = self.env["crm.lifecycle.stage"]
        stages = testing.as_user(stages, self.all)
        with self.assertRaises(AccessError):
            stages.search([], limit=1).write({"days": 5})

    def test_api_round_trip(self):
        self.assertTrue(self.Profile.api_recompute()["full"])
        counts = self.Profile.api_recompute([self.contact.id])
        self.assertEqual(counts["profiles"], 1, "a contact resolves to its company")
        rows = self.Profile.api_get_profiles([self.contact.id, self.theirs.id])
        self.assertEqual([r["partner_id"] for r in rows], sorted([self.mine.id, self.theirs.id]))
        row = rows[[r["partner_id"] for r in rows].index(self.mine.id)]
        for key in CONTRACT:
            self.assertIn(key, row)
        self.assertEqual(row["order_count"], 1)
        self.assertAlmostEqual(row["revenue_total"], 700.0)
        self.assertEqual(row["last_order_date"], str(self.day(10)))
        self.assertEqual(row["stage_code"], "new")
        self.assertEqual(set(row["health_breakdown"]),
                         {"recency", "trend", "payment", "service", "satisfaction"})
        self.assertNotIn(None, row.values(), "XML-RPC cannot carry None")

    def test_api_rejects_bad_arguments(self):
        for bad in ("12", [0], [-3], [True], [1.5], None, {"id": 1}):
            with self.assertRaises(UserError):
                self.Profile.api_get_profiles(bad)
        with self.assertRaisesRegex(UserError, "No partner"):
            self.Profile.api_get_profiles([999999999])
        with self.assertRaises(UserError):
            self.Profile.api_recompute("all")
        with self.assertRaises(UserError):
            self.Profile.api_stage_at(self.mine.id, "2024-13-45")
