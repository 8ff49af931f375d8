# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer payments mark their customer for the next incremental refresh."""
from odoo import models

from .lifecycle_tracked import DOCUMENT_FIELDS


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = DOCUMENT_FIELDS + (
        "amount", "payment_date", "date", "partner_type", "payment_type", "move_id", "currency_id")
