# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Source relations the report views share, built once from the core's fixed SQL.

Nothing here is user input: the core's per-series fragments (compat) and its confirmed-
orders CTE (engine.queries) are bound to constants with the cursor's own quoting, so the
views count exactly what the engine counts.
"""
from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.engine import queries

# The engine's orders CTE, for every customer and with no date cut-off. The text begins
# with "orders AS (": a view puts it after its own WITH.
_ALL_ORDERS_PARAMS = {"full": True, "partner_ids": [], "ref_date": "9999-12-30"}


def scope_orders_cte(cr):
    """`orders` (partner_id = commercial partner, company_id,
    d = order date, amount = untaxed, company currency) as CTE text for a view."""
    return cr.mogrify(queries._SCOPE_ORDERS, _ALL_ORDERS_PARAMS).decode()


# Posted customer invoices and refunds (id, company_id, partner_id, kind, inv_date,
# due_date, amount, residual), company currency, positive amounts.
CUSTOMER_INVOICES = compat.SQL_CUSTOMER_INVOICES
# Customer payments received (company_id, partner_id = payer, pay_date, amount).
CUSTOMER_PAYMENTS = compat.SQL_CUSTOMER_PAYMENTS
# Per-customer credit limits (partner_id, company_id NULL = every company, credit_limit).
CREDIT_LIMITS = compat.SQL_PARTNER_CREDIT_LIMITS
# The reports' today: the reading user's day, which the report mixin puts in the
# transaction's setting before the ORM reads a view; the server's date (UTC) when read
# another way. SQL text for a view.
TODAY = "COALESCE(NULLIF(current_setting('crm_lifecycle.today', true), '')::date, CURRENT_DATE)"
SET_TODAY = "SELECT set_config('crm_lifecycle.today', %s, true)"

# A sale order's currency (`so` = sale_order): the join it needs, then the column.
ORDER_CURRENCY_JOIN = compat.SQL_ORDER_CURRENCY_JOIN
ORDER_CURRENCY = compat.SQL_ORDER_CURRENCY
