# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .. import compat


class LifecyclePlaybookRun(models.Model):
    """One playbook applied to one stage change or one health drop; the unique keys make a
    second run of the same playbook for the same event impossible, whoever tries."""
    _name = "crm.lifecycle.playbook.run"
    _description = "Customer Lifecycle Playbook Run"
    _order = "id desc"
    _rec_name = "playbook_id"

    playbook_id = fields.Many2one("crm.lifecycle.playbook", required=True, readonly=True,
                                  ondelete="cascade", index=True)
    transition_id = fields.Many2one("crm.lifecycle.transition", string="Stage change",
                                    readonly=True, ondelete="cascade", index=True)
    # a health-drop run has no stage change: its profile and the week of the drop
    profile_id = fields.Many2one("crm.lifecycle.profile", readonly=True,
                                 ondelete="cascade", index=True)
    drop_week = fields.Date("Health drop week", readonly=True)
    drop_points = fields.Integer("Health drop (points)", readonly=True, **compat.aggregator("avg"))
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade",
                                 index=True)
    date = fields.Date("Event date", readonly=True)
    state = fields.Selection([("pending", "Pending"), ("done", "Done"), ("failed", "Failed")],
                             required=True, readonly=True, default="pending")
    result = fields.Text(readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True, ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="Queued email", readonly=True, ondelete="set null")

    _sql_constraints = [
        ("transition_playbook_unique", "UNIQUE(transition_id, playbook_id)",
         "A playbook runs once per stage change."),
        # NULL drop weeks (stage-change runs) never conflict
        ("drop_playbook_unique", "UNIQUE(playbook_id, profile_id, drop_week)",
         "A playbook runs once per health drop."),
    ]
