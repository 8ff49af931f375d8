# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test-only differences of the survey module between Odoo series: what the tests need to
answer as a visitor of the survey pages would, and to look at a survey's structure.

Runtime code never imports this module; the addons' tests do.

| topic            | 11.0                                   | 17.0 on                                 |
|------------------|----------------------------------------|-----------------------------------------|
| answer token     | token                                  | access_token                            |
| questions        | on the survey's pages                  | on the survey                           |
| pages' writer    | SUPERUSER for a token link, else the   | sudo() of the visitor                   |
|                  | visitor                                |                                         |
| answering again  | the finished pages are re-submitted    | /survey/retry: a new answer, same       |
|                  |                                        | partner and invite token                |
"""
from ..compat import V11, by_series
from .flows import save_answers

TOKEN_FIELD = by_series(s11="token", s17="access_token")


def survey_questions(survey):
    """The questions of a survey (without pages)."""
    return survey.page_ids.mapped("question_ids") if V11 else survey.question_ids


def _pages_env(user_input, visitor):
    """`user_input` in the environment the survey pages write it in for `visitor` (a
    res.users, the public user for an anonymous visitor)."""
    if V11:
        # 11's /survey/submit writes an answer of type 'link' (an invitation) as the
        # superuser, any other as the visitor
        return user_input.sudo() if user_input.type == "link" else user_input.sudo(visitor)
    return user_input.with_user(visitor).sudo()


def visitor_answer(survey, visitor):
    """The answer the survey pages create for `visitor` who opens the survey's page without
    an invitation (11: 'manual surveying', created as the visitor with the visitor's
    partner; 17: survey._create_answer for the visitor, in sudo), in the environment the
    pages then write it in."""
    if V11:
        vals = {"survey_id": survey.id}
        if visitor != survey.env.ref("base.public_user"):
            vals["partner_id"] = visitor.partner_id.id
        return survey.env["survey.user_input"].sudo(visitor).create(vals)
    return survey.with_user(visitor).sudo()._create_answer(user=visitor)


def answer_as_visitor(user_input, visitor, answers):
    """Answer through the survey pages as `visitor` would (save_answers in the pages'
    environment)."""
    return save_answers(_pages_env(user_input, visitor), answers)


def answer_again(user_input, visitor, answers):
    """Answer a finished invitation a second time the way the survey pages let its
    contact (11: 'previous' on the finished pages, then submit again, on the same answer;
    17: the retry route's new answer with the same partner and invite token). Returns the
    answer written the second time."""
    web = _pages_env(user_input, visitor)
    if V11:
        web.write({"state": "skip"})
        return save_answers(web, answers)
    retry = web.survey_id._create_answer(
        user=visitor, partner=web.partner_id, email=web.email, invite_token=web.invite_token,
        test_entry=web.test_entry, deadline=web.deadline)
    return save_answers(retry, answers)


def filter_domains(search_view):
    """The domains of a search view's named filters, {name: domain}, as the web client
    evaluates them (the view's own filters; none of these use context values)."""
    from lxml import etree

    from odoo.tools.safe_eval import safe_eval
    arch = etree.fromstring(search_view.arch.encode("utf-8"))
    return {node.get("name"): safe_eval(node.get("domain"))
            for node in arch.iter("filter") if node.get("domain")}


def load_chinese(env):
    """Simplified Chinese active with the addons' own translations (11: load_lang, then the
    modules' .po files; 17: _activate_lang, then the same)."""
    Lang = env["res.lang"]
    if V11:
        Lang.load_lang("zh_CN")
    else:
        Lang._activate_lang("zh_CN")
    modules = env["ir.module.module"].search([("name", "in", ("crm_lifecycle",
                                                              "crm_lifecycle_survey"))])
    modules._update_translations(["zh_CN"])
