# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The survey module's runtime differences between Odoo series, one name each.

Builds on crm_lifecycle.compat (which holds every other difference, and whose names the
addon's code reaches through here); the rest of this addon imports from here and never
tests the version itself. The survey flows the demo builder and the tests drive (answering,
opting out) are in tools/flows.py, test-only shims in tools/testing.py: runtime code never
imports tools/.

| topic            | 11.0                                   | 17.0 on                                 |
|------------------|----------------------------------------|-----------------------------------------|
| question type    | survey.question.type                   | question_type                           |
| question owner   | survey.page (page_id, required)        | survey_id (pages are questions)         |
| question text    | question                               | title                                   |
| answer line      | survey.user_input_line                 | survey.user_input.line                  |
| numeric answer   | answer_type 'number', value_number     | 'numerical_box', value_numerical_box    |
| free text answer | answer_type 'free_text', value_free_text | 'text_box', value_text_box            |
| one-line answer  | answer_type 'text', value_text         | 'char_box', value_char_box              |
| answered on      | date_create                            | end_datetime (else create_date)         |
| invitation       | a 'link' user input, as the compose    | survey._create_answer                   |
|                  | wizard creates it                      |                                         |
| personal link    | public_url/token                       | get_start_url() (access_token)          |
| opt-out          | res.partner.opt_out                    | mail.blacklist on email_normalized      |
| mail templates   | jinja2 ${...}                          | inline_template {{ }} / qweb t-out      |
| rating values    | 1-10 (10 satisfied, 5, 1)              | 1-5 (5 satisfied, 3 okay, 1)            |
"""
from odoo.addons.crm_lifecycle import compat as core
from odoo.addons.crm_lifecycle.compat import (  # noqa: F401 (re-exported for this addon)
    PICKING_DONE_METHOD,
    USER_GROUPS_FIELD,
    V11,
    activity_kept_when_done,
    aggregator,
    by_series,
    can_access,
    check_access,
    check_model_access,
    check_record_access,
    current_company,
    date_field_value,
    datetime_field_value,
    depends_on_user,
    flush,
    invalidate,
    invalidate_records,
    is_superuser,
    model_create,
    partner_sales_team,
    read_group,
    search_method,
    selection_add,
    to_date,
    today,
    view_mode,
)

# -- survey structure ----------------------------------------------------------------

QUESTION_TYPE_FIELD = by_series(s11="type", s17="question_type")
QUESTION_TEXT_FIELD = by_series(s11="question", s17="title")
NUMBER_TYPE = "numerical_box"   # the numeric question type: same name on every series
TEXT_TYPE = by_series(s11="free_text", s17="text_box")   # question type and answer type


def question_type(question):
    return question[QUESTION_TYPE_FIELD]


def question_title(question):
    return question[QUESTION_TEXT_FIELD]


def create_survey(env, title, questions, description=None):
    """A survey with one page and its questions. `questions` are dicts with 'title',
    'kind' ('number' or 'text'), optional 'min', 'max', 'mandatory'. Returns
    (survey, [questions in order]). 11 hangs the questions on a page, 17 on the survey
    (its access by token, going back allowed)."""
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
        qvals = dict(owner, sequence=sequence * 10)
        qvals[QUESTION_TEXT_FIELD] = spec["title"]
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


# -- invitations ----------------------------------------------------------------------

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
    """The personal link of an invitation (absolute): 11 appends the token to the survey's
    public URL, 17 builds the start URL itself (relative to web.base.url)."""
    if V11:
        return "%s/%s" % (user_input.survey_id.public_url, user_input.token)
    base = user_input.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
    return "%s%s" % (base, user_input.get_start_url())


# A partner who does not want marketing or survey e-mail (`p` is res_partner): 11 flags
# the partner, 17 blacklists the normalized address.
SQL_PARTNER_OPTED_OUT = by_series(s11="COALESCE(p.opt_out, false)", s17="""EXISTS (
    SELECT 1 FROM mail_blacklist b WHERE b.active AND b.email = p.email_normalized)""")


# The highest rating.rating value (rating module's rating_data / RATING_LIMIT_*): 11 rates
# 0-10 (10 satisfied, 5 not satisfied, 1 highly dissatisfied), 17 on 1-5 (5, 3, 1).
RATING_MAX = by_series(s11=10, s17=5)


# -- answers ----------------------------------------------------------------------------

LINE_MODEL = by_series(s11="survey.user_input_line", s17="survey.user_input.line")
NUMBER_ANSWER = by_series(s11="number", s17="numerical_box")   # answer line answer_type
NUMBER_VALUE = by_series(s11="value_number", s17="value_numerical_box")
TEXT_VALUE = by_series(s11="value_free_text", s17="value_text_box")
CHAR_ANSWER = by_series(s11="text", s17="char_box")   # a one-line text answer
CHAR_VALUE = by_series(s11="value_text", s17="value_char_box")


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
    if line.answer_type == CHAR_ANSWER:
        return line[CHAR_VALUE]
    return None


def answer_date(user_input):
    """The user's day on which a user input was completed (11 has only its creation
    date): the same day as the engine's and the reports' today."""
    value = user_input.date_create if V11 else (user_input.end_datetime or user_input.create_date)
    return core.local_date(user_input.env, value)


# -- mail templates -----------------------------------------------------------------------

def mail_expr(expr, html=False):
    """A field expression in a mail template: 11 renders jinja2 ${...} everywhere, 17
    inline_template {{ }} in plain fields and qweb t-out in the HTML body."""
    if V11:
        return "${%s}" % expr
    if html:
        return '<t t-out="%s"/>' % expr
    return "{{ %s }}" % expr


def mail_link(expr):
    """An HTML link to the URL `expr` evaluates to, in a mail template body (jinja2 on 11,
    qweb on 17)."""
    if V11:
        return '<a href="${%s}">${%s}</a>' % (expr, expr)
    return '<a t-att-href="%s"><t t-out="%s"/></a>' % (expr, expr)
