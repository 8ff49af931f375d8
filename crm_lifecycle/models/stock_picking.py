# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deliveries mark their customer for the next incremental refresh."""
from odoo import models

from .lifecycle_tracked import DOCUMENT_FIELDS


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "crm.lifecycle.tracked"]
    _lifecycle_tracked_fields = DOCUMENT_FIELDS + (
        "date_done", "scheduled_date", "picking_type_id", "move_lines", "move_ids")
