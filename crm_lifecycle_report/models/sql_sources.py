# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Source relations the report views share, from the core's fixed SQL.

Nothing here is user input: the core's per-series fragments (compat), so that the views
count exactly what the engine counts. The engine's confirmed orders come from its own
public function, engine.queries.order_scope_sql.
"""
from odoo.addons.crm_lifecycle import compat

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
