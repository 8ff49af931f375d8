# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sales orders mark their customer for the next incremental refresh."""
from odoo import models

from .lifecycle_tracked import DOCUMENT_FIELDS


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = DOCUMENT_FIELDS + (
        "date_order", "order_line", "amount_untaxed", "amount_total", "pricelist_id", "currency_id")
