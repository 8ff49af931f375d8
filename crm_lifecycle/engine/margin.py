# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Margin: revenue is not value when some customers are sold at a loss.

Right after METRICS, one statement gathers the computed customers' margin (total, last 365
days, scoring window) into lc_margin from their confirmed order lines less the lines' cost:
the line's own cost where Odoo's Margins addon (sale_margin) records one, else the
product's standard cost when the order was made (today's where the series keeps no
history). Which of the two is fixed by the database's modules, not by any input.

With the value basis "margin" (crm.lifecycle.config), ABC ranks on the scoring window's
margin and the predicted CLV is taken at the customer's own margin rate. The profile upsert
reads its margin figures from lc_margin (queries._PROFILE_VALUES), in the same write as
every other figure: a second pass over the profiles would rewrite most of them again.
"""
from . import queries


def compute(env, params):
    """Create lc_margin for the customers of lc_metrics."""
    if "purchase_price" in env["sale.order.line"]._fields:
        statement = queries.MARGIN_TABLE_LINE_COST
    elif params["full"]:
        statement = queries.MARGIN_TABLE_STANDARD_COST_FULL
    else:
        statement = queries.MARGIN_TABLE_STANDARD_COST
    env.cr.execute(statement, params)
    if params["full"]:
        env.cr.execute(queries.ANALYZE_MARGIN)


def apply_to_clv(env, params):
    """With the value basis "margin", the predictions of lc_clv in margin."""
    if params["value_margin"]:
        env.cr.execute(queries.CLV_ON_MARGIN)

