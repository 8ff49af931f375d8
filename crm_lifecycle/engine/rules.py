# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle stage rules: their parameters (read from the stage records) and the
explanation written on every transition. The rules themselves are evaluated in SQL
(queries.RESULT); this module only names them and puts their values into words."""
from odoo import _

# code -> (label, parameters the rule reads from its stage record)
RULES = [
    ("prospect", "Prospect", ()),
    ("opportunity", "Opportunity", ()),
    ("new", "New", ("days",)),
    ("active", "Active", ("days", "cadence_factor")),
    ("loyal", "Loyal", ("min_orders",)),
    ("at_risk", "At risk", ()),
    ("lapsed", "Lapsed", ("days",)),
    ("won_back", "Won back", ()),
]
CODES = [(code, label) for code, label, _params in RULES]

# Defaults used when a stage is archived (its rule then no longer fires) or missing.
DEFAULTS = {
    "new_days": 90, "active_days": 90, "active_factor": 1.5, "loyal_orders": 4, "lapsed_days": 365,
}


def stage_params(env):
    """The parameters of queries.RESULT from the active stages."""
    params = dict(DEFAULTS)
    stages = env["crm.lifecycle.stage"].sudo().search([("code", "!=", False)])
    by_code = {s.code: s for s in stages}
    for code, _label, _p in RULES:
        params["on_%s" % code] = code in by_code
    if "new" in by_code:
        params["new_days"] = by_code["new"].days
    if "active" in by_code:
        params["active_days"] = by_code["active"].days
        params["active_factor"] = by_code["active"].cadence_factor
    if "loyal" in by_code:
        params["loyal_orders"] = by_code["loyal"].min_orders
    if "lapsed" in by_code:
        params["lapsed_days"] = by_code["lapsed"].days
    return params


def _num(value, digits=0):
    if value is None:
        return "-"
    return ("%%.%df" % digits) % float(value)


def explain(row, params):
    """A readable reason for a rule-driven stage: the rule and the values behind it.
    `row` is a dict from queries.STAGE_CHANGES."""
    code = row["rule_code"]
    p = params
    if code == "prospect":
        return _("Prospect: leads but no confirmed order yet.")
    if code == "opportunity":
        return _("Opportunity: %s open opportunity(ies), no confirmed order yet.") % row["opps_open"]
    if code == "lapsed":
        return _("Lapsed: last order %s days ago, more than the %s days of the Lapsed rule.") % (
            row["recency_days"], p["lapsed_days"])
    window = _("active window %s days = max(%s days, %s x typical interval %s days)") % (
        _num(row["active_window"]), p["active_days"], _num(p["active_factor"], 1),
        _num(row["interval_median_days"]))
    if code == "at_risk":
        return _("At risk: last order %s days ago, beyond its %s, not yet lapsed (%s days).") % (
            row["recency_days"], window, p["lapsed_days"])
    if code == "won_back":
        return _("Won back: ordered on %s after %s days without orders (Lapsed rule: %s days).") % (
            row["last_order_date"], (row["last_order_date"] - row["prev_order_date"]).days, p["lapsed_days"])
    if code == "new":
        return _("New: first order on %s, within the %s days of the New rule.") % (
            row["first_order_date"], p["new_days"])
    if code == "loyal":
        return _("Loyal: %s orders (rule: at least %s) and last order %s days ago, within its %s.") % (
            row["order_count"], p["loyal_orders"], row["recency_days"], window)
    return _("Active: last order %s days ago, within its %s.") % (row["recency_days"], window)
