# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from odoo.addons.crm_lifecycle import window

from .. import compat
from .lifecycle_config import SURVEY_BOUNDS

# What a user types on a follow-up; the rest is the closed loop's (Done, Cancel, the
# ingestion, a closed ticket or a done activity), written by the addon after its checks.
USER_FIELDS = frozenset(["outcome"])


def add_business_days(day, count):
    """`count` working days (Monday to Friday) after `day`, in constant time (the count is
    a setting: a loop over it would run inside the public survey submission)."""
    if count <= 0:
        return day
    weekday = day.weekday()
    if weekday >= 5:  # from a weekend day, Friday counts as the start
        day -= datetime.timedelta(days=weekday - 4)
        weekday = 4
    weeks, rest = divmod(count, 5)
    days = weeks * 7 + rest
    if weekday + rest >= 5:  # the rest crosses a weekend
        days += 2
    return day + datetime.timedelta(days=days)


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

    def write(self, vals):
        if not compat.is_superuser(self.env) and set(vals) - USER_FIELDS:
            raise AccessError(_("Follow-ups: only the outcome is typed in; Done and Cancel "
                                "close a follow-up."))
        return super().write(vals)

    def _check_may_close(self):
        # the caller's own rights on these follow-ups, before the addon writes them
        compat.check_access(self, "write")

    def action_done(self):
        """Close the follow-up with its outcome (the open activity is marked done too)."""
        self._check_may_close()
        for followup in self:
            if followup.state != "open":
                raise UserError(_("Follow-up of %s is not open.") % followup.partner_id.display_name)
            if not (followup.outcome or "").strip():
                raise UserError(_("Outcome: describe what the follow-up of %s achieved before "
                                  "closing it.") % followup.partner_id.display_name)
        for followup in self:
            activity = followup.activity_id
            followup.sudo()._mark_done(followup.outcome)
            if activity.exists():
                activity.with_context(lifecycle_followup_closing=True).action_feedback(
                    feedback=followup.outcome)
        return True

    def action_cancel(self):
        self._check_may_close()
        self.filtered(lambda f: f.state == "open").sudo().write({"state": "cancel"})
        return True

    def _mark_done(self, outcome):
        self.write({"state": "done", "outcome": outcome,
                    "date_done": compat.date_field_value(compat.today(self.env))})

    @api.model
    def action_open(self, domain=None, name=None):
        compat.check_model_access(self, "read")
        return window.action(self._name, "tree,form", name=name or _("Follow-ups"), domain=domain or [])

    # -- opening a follow-up --------------------------------------------------------------

    @api.model
    def _open_for(self, satisfaction):
        """The follow-up of an unhappy answer, in the configured mode: an activity for the
        account owner, or a helpdesk ticket (the answer's own ticket reopened when it has
        one, else a new ticket)."""
        config = self.env["crm.lifecycle.config"]._get_config()
        customer = satisfaction.partner_id
        company = satisfaction.company_id
        owner = next((user for user in (customer.user_id, config.followup_user_id)
                      if config._is_followup_owner(user, company)), None)
        if not owner:
            # answers arrive through the public survey pages: never the portal/public user
            owner = self.env.user if not self.env.user.share else (
                self.env.ref("base.user_admin", raise_if_not_found=False)
                or self.env.ref("base.user_root"))
        # bounded at save; a value stored before the bound existed is cut to it
        due = add_business_days(compat.today(self.env), min(
            config.followup_business_days, SURVEY_BOUNDS["followup_business_days"][1]))
        kind = dict(satisfaction._fields["kind"]._description_selection(self.env))[satisfaction.kind]
        summary = _("Unhappy customer: %s %s") % (kind, satisfaction.score)
        # the respondent typed the comment on a public page: text, never HTML
        note = Markup(plaintext2html(satisfaction.comment)) if satisfaction.comment else Markup()
        vals = {"satisfaction_id": satisfaction.id, "partner_id": customer.id,
                "company_id": company.id, "user_id": owner.id,
                "mode": config.followup_mode, "date_deadline": compat.date_field_value(due)}
        if config.followup_mode == "ticket":
            ticket = satisfaction.ticket_id
            if ticket and ticket.stage_id.closed:
                # reopened into the first open stage
                stage = self.env["helpdesk.ticket.stage"].search(
                    [("closed", "=", False)], order="sequence, id", limit=1)
                ticket.write({"stage_id": stage.id, "closed_date": False})
                ticket.message_post(body=Markup("<p>%s</p>%s") % (
                    _("Reopened: %s.") % summary, note))
            elif not ticket or ticket.stage_id.closed:
                ticket = self.env["helpdesk.ticket"].create({
                    "name": "%s - %s" % (summary, customer.display_name),
                    "partner_id": (satisfaction.contact_id or customer).id,
                    "description": Markup("<p>%s</p>%s") % (summary, note),
                    "user_id": owner.id,
                    "company_id": company.id,
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
