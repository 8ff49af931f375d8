# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Category churn: a customer who still buys may have stopped buying one kind of product.

Each recompute computes, for the customers it computed, one row per customer, company and
product category (at the configured level of the category tree) with the customer's own
purchase rhythm in that category, and flags the category *stopped* when the time since the
last purchase exceeds k times that rhythm (queries.CATEGORY_TABLE, into lc_category). The
stored rows then follow it: updated where a value changed, inserted for a category bought
for the first time, deleted for one no longer bought. Rewriting them all instead would pay
every foreign-key check and index entry of every row again, each day, for rows whose keys
do not move. The profile's stored list of stopped categories follows the same way, so that
a search or a segment rule ("still active, but stopped buying stationery") reads it like
any other field. A fixed number of statements, whatever the number of customers.
"""
from . import queries


def write(env, params):
    """Bring the category rows and stopped lists of the customers in lc_result up to date;
    returns the number of rows the customers have."""
    cr = env.cr
    cr.execute(queries.CATEGORY_TABLE, params)
    rows = cr.rowcount
    if params["full"]:
        cr.execute(queries.CATEGORY_ANALYZE)
    cr.execute(queries.CATEGORY_DELETE)
    cr.execute(queries.CATEGORY_UPDATE, params)
    cr.execute(queries.CATEGORY_INSERT, params)
    cr.execute(queries.CATEGORY_STOPPED_DELETE)
    cr.execute(queries.CATEGORY_STOPPED_INSERT)
    return rows
