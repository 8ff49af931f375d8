# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import compat


class LifecycleFollowup(models.Model):
    """The closed loop of an unhappy answer: who calls the customer back by when, through
    an activity or a helpdesk ticket, and what came of it."""
    _name = "crm.lifecycle.followup"
    _description = "Satisfaction Follow-up"
    _order = "state, date_deadline, id"
    _rec_name = "partner_id"

    satisfaction_id = fields.Many2one("crm.lifecycle.satisfaction", string="Answer", readonly=True,
                                      ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Owner", readonly=True, index=True)
    kind = fields.Selection(related="satisfaction_id.kind", readonly=True)
    score = fields.Integer(related="satisfaction_id.score", readonly=True)
    comment = fields.Text(related="satisfaction_id.comment", readonly=True)
    mode = fields.Selection([("activity", "Activity"), ("ticket", "Helpdesk ticket")],
                            readonly=True, required=True, default="activity")
    date_deadline = fields.Date("Due", required=True, readonly=True, index=True)
    date_done = fields.Date("Done on", readonly=True)
    state = fields.Selection([("open", "Open"), ("done", "Done"), ("cancel", "Cancelled")],
                             default="open", required=True, readonly=True, index=True)
    outcome = fields.Text(help="What the call-back achieved (required to close the follow-up).")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True, ondelete="set null", index=True)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    @api.depends("state", "date_deadline")
    def _compute_overdue(self):
        today = compat.today(self.env)
        for followup in self:
            followup.overdue = bool(followup.state == "open" and followup.date_deadline
                                    and compat.to_date(followup.date_deadline) < today)

    @compat.search_method
    def _search_overdue(self, operator, value):
        today = compat.date_field_value(compat.today(self.env))
        overdue = ["&", ("state", "=", "open"), ("date_deadline", "<", today)]
        if (operator == "=") == bool(value):
            return overdue
        return ["!"] + overdue

    def action_done(self):
        """Close the follow-up with its outcome (the open activity is marked done too)."""
        for followup in self:
            if followup.state != "open":
                raise UserError(_("Follow-up of %s is not open.") % followup.partner_id.display_name)
            if not (followup.outcome or "").strip():
                raise UserError(_("Outcome: describe what the follow-up of %s achieved before "
                                  "closing it.") % followup.partner_id.display_name)
        for followup in self:
            activity = followup.activity_id
            followup._mark_done(followup.outcome)
            if activity.exists():
                activity.with_context(lifecycle_followup_closing=True).action_feedback(
                    **compat.activity_feedback_kwargs(followup.outcome))
        return True

    def action_cancel(self):
        self.filtered(lambda f: f.state == "open").write({"state": "cancel"})
        return True

    def _mark_done(self, outcome):
        self.write({"state": "done", "outcome": outcome,
                    "date_done": compat.date_field_value(compat.today(self.env))})

    @api.model
    def action_open(self, domain=None, name=None):
        return {
            "type": "ir.actions.act_window",
            "name": name or _("Follow-ups"),
            "res_model": self._name,
            "view_mode": compat.view_mode("tree,form"),
            "domain": domain or [],
        }


def add_business_days(day, count):
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class LifecycleFollowupOpen(models.Model):
    _inherit = "crm.lifecycle.followup"

    @api.model
    def _open_for(self, satisfaction):
        """The follow-up of an unhappy answer, in the configured mode: an activity for the
        account owner, or a helpdesk ticket (the answer's own ticket reopened when it has
        one, else a new ticket)."""
        config = self.env["crm.lifecycle.config"].get_config()
        customer = satisfaction.partner_id
        owner = customer.user_id or config.followup_user_id
        if not owner:
            # answers arrive through the public survey pages: never the portal/public user
            owner = self.env.user if not self.env.user.share else (
                self.env.ref("base.user_admin", raise_if_not_found=False)
                or self.env.ref("base.user_root"))
        due = add_business_days(compat.today(self.env), config.followup_business_days)
        kind = dict(satisfaction._fields["kind"]._description_selection(self.env))[satisfaction.kind]
        summary = _("Unhappy customer: %s %s") % (kind, satisfaction.score)
        note = satisfaction.comment or ""
        vals = {"satisfaction_id": satisfaction.id, "partner_id": customer.id,
                "company_id": satisfaction.company_id.id, "user_id": owner.id,
                "mode": config.followup_mode, "date_deadline": compat.date_field_value(due)}
        if config.followup_mode == "ticket":
            ticket = satisfaction.ticket_id
            if ticket and ticket.stage_id.closed:
                stage = compat.reopen_stage(self.env)
                ticket.write({"stage_id": stage.id, "closed_date": False})
                ticket.message_post(body=_("Reopened: %s. %s") % (summary, note))
            elif not ticket or ticket.stage_id.closed:
                ticket = self.env["helpdesk.ticket"].create({
                    "name": "%s - %s" % (summary, customer.display_name),
                    "partner_id": (satisfaction.contact_id or customer).id,
                    "description": "<p>%s</p><p>%s</p>" % (summary, note),
                    "user_id": owner.id,
                    "company_id": satisfaction.company_id.id,
                })
            vals["ticket_id"] = ticket.id
        else:
            activity = self.env["mail.activity"].create({
                "res_model_id": self.env["ir.model"]._get("res.partner").id,
                "res_id": customer.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "summary": summary, "note": note, "user_id": owner.id,
                "date_deadline": compat.date_field_value(due),
            })
            vals["activity_id"] = activity.id
        followup = self.create(vals)
        satisfaction.followup_id = followup
        return followup
