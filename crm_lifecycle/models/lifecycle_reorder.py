# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, compat
from ..engine import queries, recompute, reorder


class LifecycleReorder(models.Model):
    """A reorder suggestion: the customer's next order is overdue against its own rhythm,
    so its salesperson is asked to call, or handed a draft quotation of its typical order.
    Made by the daily job (engine/reorder.py), never typed in. One cycle is one expected
    date: a suggestion answered (ordered) or dismissed is not made again until the
    customer's rhythm gives a new date; at most one is open per customer and company
    (a unique index, whoever creates it)."""
    _name = "crm.lifecycle.reorder"
    _description = "Customer Lifecycle Reorder Suggestion"
    _order = "suggested_on desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    expected_date = fields.Date("Order expected", required=True, readonly=True)
    overdue_days = fields.Integer("Overdue (days)", readonly=True, **compat.aggregator("avg"),
                                  help="How overdue the order was when the suggestion was made.")
    suggested_on = fields.Date(required=True, readonly=True)
    state = fields.Selection([("open", "Open"), ("ordered", "Ordered"), ("dismissed", "Dismissed")],
                             required=True, readonly=True, default="open", index=True)
    with_quotation = fields.Boolean("Quotation suggested", readonly=True)
    order_id = fields.Many2one("sale.order", string="Suggested quotation", readonly=True,
                               ondelete="set null")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    _sql_constraints = [
        ("cycle_unique", "UNIQUE(partner_id, company_id, expected_date)",
         "A customer gets one reorder suggestion per expected order."),
    ]

    def init(self):
        self.env.cr.execute(queries.REORDER_OPEN_UNIQUE)

    def action_dismiss(self):
        """The salesperson (or a manager) says no: the suggestion is closed for this cycle
        and its draft quotation cancelled."""
        access.check_user(self.env)
        compat.check_access(self, "read")
        if not access.is_manager(self.env) and self.filtered(lambda s: s.user_id != self.env.user):
            raise UserError(_("Only the customer's salesperson or a Lifecycle Manager can dismiss "
                              "a reorder suggestion."))
        suggestions = self.sudo().filtered(lambda s: s.state == "open")
        drafts = suggestions.mapped("order_id").filtered(lambda o: o.state in ("draft", "sent"))
        if drafts:
            compat.cancel_orders(drafts)
        suggestions.mapped("activity_id").unlink()
        suggestions.write({"state": "dismissed"})
        return True

    def action_open_quotation(self):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_access(self, "read")
        if not self.order_id:
            raise UserError(_("This suggestion has no quotation."))
        return {"type": "ir.actions.act_window", "res_model": "sale.order", "res_id": self.order_id.id,
                "view_mode": "form", "views": [(False, "form")]}

    @api.model
    def _cron_suggest(self):
        """Daily: close the answered suggestions, then suggest to the overdue customers."""
        return recompute.run_job(self.env, reorder.suggest)
