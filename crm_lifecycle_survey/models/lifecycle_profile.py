# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from .. import compat, queries
from ..scales import CATEGORIES


class LifecycleProfile(models.Model):
    _inherit = "crm.lifecycle.profile"

    nps_last = fields.Integer("Last NPS answer", readonly=True, **compat.aggregator("avg"))
    nps_category = fields.Selection(CATEGORIES, string="NPS category", readonly=True, index=True)
    nps_date = fields.Date("Last NPS answer on", readonly=True)
    csat_avg = fields.Float("CSAT (avg 1-5)", digits=(16, 2), readonly=True, **compat.aggregator("avg"))
    ces_avg = fields.Float("CES (avg 1-7)", digits=(16, 2), readonly=True, **compat.aggregator("avg"))
    survey_response_rate = fields.Float("Survey response rate", digits=(16, 2), readonly=True,
                                        **compat.aggregator("avg"),
                                        help="Answered invitations / invitations sent (0-1).")
    satisfaction_count = fields.Integer("Answers", readonly=True)

    def _api_dict(self):
        # the public satisfaction fields in the headless API's profiles
        data = super()._api_dict()
        for name in ("nps_last", "nps_category", "csat_avg", "ces_avg", "survey_response_rate"):
            data[name] = self[name]
        data["nps_date"] = self.nps_date and str(compat.to_date(self.nps_date)) or False
        if not self.nps_category:
            data["nps_last"] = False  # no NPS answer (the column is NULL, not a score of 0)
        return data

    def _health_reason_extra(self):
        # the satisfaction component of the health score, with the answers behind it
        reasons = super()._health_reason_extra()
        if not self.satisfaction_count:
            return reasons
        score = round(self.health_satisfaction)
        parts = []
        if self.nps_category:
            labels = dict(self._fields["nps_category"]._description_selection(self.env))
            parts.append(_("last NPS %(score)s (%(category)s)") % {
                "score": self.nps_last, "category": labels[self.nps_category]})
        if self.csat_avg:
            parts.append(_("CSAT %s/5") % ("%.1f" % self.csat_avg))
        if self.ces_avg:
            parts.append(_("CES %s/7") % ("%.1f" % self.ces_avg))
        reasons.append((score, _("Satisfaction %(score)s/100 from %(count)s answer(s): %(parts)s.") % {
            "score": score, "count": self.satisfaction_count, "parts": ", ".join(parts)}))
        return reasons

    @api.model
    def _lifecycle_satisfaction_sql(self):
        # Mean of the customer's answers over the rolling window, each on 0-100 (CES
        # reversed: low effort is good); NULL without answers. Fixed text.
        return queries.HEALTH_SATISFACTION

    @api.model
    def _lifecycle_stage_rule_sql(self):
        return queries.STAGE_RULE

    @api.model
    def _lifecycle_after_upsert(self, params):  # a hook, returns nothing; pylint: disable=missing-return
        super()._lifecycle_after_upsert(params)
        self._lifecycle_update_satisfaction(None if params["full"] else params["partner_ids"])

    @api.model
    def _lifecycle_update_satisfaction(self, partner_ids=None):
        """Store the satisfaction fields of the profiles of these commercial partners
        (None: everybody), set-based from the answers and invitations."""
        config = self.env["crm.lifecycle.config"]._get_config()
        compat.flush(self.env)
        self.env.cr.execute(queries.UPDATE_PROFILES, {
            "full": partner_ids is None, "partner_ids": list(partner_ids or []),
            "rolling_days": config.survey_rolling_days, "today": compat.today(self.env),
        })
        compat.invalidate(self.env)
