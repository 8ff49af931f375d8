# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The survey module's differences between Odoo 11.0 and 17.0, one name each.

Builds on crm_lifecycle.compat (which holds every other difference); the rest of this
addon imports from here and never tests the version itself.

| topic            | 11.0                                   | 17.0                                    |
|------------------|----------------------------------------|-----------------------------------------|
| question type    | survey.question.type                   | question_type                           |
| question owner   | survey.page (page_id, required)        | survey_id (pages are questions)         |
| answer line      | survey.user_input_line                 | survey.user_input.line                  |
| numeric answer   | answer_type 'number', value_number     | 'numerical_box', value_numerical_box    |
| free text answer | answer_type 'free_text', value_free_text | 'text_box', value_text_box            |
| answer token     | token                                  | access_token                            |
| finishing        | state 'skip' -> 'done'                 | _mark_in_progress(), _mark_done()        |
| opt-out          | res.partner.opt_out                    | mail.blacklist on email_normalized      |
| mail templates   | jinja2 ${...}                          | inline_template {{ }} / qweb t-out      |
| superuser        | uid == SUPERUSER_ID (sudo() sets it)   | env.su (sudo() keeps the uid)           |
| pages' writer    | SUPERUSER for a token link, else the   | sudo() of the visitor                   |
|                  | visitor                                |                                         |
| answering again  | the finished pages are re-submitted    | /survey/retry: a new answer, same       |
|                  |                                        | partner and invite token                |
"""
from odoo import SUPERUSER_ID

from odoo.addons.crm_lifecycle import compat as core
from odoo.addons.crm_lifecycle.compat import (  # noqa: F401 (re-exported for this addon)
    PICKING_DONE_METHOD,
    USER_GROUPS_FIELD,
    V11,
    activity_kept_when_done,
    aggregator,
    can_access,
    check_model_access,
    check_record_access,
    current_company,
    date_field_value,
    datetime_field_value,
    flush,
    invalidate,
    invalidate_records,
    model_create,
    partner_sales_team,
    read_group,
    search_method,
    selection_add,
    to_date,
    today,
)

LINE_MODEL = "survey.user_input_line" if V11 else "survey.user_input.line"
LINE_TABLE = LINE_MODEL.replace(".", "_")
QUESTION_TYPE_FIELD = "type" if V11 else "question_type"
NUMBER_TYPE = "numerical_box"                      # question type, same name on both
NUMBER_ANSWER = "number" if V11 else "numerical_box"   # answer line answer_type
NUMBER_VALUE = "value_number" if V11 else "value_numerical_box"
TEXT_TYPE = "free_text" if V11 else "text_box"     # question type and answer type
TEXT_VALUE = "value_free_text" if V11 else "value_text_box"
TOKEN_FIELD = "token" if V11 else "access_token"

# A partner who does not want marketing or survey e-mail (`p` is res_partner).
SQL_PARTNER_OPTED_OUT = "COALESCE(p.opt_out, false)" if V11 else """EXISTS (
    SELECT 1 FROM mail_blacklist b WHERE b.active AND b.email = p.email_normalized)"""


def question_type(question):
    return question[QUESTION_TYPE_FIELD]


def survey_questions(survey):
    """The questions of a survey (without pages)."""
    return survey.page_ids.mapped("question_ids") if V11 else survey.question_ids


def create_survey(env, title, questions, description=None):
    """A survey with one page and its questions. `questions` are dicts with 'title',
    'kind' ('number' or 'text'), optional 'min', 'max', 'mandatory'. Returns
    (survey, [questions in order])."""
    Question = env["survey.question"]
    vals = {"title": title}
    if description:
        vals["description"] = description
    if not V11:
        vals.update({"access_mode": "token", "users_can_go_back": True})
    survey = env["survey.survey"].create(vals)
    owner = {}
    if V11:
        page = env["survey.page"].create({"title": title, "survey_id": survey.id})
        owner["page_id"] = page.id
    else:
        owner["survey_id"] = survey.id
    created = []
    for sequence, spec in enumerate(questions, start=1):
        qvals = dict(owner, sequence=sequence * 10, question=spec["title"]) if V11 else dict(
            owner, sequence=sequence * 10, title=spec["title"])
        if spec["kind"] == "number":
            qvals[QUESTION_TYPE_FIELD] = NUMBER_TYPE
            qvals.update({"validation_required": True,
                          "validation_min_float_value": spec["min"],
                          "validation_max_float_value": spec["max"],
                          "constr_mandatory": spec.get("mandatory", True)})
        else:
            qvals[QUESTION_TYPE_FIELD] = TEXT_TYPE
            qvals["constr_mandatory"] = spec.get("mandatory", False)
        created.append(Question.create(qvals))
    return survey, created


def question_title(question):
    return question.question if V11 else question.title


def create_invitation_answer(survey, partner, deadline=None):
    """The survey.user_input an e-mail invitation points to (a personal token), created as
    the survey module's own invitation does (11: the compose wizard's create_token;
    17: survey._create_answer)."""
    env = survey.env
    if V11:
        return env["survey.user_input"].create({
            "survey_id": survey.id, "deadline": deadline or False, "type": "link", "state": "new",
            "partner_id": partner.id, "email": partner.email})
    return survey._create_answer(partner=partner, check_attempts=False,
                                 **({"deadline": deadline} if deadline else {}))


def answer_url(user_input):
    """The personal link of an invitation (absolute)."""
    base = user_input.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
    if V11:
        return "%s/%s" % (user_input.survey_id.public_url, user_input.token)
    return "%s%s" % (base, user_input.get_start_url())


def save_answers(user_input, answers, done=True, when=None):
    """Answer a survey the way its web pages do: one line per question through the survey
    module's own savers, then the input marked done. `answers` maps question -> value
    (number or text; None = skipped). `when` backdates the answer (demo, tests)."""
    if when is not None:
        # the ingestion dates the counted answer by this (the survey module stamps "now")
        user_input = user_input.with_context(lifecycle_answer_date=str(to_date(when)))
    env = user_input.env
    if V11:
        Line = env[LINE_MODEL]
        for question, value in answers:
            tag = "%s_%s_%s" % (user_input.survey_id.id, question.page_id.id, question.id)
            post = {tag: "" if value is None else str(value)}
            Line.save_lines(user_input.id, question, post, tag)
        if done:
            user_input.write({"state": "done"})
    else:
        user_input._mark_in_progress()
        for question, value in answers:
            # the web page posts what was typed, as text
            user_input._save_lines(question, "" if value is None else str(value))
        if done:
            user_input._mark_done()
    if when is not None:
        moment = core.datetime_field_value(when)
        column = "date_create" if V11 else "end_datetime"
        core.flush(env)
        env.cr.execute("UPDATE survey_user_input SET %s = %%s WHERE id = %%s" % column,
                       (moment, user_input.id))
        env.cr.execute("UPDATE %s SET %s = %%s WHERE user_input_id = %%s" % (
            LINE_TABLE, "date_create" if V11 else "create_date"), (moment, user_input.id))
        core.invalidate(env)
    return user_input


def answer_lines(user_input):
    return user_input.user_input_line_ids


def line_number(line):
    """The numeric value of an answer line, or None if it is not a numeric answer."""
    if line.skipped or line.answer_type != NUMBER_ANSWER:
        return None
    return line[NUMBER_VALUE]


def line_text(line):
    if line.skipped:
        return None
    if line.answer_type == TEXT_TYPE:
        return line[TEXT_VALUE]
    if line.answer_type == ("text" if V11 else "char_box"):
        return line["value_text" if V11 else "value_char_box"]
    return None


def answer_date(user_input):
    """The user's day on which a user input was completed (11 has only its creation
    date): the same day as the engine's and the reports' today."""
    value = user_input.date_create if V11 else (user_input.end_datetime or user_input.create_date)
    return core.local_date(user_input.env, value)


def mail_expr(expr, html=False):
    """A field expression in a mail template, in the series' template syntax."""
    if V11:
        return "${%s}" % expr
    if html:
        return '<t t-out="%s"/>' % expr
    return "{{ %s }}" % expr


