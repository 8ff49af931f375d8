# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A satisfaction survey must have a valid metric question; the settings are checked."""
from odoo.exceptions import ValidationError

from .. import compat
from ..tools import testing as survey_testing
from .common import SurveyCase


class TestSurveyConfig(SurveyCase):

    def _survey(self, questions):
        return compat.create_survey(self.env, "Bad survey", questions)

    def test_templates_shipped(self):
        for kind in ("nps", "csat", "ces"):
            for lang in ("en", "zh"):
                survey = self.env.ref("crm_lifecycle_survey.survey_%s_%s" % (kind, lang))
                self.assertEqual(survey.lifecycle_kind, kind)
                question = survey.lifecycle_metric_question_id
                self.assertEqual(compat.question_type(question), compat.NUMBER_TYPE)
                self.assertIn(question, survey_testing.survey_questions(survey))
        self.assertEqual(self.env.ref("crm_lifecycle_survey.survey_nps_zh").title, "客户满意度调查")

    def test_nps_without_metric_question_refused(self):
        survey, (text,) = self._survey([{"title": "Anything to add?", "kind": "text"}])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            survey.write({"lifecycle_kind": "nps"})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            survey.write({"lifecycle_kind": "nps", "lifecycle_metric_question_id": text.id})
        compat.invalidate(self.env)
        self.assertFalse(survey.lifecycle_kind)  # nothing written

    def test_metric_question_of_another_survey_refused(self):
        other = self.surveys["nps"].lifecycle_metric_question_id
        survey, _questions = self._survey([{"title": "Comment", "kind": "text"}])
        with self.assertRaises(ValidationError):
            survey.write({"lifecycle_kind": "nps", "lifecycle_metric_question_id": other.id})

    def test_metric_range_outside_scale_refused(self):
        survey, (question,) = self._survey(
            [{"title": "Score 0-100", "kind": "number", "min": 0, "max": 100}])
        with self.assertRaises(ValidationError):
            survey.write({"lifecycle_kind": "nps", "lifecycle_metric_question_id": question.id})
        # the same question on 0-10 is a valid NPS question
        question.write({"validation_max_float_value": 10})
        survey.write({"lifecycle_kind": "nps", "lifecycle_metric_question_id": question.id})
        self.assertEqual(survey.lifecycle_kind, "nps")

    def test_settings_checked(self):
        with self.assertRaises(ValidationError):
            self.config.write({"survey_window_days": 0})
        with self.assertRaises(ValidationError):
            self.config.write({"followup_business_days": -1})
        with self.assertRaises(ValidationError):
            self.config.write({"survey_nps_id": self.surveys["csat"].id})
