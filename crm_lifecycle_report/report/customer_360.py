# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError

from odoo.addons.crm_lifecycle import compat

from ..models import sql_sources

# A customer's invoices still open, oldest due first (compat's invoice fragment). Run only
# for a customer whose profile the reader may read (ReportCustomer360._check_readable).
SQL_OPEN_INVOICES = """
SELECT i.id, i.inv_date, i.due_date, i.amount, i.residual, i.due_date < %(today)s::date AS overdue
  FROM (""" + sql_sources.CUSTOMER_INVOICES + """) i
 WHERE i.partner_id = %(partner_id)s AND i.company_id = %(company_id)s
   AND i.kind = 'invoice' AND i.residual > 0
 ORDER BY i.due_date, i.id
"""


class ReportCustomer360(models.AbstractModel):
    """Customer 360: one customer's stage history, scores, metrics, satisfaction and open
    items, in the printing user's current company, for a reader who may read the
    customer's lifecycle profile there (a salesperson limited to his own documents: his
    own customers and unassigned ones)."""
    _name = "report.crm_lifecycle_report.customer_360"
    _description = "Customer 360 report"

    @api.model
    def _check_readable(self, partner, company):
        """The customer's profile in `company` as the reader sees it; AccessError when the
        reader may not read the customer or the profile (the SQL below reads past the
        record rules, so this is what keeps them)."""
        Profile = self.env["crm.lifecycle.profile"]
        compat.check_model_access(Profile, "read")
        compat.check_access(partner, "read")
        domain = [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        profile = Profile.search(domain, limit=1)
        if not profile and Profile.sudo().search_count(domain):
            raise AccessError(_("Customer 360: you may not read the lifecycle profile of %s.")
                              % partner.display_name)
        return profile

    @api.model
    def _customer_values(self, partner):
        env = self.env
        company = compat.current_company(env)
        partner = partner.commercial_partner_id
        profile = self._check_readable(partner, company)
        finance = env["crm.lifecycle.report.finance"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=1)
        compat.flush(env)
        env.cr.execute(SQL_OPEN_INVOICES, {"partner_id": partner.id, "company_id": company.id,
                                           "today": compat.today(env)})
        open_rows = env.cr.dictfetchall()
        # and of those, the invoices the reader may open (Sales' own-documents rule)
        Invoice = env[compat.INVOICE_MODEL]
        invoices = Invoice.search([("id", "in", [r["id"] for r in open_rows])]) if open_rows \
            and compat.can_access(Invoice, "read") else Invoice
        names = {inv.id: inv.display_name for inv in invoices}
        open_rows = [dict(row, name=names[row["id"]]) for row in open_rows if row["id"] in names]
        orders = env["sale.order"].search([
            ("partner_id", "child_of", partner.id), ("company_id", "=", company.id),
            ("state", "in", ("sale", "done")), ("invoice_status", "=", "to invoice")],
            order="date_order")
        Ticket = env["helpdesk.ticket"]
        tickets = Ticket.search([
            ("partner_id", "child_of", partner.id), ("company_id", "=", company.id),
            ("stage_id.closed", "=", False)]) if compat.can_access(Ticket, "read") else Ticket
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
        # rights first, whatever the documents (none at all included)
        compat.check_model_access(self.env["crm.lifecycle.profile"], "read")
        partners = self.env["res.partner"].browse(docids)
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners,
                "customers": [self._customer_values(p) for p in partners]}

    @api.model
    def get_report_values(self, docids, data=None):
        # the name Odoo 11 calls (17 calls _get_report_values): public, so any user may
        # call it over RPC; _customer_values checks the reader first
        return self._get_report_values(docids, data=data)
