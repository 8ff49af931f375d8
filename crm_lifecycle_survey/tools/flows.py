# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The survey module's own flows (answering a survey, refusing mass e-mail), driven the way
a user would drive them, then backdated: what the demo builder and the tests build their
customers' satisfaction histories with. Runtime code of the addons never imports this module.

| topic      | 11.0                                   | 17.0 on                                 |
|------------|----------------------------------------|-----------------------------------------|
| saving     | survey.user_input_line.save_lines      | survey.user_input._save_lines           |
| finishing  | state 'done'                           | _mark_in_progress(), _mark_done()       |
| stamps     | date_create on the answer and lines    | end_datetime, create_date on the lines  |
| opt-out    | res.partner.opt_out                    | mail.blacklist._add                     |
| rating     | rating.mixin's rating_get_access_token | every mail.thread's                     |
|            | and rating_apply (a model without the  | _rating_get_access_token and            |
|            | mixin: what they write, see rate())    | rating_apply (the /rate/ page's calls)  |
"""
from .. import compat
from ..compat import V11, by_series

_ANSWER_DATE_COLUMN = by_series(s11="date_create", s17="end_datetime")
_LINE_DATE_COLUMN = by_series(s11="date_create", s17="create_date")
_LINE_TABLE = compat.LINE_MODEL.replace(".", "_")


def save_answers(user_input, answers, done=True, when=None):
    """Answer a survey the way its web pages do: one line per question through the survey
    module's own savers, then the input marked done. `answers` maps question -> value
    (number or text; None = skipped). `when` backdates the answer (demo, tests)."""
    if when is not None:
        # the ingestion dates the counted answer by this (the survey module stamps "now")
        user_input = user_input.with_context(lifecycle_answer_date=str(compat.to_date(when)))
    env = user_input.env
    if V11:
        Line = env[compat.LINE_MODEL]
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
        moment = compat.datetime_field_value(when)
        compat.flush(env)
        env.cr.execute("UPDATE survey_user_input SET " + _ANSWER_DATE_COLUMN + " = %s WHERE id = %s",
                       (moment, user_input.id))
        env.cr.execute("UPDATE " + _LINE_TABLE + " SET " + _LINE_DATE_COLUMN
                       + " = %s WHERE user_input_id = %s", (moment, user_input.id))
        compat.invalidate(env)
    return user_input


def opt_out(partner):
    """Make a contact refuse mass e-mail (11: the opt-out flag; 17: the blacklist)."""
    if V11:
        partner.opt_out = True
    else:
        partner.env["mail.blacklist"].sudo()._add(partner.email)


def rate(record, partner, value, feedback=None):
    """The customer `partner` rates `record` (a ticket, a task...) `value` (1-10 on 11, 1-5
    from 17) the way the rating e-mail's link does: the record's access token for the
    partner, then rating_apply with it. 17+ rate any mail.thread so; on 11 only models with
    rating.mixin have those methods (helpdesk tickets need the OCA helpdesk_mgmt_rating
    module, not installed here), so for the others this writes what the two methods write:
    the rating request (partner, rated user, model, record), then the answer. Returns the
    rating.rating."""
    env = record.env
    if not V11 or hasattr(record, "rating_apply"):
        token = (record.rating_get_access_token(partner) if V11
                 else record._rating_get_access_token(partner))
        record.rating_apply(value, token=token, feedback=feedback)
        return env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
    rated = record.user_id.partner_id if "user_id" in record._fields else env["res.partner"]
    rating = env["rating.rating"].sudo().create({
        "partner_id": partner.id, "rated_partner_id": rated.id,
        "res_model_id": env["ir.model"]._get(record._name).id, "res_id": record.id})
    rating.write({"rating": value, "feedback": feedback, "consumed": True})
    return rating
