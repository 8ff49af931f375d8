# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from .. import compat

_logger = logging.getLogger(__name__)


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    lifecycle_url = fields.Char("Survey link", compute="_compute_lifecycle_url")
    lifecycle_satisfaction_ids = fields.One2many("crm.lifecycle.satisfaction", "user_input_id",
                                                 readonly=True)

    def _compute_lifecycle_url(self):
        for user_input in self:
            user_input.lifecycle_url = compat.answer_url(user_input) if user_input.id else False

    def write(self, vals):
        # Both series finish an answer by writing state 'done' (17 through _mark_done):
        # the answer is counted, and any follow-up created, in that same transaction.
        finishing = self.browse()
        if vals.get("state") == "done":
            finishing = self.filtered(lambda ui: ui.state != "done")
        result = super(SurveyUserInput, self).write(vals)
        if finishing:
            self.env["crm.lifecycle.satisfaction"].sudo()._ingest(finishing)
        return result
