# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents whose changes mark their customer for the next incremental refresh (leads
and tickets also show the customer's lifecycle summary)."""
from odoo import models

from .. import compat
from ..engine import recompute as engine


class LifecycleTracked(models.AbstractModel):
    _name = "crm.lifecycle.tracked"
    _description = "Marks the customer of a changed document for a lifecycle refresh"

    # The fields of the document the engine reads (directly, or through lines that change
    # its stored amounts): a write that touches none of them leaves the customer as it
    # was, and marks nothing. Names a series does not have are simply never written.
    _lifecycle_tracked_fields = ()

    def _lifecycle_mark(self):
        # one small INSERT whatever the number of records; contacts resolve in SQL
        partner_ids = [pid for pid in self.sudo().mapped("partner_id").ids if pid]
        engine.mark_dirty(self.env, partner_ids)

    @compat.model_create
    def create(self, vals):
        records = super().create(vals)
        records._lifecycle_mark()
        return records

    def write(self, vals):
        if not set(vals).intersection(self._lifecycle_tracked_fields):
            return super().write(vals)
        if "partner_id" in vals:
            self._lifecycle_mark()  # the customer it leaves changes too
        result = super().write(vals)
        self._lifecycle_mark()
        return result

    def unlink(self):
        self._lifecycle_mark()
        return super().unlink()


# the engine never reads a document's salesperson: reassigning leads or orders marks nothing
_DOCUMENT = ("partner_id", "commercial_partner_id", "company_id", "state", "active")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = _DOCUMENT + (
        "date_order", "order_line", "amount_untaxed", "amount_total", "pricelist_id", "currency_id")


class CustomerInvoice(models.Model):
    _name = compat.INVOICE_MODEL
    _inherit = [compat.INVOICE_MODEL, "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = _DOCUMENT + (
        "type", "move_type", "date_invoice", "invoice_date", "date_due", "invoice_date_due", "date",
        "invoice_line_ids", "line_ids", "currency_id", "payment_state")


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = _DOCUMENT + (
        "amount", "payment_date", "date", "partner_type", "payment_type", "move_id", "currency_id")


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = _DOCUMENT + (
        "date_done", "scheduled_date", "picking_type_id", "move_lines", "move_ids")


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.lifecycle.tracked", "crm.lifecycle.customer.info"]
    _lifecycle_tracked_fields = _DOCUMENT + (
        "type", "probability", "stage_id", "planned_revenue", "expected_revenue", "date_closed",
        "lost_reason", "lost_reason_id")


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "crm.lifecycle.tracked", "crm.lifecycle.customer.info"]
    _lifecycle_tracked_fields = _DOCUMENT + ("stage_id", "closed", "closed_date", "category_id", "tag_ids")
