# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..access import USER_GROUP
from .lifecycle_profile import ABC_CLASSES, RFM_SEGMENTS


class LifecycleCustomerInfo(models.AbstractModel):
    """The customer's stage, value and health on documents that have a partner_id (leads,
    tickets), so that sales and support see who matters where they work. Computed rather
    than related: the mixin itself has no partner_id to relate through."""
    _name = "crm.lifecycle.customer.info"
    _description = "Customer lifecycle summary on a document"

    lifecycle_stage_id = fields.Many2one("crm.lifecycle.stage", string="Customer stage",
                                         compute="_compute_lifecycle_info", groups=USER_GROUP)
    lifecycle_health_score = fields.Integer("Customer health", compute="_compute_lifecycle_info",
                                            groups=USER_GROUP)
    lifecycle_abc_class = fields.Selection(ABC_CLASSES, string="Customer value class",
                                           compute="_compute_lifecycle_info", groups=USER_GROUP)
    lifecycle_rfm_segment = fields.Selection(RFM_SEGMENTS, string="Customer RFM segment",
                                             compute="_compute_lifecycle_info", groups=USER_GROUP)

    def _compute_lifecycle_info(self):
        for record in self:
            customer = record.partner_id.commercial_partner_id
            record.lifecycle_stage_id = customer.lifecycle_stage_id
            record.lifecycle_health_score = customer.lifecycle_health_score
            record.lifecycle_abc_class = customer.lifecycle_abc_class
            record.lifecycle_rfm_segment = customer.lifecycle_rfm_segment
