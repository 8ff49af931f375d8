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

    def _lifecycle_mark(self):
        # one small INSERT whatever the number of records; contacts resolve in SQL
        partner_ids = [pid for pid in self.sudo().mapped("partner_id").ids if pid]
        engine.mark_dirty(self.env, partner_ids)

    @compat.model_create
    def create(self, vals):
        records = super(LifecycleTracked, self).create(vals)
        records._lifecycle_mark()
        return records

    def write(self, vals):
        if "partner_id" in vals:
            self._lifecycle_mark()  # the customer it leaves changes too
        result = super(LifecycleTracked, self).write(vals)
        self._lifecycle_mark()
        return result

    def unlink(self):
        self._lifecycle_mark()
        return super(LifecycleTracked, self).unlink()


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.lifecycle.tracked"]


class CustomerInvoice(models.Model):
    _name = compat.INVOICE_MODEL
    _inherit = [compat.INVOICE_MODEL, "crm.lifecycle.tracked"]


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "crm.lifecycle.tracked"]


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "crm.lifecycle.tracked"]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.lifecycle.tracked", "crm.lifecycle.customer.info"]


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "crm.lifecycle.tracked", "crm.lifecycle.customer.info"]
