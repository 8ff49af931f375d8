# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer pool (公海): when an owner last followed a customer up, when the customer is
due back in the pool, and the set-based statements that give notice, release and claim.

One statement computes the follow-up state of every owned customer (or of a few), grouped
per partner, with the pool each belongs to and that pool's rules (models/lifecycle_pool.py;
the default pool's are the settings'); Python only creates the notice activities of the
customers it returns.
"""
import datetime

from .. import compat
from . import queries


def followup_state(env, params, partner_ids=None, horizon=None):
    """Rows (dicts) of queries.POOL_FOLLOWUP_STATE for every owned customer, or `partner_ids`;
    `params` (the default pool's rules) as crm.lifecycle.config's _pool_params() gives them;
    each row carries its pool (pool_id, None: the default pool) and that pool's notice_days;
    with `horizon`, only those due on or before it (the cron reads only what it acts on)."""
    activity = env["mail.activity"]
    kept = "date_done" in activity._fields and "active" in activity._fields
    query = queries.POOL_FOLLOWUP_STATE_KEPT if kept else queries.POOL_FOLLOWUP_STATE
    env.cr.execute(query, {
        "all": partner_ids is None, "partner_ids": list(partner_ids or []),
        "default_days": params["default_days"], "notice_days": params["notice_days"],
        "protection_days": params["protection_days"], "keep_receivables": params["keep_receivables"],
        "keep_opportunity_value": params["keep_opportunity_value"], "horizon": horizon})
    rows = env.cr.dictfetchall()
    for row in rows:  # Odoo 11 reads dates as strings
        for key in ("last_followup", "due_date", "notice_date"):
            row[key] = compat.to_date(row[key])
    return rows


def kept(row):
    """Whether a customer due for release stays with its owner, and why (None: released)."""
    if row["keep_receivable"]:
        return "receivable"
    if row["keep_opportunity"]:
        return "opportunity"
    return None


def due_for_notice(rows, today):
    """Rows whose release is near (within their pool's notice days) and whose owner has no
    notice yet."""
    return [r for r in rows if r["due_date"] and not r["notice_date"]
            and today >= r["due_date"] - datetime.timedelta(days=r["notice_days"])]


def due_for_release(rows, today):
    """Rows past their due date whose owner had their pool's notice days of notice."""
    return [r for r in rows if r["due_date"] and r["notice_date"] and today >= r["due_date"]
            and today >= r["notice_date"] + datetime.timedelta(days=r["notice_days"]) and not kept(r)]
