# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Answer lines of survey answers. The model is compat.LINE_MODEL: survey.user_input_line
on Odoo 11, survey.user_input.line on 17 and later."""
from odoo import models

from .. import compat
from .survey_user_input import check_invited_answers


class SurveyUserInputLine(models.Model):
    """The answer lines of an invitation's answer follow the same rule as the answer."""
    _inherit = compat.LINE_MODEL

    @compat.model_create
    def create(self, vals):
        values = vals if isinstance(vals, list) else [vals]
        ids = [v.get("user_input_id") for v in values if v.get("user_input_id")]
        check_invited_answers(self.env, self.env["survey.user_input"].browse(ids))
        return super().create(vals)

    def write(self, vals):
        inputs = self.sudo().mapped("user_input_id")
        if vals.get("user_input_id"):
            inputs |= self.env["survey.user_input"].browse(vals["user_input_id"])
        check_invited_answers(self.env, inputs)
        return super().write(vals)

    def unlink(self):
        check_invited_answers(self.env, self.sudo().mapped("user_input_id"))
        return super().unlink()
