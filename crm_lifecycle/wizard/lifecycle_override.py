# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import compat


class LifecycleOverride(models.TransientModel):
    """A manager puts a customer in a stage by hand, with a reason and an optional end
    date; the rules take over again after that date (at the next recompute)."""
    _name = "crm.lifecycle.override"
    _description = "Override a customer's lifecycle stage"

    profile_id = fields.Many2one("crm.lifecycle.profile", required=True, ondelete="cascade")
    stage_id = fields.Many2one("crm.lifecycle.stage")
    reason = fields.Char(required=True)
    until = fields.Date(help="Leave empty to keep the stage until the override is removed.")
    clear = fields.Boolean("Give the stage back to the rules")

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        profile_id = self.env.context.get("active_id")
        if self.env.context.get("active_model") == "crm.lifecycle.profile" and profile_id:
            values["profile_id"] = profile_id
        return values

    def action_apply(self):
        self.ensure_one()
        self.env["crm.lifecycle.profile"]._check_manager()
        profile = self.profile_id
        today = compat.today(self.env)
        until = compat.to_date(self.until)
        if not self.clear and until and until < today:
            raise UserError(_("Until: the end date %s is already past.") % until)
        if not self.clear and not self.stage_id:
            raise UserError(_("Stage: choose the stage to set."))
        if not (self.reason or "").strip():
            raise UserError(_("Reason: say why the stage is set by hand."))
        if self.clear:
            target, values = profile.rule_stage_id, {
                "override_stage_id": False, "override_reason": False, "override_until": False,
                "override_user_id": False}
            reason = _("Manual override removed by %s: %s") % (self.env.user.name, self.reason)
        else:
            target, values = self.stage_id, {
                "override_stage_id": self.stage_id.id, "override_reason": self.reason,
                "override_until": self.until, "override_user_id": self.env.uid}
            reason = _("Set by hand by %s%s: %s") % (
                self.env.user.name, _(" until %s") % until if until else "", self.reason)
        if target and target != profile.stage_id:
            self.env["crm.lifecycle.transition"].sudo().create({
                "profile_id": profile.id, "partner_id": profile.partner_id.id,
                "company_id": profile.company_id.id, "from_stage_id": profile.stage_id.id,
                "to_stage_id": target.id, "date": today, "kind": "manual",
                "user_id": self.env.uid, "reason": reason,
            })
            values.update(stage_id=target.id, stage_date=today)
        profile.sudo().write(values)
        return {"type": "ir.actions.act_window_close"}
