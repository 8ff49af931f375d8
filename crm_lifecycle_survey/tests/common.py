# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures: real surveys (the shipped templates), answers saved through the survey
module's own savers and finished the way its pages finish them."""
from odoo.addons.crm_lifecycle.tests.common import LifecycleCase

from .. import compat


class SurveyCase(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super(SurveyCase, cls).setUpClass()
        cls.config = cls.env["crm.lifecycle.config"]._get_config()
        cls.config.write({"survey_on_ticket": False, "survey_on_delivery": False,
                          "survey_on_onboarding": False, "followup_mode": "activity",
                          "followup_business_days": 2, "survey_window_days": 90})
        cls.surveys = {kind: cls.env.ref("crm_lifecycle_survey.survey_%s_en" % kind)
                       for kind in ("nps", "csat", "ces")}
        cls.user_own = cls.user("lcs_own", "sales_team.group_sale_salesman")
        cls.user_other = cls.user("lcs_other", "sales_team.group_sale_salesman")
        cls.Satisfaction = cls.env["crm.lifecycle.satisfaction"]
        cls.Followup = cls.env["crm.lifecycle.followup"]
        cls.Invitation = cls.env["crm.lifecycle.survey.invitation"]

    @classmethod
    def contact(cls, customer, name, email=True, **vals):
        values = {"name": name, "parent_id": customer.id,
                  "email": ("%s@example.com" % name.lower().replace(" ", ".")) if email else False}
        values.update(vals)
        return cls.env["res.partner"].create(values)

    def answer(self, contact, kind, score, comment=None, user_input=None, when=None):
        """Answer the kind's survey as `contact`: through an invitation's user input when
        given, else a new one (as a shared link would create)."""
        survey = self.surveys[kind]
        if user_input is None:
            user_input = compat.create_invitation_answer(survey, contact)
        answers = [(survey.lifecycle_metric_question_id, score)]
        if comment is not None:
            answers.append((survey.lifecycle_comment_question_id, comment))
        return compat.save_answers(user_input, answers, when=when)

    def counted(self, user_input):
        return self.Satisfaction.search([("user_input_id", "=", user_input.id)])
