# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.crm_lifecycle import compat

from ..models import sql_sources

# A customer's invoices still open, oldest due first (compat's invoice fragment).
SQL_OPEN_INVOICES = """
SELECT i.id, i.inv_date, i.due_date, i.amount, i.residual, i.due_date < %(today)s::date AS overdue
  FROM ({invoices}) i
 WHERE i.partner_id = %(partner_id)s AND i.company_id = %(company_id)s
   AND i.kind = 'invoice' AND i.residual > 0
 ORDER BY i.due_date, i.id
""".format(invoices=sql_sources.CUSTOMER_INVOICES)


class ReportCustomer360(models.AbstractModel):
    """Customer 360: one customer's stage history, scores, metrics, satisfaction and open
    items, in the printing user's current company."""
    _name = "report.crm_lifecycle_report.customer_360"
    _description = "Customer 360 report"

    @api.model
    def _customer_values(self, partner):
        env = self.env
        company = compat.current_company(env)
        partner = partner.commercial_partner_id
        profile = env["crm.lifecycle.profile"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=1)
        finance = env["crm.lifecycle.report.finance"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=1)
        compat.flush(env)
        env.cr.execute(SQL_OPEN_INVOICES, {"partner_id": partner.id, "company_id": company.id,
                                           "today": compat.today(env)})
        open_rows = env.cr.dictfetchall()
        invoices = env[compat.INVOICE_MODEL].browse([r["id"] for r in open_rows])
        names = {inv.id: inv.display_name for inv in invoices}
        for row in open_rows:
            row["name"] = names.get(row["id"], "")
        orders = env["sale.order"].search([
            ("partner_id", "child_of", partner.id), ("company_id", "=", company.id),
            ("state", "in", ("sale", "done")), ("invoice_status", "=", "to invoice")],
            order="date_order")
        tickets = env["helpdesk.ticket"].search([
            ("partner_id", "child_of", partner.id), ("stage_id.closed", "=", False)])
        answers = env["crm.lifecycle.satisfaction"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=10)
        followups = env["crm.lifecycle.followup"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id),
             ("state", "=", "open")])
        return {
            "partner": partner, "company": company, "profile": profile, "finance": finance,
            "transitions": profile.transition_ids[:20], "open_invoices": open_rows,
            "orders": orders, "tickets": tickets, "answers": answers, "followups": followups,
            "currency": company.currency_id,
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners,
                "customers": [self._customer_values(p) for p in partners]}

    @api.model
    def get_report_values(self, docids, data=None):
        # the name Odoo 11 calls (17 calls _get_report_values)
        return self._get_report_values(docids, data=data)
