# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super(StockPicking, self)._action_done()
        config = self.env["crm.lifecycle.config"].get_config()
        if config.survey_on_delivery:
            Invitation = self.env["crm.lifecycle.survey.invitation"]
            for picking in self.filtered(lambda p: p.state == "done" and p.partner_id
                                         and p.picking_type_code == "outgoing"):
                Invitation._dispatch(config.survey_delivery_kind, "delivery", picking.partner_id,
                                     company=picking.company_id, picking=picking)
        return result
