# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Acting on customers (a segment's members, a playbook's customer): opportunities and
activities for the account owner. Shared by the segment wizard and the playbooks."""
import datetime

from odoo import _

from .. import compat
from . import queries

OPPORTUNITY_KINDS = [("winback", "Win-back"), ("upsell", "Upsell")]


def owner(profile, fallback):
    """The account owner: the customer's salesperson, else the profile's, else fallback."""
    return profile.partner_id.user_id or profile.user_id or fallback


def expected_revenue(profile):
    """What the customer typically spends on one order (revenue / orders over its whole
    history): the value of winning it back, or of selling it one more order."""
    if not profile.order_count:
        return 0.0
    return round(profile.revenue_total / profile.order_count, 2)


def create_opportunities(env, profiles, kind, name=None, fallback_user=None):
    """One opportunity per profile whose customer has no open opportunity in that company;
    returns the new leads."""
    profiles = profiles.sudo()
    if not profiles:
        return env["crm.lead"]
    compat.flush(env)
    env.cr.execute(queries.OPEN_OPPORTUNITIES, {"partner_ids": profiles.mapped("partner_id").ids})
    busy = set(env.cr.fetchall())
    labels = dict(OPPORTUNITY_KINDS)
    fallback_user = fallback_user or env.user
    Lead = env["crm.lead"].sudo().with_context(mail_create_nosubscribe=True)
    leads = Lead
    for profile in profiles:
        # an opportunity without a company counts in every company
        if {(profile.partner_id.id, profile.company_id.id), (profile.partner_id.id, None)} & busy:
            continue
        label = name or _(labels[kind])
        vals = {
            "name": "%s: %s" % (label, profile.partner_id.name),
            "type": "opportunity",
            "partner_id": profile.partner_id.id,
            "user_id": owner(profile, fallback_user).id,
            "company_id": profile.company_id.id,
            compat.LEAD_REVENUE_FIELD: expected_revenue(profile),
        }
        leads |= Lead.create(vals)
        busy.add((profile.partner_id.id, profile.company_id.id))
    return leads


def schedule_activities(env, partners_owners, activity_type, days, summary=None, note=None,
                        res_model="res.partner"):
    """An activity of `activity_type` due in `days` days on each partner (or record of
    `res_model`) for its owner, unless that owner already has an open one of that type on
    it. partners_owners is a list of (record, user). Returns the new activities."""
    Activity = env["mail.activity"].sudo()
    if not partners_owners:
        return Activity
    model_id = env["ir.model"].sudo().search([("model", "=", res_model)]).id
    partner_ids = [partner.id for partner, _user in partners_owners]
    existing = Activity.search([("res_model_id", "=", model_id), ("res_id", "in", partner_ids),
                                ("activity_type_id", "=", activity_type.id)])
    taken = {(a.res_id, a.user_id.id) for a in existing}
    deadline = compat.today(env) + datetime.timedelta(days=days)
    values = []
    for partner, user in partners_owners:
        if (partner.id, user.id) in taken:
            continue
        taken.add((partner.id, user.id))
        values.append({
            "res_model_id": model_id,
            "res_id": partner.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": compat.date_field_value(deadline),
            "summary": summary or activity_type.name,
            "note": note or False,
        })
    return compat.create_many(Activity, values)
