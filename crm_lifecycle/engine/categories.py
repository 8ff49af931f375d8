# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Category churn: a customer who still buys may have stopped buying one kind of product.

Each recompute rewrites, for the customers it computed, one row per customer, company and
product category (at the configured level of the category tree) with the customer's own
purchase rhythm in that category, and flags the category *stopped* when the time since the
last purchase exceeds k times that rhythm (queries.CATEGORY_INSERT). The profile's stored
list of stopped categories follows, so that a search or a segment rule ("still active, but
stopped buying stationery") reads it like any other field. Four statements, whatever the
number of customers.
"""
from . import queries


def write(env, params):
    """Rewrite the category rows and stopped lists of the customers in lc_result."""
    cr = env.cr
    cr.execute(queries.CATEGORY_DELETE)
    cr.execute(queries.CATEGORY_INSERT, params)
    rows = cr.rowcount
    cr.execute(queries.CATEGORY_STOPPED_DELETE)
    cr.execute(queries.CATEGORY_STOPPED_INSERT)
    return rows
