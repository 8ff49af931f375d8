# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reorder suggestions: the daily job that turns an overdue next order into work for the
salesperson.

The recompute stores each profile's expected next order (its last order plus its usual
gap, queries._NEXT_ORDER_DATE) and how overdue it is. Once a day this job first closes
the open suggestions the customer has answered (it ordered, or the salesperson cancelled
the suggested quotation: queries.REORDER_CLOSE), then picks the customers overdue by more
than the configured days that have no suggestion open or made for the same expected date
(queries.REORDER_CANDIDATES), the most valuable first, and for each creates either an
activity on the customer or a draft quotation of its typical recent order
(queries.REORDER_TYPICAL_LINES: only products still sold, priced today) with the activity
on the quotation. Two jobs never run at once (an advisory lock), and a unique index keeps
one open suggestion per customer whoever inserts it.
"""
import logging

from odoo import _

from .. import compat
from . import actions, queries

_logger = logging.getLogger(__name__)

# At most this many new suggestions a day, the most valuable customers first: switching the
# job on over a large customer base spreads the first wave over a few days instead of
# burying the salespeople in one morning.
DAILY_LIMIT = 500
ORIGIN = "Lifecycle reorder suggestion"


def typical_lines(env, pairs):
    """{(partner_id, company_id): [(product, qty)]} of the customers' typical recent order."""
    if not pairs:
        return {}
    env.cr.execute(queries.REORDER_TYPICAL_LINES, {
        "partner_ids": [p for p, _c in pairs], "company_ids": [c for _p, c in pairs]})
    lines = {}
    Product = env["product.product"]
    for partner_id, company_id, product_id, qty in env.cr.fetchall():
        lines.setdefault((partner_id, company_id), []).append((Product.browse(product_id), float(qty)))
    return lines


def suggest(env):
    """Close the answered suggestions, then make today's; returns the counts."""
    env.cr.execute(queries.REORDER_LOCK)
    if not env.cr.fetchone()[0]:
        _logger.info("crm_lifecycle: reorder suggestions already running")
        return None
    compat.flush(env)
    env.cr.execute(queries.REORDER_CLOSE)
    closed = env.cr.rowcount
    compat.invalidate(env)
    config = env["crm.lifecycle.config"].sudo()._get_config()
    if config.reorder_mode == "off":
        return {"closed": closed, "suggested": 0}
    env.cr.execute(queries.REORDER_CANDIDATES, {"after_days": config.reorder_after_days,
                                                "limit": DAILY_LIMIT})
    candidates = env.cr.dictfetchall()
    with_quotation = config.reorder_mode == "quotation"
    lines = typical_lines(env, [(c["partner_id"], c["company_id"]) for c in candidates]) \
        if with_quotation else {}
    activity_type = env.ref("mail.mail_activity_data_call")
    today = compat.today(env)
    sudo_env = env["sale.order"].sudo().env
    Suggestion = env["crm.lifecycle.reorder"].sudo()
    made = Suggestion
    for candidate in candidates:
        partner = env["res.partner"].browse(candidate["partner_id"])
        company = env["res.company"].browse(candidate["company_id"])
        user = env["res.users"].browse(candidate["user_id"])
        expected = compat.to_date(candidate["next_order_date"])
        note = _("From %(customer)s's usual gap between orders, the next order was expected "
                 "around %(date)s: it is %(days)s days overdue.") % {
            "customer": partner.name, "date": compat.date_field_value(expected),
            "days": candidate["reorder_overdue_days"]}
        order = env["sale.order"]
        products = lines.get((partner.id, company.id))
        if products:
            order = compat.create_quotation(sudo_env, company, partner, user,
                                            ORIGIN, products)
            target, res_model = order, "sale.order"
        else:
            target, res_model = partner, "res.partner"
        activity = actions.schedule_activities(
            env, [(target, user)], activity_type, 3, summary=_("Reorder due: %s") % partner.name,
            note=note, res_model=res_model)
        made |= Suggestion.create({
            "partner_id": partner.id, "company_id": company.id, "user_id": user.id,
            "expected_date": compat.date_field_value(expected),
            "overdue_days": candidate["reorder_overdue_days"], "suggested_on": compat.date_field_value(today),
            "with_quotation": bool(order), "order_id": order.id, "activity_id": activity[:1].id})
    return {"closed": closed, "suggested": len(made), "quotations": len(made.filtered("order_id"))}
