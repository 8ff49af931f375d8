# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Satisfaction history for the demo company (run after crm_lifecycle's demo_company).

Invitations go through the addon's own dispatch (throttle, skip reasons, personal survey
answer, queued e-mail), answers through the survey module's savers; then everything is
backdated to when it happened. Customers' moods follow their order history (recent repeat
buyers are mostly promoters, customers who went quiet mostly detractors), so that the
satisfaction screens, the NPS trend and the follow-up queue (done, open and overdue) show
real data. Deterministic: one random.Random(seed).
"""
import datetime
import random
import time

from odoo import fields

from .. import compat
from ..models.lifecycle_followup import add_business_days
from . import flows

PARAM = "crm_lifecycle_survey.demo_seed"

CUSTOMERS = """
SELECT rp.id, MAX(so.date_order)::date AS last_order, COUNT(*) AS orders,
       COALESCE(rp.country_id = %(cn)s, false) AS chinese
  FROM sale_order so
  JOIN res_partner c ON c.id = so.partner_id
  JOIN res_partner rp ON rp.id = COALESCE(c.commercial_partner_id, c.id)
 WHERE so.state IN ('sale', 'done')
 GROUP BY rp.id
 ORDER BY rp.id
"""

# kind -> mood -> (scores, weights)
SCORES = {
    "nps": {"happy": ([10, 9, 8, 7, 5], [35, 35, 15, 10, 5]),
            "mixed": ([9, 8, 7, 6, 4], [15, 30, 30, 15, 10]),
            "unhappy": ([8, 7, 6, 4, 2, 0], [8, 12, 25, 25, 20, 10])},
    "csat": {"happy": ([5, 4, 3], [55, 35, 10]),
             "mixed": ([5, 4, 3, 2], [15, 40, 30, 15]),
             "unhappy": ([4, 3, 2, 1], [15, 30, 35, 20])},
    "ces": {"happy": ([1, 2, 3, 4], [40, 35, 15, 10]),
            "mixed": ([2, 3, 4, 5, 6], [15, 25, 30, 20, 10]),
            "unhappy": ([3, 4, 5, 6, 7], [10, 20, 25, 30, 15])},
}
COMMENTS = {
    "good": ["Fast delivery and friendly support.", "Great product quality, thank you!",
             "交货及时，服务周到。", "产品质量很好。", "Easy to order, keep it up."],
    "bad": ["The delivery was late twice.", "Support took too long to answer.",
            "发货太慢，希望改进。", "Invoice errors again.", "价格偏高，售后响应慢。",
            "Hard to reach the right person."],
}
OUTCOMES = ["Called the customer, agreed a credit note.", "Visited on site, issue solved.",
            "已电话回访，客户接受了解决方案。", "Explained the delay; new delivery slot confirmed.",
            "Escalated to the product team; customer informed."]


def built_seed(env):
    return env["ir.config_parameter"].sudo().get_param(PARAM) or None


def build(env, seed=42, today=None, share=0.8, log=print):
    """Add the satisfaction history once (skipped when the database is marked); counts."""
    done = built_seed(env)
    if done:
        log("demo: satisfaction history already built (seed %s), skipping" % done)
        return {"skipped": True, "seed": done}
    t0 = time.time()
    rng = random.Random(seed)
    today = compat.to_date(today or fields.Date.today())
    # no chatter, no tracking, no refresh marks: the demo recomputes everybody once after
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True,
                           mail_create_nolog=True, mail_auto_subscribe_no_notify=True,
                           crm_lifecycle_no_mark=True))
    config = env["crm.lifecycle.config"]._get_config()
    config.write({"followup_mode": "activity", "followup_business_days": 2})
    Invitation = env["crm.lifecycle.survey.invitation"].sudo()
    surveys = {(kind, zh): env.ref("crm_lifecycle_survey.survey_%s_%s" % (kind, "zh" if zh else "en"))
               for kind in ("nps", "csat", "ces") for zh in (False, True)}
    counts = dict.fromkeys(["customers", "invitations", "answered", "unanswered", "skipped",
                            "followups_done", "followups_open", "followups_overdue"], 0)
    env.cr.execute(CUSTOMERS, {"cn": env.ref("base.cn").id})
    rows = env.cr.fetchall()
    Partner = env["res.partner"]
    for number, (partner_id, last_order, orders, chinese) in enumerate(rows, 1):
        if number % 25 == 0:
            spent = time.time() - t0
            log("demo: satisfaction %3d%%  %d/%d customers, %ds elapsed, about %ds left" % (
                100 * number // len(rows), number, len(rows), spent, spent / number * (len(rows) - number)))
        if rng.random() > share:
            continue
        customer = Partner.browse(partner_id)
        last_order = compat.to_date(last_order)
        recency = (today - last_order).days
        mood = "happy" if recency <= 90 and orders >= 2 else "mixed" if recency <= 240 else "unhappy"
        contacts = customer.child_ids.filtered("email") or (customer if customer.email else Partner)
        counts["customers"] += 1
        if not contacts:  # logged as skipped: no e-mail address
            counts["skipped"] += len(Invitation._dispatch("nps", "relationship", customer))
            continue
        tickets = env["helpdesk.ticket"].search([("partner_id", "child_of", customer.id),
                                                 ("stage_id.closed", "=", True)], limit=5)
        pickings = env["stock.picking"].search([("partner_id", "child_of", customer.id),
                                                ("state", "=", "done"),
                                                ("picking_type_code", "=", "outgoing")], limit=5)
        days, day = [], today - datetime.timedelta(days=rng.randint(420, 560))
        while True:
            day += datetime.timedelta(days=rng.randint(95, 200))
            if day >= today:
                break
            days.append(day)
        # some customers were asked lately: their follow-ups are still open or overdue
        recent = today - datetime.timedelta(days=rng.randint(1, 30))
        if rng.random() < 0.5 and (not days or (recent - days[-1]).days > 95):
            days.append(recent)
        for day in days:
            trigger = rng.choice(["relationship", "relationship", "ticket", "delivery"])
            ticket = picking = None
            if trigger == "ticket" and tickets:
                ticket, kind = rng.choice(tickets), "csat"
            elif trigger == "delivery" and pickings:
                picking, kind = rng.choice(pickings), rng.choice(["csat", "ces"])
            else:
                trigger, kind = "relationship", "nps"
            contact = rng.choice(contacts)
            invitation = Invitation._dispatch(kind, trigger, contact, company=compat.current_company(env),
                                              ticket=ticket, picking=picking,
                                              survey=surveys[(kind, bool(chinese))])
            counts["invitations"] += 1
            if rng.random() < 0.1:
                # a second trigger the same day is throttled (shows the skip reason)
                duplicate = Invitation._dispatch("csat", trigger, contact,
                                                 company=compat.current_company(env))
                _backdate(env, duplicate, day)
                counts["skipped"] += len(duplicate.filtered(lambda i: i.state == "skipped"))
            _backdate(env, invitation, day)
            if invitation.state == "skipped":
                counts["skipped"] += 1
                continue
            if rng.random() < 0.75:
                answered_on = min(day + datetime.timedelta(days=rng.randint(0, 4)), today)
                scores, weights = SCORES[kind][mood]
                score = rng.choices(scores, weights)[0]
                good = ((kind == "ces" and score <= 3)
                        or (kind != "ces" and score >= (8 if kind == "nps" else 4)))
                comment = rng.choice(COMMENTS["good" if good else "bad"]) if rng.random() < 0.6 else None
                survey = invitation.survey_id
                answers = [(survey.lifecycle_metric_question_id, score)]
                if comment:
                    answers.append((survey.lifecycle_comment_question_id, comment))
                flows.save_answers(invitation.user_input_id, answers, when=answered_on)
                counts["answered"] += 1
                _close_loop(env, rng, invitation.user_input_id, answered_on, today, config, counts)
            else:
                counts["unanswered"] += 1
    # Historical e-mails: mark them sent so that the mail queue of a served demo database
    # does not try to deliver them to the example addresses.
    compat.flush(env)
    env.cr.execute("""UPDATE mail_mail SET state = 'sent'
                       WHERE state = 'outgoing' AND id IN (
                           SELECT mail_id FROM crm_lifecycle_survey_invitation WHERE mail_id IS NOT NULL)""")
    compat.invalidate(env)
    Invitation._cron_update_states()
    env["crm.lifecycle.profile"].sudo()._lifecycle_update_satisfaction()
    env["ir.config_parameter"].sudo().set_param(PARAM, str(seed))
    counts.update(seed=seed, seconds=int(time.time() - t0))
    log("demo: satisfaction history: %s" % ", ".join("%s %s" % kv for kv in sorted(counts.items())))
    return counts


def _backdate(env, invitation, day):
    compat.flush(env)
    env.cr.execute("UPDATE crm_lifecycle_survey_invitation SET date_sent = %s WHERE id = %s",
                   (day, invitation.id))
    if invitation.user_input_id:
        moment = datetime.datetime.combine(day, datetime.time(9, 0))
        env.cr.execute("UPDATE survey_user_input SET create_date = %s WHERE id = %s",
                       (moment, invitation.user_input_id.id))
    if invitation.mail_id:
        env.cr.execute("UPDATE mail_mail SET state = 'sent' WHERE id = %s", (invitation.mail_id.id,))
    compat.invalidate(env)


def _close_loop(env, rng, user_input, answered_on, today, config, counts):
    """Date the follow-up from the answer; old ones done with an outcome, recent ones open
    (some overdue)."""
    followup = env["crm.lifecycle.satisfaction"].sudo().search(
        [("user_input_id", "=", user_input.id)]).followup_id
    if not followup:
        return
    due = add_business_days(answered_on, config.followup_business_days)
    followup.write({"date_deadline": compat.date_field_value(due)})
    if followup.activity_id:
        followup.activity_id.write({"date_deadline": compat.date_field_value(due)})
    age = (today - answered_on).days
    if age > 45 or (age > 20 and rng.random() < 0.5):
        followup.write({"outcome": rng.choice(OUTCOMES)})
        followup.action_done()
        done_on = min(answered_on + datetime.timedelta(days=rng.randint(1, 6)), today)
        followup.write({"date_done": compat.date_field_value(done_on)})
        counts["followups_done"] += 1
    elif due < today:
        counts["followups_overdue"] += 1
    else:
        counts["followups_open"] += 1
