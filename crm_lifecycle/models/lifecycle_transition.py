# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import compat, window
from ..engine import queries, rules


class LifecycleTransition(models.Model):
    """A stage change, kept forever: the stage on any past day is the last transition on
    or before it. Written by the engine (bulk SQL) and the override wizard only."""
    _name = "crm.lifecycle.transition"
    _description = "Customer Lifecycle Stage Change"
    _order = "date desc, id desc"
    _rec_name = "name"

    profile_id = fields.Many2one("crm.lifecycle.profile", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    from_stage_id = fields.Many2one("crm.lifecycle.stage", string="From", readonly=True,
                                    ondelete="restrict")
    to_stage_id = fields.Many2one("crm.lifecycle.stage", string="To", required=True, readonly=True,
                                  ondelete="restrict")
    date = fields.Date(required=True, readonly=True, index=True,
                       help="When the change took effect (e.g. the day the customer lapsed).")
    kind = fields.Selection([("auto", "Rules"), ("manual", "Manual")], required=True, readonly=True)
    user_id = fields.Many2one("res.users", readonly=True, help="Who recomputed or overrode.")
    rule_code = fields.Selection(rules.CODES, string="Rule", readonly=True)
    reason = fields.Text(readonly=True)
    name = fields.Char(compute="_compute_name")
    sequence = fields.Integer(readonly=True, help="Position in the customer's history (1 = first change).")

    def init(self):
        # no two changes at one position of a customer's history: two jobs that both
        # decided the same change cannot both insert it
        self.env.cr.execute(queries.TRANSITION_SEQUENCE_INDEX)

    def _compute_name(self):
        for transition in self:
            transition.name = "%s: %s → %s" % (
                transition.partner_id.display_name, transition.from_stage_id.name or "-",
                transition.to_stage_id.name)

    @api.model
    def _history_action(self, domain):
        """The window listing the stage changes that match `domain`."""
        return window.action(self._name, "tree,form", name=_("Stage history"), domain=domain)

    @compat.model_create
    def create(self, vals):
        """Only the engine and the override wizard (both sudo) append to the history; each
        change takes the next position of its customer's history."""
        if not compat.is_superuser(self.env):
            raise UserError(_("Stage history is written by the lifecycle engine; set a stage by hand "
                              "with 'Override stage'."))
        for values in (vals if isinstance(vals, list) else [vals]):
            if values.get("profile_id") and not values.get("sequence"):
                self.env.cr.execute(queries.TRANSITION_NEXT_SEQUENCE, {"profile_id": values["profile_id"]})
                values["sequence"] = self.env.cr.fetchone()[0]
        return super().create(vals)

    # the history is append-only: neither method reaches the ORM's
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Stage history is kept as it happened: a stage change cannot be edited."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Stage history is kept: transitions cannot be deleted."))
