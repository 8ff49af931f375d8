# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models

# The customer's satisfaction figures are lifecycle data: not for the customer himself
# (a portal user reads his own partner), nor for other users outside the lifecycle groups.
LIFECYCLE_USERS = "crm_lifecycle.group_lifecycle_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # every survey trigger honours it (queries.ELIGIBILITY), reminders too; a company's flag
    # covers its contacts
    lifecycle_survey_opt_out = fields.Boolean(
        string="No satisfaction surveys",
        help="Never invite this contact to a satisfaction survey (NPS, CSAT, CES), whatever "
             "the trigger, nor remind it.")
    lifecycle_nps_last = fields.Integer(related="lifecycle_profile_id.nps_last", readonly=True,
                                        string="Last NPS", groups=LIFECYCLE_USERS)
    lifecycle_nps_category = fields.Selection(related="lifecycle_profile_id.nps_category",
                                              readonly=True, string="NPS category",
                                              groups=LIFECYCLE_USERS)
    lifecycle_nps_date = fields.Date(related="lifecycle_profile_id.nps_date", readonly=True,
                                     string="Last NPS on", groups=LIFECYCLE_USERS)
    lifecycle_csat_avg = fields.Float(related="lifecycle_profile_id.csat_avg", readonly=True,
                                      string="CSAT (avg)", groups=LIFECYCLE_USERS)
    lifecycle_ces_avg = fields.Float(related="lifecycle_profile_id.ces_avg", readonly=True,
                                     string="CES (avg)", groups=LIFECYCLE_USERS)
    lifecycle_response_rate = fields.Float(related="lifecycle_profile_id.survey_response_rate",
                                           readonly=True, string="Survey response rate",
                                           groups=LIFECYCLE_USERS)
    lifecycle_health_satisfaction = fields.Float(
        related="lifecycle_profile_id.health_satisfaction", readonly=True,
        string="Satisfaction health", groups=LIFECYCLE_USERS)
    lifecycle_satisfaction_count = fields.Integer(compute="_compute_lifecycle_satisfaction_count",
                                                  string="Answers", groups=LIFECYCLE_USERS)
    lifecycle_followup_open_count = fields.Integer(compute="_compute_lifecycle_satisfaction_count",
                                                   string="Open follow-ups",
                                                   groups=LIFECYCLE_USERS)

    def _compute_lifecycle_satisfaction_count(self):
        Satisfaction = self.env["crm.lifecycle.satisfaction"]
        Followup = self.env["crm.lifecycle.followup"]
        for partner in self:
            commercial = partner.commercial_partner_id.id
            partner.lifecycle_satisfaction_count = Satisfaction.search_count(
                [("partner_id", "=", commercial)]) if commercial else 0
            partner.lifecycle_followup_open_count = Followup.search_count(
                [("partner_id", "=", commercial), ("state", "=", "open")]) if commercial else 0

    def action_lifecycle_satisfaction(self):
        self.ensure_one()
        return self.env["crm.lifecycle.satisfaction"].action_open(
            [("partner_id", "=", self.commercial_partner_id.id)],
            _("Satisfaction of %s") % self.commercial_partner_id.display_name)

    def action_lifecycle_followups(self):
        self.ensure_one()
        return self.env["crm.lifecycle.followup"].action_open(
            [("partner_id", "=", self.commercial_partner_id.id)])
