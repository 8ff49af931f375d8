# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, bounds, compat, window
from ..engine import actions


class LifecycleSegmentAction(models.TransientModel):
    """Act on the current members of a segment the user can see: one win-back or upsell
    opportunity each (none while one is open), or an activity for each account owner. A
    campaign records who was targeted; its hold-out share of the members is left out."""
    _name = "crm.lifecycle.segment.action"
    _description = "Act on a customer segment"

    segment_id = fields.Many2one("crm.lifecycle.segment", required=True, ondelete="cascade")
    action = fields.Selection([("opportunity", "Create opportunities"),
                               ("activity", "Schedule activities")],
                              required=True, default="opportunity")
    opportunity_kind = fields.Selection(actions.OPPORTUNITY_KINDS, default="winback")
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity type")
    days = fields.Integer("Due in (days)", default=3)
    summary = fields.Char()
    note = fields.Text()
    holdout_percent = fields.Float(
        "Hold-out share (%)", digits=(16, 1),
        default=lambda self: self.env["crm.lifecycle.config"]._get_config().campaign_holdout_percent,
        help="This share of the members gets nothing, to compare the campaign's results with "
             "(0 to 50; the default is in the settings).")

    @api.constrains(*bounds.fields_of("crm.lifecycle.segment.action"))
    def _check_bounds(self):
        bounds.check(self)

    def _members(self):
        # the members this user may see (record rules), current only
        return self.env["crm.lifecycle.segment.member"].search(
            [("segment_id", "=", self.segment_id.id), ("date_left", "=", False)])

    def action_apply(self):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self.segment_id, "read")
        if self.action == "opportunity" and not self.opportunity_kind:
            raise UserError(_("Opportunity kind: choose win-back or upsell."))
        if self.action == "activity":
            if not self.activity_type_id:
                raise UserError(_("Activity type: choose the activity to schedule."))
            if self.days < 0:
                raise UserError(_("Due in (days): cannot be negative."))
        # a campaign records every member this user reaches; its hold-out gets nothing
        _campaign, members = self.segment_id._launch_campaign(
            self.action, members=self._members(), holdout_percent=self.holdout_percent)
        profiles = members.sudo().mapped("profile_id")
        if self.action == "opportunity":
            leads = actions.create_opportunities(self.env, profiles, self.opportunity_kind,
                                                 fallback_user=self.env.user)
            return window.action("crm.lead", "tree,form", name=_("Opportunities created"),
                                 domain=[("id", "in", leads.ids)])
        pairs = [(profile.partner_id, actions.owner(profile, self.env.user)) for profile in profiles]
        actions.schedule_activities(self.env, pairs, self.activity_type_id, self.days,
                                    summary=self.summary, note=self.note)
        return {"type": "ir.actions.act_window_close"}
