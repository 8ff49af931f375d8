# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle stage rules: their codes and parameters (read from the stage records). The
rules themselves are evaluated in SQL (queries.RESULT); the words that explain a change
are the stage model's (crm.lifecycle.stage._explain), so that they are translated."""

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
