# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .. import compat


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # The method that finishes a validated transfer: action_done on 11, _action_done on 17.
    if compat.V11:
        def action_done(self):
            result = super(StockPicking, self).action_done()
            self._lifecycle_after_done()
            return result
    else:
        def _action_done(self):
            result = super(StockPicking, self)._action_done()
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