def template_lang_expr():
    return "${object.partner_id.lang}" if V11 else "{{ object.partner_id.lang }}"


def send_template_queued(template, res_id):
    """Render a mail template into a queued mail.mail (the mail queue cron sends it)."""
    return template.send_mail(res_id, force_send=False)


def activity_feedback_kwargs(feedback):
    return {"feedback": feedback}


def reopen_stage(env):
    """The first open helpdesk stage (to reopen a ticket)."""
    return env["helpdesk.ticket.stage"].search([("closed", "=", False)], order="sequence, id", limit=1)


def mail_link(expr):
    """An HTML link to the URL `expr` evaluates to, in a mail template body."""
    if V11:
        return '<a href="${%s}">${%s}</a>' % (expr, expr)
    return '<a t-att-href="%s"><t t-out="%s"/></a>' % (expr, expr)


def opt_out(partner):
    """Make a contact refuse mass e-mail (11: the opt-out flag; 17: the blacklist)."""
    if V11:
        partner.opt_out = True
    else:
        partner.env["mail.blacklist"].sudo()._add(partner.email)


def is_superuser(env):
    """Whether `env` bypasses access rights (sudo(), the cron's and install's system env)."""
    return env.uid == SUPERUSER_ID if V11 else env.su


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
    if V11:
        web = _pages_env(user_input, visitor)
        web.write({"state": "skip"})
        return save_answers(web, answers)
    web = _pages_env(user_input, visitor)
    retry = web.survey_id._create_answer(
        user=visitor, partner=web.partner_id, email=web.email, invite_token=web.invite_token,
        test_entry=web.test_entry, deadline=web.deadline)
    return save_answers(retry, answers)
