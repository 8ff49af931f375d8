# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..scales import KINDS


class LifecycleConfig(models.Model):
    """Survey settings on the core's settings record (managers only, like the rest)."""
    _inherit = "crm.lifecycle.config"

    survey_nps_id = fields.Many2one("survey.survey", string="NPS survey",
                                    domain=[("lifecycle_kind", "=", "nps")])
    survey_csat_id = fields.Many2one("survey.survey", string="CSAT survey",
                                     domain=[("lifecycle_kind", "=", "csat")])
    survey_ces_id = fields.Many2one("survey.survey", string="CES survey",
                                    domain=[("lifecycle_kind", "=", "ces")])
    survey_window_days = fields.Integer(
        string="Ask a contact at most once in (days)", default=90, required=True,
        help="Throttle across all kinds: a contact invited within this many days is skipped.")
    survey_deadline_days = fields.Integer(string="Invitation valid for (days)", default=30,
                                          required=True)
    survey_on_ticket = fields.Boolean(string="Survey after a closed ticket")
    survey_ticket_kind = fields.Selection(KINDS, string="Kind after a ticket", default="csat",
                                          required=True)
    survey_on_delivery = fields.Boolean(string="Survey after a delivery")
    survey_delivery_kind = fields.Selection(KINDS, string="Kind after a delivery", default="csat",
                                            required=True)
    survey_on_onboarding = fields.Boolean(string="Onboarding survey")
    survey_onboarding_days = fields.Integer(string="Days after the first order", default=30,
                                            required=True)
    survey_onboarding_kind = fields.Selection(KINDS, string="Onboarding kind", default="ces",
                                              required=True)
    survey_relationship_stage_ids = fields.Many2many(
        "crm.lifecycle.stage", "crm_lifecycle_config_survey_stage_rel", "config_id", "stage_id",
        string="Relationship NPS for stages",
        help="Customers in these stages get a relationship NPS survey every interval below.")
    survey_relationship_days = fields.Integer(string="Relationship NPS every (days)", default=180,
                                              required=True)
    survey_rolling_days = fields.Integer(
        string="CSAT/CES averages over (days)", default=365, required=True,
        help="Rolling window of the customer's CSAT and CES averages, response rate and the "
             "satisfaction health component.")
    followup_mode = fields.Selection(
        [("activity", "Activity for the account owner"), ("ticket", "Helpdesk ticket")],
        string="Follow-up of unhappy answers", default="activity", required=True)
    followup_business_days = fields.Integer(string="Follow-up due in (business days)", default=2,
                                            required=True)
    followup_user_id = fields.Many2one(
        "res.users", string="Follow-up owner without salesperson",
        help="Owner of follow-ups of customers without a salesperson (default: the user who "
             "runs the ingestion).")

    @api.constrains("survey_window_days", "survey_deadline_days", "survey_onboarding_days",
                    "survey_relationship_days", "survey_rolling_days", "followup_business_days")
    def _check_survey_values(self):
        labels = {
            "survey_window_days": _("Ask a contact at most once in (days)"),
            "survey_deadline_days": _("Invitation valid for (days)"),
            "survey_onboarding_days": _("Days after the first order"),
            "survey_relationship_days": _("Relationship NPS every (days)"),
            "survey_rolling_days": _("CSAT/CES averages over (days)"),
            "followup_business_days": _("Follow-up due in (business days)"),
        }
        for config in self:
            for name, label in labels.items():
                if config[name] <= 0:
                    raise ValidationError(_("%s must be a positive number of days.") % label)

    @api.constrains("survey_nps_id", "survey_csat_id", "survey_ces_id")
    def _check_survey_kinds(self):
        for config in self:
            for kind, _label in KINDS:
                survey = config["survey_%s_id" % kind]
                if survey and survey.lifecycle_kind != kind:
                    raise ValidationError(_("%s survey: '%s' is not configured as a %s survey.") % (
                        kind.upper(), survey.title, kind.upper()))

    def _engine_params(self):
        # the Advocate rule's parameters (queries.STAGE_RULE), from its stage
        params = super(LifecycleConfig, self)._engine_params()
        stage = self.env["crm.lifecycle.stage"].sudo().search([("code", "=", "advocate")], limit=1)
        params.update(on_advocate=bool(stage), advocate_promoters=stage.min_promoters or 2)
        return params

    def _survey_for(self, kind, lang=None):
        """The survey to send for a kind: a survey of that kind in the contact's language
        when there is one, else the configured one."""
        self.ensure_one()
        survey = self["survey_%s_id" % kind]
        if lang and survey and survey.lifecycle_lang != lang:
            alternative = self.env["survey.survey"].search(
                [("lifecycle_kind", "=", kind), ("lifecycle_lang", "=", lang)], limit=1)
            survey = alternative or survey
        return survey
