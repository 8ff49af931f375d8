# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install-time data whose shape differs by series (survey questions, template syntax):
created in Python once, then owned by XML ids like any data record (noupdate)."""
from odoo import api, models

from .. import compat

TEMPLATES = [
    # xmlid, kind, title, metric question, comment question, lang
    ("survey_nps_en", "nps", "Would you recommend us?",
     "How likely are you to recommend us to a friend or colleague? (0 = not at all, 10 = extremely)",
     "What is the main reason for your score?", "en_US"),
    ("survey_csat_en", "csat", "How satisfied are you?",
     "How satisfied are you with our service? (1 = very dissatisfied, 5 = very satisfied)",
     "What could we do better?", "en_US"),
    ("survey_ces_en", "ces", "How easy was it?",
     "How easy was it to get what you needed from us? (1 = very easy, 7 = very difficult)",
     "What made it easy or difficult?", "en_US"),
    ("survey_nps_zh", "nps", "客户满意度调查",
     "您有多大可能向朋友或同事推荐我们？（0 = 完全不可能，10 = 极有可能）",
     "您给出这个分数的主要原因是什么？", "zh_CN"),
    ("survey_csat_zh", "csat", "服务效果评估",
     "您对我们的服务满意吗？（1 = 非常不满意，5 = 非常满意）", "我们可以在哪些方面做得更好？",
     "zh_CN"),
    ("survey_ces_zh", "ces", "定期回访",
     "从我们这里获得所需帮助有多容易？（1 = 非常容易，7 = 非常困难）", "是什么让它变得容易或困难？",
     "zh_CN"),
]

MAIL_TEMPLATES = [
    ("mail_template_survey_invitation", "Satisfaction survey invitation",
     "We value your opinion: %s" % compat.mail_expr("object.survey_id.title"),
     "<p>Dear %s,</p><p>Thank you for your trust. Could you spare a minute to answer a short "
     "survey?</p><p>%s</p><p>Thank you!</p>"),
    ("mail_template_survey_invitation_zh", "客户满意度调查邀请",
     "您的意见对我们很重要：%s" % compat.mail_expr("object.survey_id.title"),
     "<p>%s，您好：</p><p>感谢您的信任。能否花一分钟回答一份简短的问卷？</p>"
     "<p>%s</p><p>谢谢！</p>"),
    # the one reminder to a contact who has not answered (survey_reminder_days)
    ("mail_template_survey_reminder", "Satisfaction survey reminder",
     "Reminder: %s" % compat.mail_expr("object.survey_id.title"),
     "<p>Dear %s,</p><p>A few days ago we asked for your opinion. If you can spare a minute, "
     "the survey is still open:</p><p>%s</p><p>Thank you!</p>"),
    ("mail_template_survey_reminder_zh", "客户满意度调查提醒",
     "提醒：%s" % compat.mail_expr("object.survey_id.title"),
     "<p>%s，您好：</p><p>几天前我们邀请您填写一份简短的问卷。如果您方便，问卷仍然开放：</p>"
     "<p>%s</p><p>谢谢！</p>"),
]


class LifecycleSurveyInstall(models.AbstractModel):
    _name = "crm.lifecycle.survey.install"
    _description = "Customer Lifecycle Survey Install Data"

    @api.model
    def _install_data(self):
        """The surveys, mail templates and default settings (data/survey_data.xml)."""
        data = self.env["ir.model.data"]
        for xmlid, kind, title, metric, comment, lang in TEMPLATES:
            if not self.env.ref("crm_lifecycle_survey.%s" % xmlid, raise_if_not_found=False):
                self.env["survey.survey"]._lifecycle_create_template(
                    kind, title, metric, comment, lang, xmlid=xmlid)
        model = self.env["ir.model"]._get("survey.user_input")
        for xmlid, name, subject, body in MAIL_TEMPLATES:
            if self.env.ref("crm_lifecycle_survey.%s" % xmlid, raise_if_not_found=False):
                continue
            template = self.env["mail.template"].create({
                "name": name, "model_id": model.id, "subject": subject,
                # the invited contact's address, not the record's default recipients
                # (19 takes those unless told otherwise)
                "email_to": compat.mail_expr("object.email"), "use_default_to": False,
                "lang": compat.mail_expr("object.partner_id.lang"),
                "body_html": body % (compat.mail_expr("object.partner_id.name", html=True),
                                     compat.mail_link("object.lifecycle_url")),
                "auto_delete": False,
            })
            data.create({"module": "crm_lifecycle_survey", "name": xmlid,
                         "model": "mail.template", "res_id": template.id, "noupdate": True})
        config = self.env["crm.lifecycle.config"]._get_config()
        for kind in ("nps", "csat", "ces"):
            if not config["survey_%s_id" % kind]:
                config["survey_%s_id" % kind] = self.env.ref(
                    "crm_lifecycle_survey.survey_%s_en" % kind)
        return True
