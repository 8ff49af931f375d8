# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Playbooks: what to do when a customer enters a stage, or when its health dropped by N
points within W weeks (optionally while in a segment). The engine runs them right after
it inserted the stage changes, and after the week's health snapshot (engine/playbooks.py);
every run is logged once per (stage change, playbook) or (drop week, profile, playbook)
and on the customer's chatter."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import access, bounds, compat, window
from ..engine import actions


class LifecyclePlaybook(models.Model):
    _name = "crm.lifecycle.playbook"
    _description = "Customer Lifecycle Playbook"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True,
                                 help="Only customers of this company; empty: every company.")
    trigger = fields.Selection(
        [("stage", "Stage change"), ("health_drop", "Health drop")], required=True,
        default="stage",
        help="Stage change: when a customer enters the stage. Health drop: when a customer's "
             "weekly health snapshot is at least 'Health drop (points)' below its best "
             "snapshot of the 'Within (weeks)' weeks before; once per drop.")
    stage_id = fields.Many2one("crm.lifecycle.stage", string="When a customer enters",
                               ondelete="cascade", index=True)
    drop_points = fields.Integer("Health drop (points)", default=20, **compat.aggregator("avg"))
    drop_weeks = fields.Integer("Within (weeks)", default=4)
    segment_id = fields.Many2one("crm.lifecycle.segment", string="While in segment",
                                 ondelete="cascade",
                                 help="Only customers who are members of this segment then.")
    activity_type_id = fields.Many2one("mail.activity.type", string="Schedule activity",
                                       ondelete="restrict")
    activity_days = fields.Integer("Due in (days)", default=3)
    activity_summary = fields.Char("Activity summary", translate=True)
    template_id = fields.Many2one("mail.template", string="Send email", ondelete="restrict",
                                  domain=[("model", "=", "res.partner")],
                                  help="A template on Contact (res.partner); sent to the customer "
                                       "through the mail queue.")
    create_opportunity = fields.Boolean("Create an opportunity")
    opportunity_kind = fields.Selection(actions.OPPORTUNITY_KINDS, default="winback",
                                        string="Opportunity kind")
    run_ids = fields.One2many("crm.lifecycle.playbook.run", "playbook_id", readonly=True)
    run_count = fields.Integer(compute="_compute_run_count")

    @api.constrains(*bounds.fields_of("crm.lifecycle.playbook"))
    def _check_bounds(self):
        bounds.check(self)

    def _compute_run_count(self):
        groups = compat.read_group(self.env["crm.lifecycle.playbook.run"],
            [("playbook_id", "in", self.ids)], ["playbook_id"], ["playbook_id"])
        counts = {g["playbook_id"][0]: g["playbook_id_count"] for g in groups}
        for playbook in self:
            playbook.run_count = counts.get(playbook.id, 0)

    @api.constrains("trigger", "stage_id")
    def _check_trigger(self):
        for playbook in self:
            if playbook.trigger == "stage" and not playbook.stage_id:
                raise ValidationError(_("Playbook %s: choose the stage in 'When a customer "
                                        "enters'.") % playbook.name)

    @api.constrains("activity_type_id", "activity_days", "template_id", "create_opportunity",
                    "opportunity_kind")
    def _check_target(self):
        for playbook in self:
            if not (playbook.activity_type_id or playbook.template_id or playbook.create_opportunity):
                raise ValidationError(_(
                    "Playbook %s: choose what it does: 'Schedule activity', 'Send email' "
                    "and/or 'Create an opportunity'.") % playbook.name)
            if playbook.activity_days < 0:
                raise ValidationError(_("Playbook %s: 'Due in (days)' cannot be negative.")
                                      % playbook.name)
            if playbook.template_id and playbook.template_id.model_id.model != "res.partner":
                raise ValidationError(_("Playbook %s: 'Send email' needs a template on Contact "
                                        "(res.partner).") % playbook.name)
            if playbook.create_opportunity and not playbook.opportunity_kind:
                raise ValidationError(_("Playbook %s: choose the 'Opportunity kind'.") % playbook.name)

    def action_view_runs(self):
        self.ensure_one()
        access.check_manager(self.env)
        return window.action("crm.lifecycle.playbook.run", "tree,form", name=_("Playbook runs"),
                             domain=[("playbook_id", "=", self.id)])
