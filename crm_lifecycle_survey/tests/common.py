# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures: real surveys (the shipped templates), answers saved through the survey
module's own savers and finished the way its pages finish them."""
from odoo.models import check_method_name

from odoo.addons.crm_lifecycle import compat as core_compat
from odoo.addons.crm_lifecycle.tests.common import LifecycleCase
from odoo.addons.crm_lifecycle.tools import testing

from .. import compat
from ..tools import flows as survey_flows


class SurveyCase(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
    def portal_user(cls, login, partner):
        """A portal user (a customer's contact with website access) on `partner`."""
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "partner_id": partner.id, "tz": cls.env.user.tz,
            compat.USER_GROUPS_FIELD: [(6, 0, [cls.env.ref("base.group_portal").id])]})

    @classmethod
    def company_manager(cls, login, company):
        """A lifecycle manager who works in `company` only."""
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "tz": cls.env.user.tz,
            "company_id": company.id, "company_ids": [(6, 0, company.ids)],
            compat.USER_GROUPS_FIELD: [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("crm_lifecycle.group_lifecycle_manager").id])]})

    def rpc(self, user, model, method, *args, **kwargs):
        """`method` of `model` called by `user` the way an XML-RPC or JSON-RPC call runs it:
        its name checked (private methods are refused), then odoo.api.call_kw on the model
        in the user's environment (record ids, when the method takes records, first)."""
        check_method_name(method)
        return core_compat.call_kw(testing.as_user(self.env[model], user), method, list(args), kwargs)

    def assertRefused(self, refusal, call, label):
        """`call()` raises `refusal` (nothing it wrote is kept); `label` names the case when
        it does not (Odoo 11's assertRaises drops the message)."""
        try:
            with self.env.cr.savepoint():
                call()
        except refusal as error:
            return error
        except Exception as error:  # noqa: B902 (reported with the case)
            raise AssertionError("%s: %r instead of %s" % (label, error, refusal))
        raise AssertionError("%s: not refused (%s expected)" % (label, refusal))

    @classmethod
    def contact(cls, customer, name, email=True, **vals):
        values = {"name": name, "parent_id": customer.id,
                  "email": ("%s@example.com" % name.lower().replace(" ", ".")) if email else False}
        values.update(vals)
        return cls.env["res.partner"].create(values)

    @classmethod
    def invite(cls, contact, kind, trigger="manual", company=None):
        """An invitation of `contact` to the kind's survey with its personal answer, as the
        dispatch makes it (without the throttle and the e-mail, which test_dispatch
        covers): only an invitation's answer is counted."""
        survey = cls.surveys[kind]
        commercial = contact.commercial_partner_id
        return cls.env["crm.lifecycle.survey.invitation"].sudo().create({
            "partner_id": commercial.id, "contact_id": contact.id,
            "company_id": (company or cls.company).id, "user_id": commercial.user_id.id or False,
            "kind": kind, "trigger": trigger, "survey_id": survey.id,
            "date_sent": compat.date_field_value(cls.today), "state": "sent",
            "user_input_id": compat.create_invitation_answer(survey, contact).id})

    @classmethod
    def answer(cls, contact, kind, score, comment=None, user_input=None, when=None):
        """Answer the kind's survey as `contact`: through an invitation's user input when
        given, else through a new invitation's."""
        survey = cls.surveys[kind]
        if user_input is None:
            user_input = cls.invite(contact, kind).user_input_id
        answers = [(survey.lifecycle_metric_question_id, score)]
        if comment is not None:
            answers.append((survey.lifecycle_comment_question_id, comment))
        return survey_flows.save_answers(user_input, answers, when=when)

    def counted(self, user_input):
        return self.Satisfaction.search([("user_input_id", "=", user_input.id)])
