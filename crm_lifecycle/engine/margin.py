# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Margin: revenue is not value when some customers are sold at a loss.

After each recompute's profile upsert, one statement sets the computed customers' margin
(total, last 365 days, and its rate on net revenue) from their confirmed order lines less
the lines' cost: the line's own cost where Odoo's Margins addon (sale_margin) records one,
else the product's standard cost. Which of the two is fixed by the database's modules, not
by any input (queries.margin_update).
"""
from . import queries


def write(env, params):
    """Set margin_total, margin_annual and margin_rate of the customers in lc_result."""
    statement = (queries.MARGIN_UPDATE_LINE_COST if "purchase_price" in env["sale.order.line"]._fields
                 else queries.MARGIN_UPDATE_STANDARD_COST)
    env.cr.execute(statement, params)
    return env.cr.rowcount
