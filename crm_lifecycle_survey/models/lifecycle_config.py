# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import bounds, compat
from ..scales import KINDS

# The survey settings' day counts and their bounds (readme/CONFIGURE.rst): the dispatch
# adds the deadline to today (a date), the follow-up's due day is counted in business
# days inside the public survey submission, the windows are subtracted from dates in SQL.
SURVEY_BOUNDS = {
    "survey_window_days": (1, 3650, "days"),
    "survey_deadline_days": (1, 365, "days"),
    "survey_onboarding_days": (1, 365, "days"),
    "survey_relationship_days": (1, 3650, "days"),
    "survey_rolling_days": (1, 3650, "days"),
    "followup_business_days": (1, 260, "days"),
    # survey fatigue (readme/CONFIGURE.rst): 0 switches the age rule and the reminder off
    "survey_transactional_max": (1, 100, "whole"),
    "survey_nps_min_age_days": (0, 3650, "days"),
    "survey_reminder_days": (0, 365, "days"),
    "survey_sample_ticket": (0, 100, "whole"),
    "survey_sample_delivery": (0, 100, "whole"),
    "survey_sample_onboarding": (0, 100, "whole"),
    "survey_sample_relationship": (0, 100, "whole"),
}


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
    survey_transactional_max = fields.Integer(
        string="Transactional surveys per contact in 30 days", default=2, required=True,
        help="At most this many surveys after a closed ticket or a delivery per contact in "
             "any 30 days (the throttle window above applies as well).")
    survey_nps_min_age_days = fields.Integer(
        string="First NPS after (days as a customer)", default=0, required=True,
        help="A customer is asked a first NPS only this many days after its first confirmed "
             "order (0: at once).")
    survey_reminder_days = fields.Integer(
        string="Remind non-respondents after (days)", default=0, required=True,
        help="One reminder e-mail to a contact who has not answered an invitation after this "
             "many days, while it is still valid (0: no reminder).")
    survey_sample_ticket = fields.Integer(
        string="Closed tickets surveyed (%)", default=100, required=True,
        help="Share of closed tickets whose customer is invited (a stable sample: the same "
             "ticket always gives the same decision).")
    survey_sample_delivery = fields.Integer(string="Deliveries surveyed (%)", default=100,
                                            required=True)
    survey_sample_onboarding = fields.Integer(string="Onboarding customers surveyed (%)",
                                              default=100, required=True)
    survey_sample_relationship = fields.Integer(
        string="Relationship customers surveyed (%)", default=100, required=True,
        help="Share of the relationship NPS customers invited in each interval (a customer "
             "left out stays out until the next interval).")
    followup_mode = fields.Selection(
        [("activity", "Activity for the account owner"), ("ticket", "Helpdesk ticket")],
        string="Follow-up of unhappy answers", default="activity", required=True)
    followup_business_days = fields.Integer(string="Follow-up due in (business days)", default=2,
                                            required=True)
    followup_user_id = fields.Many2one(
        "res.users", string="Follow-up owner without salesperson",
        help="Owner of follow-ups of customers without a salesperson (default: the user who "
             "runs the ingestion).")

    @compat.model_create
    def create(self, vals):
        for values in (vals if isinstance(vals, list) else [vals]):
            bounds.check_vals(self, values, SURVEY_BOUNDS)
        return super().create(vals)

    def write(self, vals):
        bounds.check_vals(self, vals, SURVEY_BOUNDS)
        return super().write(vals)

    @api.constrains(*SURVEY_BOUNDS)
    def _check_survey_values(self):
        for config in self:
            bounds.check_vals(config, {name: config[name] for name in SURVEY_BOUNDS},
                              SURVEY_BOUNDS)

    @api.constrains("followup_user_id")
    def _check_followup_user(self):
        for config in self:
            user = config.followup_user_id
            if user and not (user.active and not user.share):
                raise ValidationError(_("Follow-up owner without salesperson: %s is not an "
                                        "active internal user.") % user.display_name)

    @api.model
    def _is_followup_owner(self, user, company):
        """Whether `user` may own a follow-up in `company`: an active internal user of it."""
        user = user.sudo()
        return bool(user) and user.active and not user.share and company in user.company_ids

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
        params = super()._engine_params()
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
