# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpdesk tickets mark their customer for the next incremental refresh and show the
customer's lifecycle summary."""
from odoo import models

from .lifecycle_tracked import DOCUMENT_FIELDS


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "crm.lifecycle.tracked", "crm.lifecycle.customer.info"]
    _lifecycle_tracked_fields = DOCUMENT_FIELDS + (
        "stage_id", "closed", "closed_date", "category_id", "tag_ids")
