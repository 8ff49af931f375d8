# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Leads mark their customer for the next incremental refresh and show the customer's
lifecycle summary."""
from odoo import models

from .lifecycle_tracked import DOCUMENT_FIELDS


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.lifecycle.tracked", "crm.lifecycle.customer.info"]
    _lifecycle_tracked_fields = DOCUMENT_FIELDS + (
        "type", "probability", "stage_id", "planned_revenue", "expected_revenue", "date_closed",
        "lost_reason", "lost_reason_id")
