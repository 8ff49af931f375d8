# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class LifecyclePoolAssign(models.TransientModel):
    """Managers: assign the selected pool customers to a salesperson."""
    _name = "crm.lifecycle.pool.assign"
    _description = "Assign Pool Customers"

    user_id = fields.Many2one("res.users", string="Salesperson", required=True)
    partner_ids = fields.Many2many("res.partner", string="Customers")

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        if self.env.context.get("active_model") == "res.partner" and self.env.context.get("active_ids"):
            values["partner_ids"] = [(6, 0, self.env.context["active_ids"])]
        return values

    def action_assign(self):
        self.ensure_one()
        self.env["res.partner"]._lifecycle_pool_check_manager()
        if not self.partner_ids:
            raise UserError(_("Customers: select at least one customer."))
        self.partner_ids._lifecycle_pool_assign(self.user_id)
        return {"type": "ir.actions.act_window_close"}
