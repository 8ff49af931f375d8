# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import testing

from .common import ReportCase

MODEL = "crm.lifecycle.report.finance"


class TestFinance(ReportCase):

    def assertRow(self, partner, expected):
        row = self.row(MODEL, partner)
        self.assertEqual(len(row), 1, partner.name)
        for name, value in expected.items():
            if isinstance(value, float):
                self.assertAlmostEqual(row[name], value, places=2, msg="%s %s" % (partner.name, name))
            else:
                self.assertEqual(row[name], value, "%s %s" % (partner.name, name))
        return row

    def to_invoice(self, partner):
        """Orders Odoo itself says are still to invoice (the view's independent check)."""
        return self.env["sale.order"].search([
            ("partner_id", "=", partner.id), ("state", "in", ("sale", "done")),
            ("invoice_status", "=", "to invoice")])

    def test_alpha_overdue_and_dso(self):
        self.assertRow(self.alpha, {
            "ordered": 4000.0, "delivered": 4000.0, "invoiced": 4000.0, "refunded": 0.0,
            "paid": 3000.0, "receivable_open": 1000.0, "overdue_amount": 1000.0,
            "open_orders": 0.0, "exposure": 1000.0, "uninvoiced_orders": 0,
            # open 1000 / invoiced over 365 days (300, 200 and 20 days ago: 3000) x 365
            "dso": 1000.0 / 3000.0 * 365, "flag_overdue": True, "flag_over_invoiced": False,
            "flag_uninvoiced": False, "flag_refunds": False, "flag_over_limit": False,
            "user_id": self.user_own, "stage_id": self.profile(self.alpha).stage_id})

    def test_beta_not_invoiced_after_n_days(self):
        row = self.assertRow(self.beta, {
            "ordered": 500.0, "delivered": 0.0, "invoiced": 0.0, "paid": 0.0,
            "receivable_open": 0.0, "open_orders": 500.0, "exposure": 500.0,
            "uninvoiced_orders": 1, "uninvoiced_days": 60, "flag_uninvoiced": True,
            "flag_overdue": False})
        self.assertIn(row, self.Finance.search([("flag_uninvoiced", "=", True)]))
        # the threshold is a setting: 90 days and Beta's 60-day-old order is no longer flagged
        self.env["ir.config_parameter"].set_param("crm_lifecycle_report.uninvoiced_days", "90")
        compat.invalidate(self.env)
        self.assertFalse(row.flag_uninvoiced)
        self.assertNotIn(row, self.Finance.search([("flag_uninvoiced", "=", True)]))
        self.assertIn(row, self.Finance.search([("flag_uninvoiced", "=", False)]))

    def test_today_is_the_readers_day(self):
        """Days waiting count to the reading user's today, not the server's UTC date: a
        reader at UTC+14 or UTC-12 (whichever has another day than UTC now) sees Beta's
        order wait one day more or less than the server's date would say."""
        order = self.to_invoice(self.beta)
        ordered = compat.to_date(order.date_order)
        self.env.cr.execute("SELECT CURRENT_DATE")
        utc_today = compat.to_date(self.env.cr.fetchone()[0])
        for tz in ("Etc/GMT-14", "Etc/GMT+12"):
            reader = self.Finance.with_context(tz=tz)
            reader_today = compat.today(reader.env)
            if reader_today != utc_today:
                break
        self.assertNotEqual(reader_today, utc_today)
        compat.invalidate(self.env)
        domain = [("partner_id", "=", self.beta.id), ("company_id", "=", self.company.id)]
        rows = reader.search(domain)
        self.assertEqual(rows.read(["uninvoiced_days"])[0]["uninvoiced_days"],
                         (reader_today - ordered).days)
        self.assertNotEqual((reader_today - ordered).days, (utc_today - ordered).days)
        # grouped (pivot, graph) the same
        group = reader.read_group(domain, ["uninvoiced_days"], [])
        self.assertEqual(group[0]["uninvoiced_days"], (reader_today - ordered).days)

    def test_gamma_refund_ratio(self):
        self.assertRow(self.gamma, {
            "ordered": 800.0, "delivered": 800.0, "invoiced": 400.0, "invoiced_gross": 800.0,
            "refunded": 400.0, "paid": 400.0, "receivable_open": 0.0, "overdue_amount": 0.0,
            "refund_ratio": 50.0, "flag_refunds": True, "dso": 0.0,
            "uninvoiced_orders": len(self.to_invoice(self.gamma))})
        self.assertIn(self.row(MODEL, self.gamma), self.Finance.search([("flag_refunds", "=", True)]))

    def test_delta_credit_limit(self):
        self.assertRow(self.delta, {
            "ordered": 300.0, "open_orders": 300.0, "exposure": 300.0, "credit_limit": 200.0,
            "credit_used": 150.0, "flag_over_limit": True, "uninvoiced_days": 10,
            "flag_uninvoiced": False})
        self.delta.sudo().write({"credit_limit": 500.0})
        compat.flush(self.env)
        compat.invalidate(self.env)
        self.assertFalse(self.row(MODEL, self.delta).flag_over_limit)

    def test_salesperson_sees_own_customers_only(self):
        rows = testing.as_user(self.Finance, self.user_other).search(
            [("partner_id", "in", self.ours.ids)])
        # unassigned customers (Beta, Delta) are visible to every salesperson, as in the core
        self.assertEqual(rows.mapped("partner_id"), self.beta | self.delta)
        rows = testing.as_user(self.Finance, self.user_own).search(
            [("partner_id", "in", self.ours.ids)])
        self.assertEqual(rows.mapped("partner_id"), self.ours)

    def test_segment_filter(self):
        """Filtering a report by segment keeps the segment's current members only."""
        segment = self.env["crm.lifecycle.segment"].create({
            "name": "LCR big spenders", "company_id": self.company.id,
            "domain": "[('partner_id.name', 'in', ['LCR Alpha', 'LCR Gamma'])]"})
        segment.action_refresh()
        rows = self.Finance.search([("segment_ids", "=", segment.id),
                                    ("partner_id", "in", self.ours.ids)])
        self.assertEqual(rows.mapped("partner_id"), self.alpha | self.gamma)
        self.assertIn(segment, self.row(MODEL, self.alpha).segment_ids)
        rows = self.Finance.search([("segment_ids", "!=", segment.id),
                                    ("partner_id", "in", self.ours.ids)])
        self.assertEqual(rows.mapped("partner_id"), self.beta | self.delta)
        rows = self.env["crm.lifecycle.report.rfm"].search([("segment_ids", "ilike", "big spenders")])
        self.assertEqual(rows.mapped("partner_id"), self.alpha | self.gamma)
