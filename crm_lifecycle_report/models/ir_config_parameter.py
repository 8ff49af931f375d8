# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .report_finance import PARAM_REFUND_RATIO, PARAM_UNINVOICED_DAYS, check_threshold


class IrConfigParameter(models.Model):
    """The finance flags' thresholds are system parameters: checked when saved."""
    _inherit = "ir.config_parameter"

    @api.constrains("key", "value")
    def _check_lifecycle_thresholds(self):
        for param in self:
            if param.key in (PARAM_UNINVOICED_DAYS, PARAM_REFUND_RATIO):
                check_threshold(param.key, param.value)
