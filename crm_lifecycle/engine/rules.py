# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle stage rules: their codes and parameters (read from the stage records). The
rules themselves are evaluated in SQL (queries.result()); the words that explain a change
are the stage model's (crm.lifecycle.stage._explain), so that they are translated."""
from .. import compat
from . import queries

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
    """The parameters of queries.result() from the active stages."""
    compat.flush_model(env, "crm.lifecycle.stage")
    params = dict(DEFAULTS)
    env.cr.execute(queries.STAGE_PARAMS)
    # an empty number reads as 0, as through the ORM
    by_code = {code: (days or 0, factor or 0.0, min_orders or 0)
               for code, days, factor, min_orders in env.cr.fetchall()}
    for code, _label, _p in RULES:
        params["on_%s" % code] = code in by_code
    if "new" in by_code:
        params["new_days"] = by_code["new"][0]
    if "active" in by_code:
        params["active_days"], params["active_factor"] = by_code["active"][:2]
    if "loyal" in by_code:
        params["loyal_orders"] = by_code["loyal"][2]
    if "lapsed" in by_code:
        params["lapsed_days"] = by_code["lapsed"][0]
    return params
