# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    lifecycle_satisfaction_ids = fields.One2many("crm.lifecycle.satisfaction", "ticket_id",
                                                 string="Satisfaction answers", readonly=True)
    lifecycle_followup_ids = fields.One2many("crm.lifecycle.followup", "ticket_id",
                                             string="Follow-ups", readonly=True)
    lifecycle_invitation_ids = fields.One2many("crm.lifecycle.survey.invitation", "ticket_id",
                                               string="Survey invitations", readonly=True)

    def write(self, vals):
        closing = self.browse()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                closing = self.filtered(lambda t: not t.stage_id.closed)
        result = super().write(vals)
        if closing:
            self._lifecycle_on_closed(closing)
        return result

    @api.model
    def _lifecycle_on_closed(self, tickets):
        # A closed ticket closes the follow-ups it carried, and may invite the customer.
        followups = self.env["crm.lifecycle.followup"].sudo().search(
            [("ticket_id", "in", tickets.ids), ("state", "=", "open")])
        for followup in followups:
            followup._mark_done(followup.outcome or _("Ticket %s closed.") % followup.ticket_id.display_name)
        config = self.env["crm.lifecycle.config"]._get_config()
        if not config.survey_on_ticket:
            return
        Invitation = self.env["crm.lifecycle.survey.invitation"]
        for ticket in tickets.filtered("partner_id"):
            Invitation._dispatch(config.survey_ticket_kind, "ticket", ticket.partner_id,
                                 company=ticket.company_id, ticket=ticket)
