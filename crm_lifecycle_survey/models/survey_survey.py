# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import compat
from ..scales import KINDS, SCALES


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    lifecycle_kind = fields.Selection(KINDS, string="Satisfaction metric", index=True,
                                      help="Answers to this survey feed the customer's lifecycle "
                                           "profile through its metric question.")
    lifecycle_metric_question_id = fields.Many2one(
        "survey.question", string="Metric question", ondelete="restrict",
        help="The numeric question whose answer is the score (NPS 0-10, CSAT 1-5, CES 1-7).")
    lifecycle_comment_question_id = fields.Many2one(
        "survey.question", string="Comment question", ondelete="set null")
    lifecycle_lang = fields.Char(string="Language", help="e.g. en_US, zh_CN: sent to contacts "
                                                        "in that language.")

    @api.constrains("lifecycle_kind", "lifecycle_metric_question_id",
                    "lifecycle_comment_question_id")
    def _check_lifecycle_metric(self):
        for survey in self:
            if not survey.lifecycle_kind:
                continue
            question = survey.lifecycle_metric_question_id
            low, high = SCALES[survey.lifecycle_kind]
            kind = dict(KINDS)[survey.lifecycle_kind]
            if not question:
                raise ValidationError(_("Metric question: a %s survey needs its metric question.")
                                      % kind)
            if question.survey_id != survey:
                raise ValidationError(_("Metric question: '%s' is not a question of this survey.")
                                      % compat.question_title(question))
            if compat.question_type(question) != compat.NUMBER_TYPE:
                raise ValidationError(_("Metric question: '%s' must be a numerical question (%s "
                                        "answers %s to %s).") % (
                    compat.question_title(question), kind, low, high))
            if question.validation_required and (
                    question.validation_min_float_value < low
                    or question.validation_max_float_value > high):
                raise ValidationError(_("Metric question: '%s' accepts %s to %s, outside the %s "
                                        "scale %s to %s.") % (
                    compat.question_title(question), question.validation_min_float_value,
                    question.validation_max_float_value, kind, low, high))
            comment = survey.lifecycle_comment_question_id
            if comment and comment.survey_id != survey:
                raise ValidationError(_("Comment question: '%s' is not a question of this survey.")
                                      % compat.question_title(comment))

    @api.model
    def _lifecycle_create_template(self, kind, title, metric, comment, lang, xmlid=None):
        """A ready satisfaction survey of `kind` with its metric and comment questions."""
        low, high = SCALES[kind]
        survey, (question, comment_q) = compat.create_survey(self.env, title, [
            {"title": metric, "kind": "number", "min": low, "max": high, "mandatory": True},
            {"title": comment, "kind": "text", "mandatory": False},
        ])
        survey.write({"lifecycle_kind": kind, "lifecycle_metric_question_id": question.id,
                      "lifecycle_comment_question_id": comment_q.id, "lifecycle_lang": lang})
        if xmlid:
            self.env["ir.model.data"].create({
                "module": "crm_lifecycle_survey", "name": xmlid, "model": "survey.survey",
                "res_id": survey.id, "noupdate": True})
        return survey
