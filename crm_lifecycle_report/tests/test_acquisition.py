# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The acquisition report: customers, retention, revenue and predicted CLV by the UTM
source each customer came through, with true ratios in every total."""
from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tests.common import LifecycleCase
from odoo.addons.crm_lifecycle.tools import flows

MODEL = "crm.lifecycle.report.acquisition"


class TestAcquisitionReport(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Acquisition Co")
        cls.fair = cls.env["utm.source"].create({"name": "Fair source"})
        cls.web = cls.env["utm.source"].create({"name": "Web source"})
        # the fair brings three customers, one of them lapsed since; the web one
        cls.fair_customers = [cls.customer("Fair %s Ltd" % n) for n in range(3)]
        for partner, days_ago in zip(cls.fair_customers, (40, 60, 700)):
            lead = flows.create_lead(partner, cls.day(days_ago + 5), "Met at the fair", 10.0, type="lead")
            lead.write({"source_id": cls.fair.id})
            cls.sale(partner, days_ago, 100.0)
        cls.web_customer = cls.customer("Web Ltd")
        lead = flows.create_lead(cls.web_customer, cls.day(35), "Web form", 10.0, type="lead")
        lead.write({"source_id": cls.web.id})
        cls.sale(cls.web_customer, 30, 300.0)
        cls.sale(cls.web_customer, 10, 300.0)

    def test_totals_by_source(self):
        self.recompute()
        Report = self.env[MODEL]
        domain = [("company_id", "=", self.company.id)]
        groups = compat.read_group(Report, domain, ["source_id", "customer_count", "active_count",
                                                    "still_active_share", "revenue", "revenue_avg"],
                                   ["source_id"])
        by_source = {g["source_id"][0]: g for g in groups if g["source_id"]}
        fair, web = by_source[self.fair.id], by_source[self.web.id]
        self.assertEqual(fair["customer_count"], 3)
        self.assertEqual(fair["active_count"], 2)  # the one of 700 days ago is lapsed
        self.assertAlmostEqual(fair["still_active_share"], 100.0 * 2 / 3, places=3)
        self.assertAlmostEqual(fair["revenue"], 300.0)
        self.assertAlmostEqual(fair["revenue_avg"], 100.0)
        self.assertEqual(web["customer_count"], 1)
        self.assertAlmostEqual(web["revenue"], 600.0)
        # the total of both sources: a true ratio (3 of 4), not a sum of the groups' shares
        total = compat.read_group(Report, domain, ["still_active_share", "revenue_avg"], [])[0]
        self.assertAlmostEqual(total["still_active_share"], 75.0, places=3)
        self.assertAlmostEqual(total["revenue_avg"], 900.0 / 4)
        rows = Report.search(domain + [("partner_id", "=", self.web_customer.id)])
        self.assertEqual(compat.to_date(rows.acquired_month), compat.to_date(self.day(30)).replace(day=1))
