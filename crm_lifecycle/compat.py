# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every difference between Odoo 11.0 and 17.0 that the addons rely on, one name each.

The rest of the code imports from here and never tests the version itself. The SQL
fragments below are fixed text chosen by series (no user input ever reaches them); the
engine splices them into its named queries once, at import time.
"""
import datetime

from odoo import api, fields, release

SERIES = release.version_info[0]
V11 = SERIES < 12

# -- models and fields ---------------------------------------------------------------

INVOICE_MODEL = "account.invoice" if V11 else "account.move"
LEAD_REVENUE_FIELD = "planned_revenue" if V11 else "expected_revenue"
ORDER_DONE_STATES = ("sale", "done")  # 17 has no 'done' (it locks instead): harmless there


def model_create(func):
    """Decorator for a create() override that passes its argument through unchanged:
    a dict on 11, a list of dicts on 17."""
    return api.model(func) if V11 else api.model_create_multi(func)


def current_company(env):
    return env.user.company_id if V11 else env.company


def to_date(value):
    """A date object from whatever a date field returns (strings on 11)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return fields.Date.from_string(value[:10])


def to_datetime(value):
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    return fields.Datetime.from_string(value)


def post_note(record, body):
    """A note (not a message to followers) in the record's chatter."""
    if V11:
        return record.message_post(body=body, subtype="mail.mt_note")
    return record.message_post(body=body, subtype_xmlid="mail.mt_note")


# -- SQL fragments for the engine -------------------------------------------------------
# Customer invoices and refunds that count (posted), one row each, amounts in company
# currency and positive: columns id, company_id, partner_id (commercial), kind
# ('invoice'|'refund'), inv_date, due_date, amount, residual.
SQL_CUSTOMER_INVOICES = """
    SELECT i.id, i.company_id, i.commercial_partner_id AS partner_id,
           CASE WHEN i.type = 'out_refund' THEN 'refund' ELSE 'invoice' END AS kind,
           i.date_invoice AS inv_date, COALESCE(i.date_due, i.date_invoice) AS due_date,
           ABS(i.amount_total_company_signed) AS amount,
           ABS(i.residual_company_signed) AS residual
      FROM account_invoice i
     WHERE i.type IN ('out_invoice', 'out_refund') AND i.state IN ('open', 'paid')
""" if V11 else """
    SELECT i.id, i.company_id, i.commercial_partner_id AS partner_id,
           CASE WHEN i.move_type = 'out_refund' THEN 'refund' ELSE 'invoice' END AS kind,
           i.invoice_date AS inv_date, COALESCE(i.invoice_date_due, i.invoice_date) AS due_date,
           ABS(i.amount_total_signed) AS amount,
           ABS(i.amount_residual_signed) AS residual
      FROM account_move i
     WHERE i.move_type IN ('out_invoice', 'out_refund') AND i.state = 'posted'
"""

# Receivable journal items of those invoices: columns invoice_id, line_id.
SQL_INVOICE_RECEIVABLE_LINES = """
    SELECT l.invoice_id, l.id AS line_id
      FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id AND a.internal_type = 'receivable'
     WHERE l.invoice_id IS NOT NULL
""" if V11 else """
    SELECT l.move_id AS invoice_id, l.id AS line_id
      FROM account_move_line l
     WHERE l.account_type = 'asset_receivable'
       AND l.move_id IN (SELECT id FROM account_move WHERE move_type IN ('out_invoice', 'out_refund'))
"""

# Customer payments received, in company currency: columns company_id, partner_id
# (commercial), pay_date, amount (positive = money in).
SQL_CUSTOMER_PAYMENTS = """
    SELECT p.company_id, rp.commercial_partner_id AS partner_id, p.payment_date AS pay_date,
           SUM(l.credit - l.debit) AS amount
      FROM account_payment p
      JOIN res_partner rp ON rp.id = p.partner_id
      JOIN account_move_line l ON l.payment_id = p.id
      JOIN account_account a ON a.id = l.account_id AND a.internal_type = 'receivable'
     WHERE p.partner_type = 'customer' AND p.state IN ('posted', 'reconciled')
     GROUP BY p.id, p.company_id, rp.commercial_partner_id, p.payment_date
""" if V11 else """
    SELECT m.company_id, rp.commercial_partner_id AS partner_id, m.date AS pay_date,
           SUM(l.credit - l.debit) AS amount
      FROM account_payment p
      JOIN account_move m ON m.id = p.move_id AND m.state = 'posted'
      JOIN res_partner rp ON rp.id = p.partner_id
      JOIN account_move_line l ON l.move_id = m.id AND l.account_type = 'asset_receivable'
     WHERE p.partner_type = 'customer'
     GROUP BY p.id, m.company_id, rp.commercial_partner_id, m.date
"""

# The currency a sale order is in (11 keeps it on the pricelist only).
SQL_ORDER_CURRENCY = (
    "(SELECT pl.currency_id FROM product_pricelist pl WHERE pl.id = so.pricelist_id)"
    if V11 else "so.currency_id"
)

# Lead columns that were renamed.
SQL_LEAD_REVENUE = "l.planned_revenue" if V11 else "l.expected_revenue"
