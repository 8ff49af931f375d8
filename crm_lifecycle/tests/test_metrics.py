# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every profile metric against values computed by hand from one customer's history,
built through the ERP's flows. T is today; dates are T minus days."""
from unittest.mock import patch

from .. import compat
from ..engine import recompute as engine
from ..tools import flows
from .common import LifecycleCase


class TestProfileMetrics(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.customer("Acme Metrics")
        cls.alice = cls.env["res.partner"].create(
            {"name": "Alice Buyer", "parent_id": cls.acme.id, "email": "alice@acme.example"})
        # orders: T-400 1000 on time, T-100 2000 delivered 3 days late, T-40 3000 by the
        # contact, on time, then returned at T-35
        o1 = cls.sale(cls.acme, 400, 1000.0, deliver_late_days=0)
        o2 = cls.sale(cls.acme, 100, 2000.0, deliver_late_days=3)
        o3 = cls.sale(cls.alice, 40, 3000.0, deliver_late_days=0)
        flows.return_delivery(o3.picking_ids.filtered(lambda p: p.state == "done")[:1], cls.day(35))
        # invoices: 1 paid after 20 days then refunded 200; 2 half paid; 3 unpaid and overdue
        inv1 = flows.invoice_order(o1, cls.day(400), due_days=30)
        flows.register_payment(inv1, cls.day(380))
        flows.refund_invoice(inv1, cls.day(370), amount=200.0)
        inv2 = flows.invoice_order(o2, cls.day(100), due_days=30)
        flows.register_payment(inv2, cls.day(60), amount=500.0)
        flows.invoice_order(o3, cls.day(40), due_days=30)
        # service: a complaint closed after 24 hours, another ticket still open
        complaint = flows.create_ticket(cls.alice, cls.day(30), "Broken part", category="Complaint")
        flows.close_ticket(complaint, cls.day(29))
        flows.create_ticket(cls.acme, cls.day(5), "Question")
        cls.env["crm.lifecycle.config"]._get_config().write(
            {"complaint_category_ids": [(6, 0, complaint.category_id.ids)]})
        # pipeline: one won, one lost, one open opportunity of 5000
        flows.win_lead(flows.create_lead(cls.acme, cls.day(420), "First deal", 1000.0), cls.day(410))
        flows.lose_lead(flows.create_lead(cls.acme, cls.day(200), "Lost deal", 800.0), cls.day(190))
        flows.create_lead(cls.acme, cls.day(20), "Expansion", 5000.0)

    def test_metrics_by_hand(self):
        counts = self.recompute()
        self.assertTrue(counts["full"])
        profile = self.profile(self.acme)
        self.assertEqual(len(profile), 1, "contacts roll up to their company: one profile")
        d = compat.to_date
        expected_dates = {
            "first_order_date": self.day(400), "last_order_date": self.day(40),
            "prev_order_date": self.day(100), "last_interaction_date": self.day(5),
        }
        for name, value in expected_dates.items():
            self.assertEqual(d(profile[name]), value, name)
        expected = {
            # sales
            "order_count": 3, "order_count_365": 2, "revenue_total": 6000.0, "revenue_365": 5000.0,
            "revenue_prev_365": 1000.0, "avg_order_value": 2000.0, "interval_mean_days": 180.0,
            "interval_median_days": 180.0, "recency_days": 40,
            # finance: open = 0 + 1500 + 3000 - 200 credit; overdue = 1500 (70 d) + 3000 (10 d)
            # less the open 200 credit note
            "invoiced_total": 6000.0, "refunded_total": 200.0, "paid_total": 1500.0,
            "receivable_open": 4300.0, "overdue_amount": 4300.0, "overdue_max_days": 70,
            "days_to_pay_avg": 20.0,
            # delivery
            "deliveries_done": 3, "deliveries_on_time": 2, "returns_count": 1,
            # service
            "tickets_total": 2, "tickets_open": 1, "tickets_90d": 2, "ticket_close_hours_avg": 24.0,
            "complaints_count": 1, "complaints_90d": 1,
            # pipeline
            "opps_open": 1, "opps_open_revenue": 5000.0, "leads_won": 1, "leads_lost": 1,
            "win_rate": 50.0,
            # value
            "clv_historical": 6000.0,
        }
        for name, value in expected.items():
            self.assertAlmostEqual(profile[name], value, places=2, msg=name)
        self.assertAlmostEqual(profile.refund_ratio, 200.0 / 6000.0, places=4)
        self.assertAlmostEqual(profile.delivery_on_time_rate, 200.0 / 3, places=2)
        # 6000 over 401 days of history, annualised
        self.assertAlmostEqual(profile.annual_value, 6000.0 * 365 / 401, places=2)
        # window = max(90 days, 1.5 x 180) = 270 > 40 days since the last order; 3 < 4 orders
        self.assertEqual(profile.stage_id.code, "active")
        self.assertIn("40 days ago", profile.transition_ids[:1].reason)
        # health: recency 40 d within its window -> 100; revenue 5000 vs 1000 -> 50 + 50 x 4/5
        # = 90; payment: 100 - 60 x 70/90 - 40 (all open is overdue) = 13.33; service: 100 -
        # 15 (one open ticket) - 25 (one complaint in 90 d) = 60; weights .35/.25/.25/.15
        self.assertAlmostEqual(profile.health_recency, 100.0)
        self.assertAlmostEqual(profile.health_trend, 90.0)
        self.assertAlmostEqual(profile.health_payment, 100 - 60 * 70 / 90.0 - 40, places=2)
        self.assertAlmostEqual(profile.health_service, 60.0)
        self.assertEqual(profile.health_score, 70)
        # the partner carries the profile's stage and health for its list and filters
        self.assertEqual(self.acme.lifecycle_stage_id, profile.stage_id)
        self.assertEqual(profile.health_band, "good")
        self.assertIn(profile, self.Profile.search([("health_band", "=", "good")]))
        self.assertIn(self.acme, self.env["res.partner"].search([("lifecycle_health_band", "=", "good")]))
        self.assertNotIn(self.acme, self.env["res.partner"].search([("lifecycle_health_band", "=", "poor")]))
        self.assertEqual(self.alice.lifecycle_profile_id, profile, "a contact shows its company's profile")

    def test_as_of_past_date_leaves_profiles_untouched(self):
        self.recompute()
        profile = self.profile(self.acme)
        before = profile.read(["revenue_total", "receivable_open", "stage_id", "write_date"])[0]
        rows = engine.snapshot(self.env, self.day(90), [self.acme.id])
        row = [r for r in rows if r["partner_id"] == self.acme.id][0]
        # at T-90: two orders; invoice 2 (2000, due T-70) not yet due nor paid; the 200
        # credit note is open; invoice 3 does not exist yet
        self.assertEqual(row["order_count"], 2)
        self.assertAlmostEqual(float(row["revenue_total"]), 3000.0)
        self.assertAlmostEqual(float(row["receivable_open"]), 1800.0)
        self.assertAlmostEqual(float(row["overdue_amount"]), 0.0)
        self.assertEqual(row["tickets_total"], 0)
        compat.invalidate(self.env)
        self.assertEqual(profile.read(["revenue_total", "receivable_open", "stage_id", "write_date"])[0],
                         before)

    def test_incremental_refresh_after_a_new_order(self):
        self.recompute()
        engine.dirty_partners(self.env)  # the fixture's own marks are cleared by the recompute
        self.assertNotIn(self.acme.id, engine.dirty_partners(self.env))
        self.sale(self.alice, 0, 500.0)
        self.assertIn(self.acme.id, engine.dirty_partners(self.env),
                      "an order of a contact marks its company")
        counts = self.Profile._cron_refresh_marked()
        self.assertFalse(counts["full"])
        self.assertEqual(counts["profiles"], 1)
        profile = self.profile(self.acme)
        self.assertEqual(profile.order_count, 4)
        self.assertAlmostEqual(profile.revenue_total, 6500.0)
        self.assertNotIn(self.acme.id, engine.dirty_partners(self.env))

    def _metrics_rows(self, day, partner_ids=None):
        engine.compute(self.env, day, partner_ids)
        self.env.cr.execute("SELECT * FROM lc_metrics WHERE partner_id = %s", (self.acme.id,))
        rows = self.env.cr.dictfetchall()
        self.env.cr.execute("DROP TABLE IF EXISTS lc_result, lc_scored, lc_metrics, lc_clv")
        return rows

    def test_refresh_metrics_equal_the_full_computation_from_either_plan(self):
        # a refresh of a few customers runs METRICS from a prepared generic plan, a large
        # one plans it for its customers: both give what the full computation gives
        self.recompute()
        for day in (self.day(0), self.day(38), self.day(90)):
            full = self._metrics_rows(day)
            self.assertEqual(len(full), 1)
            self.assertEqual(full[0]["order_count"], {0: 3, 38: 3, 90: 2}[(self.day(0) - day).days])
            self.assertEqual(self._metrics_rows(day, [self.acme.id]), full, "prepared generic plan")
            with patch.object(engine, "GENERIC_PLAN_MAX_CUSTOMERS", 0):
                self.assertEqual(self._metrics_rows(day, [self.acme.id]), full, "planned for the customers")

    def test_no_history_no_profile(self):
        bare = self.customer("Nobody Yet")
        self.recompute()
        self.assertFalse(self.profile(bare))
        self.assertEqual(self.Profile.api_get_profiles([bare.id]), [])
