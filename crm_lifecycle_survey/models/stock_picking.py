# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .. import compat


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _lifecycle_action_done(self, *args, **kwargs):
        result = getattr(super(), compat.PICKING_DONE_METHOD)(*args, **kwargs)
        self._lifecycle_after_done()
        return result

    def _lifecycle_after_done(self):
        config = self.env["crm.lifecycle.config"]._get_config()
        if not config.survey_on_delivery:
            return
        Invitation = self.env["crm.lifecycle.survey.invitation"]
        for picking in self.filtered(lambda p: p.state == "done" and p.partner_id
                                     and p.picking_type_code == "outgoing"):
            Invitation._dispatch(config.survey_delivery_kind, "delivery", picking.partner_id,
                                 company=picking.company_id, picking=picking)


# The override of the method that finishes a validated transfer, under its series' name.
setattr(StockPicking, compat.PICKING_DONE_METHOD, StockPicking._lifecycle_action_done)
