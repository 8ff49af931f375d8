# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer pool (公海): when an owner last followed a customer up, when the customer is
due back in the pool, and the set-based statements that give notice, release and claim.

One statement computes the follow-up state of every owned customer (or of a few), grouped
per partner; Python only creates the notice activities of the customers it returns.
"""
import datetime

from .. import compat
from . import queries


def followup_state(env, params, partner_ids=None, horizon=None):
    """Rows (dicts) of queries.POOL_FOLLOWUP_STATE for every owned customer, or `partner_ids`;
    `params` as crm.lifecycle.config's _pool_params() gives them; with `horizon`, only those
    due on or before it (the cron reads only what it acts on)."""
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


def due_for_notice(rows, today, notice_days):
    """Rows whose release is near (within notice_days) and whose owner has no notice yet."""
    return [r for r in rows if r["due_date"] and not r["notice_date"]
            and today >= r["due_date"] - datetime.timedelta(days=notice_days)]


def due_for_release(rows, today, notice_days):
    """Rows past their due date whose owner had notice_days of notice."""
    return [r for r in rows if r["due_date"] and r["notice_date"] and today >= r["due_date"]
            and today >= r["notice_date"] + datetime.timedelta(days=notice_days) and not kept(r)]
