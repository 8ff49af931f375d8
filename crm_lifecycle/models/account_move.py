# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer invoices and refunds mark their customer for the next incremental refresh.

The invoice model is compat.INVOICE_MODEL: account.invoice on Odoo 11, account.move on
17 and later (the file takes the current name). The tracked fields list both series'
names; a name the running series does not have is simply never written."""
from odoo import models

from .. import compat
from .lifecycle_tracked import DOCUMENT_FIELDS


class AccountMove(models.Model):
    _name = compat.INVOICE_MODEL
    _inherit = [compat.INVOICE_MODEL, "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = DOCUMENT_FIELDS + (
        "type", "move_type", "date_invoice", "invoice_date", "date_due", "invoice_date_due", "date",
        "invoice_line_ids", "line_ids", "currency_id", "payment_state")
