# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The engine's SQL, in one place, as named queries.

Every statement of the engine and of the models' set-based work (segments, pool,
playbooks, duplicates, partner merge, the engine's settings) is here, grouped by concern
under a "-- ... --" header; the modules that run them only choose and bind.

One way of writing SQL throughout: every value a query depends on is a bound parameter
(psycopg2's ``%(name)s``; only execute_values' row template uses its ``%s``), and fixed
text is spliced by plain concatenation (``+`` and ``join``): compat's per-series
fragments, this module's named fragments, and the small functions that return a fragment
for a given column (``_in_scope``, ``_contacts``). No SQL text is a ``str.format`` or
``%`` template, so braces and percent signs mean what PostgreSQL and psycopg2 read
(``'{}'`` is an empty array). At run time only fixed text is spliced the same way: the
expressions other addons provide to ``result()`` (the profile's ``_lifecycle_*_sql``
hooks), the engine's planner settings (``set_local``), and, in the report views, the
engine's order scope (``order_scope_sql``).

A recompute runs METRICS -> SCORES_FULL or SCORES_FROM_BANDS -> result() into temporary
tables (dropped at commit), then the persist statements; nothing loops over customers in
Python. METRICS is a catalogue of one named fragment per source (orders, settlements,
invoices, payments, deliveries, tickets, leads, activities), each aggregated to one row
per customer and company and full-joined by _METRICS_COLUMNS; a refresh of a few
customers runs its prepared form (METRICS_PARTIAL).

Reference date semantics ("as of" T): a document counts if dated on or before T;
an invoice's open amount at T is its amount less what was reconciled by T.
"""
import re
import zlib

from .. import compat

# -- Currency rates (a function installed with the module) -----------------------------

# Currency rate on a day, Odoo's rule: the company's own rate, else the shared one, the
# latest on or before the day, else the earliest after it, else 1 (no rates at all).
# res_currency_rate.name is a datetime on 11 and a date on 17: cast for both.
FUNCTION_RATE = """
CREATE OR REPLACE FUNCTION crm_lifecycle_rate(cur integer, comp integer, day date)
RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT COALESCE(
        (SELECT r.rate FROM res_currency_rate r
          WHERE r.currency_id = cur AND (r.company_id IS NULL OR r.company_id = comp)
            AND r.name::date <= day
          ORDER BY r.company_id, r.name DESC LIMIT 1),
        (SELECT r.rate FROM res_currency_rate r
          WHERE r.currency_id = cur AND (r.company_id IS NULL OR r.company_id = comp)
          ORDER BY r.company_id, r.name ASC LIMIT 1),
        1.0)::numeric
$$;
"""


# -- Marks: customers to refresh (crm_lifecycle_dirty) ---------------------------------

# Customers marked by a change of one of their documents, refreshed by the frequent cron.
# Customers to refresh: one row per mark, never merged with an older mark of the same
# customer. A refresh runs in one REPEATABLE READ snapshot (every Odoo cursor does) and its
# DELETE removes only the rows of that snapshot, i.e. the changes its computation saw; a
# mark set meanwhile is another row, left for the next refresh. (A primary key on the
# partner with ON CONFLICT DO NOTHING folded a new change into a mark being cleared.)
TABLE_DIRTY = """
CREATE TABLE IF NOT EXISTS crm_lifecycle_dirty (
    id bigserial PRIMARY KEY,
    partner_id integer NOT NULL,
    marked_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE INDEX IF NOT EXISTS crm_lifecycle_dirty_partner_idx ON crm_lifecycle_dirty (partner_id);
"""

MARK_DIRTY = """
INSERT INTO crm_lifecycle_dirty (partner_id)
SELECT DISTINCT commercial_partner_id FROM res_partner
 WHERE id = ANY(%(partner_ids)s::int[]) AND commercial_partner_id IS NOT NULL
"""

DIRTY_PARTNERS = "SELECT DISTINCT partner_id FROM crm_lifecycle_dirty ORDER BY partner_id"
CLEAR_DIRTY = "DELETE FROM crm_lifecycle_dirty WHERE partner_id = ANY(%(partner_ids)s::int[])"
CLEAR_ALL_DIRTY = "DELETE FROM crm_lifecycle_dirty"


# -- Recompute: lock, profile storage, source indexes ----------------------------------

# One recompute or refresh at a time per database (two would both rewrite the same
# profiles, and their transitions would race). Transaction-level: released at commit.
RECOMPUTE_LOCK = "SELECT pg_try_advisory_xact_lock(7300, 1)"

# Planner settings for the recompute's statements, in one statement (round trips are a
# visible share of a one-customer refresh); SET LOCAL ends with the transaction. The
# settings are the engine's own fixed names and values (recompute.compute), never input.
def set_local(settings):
    return "; ".join("SET LOCAL " + name + " = " + value for name, value in sorted(settings.items()))


def reset_local(names):
    return "; ".join("SET LOCAL " + name + " TO DEFAULT" for name in sorted(names))


# The daily recompute rewrites nearly every profile (the reference date, recency and
# P(alive) move) but rarely one of its indexed columns. Half-empty pages let PostgreSQL
# write the new row version beside the old one without touching the indexes (a "HOT"
# update), so the update is several times faster and the table does not grow run after
# run (tests/bench/README.md, "Why the engine is built this way"). Applies to the pages
# written from then on.
PROFILE_STORAGE = "ALTER TABLE crm_lifecycle_profile SET (fillfactor = 50)"
# The same for the category rows (engine/categories.py): the daily recompute moves their days
# since the last purchase, never their keys (run from that model's init, after its table).
CATEGORY_STORAGE = "ALTER TABLE crm_lifecycle_profile_category SET (fillfactor = 50)"

# Indexes the source filters use for one customer's refresh (the ERP does not index them).
INDEXES = [
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_so_partner_idx ON sale_order (partner_id)",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_pick_partner_idx ON stock_picking (partner_id)",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_lead_partner_idx ON crm_lead (partner_id)",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_ticket_partner_idx ON helpdesk_ticket (partner_id)",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_inv_cpartner_idx ON " + compat.INVOICE_TABLE
    + " (commercial_partner_id)",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_pay_partner_idx ON account_payment (partner_id)",
    # returned moves are few: their pickings are read from this small index, not the moves
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_move_return_idx ON stock_move (picking_id) "
    "WHERE origin_returned_move_id IS NOT NULL",
] + ["CREATE INDEX IF NOT EXISTS crm_lifecycle_aml_" + name + "_cov_idx ON account_move_line ("
     + column + ") INCLUDE (" + included + ") WHERE " + column + " IS NOT NULL"
     for name, column, included in compat.MOVE_LINE_COVERING_INDEXES] + compat.COST_HISTORY_INDEXES


# -- Engine settings (crm.lifecycle.config._engine_params) ----------------------------

def config_related_ids(relation, column1, column2, table, has_active):
    """The ids a many2many of the configuration row `c` lists, as an SQL array: table and
    column names come from the field's definition, never from input. Archived records do
    not count, as when the ORM reads the list."""
    return ("ARRAY(SELECT r." + column2 + " FROM " + relation + " r JOIN " + table + " t ON t.id = r."
            + column2 + (" AND t.active" if has_active else "") + " WHERE r." + column1 + " = c.id)")


def config_params(complaint_categories, complaint_tags):
    """The engine's settings from the configuration row, with the complaint categories and
    tags as arrays (config_related_ids). Text only, without parameters."""
    return ("SELECT c.window_days, c.abc_a_percent, c.abc_b_percent, c.churn_use_model,\n"
            "       c.churn_threshold, c.clv_discount_percent, " + complaint_categories + ", "
            + complaint_tags + ", c.category_level, c.category_factor, c.value_basis"
            "\n  FROM crm_lifecycle_config c ORDER BY c.id LIMIT 1")


# -- Metrics: scope, then one fragment per source, into lc_metrics ---------------------

def _in_scope(cp):
    """Which partners a source row counts for, `cp` being the row's commercial partner
    column: every customer, or only the given commercial partners; never a company's own
    partner. Written as a plain predicate (no shared CTE) so that each source is planned on
    its own and can be scanned by parallel workers; `%(full)s` is a literal, so the planner
    folds it away."""
    return (cp + " IS NOT NULL AND (%(full)s OR " + cp + " = ANY(%(partner_ids)s::int[]))\n"
            "       AND NOT EXISTS (SELECT 1 FROM res_company rco WHERE rco.partner_id = " + cp + ")")


def _contacts(contact):
    """The same for a source aggregated per contact (`contact` its column) before it is
    mapped to commercial partners: when refreshing a few customers, only their contacts'
    rows are read. The ids come as a literal array (contact_ids, invoice_ids below) so that
    the planner sees how few they are and looks them up by index (a sub-select made it scan
    whole tables)."""
    return "(%(full)s OR " + contact + " = ANY(%(contact_ids)s::int[]))"


# What METRICS needs to know first, in one statement: the receivable accounts, the
# company that tickets and leads of no company count for (the partner's, else the first
# one) and, when refreshing a few customers (full false), their contacts and their
# invoices. Parameters: full, partner_ids.
SCOPE = """
SELECT ARRAY(""" + compat.SQL_RECEIVABLE_ACCOUNTS + """), (SELECT min(id) FROM res_company),
       CASE WHEN %(full)s THEN '{}'::int[] ELSE ARRAY(
           SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%(partner_ids)s::int[])) END,
       CASE WHEN %(full)s THEN '{}'::int[] ELSE ARRAY(
           SELECT i.id FROM (""" + compat.SQL_CUSTOMER_INVOICES + """) i
            WHERE i.partner_id = ANY(%(partner_ids)s::int[])) END
"""

def _in_company_currency(amount):
    """`amount` of order `so` (in the order's currency) in the currency of its company `c`
    (joined as c), at the rate of the order's date: a fragment for a given column."""
    return ("CASE WHEN " + compat.SQL_ORDER_CURRENCY + " = c.currency_id THEN " + amount
            + " ELSE " + amount
            + " * crm_lifecycle_rate(c.currency_id, so.company_id, so.date_order::date)"
            " / NULLIF(crm_lifecycle_rate(" + compat.SQL_ORDER_CURRENCY
            + ", so.company_id, so.date_order::date), 0) END")


# Confirmed orders of the customers in scope, in company currency, up to the reference
# date: shared by METRICS, ORDER_EVENTS, ORDER_SUMMARY and the report views
# (order_scope_sql). Parameters: ref_date, full, partner_ids.
_SCOPE_ORDERS = """orders AS (
    SELECT op.commercial_partner_id AS partner_id, so.company_id, so.date_order::date AS d,
           """ + _in_company_currency("so.amount_untaxed") + """ AS amount
      FROM sale_order so
      JOIN res_partner op ON op.id = so.partner_id
      JOIN res_company c ON c.id = so.company_id
      """ + compat.SQL_ORDER_CURRENCY_JOIN + """
     WHERE so.state IN ('sale', 'done') AND so.date_order < %(ref_date)s::date + 1
       AND """ + _in_scope("op.commercial_partner_id") + """
)
"""

# METRICS is one CTE per source below, each aggregated to one row per (commercial partner,
# company) and referenced once, then full-joined on (partner, company) by _METRICS_COLUMNS:
# PostgreSQL plans each aggregate independently (in parallel where it pays) instead of
# materialising shared intermediate results. A new source is a new fragment here, its
# columns in _METRICS_COLUMNS and its name in METRICS's list.

# Orders (after _SCOPE_ORDERS): first/last/previous order, counts and revenue per period,
# the purchase cadence, and the churn model's inputs.
_METRICS_ORDERS = """order_seq AS (
    -- one sort: the previous order's date along the customer's orders; its maximum is
    -- the date of the second-to-last order (ties included)
    SELECT o.*, lag(o.d) OVER w AS prev_d, o.d - lag(o.d) OVER w AS gap, first_value(o.d) OVER w AS first_d
      FROM orders o
    WINDOW w AS (PARTITION BY o.partner_id, o.company_id ORDER BY o.d)
),
order_stats AS (
    SELECT partner_id, company_id,
           min(d) AS first_order_date, max(d) AS last_order_date,
           max(prev_d) AS prev_order_date,
           count(*) AS order_count,
           count(*) FILTER (WHERE d > %(ref_date)s::date - 365) AS order_count_365,
           count(*) FILTER (WHERE d > %(ref_date)s::date - %(window_days)s) AS order_count_window,
           sum(amount) AS revenue_total,
           COALESCE(sum(amount) FILTER (WHERE d > %(ref_date)s::date - 365), 0) AS revenue_365,
           COALESCE(sum(amount) FILTER (WHERE d > %(ref_date)s::date - 730
                                          AND d <= %(ref_date)s::date - 365), 0) AS revenue_prev_365,
           COALESCE(sum(amount) FILTER (WHERE d > %(ref_date)s::date - %(window_days)s), 0) AS revenue_window,
           avg(gap)::numeric AS interval_mean_days,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::numeric AS interval_median_days,
           -- the churn model's inputs (orders of one day are one purchase): see churn.py
           count(*) FILTER (WHERE gap IS DISTINCT FROM 0) AS purchase_days,
           COALESCE(sum(amount) FILTER (WHERE d > first_d), 0) AS repeat_revenue
      FROM order_seq
     GROUP BY partner_id, company_id
)"""

# Settlements: per invoice, the last reconciliation date and what was reconciled by the
# reference date, so that an invoice's open amount can be taken back to that date. A
# refresh of a few customers reads only their invoices' journal items (invoice_ids).
_SETTLE_SCOPE = "(%(full)s OR rl.invoice_id = ANY(%(invoice_ids)s::int[]))"
_METRICS_SETTLEMENTS = """settle AS (
    -- each invoice's settlements: a debit line is settled as the debit side of a partial
    -- reconciliation, a credit line as the credit side (two joins, each hashable)
    SELECT x.invoice_id, max(x.max_date) AS last_settle,
           sum(x.amount) FILTER (WHERE x.max_date <= %(ref_date)s::date) AS settled_by_ref
      FROM (SELECT rl.invoice_id, r.max_date, r.amount
              FROM (""" + compat.SQL_INVOICE_RECEIVABLE_LINES_BY_ID + """) rl
              JOIN account_partial_reconcile r ON r.debit_move_id = rl.line_id
             WHERE rl.is_debit AND """ + _SETTLE_SCOPE + """
            UNION ALL
            SELECT rl.invoice_id, r.max_date, r.amount
              FROM (""" + compat.SQL_INVOICE_RECEIVABLE_LINES_BY_ID + """) rl
              JOIN account_partial_reconcile r ON r.credit_move_id = rl.line_id
             WHERE NOT rl.is_debit AND """ + _SETTLE_SCOPE + """) x
     GROUP BY x.invoice_id
)"""

# Invoices (after _METRICS_SETTLEMENTS): invoiced and refunded totals, what is open and
# overdue at the reference date, days to pay, the last invoice date.
_METRICS_INVOICES = """inv AS (
    SELECT i.* FROM (""" + compat.SQL_CUSTOMER_INVOICES + """) i
     WHERE i.inv_date <= %(ref_date)s::date AND """ + _in_scope("i.partner_id") + """
),
inv_at AS (
    -- open amount at the reference date: today's residual when nothing settled later
    SELECT inv.*, s.last_settle,
           CASE WHEN s.last_settle IS NULL OR s.last_settle <= %(ref_date)s::date THEN inv.residual
                ELSE GREATEST(inv.amount - COALESCE(s.settled_by_ref, 0), 0) END AS open_amount
      FROM inv LEFT JOIN settle s ON s.invoice_id = inv.id
),
inv_stats AS (
    SELECT partner_id, company_id,
           COALESCE(sum(amount) FILTER (WHERE kind = 'invoice'), 0) AS invoiced_total,
           COALESCE(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS refunded_total,
           COALESCE(sum(CASE WHEN kind = 'invoice' THEN amount ELSE -amount END)
                    FILTER (WHERE inv_date > %(ref_date)s::date - 365), 0) AS invoiced_net_365,
           COALESCE(sum(open_amount) FILTER (WHERE kind = 'invoice'), 0)
             - COALESCE(sum(open_amount) FILTER (WHERE kind = 'refund'), 0) AS receivable_open,
           COALESCE(sum(open_amount) FILTER (WHERE kind = 'invoice' AND due_date < %(ref_date)s::date
                                                AND open_amount > 0), 0) AS overdue_amount,
           COALESCE(max(%(ref_date)s::date - due_date) FILTER (
               WHERE kind = 'invoice' AND due_date < %(ref_date)s::date AND open_amount > 0), 0)
               AS overdue_max_days,
           avg(last_settle - inv_date) FILTER (
               WHERE kind = 'invoice' AND open_amount = 0 AND last_settle IS NOT NULL)::numeric
               AS days_to_pay_avg,
           max(inv_date) AS last_invoice_date
      FROM inv_at
     GROUP BY partner_id, company_id
)"""

# Payments: what the customer paid up to the reference date and when it last paid (a
# payer is any contact of the customer).
_METRICS_PAYMENTS = """pay_stats AS (
    -- aggregated per payer first, then per commercial partner: the join to the partners
    -- sees one row per payer instead of one per payment
    SELECT pp.commercial_partner_id AS partner_id, pa.company_id,
           sum(pa.paid_total) AS paid_total, max(pa.last_payment_date) AS last_payment_date
      FROM (SELECT pm.partner_id, pm.company_id, sum(pm.amount) AS paid_total,
                   max(pm.pay_date) AS last_payment_date
              FROM (""" + compat.SQL_CUSTOMER_PAYMENTS_BY_ID + """) pm
             WHERE pm.pay_date <= %(ref_date)s::date AND """ + _contacts("pm.partner_id") + """
             GROUP BY pm.partner_id, pm.company_id) pa
      JOIN res_partner pp ON pp.id = pa.partner_id
     WHERE """ + _in_scope("pp.commercial_partner_id") + """
     GROUP BY pp.commercial_partner_id, pa.company_id
)"""

# Deliveries: done deliveries, those on time (done by their scheduled day), returns
# received, the last delivery date.
_METRICS_DELIVERIES = """pick_stats AS (
    SELECT kp.commercial_partner_id AS partner_id, k.company_id,
           sum(k.deliveries_done) AS deliveries_done, sum(k.deliveries_on_time) AS deliveries_on_time,
           sum(k.returns_count) AS returns_count, max(k.last_delivery_date) AS last_delivery_date
      FROM (SELECT p.partner_id, p.company_id,
                   count(*) FILTER (WHERE t.code = 'outgoing') AS deliveries_done,
                   count(*) FILTER (WHERE t.code = 'outgoing'
                                      AND p.date_done::date <= p.scheduled_date::date) AS deliveries_on_time,
                   count(*) FILTER (WHERE t.code = 'incoming' AND rm.picking_id IS NOT NULL) AS returns_count,
                   max(p.date_done)::date AS last_delivery_date
              FROM stock_picking p
              JOIN stock_picking_type t ON t.id = p.picking_type_id
              -- a receipt is a return when one of its moves returns an earlier move
              LEFT JOIN (SELECT DISTINCT m.picking_id
                           FROM stock_picking rp
                           JOIN stock_move m ON m.picking_id = rp.id AND m.origin_returned_move_id IS NOT NULL
                          WHERE """ + _contacts("rp.partner_id") + """) rm
                     ON rm.picking_id = p.id
             WHERE p.state = 'done' AND p.date_done < %(ref_date)s::date + 1
               AND t.code IN ('outgoing', 'incoming') AND """ + _contacts("p.partner_id") + """
             GROUP BY p.partner_id, p.company_id) k
      JOIN res_partner kp ON kp.id = k.partner_id
     WHERE """ + _in_scope("kp.commercial_partner_id") + """
     GROUP BY kp.commercial_partner_id, k.company_id
)"""

# Tickets: total, open and recent tickets, the mean time to close, complaints (a ticket in
# a complaint category or with a complaint tag), the last ticket date. A ticket of no
# company counts for the customer's company, else fallback_company_id.
_METRICS_TICKETS = """tickets AS (
    SELECT tp.commercial_partner_id AS partner_id,
           COALESCE(t.company_id, tcp.company_id, %(fallback_company_id)s) AS company_id,
           t.create_date, t.closed_date,
           (st.closed AND t.closed_date < %(ref_date)s::date + 1) AS is_closed,
           (t.category_id = ANY(%(complaint_categories)s::int[]) OR ct.ticket_id IS NOT NULL) AS is_complaint
      FROM helpdesk_ticket t
      JOIN res_partner tp ON tp.id = t.partner_id
      JOIN res_partner tcp ON tcp.id = tp.commercial_partner_id
      JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
      LEFT JOIN (SELECT DISTINCT tr.helpdesk_ticket_id AS ticket_id
                   FROM helpdesk_ticket ctt
                   JOIN helpdesk_ticket_helpdesk_ticket_tag_rel tr ON tr.helpdesk_ticket_id = ctt.id
                  WHERE tr.helpdesk_ticket_tag_id = ANY(%(complaint_tags)s::int[])
                    AND """ + _contacts("ctt.partner_id") + """) ct
             ON ct.ticket_id = t.id
     WHERE t.create_date < %(ref_date)s::date + 1 AND """ + _in_scope("tp.commercial_partner_id") + """
),
ticket_stats AS (
    SELECT partner_id, company_id,
           count(*) AS tickets_total,
           count(*) FILTER (WHERE NOT is_closed) AS tickets_open,
           count(*) FILTER (WHERE create_date >= %(ref_date)s::date - 89) AS tickets_90d,
           (avg(EXTRACT(EPOCH FROM closed_date - create_date)) FILTER (WHERE is_closed) / 3600.0)::numeric
               AS ticket_close_hours_avg,
           count(*) FILTER (WHERE is_complaint) AS complaints_count,
           count(*) FILTER (WHERE is_complaint AND create_date >= %(ref_date)s::date - 89) AS complaints_90d,
           GREATEST(max(create_date), max(closed_date) FILTER (WHERE is_closed))::date AS last_ticket_date
      FROM tickets
     GROUP BY partner_id, company_id
)"""

# Leads: open opportunities and their expected revenue, leads won and lost by the
# reference date, the first lead and first open opportunity (prospect and opportunity
# stages date from them), the last lead date. A lead closed after the reference date was
# still open then.
_METRICS_LEADS = """leads AS (
    SELECT lp.commercial_partner_id AS partner_id,
           COALESCE(l.company_id, lcp.company_id, %(fallback_company_id)s) AS company_id,
           -- the revenue is a float8: summed exactly as numeric
           l.type, l.create_date, """ + compat.SQL_LEAD_REVENUE + """::numeric AS revenue,
           (l.active AND l.probability >= 100) AS won,
           (NOT l.active AND l.probability = 0) AS lost,
           COALESCE(l.date_closed, l.write_date) AS closed_at,
           l.active AND l.probability < 100 AS open_now
      FROM crm_lead l
      JOIN res_partner lp ON lp.id = l.partner_id
      JOIN res_partner lcp ON lcp.id = lp.commercial_partner_id
     WHERE l.create_date < %(ref_date)s::date + 1 AND """ + _in_scope("lp.commercial_partner_id") + """
),
lead_flags AS (
    SELECT leads.*,
           (won OR lost) AND closed_at < %(ref_date)s::date + 1 AS closed_by_ref
      FROM leads
),
lead_stats AS (
    SELECT partner_id, company_id,
           count(*) FILTER (WHERE type = 'opportunity'
                              AND (open_now OR ((won OR lost) AND NOT closed_by_ref)))
               AS opps_open,
           COALESCE(sum(revenue) FILTER (
               WHERE type = 'opportunity' AND (open_now OR ((won OR lost) AND NOT closed_by_ref))), 0)
               AS opps_open_revenue,
           count(*) FILTER (WHERE won AND closed_by_ref) AS leads_won,
           count(*) FILTER (WHERE lost AND closed_by_ref) AS leads_lost,
           min(create_date)::date AS first_lead_date,
           min(create_date) FILTER (WHERE type = 'opportunity'
                                      AND (open_now OR NOT closed_by_ref))::date AS first_open_opp_date,
           GREATEST(max(create_date), max(closed_at) FILTER (WHERE closed_by_ref))::date AS last_lead_date
      FROM lead_flags
     GROUP BY partner_id, company_id
)"""

# Activities: the last activity done on the customer's contacts or on their leads (the
# message a done activity leaves), for the last interaction date. Per partner only: an
# activity belongs to no company.
_METRICS_ACTIVITIES = """activity_stats AS (
    SELECT ap.commercial_partner_id AS partner_id, max(x.d)::date AS last_activity_date
      FROM (SELECT m.res_id AS contact_id, m.date AS d
              FROM mail_message m
             WHERE m.model = 'res.partner' AND m.mail_activity_type_id IS NOT NULL
               AND m.date < %(ref_date)s::date + 1 AND """ + _contacts("m.res_id") + """
            UNION ALL
            SELECT l.partner_id, m.date
              FROM mail_message m
              JOIN crm_lead l ON l.id = m.res_id
             WHERE m.model = 'crm.lead' AND m.mail_activity_type_id IS NOT NULL
               AND m.date < %(ref_date)s::date + 1 AND """ + _contacts("l.partner_id") + """) x
      JOIN res_partner ap ON ap.id = x.contact_id
     WHERE """ + _in_scope("ap.commercial_partner_id") + """
     GROUP BY ap.commercial_partner_id
)"""

# Every source's aggregate full-joined on (partner, company): a customer with any
# commercial history has a row, zeros where a source has none; the last interaction is
# the latest date of any source.
_METRICS_COLUMNS = """
SELECT partner_id, company_id,
       os.first_order_date, os.last_order_date, os.prev_order_date,
       COALESCE(os.order_count, 0) AS order_count,
       COALESCE(os.order_count_365, 0) AS order_count_365,
       COALESCE(os.order_count_window, 0) AS order_count_window,
       COALESCE(os.revenue_total, 0) AS revenue_total,
       COALESCE(os.revenue_365, 0) AS revenue_365,
       COALESCE(os.revenue_prev_365, 0) AS revenue_prev_365,
       COALESCE(os.revenue_window, 0) AS revenue_window,
       os.interval_mean_days, os.interval_median_days,
       COALESCE(os.purchase_days, 0) AS purchase_days,
       COALESCE(os.repeat_revenue, 0) AS repeat_revenue,
       %(ref_date)s::date - os.last_order_date AS recency_days,
       COALESCE(os.order_count_window, 0) > 0 AS in_window,
       COALESCE(i.invoiced_total, 0) AS invoiced_total,
       COALESCE(i.refunded_total, 0) AS refunded_total,
       COALESCE(i.invoiced_net_365, 0) AS invoiced_net_365,
       COALESCE(py.paid_total, 0) AS paid_total,
       COALESCE(i.receivable_open, 0) AS receivable_open,
       -- overdue net of open credit notes: never more than what is open
       LEAST(COALESCE(i.overdue_amount, 0), GREATEST(COALESCE(i.receivable_open, 0), 0)) AS overdue_amount,
       COALESCE(i.overdue_max_days, 0) AS overdue_max_days,
       i.days_to_pay_avg,
       COALESCE(pk.deliveries_done, 0) AS deliveries_done,
       COALESCE(pk.deliveries_on_time, 0) AS deliveries_on_time,
       COALESCE(pk.returns_count, 0) AS returns_count,
       COALESCE(t.tickets_total, 0) AS tickets_total,
       COALESCE(t.tickets_open, 0) AS tickets_open,
       COALESCE(t.tickets_90d, 0) AS tickets_90d,
       t.ticket_close_hours_avg,
       COALESCE(t.complaints_count, 0) AS complaints_count,
       COALESCE(t.complaints_90d, 0) AS complaints_90d,
       COALESCE(ls.opps_open, 0) AS opps_open,
       COALESCE(ls.opps_open_revenue, 0) AS opps_open_revenue,
       COALESCE(ls.leads_won, 0) AS leads_won,
       COALESCE(ls.leads_lost, 0) AS leads_lost,
       ls.first_lead_date, ls.first_open_opp_date,
       NULLIF(GREATEST(COALESCE(os.last_order_date, '1900-01-01'),
                       COALESCE(i.last_invoice_date, '1900-01-01'),
                       COALESCE(py.last_payment_date, '1900-01-01'),
                       COALESCE(pk.last_delivery_date, '1900-01-01'),
                       COALESCE(t.last_ticket_date, '1900-01-01'), COALESCE(ls.last_lead_date, '1900-01-01'),
                       COALESCE(a.last_activity_date, '1900-01-01')), '1900-01-01'::date)
           AS last_interaction_date
  FROM order_stats os
  FULL JOIN inv_stats i USING (partner_id, company_id)
  FULL JOIN pay_stats py USING (partner_id, company_id)
  FULL JOIN pick_stats pk USING (partner_id, company_id)
  FULL JOIN ticket_stats t USING (partner_id, company_id)
  FULL JOIN lead_stats ls USING (partner_id, company_id)
  LEFT JOIN activity_stats a USING (partner_id)
"""

# One row per (commercial partner, company) with any commercial history, every metric:
# the sources above in order (a fragment may read the ones before it), then the columns.
# Parameters: ref_date, full (bool), partner_ids, contact_ids and invoice_ids (int[], used when
# not full), receivable_account_ids, window_days, fallback_company_id, complaint_categories
# (int[]), complaint_tags (int[]).
_METRICS_PREFIX = "CREATE TEMP TABLE lc_metrics ON COMMIT DROP AS"
_METRICS_SOURCES = [
    _SCOPE_ORDERS, _METRICS_ORDERS, _METRICS_SETTLEMENTS, _METRICS_INVOICES, _METRICS_PAYMENTS,
    _METRICS_DELIVERIES, _METRICS_TICKETS, _METRICS_LEADS, _METRICS_ACTIVITIES,
]
_METRICS_QUERY = "\nWITH " + ",\n".join(_METRICS_SOURCES) + _METRICS_COLUMNS
METRICS = "\n" + _METRICS_PREFIX + _METRICS_QUERY

# A refresh of a few customers spends more time planning METRICS than running it. Its
# partial form (`full` false, the customers' ids as parameters) is
# therefore prepared once per database connection and run from the cached generic plan:
#   CREATE TEMP TABLE lc_metrics ... AS EXECUTE <name>(...)
# The name carries a checksum of the text, so a changed query is prepared anew.
_PARAM_TYPES = {
    "ref_date": "date", "partner_ids": "int[]", "contact_ids": "int[]", "invoice_ids": "int[]",
    "receivable_account_ids": "int[]", "window_days": "int", "fallback_company_id": "int",
    "complaint_categories": "int[]", "complaint_tags": "int[]",
}


def _prepared(prefix, query, fixed):
    """(name, PREPARE statement, EXECUTE statement with pyformat parameters) for a
    query whose parameters `fixed` are spliced in as literals (fixed text, never input):
    each other %(name)s becomes a positional $n, in order of first use."""
    for key, literal in fixed.items():
        query = query.replace("%(" + key + ")s", literal)
    names = []

    def placeholder(match):
        if match.group(1) not in names:
            names.append(match.group(1))
        return "$" + str(names.index(match.group(1)) + 1)
    body = re.sub(r"%\((\w+)\)s", placeholder, query).replace("%%", "%")
    name = prefix + "_" + format(zlib.crc32(body.encode()), "08x")
    prepare = "PREPARE " + name + " (" + ", ".join(_PARAM_TYPES[n] for n in names) + ") AS " + body
    execute = "EXECUTE " + name + " (" + ", ".join("%(" + n + ")s" for n in names) + ")"
    return name, prepare, execute


METRICS_PARTIAL_NAME, METRICS_PARTIAL_PREPARE, _execute = _prepared(
    "crm_lifecycle_metrics", _METRICS_QUERY.rstrip(), {"full": "false"})
METRICS_PARTIAL = _METRICS_PREFIX + " " + _execute
IS_PREPARED = "SELECT 1 FROM pg_prepared_statements WHERE name = %(name)s"


# -- Churn and CLV models' inputs (engine/churn.py) ------------------------------------

# Every confirmed order of the customers in scope (the churn and CLV models' input).
ORDER_EVENTS = """
WITH """ + _SCOPE_ORDERS + """
SELECT partner_id, company_id, d, amount FROM orders
 WHERE (%(company_ids)s::int[] IS NULL OR company_id = ANY(%(company_ids)s::int[]))
 ORDER BY company_id, partner_id, d
"""

# The churn and CLV models' inputs per customer, computed where the orders are: what
# clv.summary_from_transactions gives for one-day grains (orders of a day are one
# purchase) and periods of period_days days. Parameters: those of ORDER_EVENTS and period_days.
ORDER_SUMMARY = """
WITH """ + _SCOPE_ORDERS + """,
purchase_days AS (
    SELECT partner_id, company_id, d, sum(amount) AS value,
           min(d) OVER (PARTITION BY partner_id, company_id) AS first_d
      FROM orders
     WHERE (%(company_ids)s::int[] IS NULL OR company_id = ANY(%(company_ids)s::int[]))
     GROUP BY partner_id, company_id, d
)
SELECT company_id, partner_id,
       count(*) - 1 AS frequency,
       (max(d) - min(d)) / %(period_days)s::float AS recency,
       (%(ref_date)s::date - min(d)) / %(period_days)s::float AS t,
       COALESCE(avg(value) FILTER (WHERE d > first_d), 0)::float AS monetary_value
  FROM purchase_days
 GROUP BY company_id, partner_id
 ORDER BY company_id, partner_id
"""

# The same inputs from a recompute's lc_metrics (order_stats counts the purchase days and
# the spend after the first one), so that a recompute reads the orders once. One row per
# company, each column an array: 100,000 customers cross to Python as six arrays.
# Parameters: ref_date, period_days, company_ids (companies with a valid fit).
METRICS_ORDER_SUMMARY = """
SELECT company_id, array_agg(partner_id ORDER BY partner_id), array_agg(frequency ORDER BY partner_id),
       array_agg(recency ORDER BY partner_id), array_agg(t ORDER BY partner_id),
       array_agg(monetary_value ORDER BY partner_id)
  FROM (SELECT company_id, partner_id,
               (purchase_days - 1)::float AS frequency,
               (last_order_date - first_order_date) / %(period_days)s::float AS recency,
               (%(ref_date)s::date - first_order_date) / %(period_days)s::float AS t,
               (CASE WHEN purchase_days > 1 THEN repeat_revenue / (purchase_days - 1) ELSE 0 END)::float
                   AS monetary_value
          FROM lc_metrics
         WHERE order_count > 0 AND company_id = ANY(%(company_ids)s::int[])) s
 GROUP BY company_id
"""


# -- Scores: RFM quintiles and ABC (lc_scored), score bands ----------------------------

# The metrics with the value ABC ranks on (value_window): the scoring window's revenue, or
# with the value basis "margin" (parameter value_margin) its margin (lc_margin).
_VALUED_METRICS = """(
    SELECT lm.*, CASE WHEN %(value_margin)s THEN COALESCE(mg.margin_window, 0)
                      ELSE lm.revenue_window END AS value_window
      FROM lc_metrics lm
      LEFT JOIN lc_margin mg ON mg.partner_id = lm.partner_id AND mg.company_id = lm.company_id)"""

# R, F, M quintile scores (1-5) into lc_scored (keyed like lc_metrics) among the company's
# customers active in the scoring window; tied values share a score (cume_dist), so the
# result does not depend on row order and is defined for any number of customers. ABC by
# cumulative revenue share.
# Parameters: abc_a (e.g. 0.80), abc_b (e.g. 0.95).
SCORES_FULL = """
CREATE TEMP TABLE lc_scored ON COMMIT DROP AS
SELECT m.partner_id, m.company_id, m.in_window, m.recency_days, m.order_count_window, m.revenue_window,
       CASE WHEN m.in_window THEN ceil(5 * cume_dist() OVER (
            PARTITION BY m.company_id, m.in_window ORDER BY m.recency_days DESC))::int ELSE 0 END AS r_score,
       CASE WHEN m.in_window THEN ceil(5 * cume_dist() OVER (
            PARTITION BY m.company_id, m.in_window ORDER BY m.order_count_window))::int ELSE 0 END AS f_score,
       CASE WHEN m.in_window THEN ceil(5 * cume_dist() OVER (
            PARTITION BY m.company_id, m.in_window ORDER BY m.revenue_key))::int ELSE 0 END AS m_score,
       CASE WHEN m.order_count = 0 THEN NULL
            WHEN m.value_key <= 0 THEN 'C'
            WHEN (sum(m.value_key) OVER abc - m.value_key) / sum(m.value_key) OVER abc_all
                 < %(abc_a)s THEN 'A'
            WHEN (sum(m.value_key) OVER abc - m.value_key) / sum(m.value_key) OVER abc_all
                 < %(abc_b)s THEN 'B'
            ELSE 'C' END AS abc_class, m.value_window
  -- only the columns the scores need go through the four sorts, and revenue as a float:
  -- sorting and summing numeric costs twice as much, and ranks do not need its exactness
  FROM (SELECT partner_id, company_id, in_window, recency_days, order_count, order_count_window,
               revenue_window, value_window,
               revenue_window::float8 AS revenue_key, value_window::float8 AS value_key
          FROM """ + _VALUED_METRICS + """ vm) m
WINDOW abc AS (PARTITION BY m.company_id, m.value_key > 0
               ORDER BY m.value_key DESC, m.partner_id ROWS UNBOUNDED PRECEDING),
       abc_all AS (PARTITION BY m.company_id, m.value_key > 0)
"""

# Score bands of the last full recompute, so that refreshing a few customers scores them
# against the same population without re-ranking everybody.
BANDS_REPLACE = """
DELETE FROM crm_lifecycle_score_band WHERE company_id IN (SELECT DISTINCT company_id FROM lc_scored);
INSERT INTO crm_lifecycle_score_band (company_id, dimension, score, threshold, population,
                                      create_uid, create_date, write_uid, write_date)
SELECT company_id, dim, score, threshold, population,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM (
    SELECT company_id, 'r' AS dim, r_score AS score, max(recency_days) AS threshold, count(*) AS population
      FROM lc_scored WHERE in_window GROUP BY company_id, r_score
    UNION ALL
    SELECT company_id, 'f', f_score, min(order_count_window), count(*)
      FROM lc_scored WHERE in_window GROUP BY company_id, f_score
    UNION ALL
    SELECT company_id, 'm', m_score, min(revenue_window), count(*)
      FROM lc_scored WHERE in_window GROUP BY company_id, m_score
    UNION ALL
    SELECT company_id, 'abc', CASE abc_class WHEN 'A' THEN 3 ELSE 2 END, min(value_window), count(*)
      FROM lc_scored WHERE abc_class IN ('A', 'B') GROUP BY company_id, abc_class
  ) b
"""

HAS_BANDS = "SELECT DISTINCT company_id FROM crm_lifecycle_score_band"
BANDS_CLEAR = "DELETE FROM crm_lifecycle_score_band"

SCORES_FROM_BANDS = """
CREATE TEMP TABLE lc_scored ON COMMIT DROP AS
SELECT m.partner_id, m.company_id, m.in_window, m.recency_days, m.order_count_window, m.revenue_window,
       CASE WHEN m.in_window THEN COALESCE((SELECT max(b.score) FROM crm_lifecycle_score_band b
            WHERE b.company_id = m.company_id AND b.dimension = 'r' AND m.recency_days <= b.threshold), 1)
            ELSE 0 END AS r_score,
       CASE WHEN m.in_window THEN COALESCE((SELECT max(b.score) FROM crm_lifecycle_score_band b
            WHERE b.company_id = m.company_id AND b.dimension = 'f'
              AND m.order_count_window >= b.threshold), 1)
            ELSE 0 END AS f_score,
       CASE WHEN m.in_window THEN COALESCE((SELECT max(b.score) FROM crm_lifecycle_score_band b
            WHERE b.company_id = m.company_id AND b.dimension = 'm' AND m.revenue_window >= b.threshold), 1)
            ELSE 0 END AS m_score,
       CASE WHEN m.order_count = 0 THEN NULL
            WHEN m.value_window <= 0 THEN 'C'
            ELSE COALESCE((SELECT CASE max(b.score) WHEN 3 THEN 'A' ELSE 'B' END
                             FROM crm_lifecycle_score_band b
                            WHERE b.company_id = m.company_id AND b.dimension = 'abc'
                              AND m.value_window >= b.threshold), 'C') END AS abc_class,
       m.value_window
  FROM """ + _VALUED_METRICS + """ m
"""


# -- Churn and CLV models' predictions (lc_clv, before RESULT) -------------------------

# The churn and CLV models' predictions, filled by engine/churn.py before RESULT.
TABLE_CLV = """
CREATE TEMP TABLE lc_clv (partner_id integer, company_id integer, p_alive numeric,
                          expected_90 numeric, expected_365 numeric, clv_12m numeric)
    ON COMMIT DROP
"""
# The same table made from a few predictions passed as arrays, in one statement: for a
# refresh of a few customers, creating the table then copying into it costs more than
# the rest of the refresh.
CLV_FROM_ARRAYS = """
CREATE TEMP TABLE lc_clv ON COMMIT DROP AS
SELECT * FROM unnest(%(partner_id)s::integer[], %(company_id)s::integer[], %(p_alive)s::numeric[],
                     %(expected_90)s::numeric[], %(expected_365)s::numeric[], %(clv_12m)s::numeric[])
           AS c (partner_id, company_id, p_alive, expected_90, expected_365, clv_12m)
"""
# Every customer's predictions into TABLE_CLV in one COPY (rows rendered by engine/churn.py,
# tab-separated, \N for no prediction): rendering that many rows as VALUES costs more.
COPY_CLV = ("COPY lc_clv (partner_id, company_id, p_alive, expected_90, expected_365, clv_12m) "
            "FROM STDIN")


# -- Result: stage rule, segment, health (lc_result) and the work tables ---------------

def result(satisfaction="NULL", stage_rule="NULL"):
    """The RESULT statement: stage rule, RFM segment, health into lc_result. Rule
    parameters come from the stages (see rules.py). `satisfaction` (the health score's
    satisfaction component) and `stage_rule` (an extra stage rule's code, or NULL) are SQL
    expressions other addons provide (the profile's _lifecycle_satisfaction_sql and
    _lifecycle_stage_rule_sql): fixed text, spliced as they are."""
    return """
CREATE TEMP TABLE lc_result ON COMMIT DROP AS
WITH w AS (
    -- OFFSET 0 at each level keeps PostgreSQL from pasting an expression into every
    -- place that uses it (health_* feed health_score twice): each is computed once
    SELECT m.*, s.r_score, s.f_score, s.m_score, s.abc_class,
           c.p_alive, c.expected_90, c.expected_365, c.clv_12m,
           GREATEST(%(active_days)s, %(active_factor)s * COALESCE(m.interval_median_days, 0))::numeric
               AS active_window
      FROM lc_metrics m
      JOIN lc_scored s ON s.partner_id = m.partner_id AND s.company_id = m.company_id
      LEFT JOIN lc_clv c ON c.partner_id = m.partner_id AND c.company_id = m.company_id
    OFFSET 0
),
wc AS (
    SELECT w.*,
           CASE WHEN w.order_count = 0 THEN NULL
                WHEN w.recency_days <= w.active_window THEN 100
                ELSE GREATEST(0, 100.0 * (%(lapsed_days)s - w.recency_days)
                                 / GREATEST(%(lapsed_days)s - w.active_window, 1)) END AS cadence_health
      FROM w
    OFFSET 0
),
r AS (
    SELECT w.*,
           -- another addon's stage rule (a code or NULL) takes precedence
           COALESCE(""" + stage_rule + """, CASE
             WHEN w.order_count = 0 AND w.opps_open > 0 AND %(on_opportunity)s THEN 'opportunity'
             WHEN w.order_count = 0 THEN 'prospect'
             WHEN %(on_lapsed)s AND w.recency_days > %(lapsed_days)s THEN 'lapsed'
             -- at risk: below the churn model's P(alive) threshold when it is used and
             -- has a prediction, else overdue against the customer's own cadence
             WHEN NOT %(on_at_risk)s OR CASE WHEN %(use_churn_model)s AND w.p_alive IS NOT NULL
                                             THEN w.p_alive >= %(p_alive_threshold)s
                                             ELSE w.recency_days <= w.active_window END THEN
               CASE WHEN %(on_won_back)s AND w.prev_order_date IS NOT NULL
                         AND w.last_order_date - w.prev_order_date > %(lapsed_days)s THEN 'won_back'
                    WHEN %(on_new)s AND w.first_order_date > %(ref_date)s::date - %(new_days)s THEN 'new'
                    WHEN %(on_loyal)s AND w.order_count >= %(loyal_orders)s THEN 'loyal'
                    ELSE 'active' END
             ELSE 'at_risk'
           END) AS rule_code,
           -- recency against its own cadence, averaged with P(alive) when the model has one
           (w.cadence_health + COALESCE(100 * w.p_alive, w.cadence_health)) / 2 AS health_recency,
           CASE WHEN w.order_count = 0 THEN NULL
                WHEN GREATEST(w.revenue_365, w.revenue_prev_365) <= 0 THEN 0
                ELSE 50 + 50 * (w.revenue_365 - w.revenue_prev_365)
                               / GREATEST(w.revenue_365, w.revenue_prev_365) END AS health_trend,
           CASE WHEN w.invoiced_total <= 0 THEN NULL
                ELSE GREATEST(0, 100 - LEAST(60, w.overdue_max_days * 60.0 / 90)
                                 - CASE WHEN w.overdue_amount > 0
                                        THEN 40 * LEAST(1, w.overdue_amount
                                                           / GREATEST(w.receivable_open, w.overdue_amount))
                                        ELSE 0 END) END AS health_payment,
           CASE WHEN w.tickets_total = 0 THEN NULL
                ELSE GREATEST(0, 100 - 15 * w.tickets_open - 25 * w.complaints_90d) END AS health_service,
           """ + satisfaction + """::numeric AS health_satisfaction
      FROM wc w
    OFFSET 0
)
SELECT r.*,
       CASE WHEN r.order_count = 0 THEN NULL
            WHEN NOT r.in_window THEN 'lost'
            WHEN r.r_score >= 5 AND r.f_score >= 4 THEN 'champions'
            WHEN r.r_score >= 3 AND r.f_score >= 4 THEN 'loyal'
            WHEN r.r_score >= 4 AND r.f_score >= 2 THEN 'potential_loyalist'
            WHEN r.r_score = 5 THEN 'new_customers'
            WHEN r.r_score = 4 THEN 'promising'
            WHEN r.r_score = 3 AND r.f_score = 3 THEN 'need_attention'
            WHEN r.r_score = 3 THEN 'about_to_sleep'
            WHEN r.f_score = 5 THEN 'cant_lose'
            WHEN r.f_score >= 3 THEN 'at_risk'
            ELSE 'hibernating' END AS rfm_segment,
       CASE r.rule_code
            WHEN 'prospect' THEN r.first_lead_date
            WHEN 'opportunity' THEN r.first_open_opp_date
            WHEN 'new' THEN r.first_order_date
            WHEN 'at_risk' THEN r.last_order_date + ceil(r.active_window)::int + 1
            WHEN 'lapsed' THEN r.last_order_date + %(lapsed_days)s + 1
            ELSE r.last_order_date END AS rule_since,
       CASE WHEN r.order_count = 0 THEN 0
            ELSE round((COALESCE(0.35 * r.health_recency, 0) + COALESCE(0.25 * r.health_trend, 0)
                        + COALESCE(0.25 * r.health_payment, 0) + COALESCE(0.15 * r.health_service, 0)
                        + COALESCE(0.20 * r.health_satisfaction, 0))
                       / NULLIF((CASE WHEN r.health_recency IS NULL THEN 0 ELSE 0.35 END)
                                + (CASE WHEN r.health_trend IS NULL THEN 0 ELSE 0.25 END)
                                + (CASE WHEN r.health_payment IS NULL THEN 0 ELSE 0.25 END)
                                + (CASE WHEN r.health_service IS NULL THEN 0 ELSE 0.15 END)
                                + (CASE WHEN r.health_satisfaction IS NULL THEN 0 ELSE 0.20 END), 0))::int
       END AS health_score,
       r.revenue_total * 365.0 / GREATEST(%(ref_date)s::date - r.first_order_date + 1, 365) AS annual_value,
       1 - r.p_alive AS churn_risk,
       (1 - r.p_alive) * r.revenue_total * 365.0
           / GREATEST(%(ref_date)s::date - r.first_order_date + 1, 365) AS value_at_risk,
       CASE WHEN r.p_alive IS NOT NULL THEN 'model' WHEN r.order_count > 0 THEN 'cadence' END AS churn_basis
  FROM r
"""

# The recompute's temporary tables, dropped before a computation starts and after its
# results are persisted or read (they would otherwise live until the commit).
DROP_WORK_TABLES = "DROP TABLE IF EXISTS lc_result, lc_scored, lc_metrics, lc_clv, lc_margin, lc_category"

# Temporary tables have no statistics until analysed: without them every later join is
# planned for a handful of rows. The row count and the keys suffice.
ANALYZE_METRICS = "ANALYZE lc_metrics (partner_id, company_id)"
ANALYZE_RESULT = "ANALYZE lc_result (partner_id, company_id, rule_code)"

# A computation's rows, for a snapshot that is read and not persisted.
RESULT_ROWS = "SELECT * FROM lc_result ORDER BY company_id, partner_id"


# -- Profiles: persisted from lc_result, mirrored to partners --------------------------

# Columns the profile takes from lc_result, in the persist statement's order.
PROFILE_COLUMNS = [
    "first_order_date", "last_order_date", "prev_order_date", "order_count", "order_count_365",
    "revenue_total", "revenue_365", "revenue_prev_365", "interval_mean_days", "interval_median_days",
    "recency_days", "invoiced_total", "refunded_total", "paid_total", "receivable_open",
    "overdue_amount", "overdue_max_days", "days_to_pay_avg", "deliveries_done", "deliveries_on_time",
    "returns_count", "tickets_total", "tickets_open", "tickets_90d", "ticket_close_hours_avg",
    "complaints_count", "complaints_90d", "opps_open", "opps_open_revenue", "leads_won", "leads_lost",
    "last_interaction_date", "r_score", "f_score", "m_score", "rfm_segment", "abc_class",
    "health_score", "health_recency", "health_trend", "health_payment", "health_service",
    "health_satisfaction", "annual_value", "p_alive", "churn_risk", "expected_90", "expected_365",
    "clv_12m", "value_at_risk", "churn_basis",
]

# When the customer's next order is expected: its last order plus its usual (median) gap
# between orders; a customer with one order has no gap yet, and then the churn model's
# expected purchase rate over the next year stands in where the model is valid (a year
# cap keeps a near-zero rate from pushing the date out of any calendar). NULL: no idea.
_NEXT_ORDER_DATE = """(CASE
    WHEN r.order_count >= 2 AND r.interval_median_days > 0
        THEN r.last_order_date + round(r.interval_median_days)::int
    WHEN r.order_count >= 1 AND r.expected_365 > 1
        THEN %(ref_date)s::date + round(365.0 / r.expected_365)::int
    WHEN r.order_count >= 1 AND r.expected_365 > 0
        THEN %(ref_date)s::date + 365
    END)"""

# What a profile stores, from lc_result: the columns above plus the partner's copies and
# a few ratios. Shared by the update and the insert below.
_PROFILE_VALUES = """
SELECT r.partner_id, r.company_id, rp.name AS partner_name, rc.currency_id, rp.user_id,
       %(ref_date)s::date AS ref_date, st.id AS rule_stage_id,
       """ + ", ".join("r." + c for c in PROFILE_COLUMNS) + """,
       CASE WHEN r.order_count > 0 THEN r.revenue_total / r.order_count ELSE 0 END AS avg_order_value,
       CASE WHEN r.invoiced_total > 0 THEN r.refunded_total / r.invoiced_total ELSE 0 END AS refund_ratio,
       CASE WHEN r.deliveries_done > 0 THEN 100.0 * r.deliveries_on_time / r.deliveries_done ELSE 0 END
           AS delivery_on_time_rate,
       CASE WHEN r.leads_won + r.leads_lost > 0
            THEN 100.0 * r.leads_won / (r.leads_won + r.leads_lost) ELSE 0 END
           AS win_rate,
       r.revenue_total AS clv_historical,
       """ + _NEXT_ORDER_DATE + """ AS next_order_date,
       GREATEST(0, %(ref_date)s::date - (""" + _NEXT_ORDER_DATE + """))::int AS reorder_overdue_days,
       -- cash kept: what was invoiced, net of credit notes, and is no longer open
       r.invoiced_total - r.refunded_total - r.receivable_open AS paid_revenue,
       -- days sales outstanding as the finance report counts them: the open receivable in
       -- days of the last year's invoicing net of credit notes
       CASE WHEN r.invoiced_net_365 > 0 THEN r.receivable_open / r.invoiced_net_365 * 365 END
           AS dso_days,
       -- the margin of lc_margin (engine/margin.py); a credit note is taken as a return: it
       -- takes its share of the margin back (margin x (invoiced - refunded) / invoiced), and
       -- the rate is on net revenue
       m.margin_total * f.kept AS margin_total, m.margin_365 * f.kept AS margin_annual,
       CASE WHEN r.revenue_total > r.refunded_total
            THEN 100.0 * m.margin_total * f.kept / (r.revenue_total - r.refunded_total) END AS margin_rate
  FROM lc_result r
  JOIN res_partner rp ON rp.id = r.partner_id
  JOIN res_company rc ON rc.id = r.company_id
  LEFT JOIN crm_lifecycle_stage st ON st.code = r.rule_code AND st.active
  LEFT JOIN lc_margin m ON m.partner_id = r.partner_id AND m.company_id = r.company_id
 CROSS JOIN LATERAL (SELECT CASE WHEN r.invoiced_total > 0
                                 THEN GREATEST(0, 1 - r.refunded_total / r.invoiced_total)
                                 ELSE 1 END AS kept) f
"""

_STORED = ["partner_name", "currency_id", "user_id", "ref_date", "rule_stage_id"] + PROFILE_COLUMNS + [
    "avg_order_value", "refund_ratio", "delivery_on_time_rate", "win_rate", "clv_historical",
    "next_order_date", "reorder_overdue_days", "paid_revenue", "dso_days",
    "margin_total", "margin_annual", "margin_rate"]
# The stored columns as the statements below list them: set from x, old (p) and new (x).
_SET_STORED = ", ".join(c + " = x." + c for c in _STORED)
_OLD_STORED = ", ".join("p." + c for c in _STORED)
_NEW_STORED = ", ".join("x." + c for c in _STORED)

# Existing profiles, rewritten only where a value changed: a rerun on the same day writes
# (and bloats) nothing, and write_date tells when a profile last changed.
UPDATE_PROFILES = """
UPDATE crm_lifecycle_profile p
   SET """ + _SET_STORED + """, write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
  FROM (""" + _PROFILE_VALUES + """) x
 WHERE p.partner_id = x.partner_id AND p.company_id = x.company_id
   AND (""" + _OLD_STORED + """) IS DISTINCT FROM (""" + _NEW_STORED + """)
"""

# How many customers were computed, and how many of them have no profile yet: the insert
# below is skipped when none has (planning it is a visible part of a one-customer refresh).
RESULT_COUNTS = """
SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM crm_lifecycle_profile p
            WHERE p.partner_id = r.partner_id AND p.company_id = r.company_id))
  FROM lc_result r
"""

INSERT_PROFILES = """
INSERT INTO crm_lifecycle_profile (partner_id, company_id, """ + ", ".join(_STORED) + """,
                                   create_uid, create_date, write_uid, write_date)
SELECT x.partner_id, x.company_id, """ + _NEW_STORED + """,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM (""" + _PROFILE_VALUES + """) x
 WHERE NOT EXISTS (SELECT 1 FROM crm_lifecycle_profile p
                    WHERE p.partner_id = x.partner_id AND p.company_id = x.company_id)
ON CONFLICT (partner_id, company_id) DO NOTHING
"""


# -- Stage changes of a recompute ------------------------------------------------------

# Profiles whose stage must change: the rule's stage, or a manual override still in force.
# An expired override is reported so that it can be cleared and explained.
STAGE_CHANGES = """
SELECT p.id, p.partner_id, p.company_id, p.stage_id AS from_stage_id,
       CASE WHEN p.override_stage_id IS NOT NULL
                 AND (p.override_until IS NULL OR p.override_until >= %(ref_date)s::date)
            THEN p.override_stage_id ELSE p.rule_stage_id END AS to_stage_id,
       p.override_stage_id IS NOT NULL AND p.override_until < %(ref_date)s::date AS override_expired,
       r.rule_code, r.rule_since, p.stage_date,
       r.recency_days, r.active_window, r.order_count, r.interval_median_days, r.first_order_date,
       r.last_order_date, r.prev_order_date, r.opps_open, r.p_alive
  FROM lc_result r
  JOIN crm_lifecycle_profile p ON p.partner_id = r.partner_id AND p.company_id = r.company_id
 WHERE p.stage_id IS DISTINCT FROM (
        CASE WHEN p.override_stage_id IS NOT NULL
                  AND (p.override_until IS NULL OR p.override_until >= %(ref_date)s::date)
             THEN p.override_stage_id ELSE p.rule_stage_id END)
    OR (p.override_stage_id IS NOT NULL AND p.override_until < %(ref_date)s::date)
"""

# The stage changes of a recompute, each at the next position of its customer's history
# (the unique index on (profile_id, sequence) refuses a second insert of the same change
# by a concurrent job). One row per profile and recompute, so MAX + 1 is exact.
INSERT_TRANSITIONS = """
INSERT INTO crm_lifecycle_transition (profile_id, partner_id, company_id, from_stage_id,
    to_stage_id, date, kind, user_id, reason, rule_code, create_uid, write_uid,
    create_date, write_date, sequence)
SELECT v.*, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
       COALESCE((SELECT MAX(t.sequence) FROM crm_lifecycle_transition t
                  WHERE t.profile_id = v.profile_id), 0) + 1
  FROM (VALUES %s) AS v(profile_id, partner_id, company_id, from_stage_id, to_stage_id, date,
                        kind, user_id, reason, rule_code, create_uid, write_uid)
RETURNING id
"""
INSERT_TRANSITIONS_ROW = ("(%s::int, %s::int, %s::int, %s::int, %s::int, %s::date, %s::varchar, "
                          "%s::int, %s::text, %s::varchar, %s::int, %s::int)")

CLEAR_EXPIRED_OVERRIDES = """
UPDATE crm_lifecycle_profile
   SET override_stage_id = NULL, override_reason = NULL, override_until = NULL, override_user_id = NULL
 WHERE override_stage_id IS NOT NULL AND override_until < %(ref_date)s::date
   AND id = ANY(%(ids)s::int[])
"""

SET_STAGE_DATES = """
UPDATE crm_lifecycle_profile p SET stage_date = v.stage_date
  FROM (SELECT unnest(%(ids)s::int[]) AS id, unnest(%(dates)s::date[]) AS stage_date) v
 WHERE p.id = v.id
"""


# -- Partners' copies of their profile; a customer's stage on a day --------------------

# The partner screens filter and group on stored copies of one profile: the one in the
# partner's own company or, for a partner shared between companies, its largest account.
# Only lifecycle users read them (res.partner's field groups); the partner form shows the
# current company's profile (res.partner.lifecycle_profile_id).
MIRROR_TO_PARTNERS = """
UPDATE res_partner rp
   SET lifecycle_stage_id = x.stage_id, lifecycle_rfm_segment = x.rfm_segment,
       lifecycle_abc_class = x.abc_class, lifecycle_health_score = x.health_score
  FROM (SELECT DISTINCT ON (p.partner_id) p.partner_id, p.stage_id, p.rfm_segment, p.abc_class, p.health_score
          FROM crm_lifecycle_profile p
          JOIN res_partner pp ON pp.id = p.partner_id
         WHERE %(full)s OR p.partner_id = ANY(%(partner_ids)s::int[])
         ORDER BY p.partner_id, (p.company_id = pp.company_id) DESC NULLS LAST, p.revenue_total DESC) x
 WHERE rp.id = x.partner_id
   AND (rp.lifecycle_stage_id IS DISTINCT FROM x.stage_id
        OR rp.lifecycle_rfm_segment IS DISTINCT FROM x.rfm_segment
        OR rp.lifecycle_abc_class IS DISTINCT FROM x.abc_class
        OR rp.lifecycle_health_score IS DISTINCT FROM x.health_score)
"""

# The stage a customer was in on a day: the last transition on or before it.
STAGE_AT = """
SELECT t.to_stage_id FROM crm_lifecycle_transition t
 WHERE t.partner_id = %(partner_id)s AND t.company_id = %(company_id)s AND t.date <= %(day)s
 ORDER BY t.date DESC, t.id DESC LIMIT 1
"""


# -- Stage rules (engine/rules.py) and stage history (crm.lifecycle.transition) --------

# The rule parameters of the active stages. Read with SQL rather than by browsing the
# stages: a one-customer refresh reads them every time, and the ORM read would be a
# large share of its budget. (code is unique: one stage per rule.)
STAGE_PARAMS = """
SELECT code, days, cadence_factor, min_orders
  FROM crm_lifecycle_stage
 WHERE code IS NOT NULL AND active
"""

# No two changes at one position of a customer's history: two jobs that both decided the
# same change cannot both insert it (crm.lifecycle.transition's init).
TRANSITION_SEQUENCE_INDEX = """
            CREATE UNIQUE INDEX IF NOT EXISTS crm_lifecycle_transition_sequence_unique
            ON crm_lifecycle_transition (profile_id, sequence)"""

# The next position in a customer's history, for a change created through the ORM (the
# override wizard). Parameter: profile_id.
TRANSITION_NEXT_SEQUENCE = (
    "SELECT COALESCE(MAX(sequence), 0) + 1 FROM crm_lifecycle_transition "
    "WHERE profile_id = %(profile_id)s")


# -- Churn and CLV models' fits (crm.lifecycle.model.fit) ------------------------------

# Each company's latest valid fit of the churn and CLV models, with its parameters; a fit
# dated after today (a clock set back, a bad import) never becomes current. Read in one
# statement because a one-customer refresh asks (crm.lifecycle.model.fit's
# _current_params). Parameter: today.
CURRENT_FITS = """
            SELECT DISTINCT ON (company_id) company_id, r, alpha, a, b, gg_p, gg_q, gg_gamma
              FROM crm_lifecycle_model_fit
             WHERE state = 'valid' AND fit_date <= %(today)s
             ORDER BY company_id, fit_date DESC, id DESC"""


# -- Segments: memberships and totals (engine/segments.py) -----------------------------

# One open stay per customer and company in a segment (crm.lifecycle.segment.member's
# init): the statements below rely on it.
SEGMENT_OPEN_MEMBER_INDEX = """
            CREATE UNIQUE INDEX IF NOT EXISTS crm_lifecycle_segment_member_open_unique
            ON crm_lifecycle_segment_member (segment_id, partner_id, company_id)
            WHERE date_left IS NULL"""

# Open memberships whose profile no longer matches end on the reference day (never
# before they began).
# (profile_id identifies the customer and company: one profile per pair; the matched ids
# are unnested so that PostgreSQL hashes them instead of scanning the array per member)
SEGMENT_CLOSE_LEFT = """
WITH matched AS (SELECT unnest(%(profile_ids)s::integer[]) AS id)
UPDATE crm_lifecycle_segment_member m
   SET date_left = GREATEST(%(ref_date)s::date, m.date_entered),
       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
 WHERE m.segment_id = %(segment_id)s
   AND m.date_left IS NULL
   AND NOT EXISTS (SELECT 1 FROM matched WHERE matched.id = m.profile_id)
"""

SEGMENT_OPEN_ENTERED = """
INSERT INTO crm_lifecycle_segment_member (segment_id, partner_id, company_id, profile_id,
    annual_value, date_entered, create_uid, write_uid, create_date, write_date)
SELECT %(segment_id)s, p.partner_id, p.company_id, p.id, p.annual_value, %(ref_date)s, %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM crm_lifecycle_profile p
 WHERE p.id = ANY(%(profile_ids)s::integer[])
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_segment_member m
                    WHERE m.segment_id = %(segment_id)s AND m.date_left IS NULL
                      AND m.partner_id = p.partner_id AND m.company_id = p.company_id)
"""

# The open memberships take their profile's current annual value (only where it changed).
SEGMENT_SYNC_VALUES = """
UPDATE crm_lifecycle_segment_member m
   SET annual_value = p.annual_value
  FROM crm_lifecycle_profile p
 WHERE p.id = m.profile_id AND m.date_left IS NULL
   AND m.annual_value IS DISTINCT FROM p.annual_value
"""

# Totals from the memberships alone: one refreshed customer costs an index scan of its
# segments' members, not a read of every member's profile.
SEGMENT_UPDATE_TOTALS = """
UPDATE crm_lifecycle_segment s
   SET member_count = t.members, member_value = t.value, date_refreshed = %(ref_date)s
  FROM (SELECT s2.id, count(m.id) AS members, COALESCE(sum(m.annual_value), 0) AS value
          FROM crm_lifecycle_segment s2
          LEFT JOIN crm_lifecycle_segment_member m
                 ON m.segment_id = s2.id AND m.date_left IS NULL
         WHERE s2.id = ANY(%(segment_ids)s)
         GROUP BY s2.id) t
 WHERE t.id = s.id
"""

# A refresh of a few customers does all of the above for every segment in one statement
# (two dozen round trips were a fifth of a one-customer refresh). `current`: the
# customers' open stays before it; a stay ends when its segment was searched and no
# longer matches; a matched profile without an open stay enters; the stays that go on
# take their profile's value; each segment's totals move by what changed.
# Parameters: ref_date, uid, partner_ids, segment_ids (every active segment),
# searched_ids (those whose rule could be searched), matched_segment_ids and
# matched_profile_ids (pairs: the customers' profiles each searched segment matches).
SEGMENT_APPLY_FOR_CUSTOMERS = """
WITH matched AS (
    SELECT * FROM unnest(%(matched_segment_ids)s::integer[], %(matched_profile_ids)s::integer[])
                  AS x (segment_id, profile_id)
), current AS (
    SELECT m.id, m.segment_id, m.partner_id, m.company_id, m.annual_value, p.annual_value AS new_value,
           NOT (m.segment_id = ANY(%(searched_ids)s::integer[]))
           OR EXISTS (SELECT 1 FROM matched x
                       WHERE x.segment_id = m.segment_id AND x.profile_id = m.profile_id)
               AS stays
      FROM crm_lifecycle_segment_member m
      LEFT JOIN crm_lifecycle_profile p ON p.id = m.profile_id
     WHERE m.date_left IS NULL AND m.partner_id = ANY(%(partner_ids)s::integer[])
       AND m.segment_id = ANY(%(segment_ids)s::integer[])
), closed AS (
    UPDATE crm_lifecycle_segment_member m
       SET date_left = GREATEST(%(ref_date)s::date, m.date_entered),
           write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
      FROM current c
     WHERE c.id = m.id AND NOT c.stays
    RETURNING m.segment_id, -1 AS members, -COALESCE(c.annual_value, 0) AS value
), synced AS (
    UPDATE crm_lifecycle_segment_member m
       SET annual_value = c.new_value
      FROM current c
     WHERE c.id = m.id AND c.stays AND c.annual_value IS DISTINCT FROM c.new_value
    RETURNING m.segment_id, 0 AS members, COALESCE(c.new_value, 0) - COALESCE(c.annual_value, 0) AS value
), opened AS (
    INSERT INTO crm_lifecycle_segment_member (segment_id, partner_id, company_id, profile_id,
        annual_value, date_entered, create_uid, write_uid, create_date, write_date)
    SELECT x.segment_id, p.partner_id, p.company_id, p.id, p.annual_value, %(ref_date)s, %(uid)s, %(uid)s,
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM matched x
      JOIN crm_lifecycle_profile p ON p.id = x.profile_id
     WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.segment_id = x.segment_id
                          AND c.partner_id = p.partner_id AND c.company_id = p.company_id)
    RETURNING segment_id, 1 AS members, COALESCE(annual_value, 0) AS value
), moved AS (
    SELECT segment_id, sum(members) AS members, sum(value) AS value,
           count(*) FILTER (WHERE members = 1) AS entered, count(*) FILTER (WHERE members = -1) AS left_
      FROM (SELECT * FROM closed UNION ALL SELECT * FROM synced UNION ALL SELECT * FROM opened) c
     GROUP BY segment_id
), totals AS (
    UPDATE crm_lifecycle_segment s
       SET member_count = s.member_count + d.members, member_value = s.member_value + d.value
      FROM moved d
     WHERE d.segment_id = s.id
)
SELECT segment_id, entered, left_ FROM moved
"""

# Fresh statistics on the memberships after a large change: the anti-joins above are
# planned from them (see engine/segments.py, _refresh_all).
SEGMENT_ANALYZE_MEMBERS = "ANALYZE crm_lifecycle_segment_member"


# -- Customer pool: follow-ups, notices, release, claims (engine/pool.py) --------------

# Done activities kept as archived records (Odoo 17's "keep done" activity types); 11
# deletes a done activity and keeps only its message, which the follow-up state below
# counts on every series.
_KEPT_ACTIVITIES = """
    UNION ALL
    SELECT k.partner_id, MAX(a.date_done)
      FROM contacts k
      JOIN mail_activity a ON a.res_model = 'res.partner' AND a.res_id = k.contact_id
                          AND a.user_id = k.user_id
     WHERE a.active IS FALSE AND a.date_done IS NOT NULL
     GROUP BY k.partner_id"""

# The active customer pools with their scope lists as arrays, read once per statement
# (MATERIALIZED: the per-customer match below scans these few rows, not the lists'
# tables): a CTE the statements that match customers to pools start with.
_POOL_SCOPES = """pool_scopes AS MATERIALIZED (
    SELECT lp.id, lp.sequence, lp.company_id,
           ARRAY(SELECT r.team_id FROM crm_lifecycle_pool_team_rel r
                  WHERE r.pool_id = lp.id) AS teams,
           ARRAY(SELECT r.country_id FROM crm_lifecycle_pool_country_rel r
                  WHERE r.pool_id = lp.id) AS countries,
           ARRAY(SELECT r.state_id FROM crm_lifecycle_pool_state_rel r
                  WHERE r.pool_id = lp.id) AS states
      FROM crm_lifecycle_pool lp
     WHERE lp.active)"""


# The customer pool (models/lifecycle_pool.py) of the commercial partner p (its owner: u)
# in the company `company` (an SQL expression): the first active pool of that company, by
# sequence, each of whose filled lists (sales teams, countries, states) holds the
# partner's value (its team: compat.SQL_PARTNER_TEAM); NULL when none matches: the default
# pool, whose rules are the settings'. Needs _POOL_SCOPES in the statement's WITH; a scan
# of its few rows per customer, no loop per pool anywhere.
def _pool_of(company):
    return ("(SELECT s.id FROM pool_scopes s WHERE s.company_id = " + company
            + " AND (s.teams = '{}' OR " + compat.SQL_PARTNER_TEAM + " = ANY(s.teams))"
            + " AND (s.countries = '{}' OR p.country_id = ANY(s.countries))"
            + " AND (s.states = '{}' OR p.state_id = ANY(s.states))"
            + " ORDER BY s.sequence, s.id LIMIT 1)")


# The pool a customer is in or would go to: the one it remembers while pooled, else the
# one its scope matches now, in its own company, else its owner's, else %(company_id)s.
# Aliases: p (res_partner), u (res_users, its owner, LEFT JOINed); needs _POOL_SCOPES.
_POOL_OF_PARTNER = ("CASE WHEN p.lifecycle_pool_date IS NOT NULL THEN p.lifecycle_pool_id ELSE "
                    + _pool_of("COALESCE(p.company_id, u.company_id, %(company_id)s)") + " END")

# The pool of given partners (the partner form). Parameters: partner_ids, company_id.
POOL_OF_PARTNERS = """
WITH """ + _POOL_SCOPES + """
SELECT p.id, """ + _POOL_OF_PARTNER + """
  FROM res_partner p LEFT JOIN res_users u ON u.id = p.user_id
 WHERE p.id = ANY(%(partner_ids)s::int[])
"""


# The follow-up state of owned customers: one row per commercial partner that has a
# salesperson and a lifecycle profile, with the pool it belongs to (pool_id, NULL: the
# default pool) and that pool's rules (the parameters %(default_days)s... are the default
# pool's, the settings'). Follow-ups counted, all by the partner's owner:
#   * messages on the partner or its contacts: notes, logged calls, emails (comment), and
#     the message a done activity leaves (it carries the activity type);
#   * activities kept as done (Odoo 17 activity types with "keep done"): the
#     _KEPT_ACTIVITIES branch of POOL_FOLLOWUP_STATE_KEPT, for series that keep them;
#   * sale orders (quotations too) of the partner or its contacts with the owner as
#     salesperson, dated by their order date;
#   * the day the owner received the customer (claim or assignment in the pool history);
#   * and the partner's creation, so that a new customer starts with a full period.
# due_date = last follow-up + the release days of the partner's stage in its pool: the
# longest of the stages of its profiles (a customer active in one company is not released
# because it is quiet in another); 0 days for a stage = never released; no configured
# stage = the pool's release days; never before the owner's claim + the pool's
# protection_days (the protection after a claim).
# keep_receivable / keep_opportunity: the customer is never released while it owes money
# (its profiles' open receivable, as of their last computation) or while an open
# opportunity of at least the pool's keep_opportunity_value runs (0 = that rule is off).
# notice_date: the owner was given notice for this period (a notice dated on or after
# due_date - the pool's notice_days, i.e. after the last follow-up moved the due date).
def _pool_followup_state(activities):
    return """
WITH """ + _POOL_SCOPES + """, owned AS (
    SELECT p.id AS partner_id, p.user_id, u.partner_id AS author_id,
           COALESCE(p.company_id, u.company_id) AS company_id, p.create_date::date AS created,
           """ + _pool_of("COALESCE(p.company_id, u.company_id)") + """ AS pool_id
      FROM res_partner p
      JOIN res_users u ON u.id = p.user_id
     WHERE p.active AND p.user_id IS NOT NULL AND p.commercial_partner_id = p.id
       AND (%(all)s OR p.id = ANY(%(partner_ids)s::int[]))
       AND EXISTS (SELECT 1 FROM crm_lifecycle_profile pr WHERE pr.partner_id = p.id)
), cand AS (
    SELECT o.*,
           CASE WHEN lp.id IS NULL THEN %(default_days)s ELSE lp.release_days END AS default_days,
           CASE WHEN lp.id IS NULL THEN %(notice_days)s ELSE lp.notice_days END AS notice_days,
           CASE WHEN lp.id IS NULL THEN %(protection_days)s ELSE lp.protection_days END AS protection_days,
           CASE WHEN lp.id IS NULL THEN %(keep_receivables)s
                ELSE COALESCE(lp.keep_receivables, FALSE) END AS keep_receivables,
           CASE WHEN lp.id IS NULL THEN %(keep_opportunity_value)s
                ELSE COALESCE(lp.keep_opportunity_value, 0) END AS keep_opportunity_value
      FROM owned o LEFT JOIN crm_lifecycle_pool lp ON lp.id = o.pool_id
), contacts AS (
    SELECT c.partner_id, c.user_id, c.author_id, rp.id AS contact_id
      FROM cand c JOIN res_partner rp ON rp.commercial_partner_id = c.partner_id
), follow AS (
    SELECT k.partner_id, MAX(m.date)::date AS day
      FROM contacts k
      JOIN mail_message m ON m.model = 'res.partner' AND m.res_id = k.contact_id
                         AND m.author_id = k.author_id
     WHERE m.message_type = 'comment' OR m.mail_activity_type_id IS NOT NULL
     GROUP BY k.partner_id
    UNION ALL
    SELECT k.partner_id, MAX(so.date_order)::date
      FROM contacts k
      JOIN sale_order so ON so.partner_id = k.contact_id AND so.user_id = k.user_id
     WHERE so.state != 'cancel'
     GROUP BY k.partner_id
    """ + activities + """
    UNION ALL
    SELECT c.partner_id, MAX(e.date)
      FROM cand c
      JOIN crm_lifecycle_pool_event e ON e.partner_id = c.partner_id AND e.user_id = c.user_id
     WHERE e.event IN ('claim', 'assign')
     GROUP BY c.partner_id
), last_follow AS (
    SELECT c.partner_id, GREATEST(c.created, MAX(f.day)) AS last_followup
      FROM cand c LEFT JOIN follow f ON f.partner_id = c.partner_id
     GROUP BY c.partner_id, c.created
), days AS (
    SELECT c.partner_id, MAX(COALESCE(sd.days, c.default_days)) AS release_days
      FROM cand c
      JOIN crm_lifecycle_profile pr ON pr.partner_id = c.partner_id
      LEFT JOIN crm_lifecycle_pool_stage_days sd ON sd.stage_id = pr.stage_id
                                                AND sd.pool_id IS NOT DISTINCT FROM c.pool_id
     GROUP BY c.partner_id
), claimed AS (
    SELECT c.partner_id, MAX(e.date) AS day
      FROM cand c
      JOIN crm_lifecycle_pool_event e ON e.partner_id = c.partner_id AND e.user_id = c.user_id
     WHERE e.event = 'claim'
     GROUP BY c.partner_id
), state AS (
    SELECT c.partner_id, c.user_id, c.company_id, c.pool_id, c.notice_days, c.keep_receivables,
           c.keep_opportunity_value, lf.last_followup, d.release_days,
           CASE WHEN d.release_days > 0
                THEN GREATEST(lf.last_followup + d.release_days, cl.day + c.protection_days)
           END AS due_date
      FROM cand c
      JOIN last_follow lf ON lf.partner_id = c.partner_id
      JOIN days d ON d.partner_id = c.partner_id
      LEFT JOIN claimed cl ON cl.partner_id = c.partner_id
)
SELECT s.partner_id, s.user_id, s.company_id, s.pool_id, s.notice_days, s.last_followup,
       s.release_days, s.due_date,
       (SELECT MAX(e.date) FROM crm_lifecycle_pool_event e
         WHERE e.partner_id = s.partner_id AND e.user_id = s.user_id AND e.event = 'notice'
           AND e.date >= s.due_date - s.notice_days) AS notice_date,
       s.keep_receivables AND EXISTS (
           SELECT 1 FROM crm_lifecycle_profile pr
            WHERE pr.partner_id = s.partner_id AND pr.receivable_open > 0) AS keep_receivable,
       s.keep_opportunity_value > 0 AND EXISTS (
           SELECT 1 FROM crm_lead l JOIN res_partner lp ON lp.id = l.partner_id
            WHERE lp.commercial_partner_id = s.partner_id AND l.active AND l.type = 'opportunity'
              AND COALESCE(l.probability, 0) < 100
              AND """ + compat.SQL_LEAD_REVENUE + """ >= s.keep_opportunity_value) AS keep_opportunity
  FROM state s
 WHERE %(horizon)s::date IS NULL OR s.due_date <= %(horizon)s::date
"""


POOL_FOLLOWUP_STATE = _pool_followup_state("")
POOL_FOLLOWUP_STATE_KEPT = _pool_followup_state(_KEPT_ACTIVITIES)

# Customers to release (the caller passes their ids after checking the notice): owner
# and copies cleared, pool date set, the pool they go to remembered (the one their scope
# matches, as POOL_INSERT_EVENTS records it), history written, in three statements.
# POOL_INSERT_EVENTS without a user_id records the current owner: run it before
# POOL_RELEASE_PARTNERS.
POOL_RELEASE_PARTNERS = """
WITH """ + _POOL_SCOPES + """
UPDATE res_partner p
   SET lifecycle_pool_id = """ + _POOL_OF_PARTNER + """,
       lifecycle_pool_prev_user_id = p.user_id, user_id = NULL, lifecycle_pool_date = %(day)s,
       write_date = now() AT TIME ZONE 'UTC', write_uid = %(uid)s
  FROM res_partner pp LEFT JOIN res_users u ON u.id = pp.user_id
 WHERE pp.id = p.id AND p.id = ANY(%(partner_ids)s::int[])
"""
POOL_SET_PROFILE_OWNER = """
UPDATE crm_lifecycle_profile SET user_id = %(user_id)s WHERE partner_id = ANY(%(partner_ids)s::int[])
"""
POOL_INSERT_EVENTS = """
WITH """ + _POOL_SCOPES + """
INSERT INTO crm_lifecycle_pool_event (partner_id, company_id, user_id, event, date, reason,
                                      pool_id, create_uid, write_uid, create_date, write_date)
SELECT p.id, COALESCE(p.company_id, %(company_id)s), COALESCE(%(user_id)s, p.user_id),
       %(event)s, %(day)s, %(reason)s, """ + _POOL_OF_PARTNER + """, %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM res_partner p LEFT JOIN res_users u ON u.id = p.user_id
 WHERE p.id = ANY(%(partner_ids)s::int[])
"""

# Notice events for several customers at once, one (owner, company, pool, reason) per customer.
POOL_INSERT_NOTICES = """
INSERT INTO crm_lifecycle_pool_event (partner_id, company_id, user_id, event, date, reason,
                                      pool_id, create_uid, write_uid, create_date, write_date)
SELECT x.partner_id, x.company_id, x.user_id, 'notice', %(day)s, x.reason, x.pool_id, %(uid)s,
       %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM unnest(%(partner_ids)s::int[], %(company_ids)s::int[], %(user_ids)s::int[], %(reasons)s::text[],
              %(pool_ids)s::int[])
       AS x(partner_id, company_id, user_id, reason, pool_id)
"""

# How many customers a salesperson holds from a pool (%(pool_id)s, NULL: the default
# pool): those it owns whose latest pool event is its own claim from that pool (an
# assignment by a manager does not count against the limit), except those with a
# confirmed order since %(ordered_since)s (NULL: all count): a customer who buys again is
# worked, not hoarded.
POOL_CLAIMED_HELD = """
SELECT COUNT(*)
  FROM res_partner p
  JOIN LATERAL (SELECT e.event, e.user_id, e.pool_id FROM crm_lifecycle_pool_event e
                 WHERE e.partner_id = p.id ORDER BY e.date DESC, e.id DESC LIMIT 1) last ON TRUE
 WHERE p.user_id = %(user_id)s AND last.event = 'claim' AND last.user_id = %(user_id)s
   AND last.pool_id IS NOT DISTINCT FROM %(pool_id)s::int
   AND NOT (%(ordered_since)s::date IS NOT NULL AND EXISTS (
           SELECT 1 FROM sale_order so JOIN res_partner sp ON sp.id = so.partner_id
            WHERE sp.commercial_partner_id = p.id AND so.state IN ('sale', 'done')
              AND so.date_order >= %(ordered_since)s::date))
"""

# A salesperson's claims from a pool (%(pool_id)s, NULL: the default pool) on a day (the
# pool's daily quota counts them).
POOL_CLAIMS_ON_DAY = """
SELECT COUNT(*) FROM crm_lifecycle_pool_event
 WHERE user_id = %(user_id)s AND event = 'claim' AND date = %(day)s
   AND pool_id IS NOT DISTINCT FROM %(pool_id)s::int
"""

# The row every claim for a salesperson writes before counting what they hold. An advisory
# lock would not do: under REPEATABLE READ the second claim, once it had the lock, would
# still count from its snapshot, taken before the first claim committed. Writing one row
# makes PostgreSQL abort the second claim instead (a concurrent update), which Odoo retries.
POOL_TABLE_CLAIMANT = """
CREATE TABLE IF NOT EXISTS crm_lifecycle_pool_claimant (
    user_id integer PRIMARY KEY REFERENCES res_users (id) ON DELETE CASCADE,
    claimed_at timestamp NOT NULL
)
"""
POOL_TOUCH_CLAIMANT = """
INSERT INTO crm_lifecycle_pool_claimant (user_id, claimed_at)
VALUES (%(user_id)s, now() AT TIME ZONE 'UTC')
ON CONFLICT (user_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
"""

# Pool customers given to a salesperson (claim or assignment): owner set, out of the pool.
# Run after POOL_INSERT_EVENTS, which records the event. Parameters: user_id, uid, partner_ids.
POOL_TAKE_PARTNERS = (
    "UPDATE res_partner SET user_id = %(user_id)s, lifecycle_pool_date = NULL, lifecycle_pool_id = NULL, "
    "write_date = now() AT TIME ZONE 'UTC', write_uid = %(uid)s "
    "WHERE id = ANY(%(partner_ids)s::int[])")

# The given customers still in the pool, locked: a parallel claim of the same customer
# waits here, then finds it taken. Parameter: partner_ids.
POOL_LOCK_PARTNERS = (
    "SELECT id FROM res_partner WHERE id = ANY(%(partner_ids)s::int[]) AND user_id IS NULL "
    "AND lifecycle_pool_date IS NOT NULL FOR UPDATE")


# -- Playbooks and their actions (engine/playbooks.py, engine/actions.py) --------------

# Customers (commercial partners) with an open opportunity in a company (or in none): active (lost ones
# are archived on both series), not won (probability 100), of the customer or a contact.
OPEN_OPPORTUNITIES = """
SELECT DISTINCT p.commercial_partner_id, l.company_id
  FROM crm_lead l
  JOIN res_partner p ON p.id = l.partner_id
 WHERE l.active AND l.type = 'opportunity' AND COALESCE(l.probability, 0) < 100
   AND p.commercial_partner_id = ANY(%(partner_ids)s)
"""

# Whether any playbook is active: without one, matching the stage changes is skipped.
PLAYBOOK_ANY_ACTIVE = "SELECT 1 FROM crm_lifecycle_playbook WHERE active LIMIT 1"

# The playbooks matching fresh stage changes (stage, company, segment membership), as
# pending runs; ON CONFLICT on (stage change, playbook) means a change never fires a
# playbook twice. Parameters: transition_ids, uid.
PLAYBOOK_INSERT_RUNS = """
INSERT INTO crm_lifecycle_playbook_run (playbook_id, transition_id, partner_id, company_id,
    date, state, create_uid, write_uid, create_date, write_date)
SELECT pb.id, t.id, t.partner_id, t.company_id, t.date, 'pending', %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM crm_lifecycle_transition t
  JOIN crm_lifecycle_playbook pb
    ON pb.stage_id = t.to_stage_id AND pb.active AND pb.trigger = 'stage'
   AND (pb.company_id IS NULL OR pb.company_id = t.company_id)
 WHERE t.id = ANY(%(transition_ids)s)
   AND (pb.segment_id IS NULL OR EXISTS (
        SELECT 1 FROM crm_lifecycle_segment_member m
         WHERE m.segment_id = pb.segment_id AND m.date_left IS NULL
           AND m.partner_id = t.partner_id AND m.company_id = t.company_id))
 ORDER BY t.id, pb.sequence, pb.id
ON CONFLICT (transition_id, playbook_id) DO NOTHING
RETURNING id
"""

# The account owner of each run's customer, as actions.owner() has it.
PLAYBOOK_OWNERS = """
SELECT r.id, COALESCE(rp.user_id, p.user_id)
  FROM crm_lifecycle_playbook_run r
  LEFT JOIN crm_lifecycle_transition t ON t.id = r.transition_id
  JOIN crm_lifecycle_profile p ON p.id = COALESCE(r.profile_id, t.profile_id)
  JOIN res_partner rp ON rp.id = r.partner_id
 WHERE r.id = ANY(%(run_ids)s::integer[])
"""


# -- Weekly health history (crm.lifecycle.profile.history, engine/history.py) ----------

# The snapshot of this computation's week (Monday of ref_date's ISO week), from lc_result:
# one statement for every customer of the run, a rerun in the same week overwrites the
# week's row. `current` is true for the recompute that has just stored the profiles
# (their stage, manual overrides included), false for a past week written from a
# computation as of that day (the stage the rules gave then). A customer without a
# profile yet gets no row.
HISTORY_COLUMNS = ["stage_id", "health_score", "health_recency", "health_trend", "health_payment",
                   "health_service", "health_satisfaction", "annual_value", "p_alive"]
HISTORY_UPSERT = """
INSERT INTO crm_lifecycle_profile_history (profile_id, partner_id, company_id, currency_id, week,
    ref_date, """ + ", ".join(HISTORY_COLUMNS) + """, create_uid, create_date, write_uid, write_date)
SELECT p.id, r.partner_id, r.company_id, rc.currency_id, date_trunc('week', %(ref_date)s::date)::date,
       %(ref_date)s::date, CASE WHEN %(current)s THEN p.stage_id ELSE st.id END,
       r.health_score, r.health_recency, r.health_trend, r.health_payment, r.health_service,
       r.health_satisfaction, r.annual_value,
       CASE WHEN r.churn_basis = 'model' THEN r.p_alive END,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM lc_result r
  JOIN crm_lifecycle_profile p ON p.partner_id = r.partner_id AND p.company_id = r.company_id
  JOIN res_company rc ON rc.id = r.company_id
  LEFT JOIN crm_lifecycle_stage st ON st.code = r.rule_code AND st.active
ON CONFLICT (profile_id, week) DO UPDATE SET
    ref_date = EXCLUDED.ref_date, currency_id = EXCLUDED.currency_id,
    """ + ", ".join(c + " = EXCLUDED." + c for c in HISTORY_COLUMNS) + """,
    write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
"""

# Snapshots are kept two years (at least: whole weeks after the cut-off stay); older ones
# go with the daily full recompute.
HISTORY_KEEP_INTERVAL = "2 years"
HISTORY_PRUNE = """
DELETE FROM crm_lifecycle_profile_history
 WHERE week < date_trunc('week', %(ref_date)s::date - interval '""" + HISTORY_KEEP_INTERVAL + """')::date
"""

# Trends: the profile's health minus its snapshot 4 (12) weeks before the week of its
# ref_date; a missed week is bridged by the latest snapshot up to two weeks older, and
# beyond that the trend is empty (NULL) rather than measured over a longer span. Only
# changed profiles are written.
_HISTORY_AGO = """(SELECT h.health_score FROM crm_lifecycle_profile_history h
          WHERE h.profile_id = p.id
            AND h.week <= date_trunc('week', p.ref_date)::date - WEEKS * 7
            AND h.week >= date_trunc('week', p.ref_date)::date - (WEEKS + 2) * 7
          ORDER BY h.week DESC LIMIT 1)"""
HISTORY_TRENDS = """
UPDATE crm_lifecycle_profile p
   SET health_trend_4w = x.trend_4w, health_trend_12w = x.trend_12w
  FROM (SELECT p.id, p.health_score - """ + _HISTORY_AGO.replace("WEEKS", "4") + """ AS trend_4w,
               p.health_score - """ + _HISTORY_AGO.replace("WEEKS", "12") + """ AS trend_12w
          FROM crm_lifecycle_profile p
         WHERE p.ref_date IS NOT NULL AND (%(full)s OR p.partner_id = ANY(%(partner_ids)s::int[]))) x
 WHERE p.id = x.id
   AND (p.health_trend_4w, p.health_trend_12w) IS DISTINCT FROM (x.trend_4w, x.trend_12w)
"""

# The stored trends of some profiles, NULL kept (the ORM reads NULL as 0).
PROFILE_TRENDS = ("SELECT id, health_trend_4w, health_trend_12w FROM crm_lifecycle_profile "
                  "WHERE id = ANY(%(ids)s::int[])")

# Health-drop playbooks: a customer of the run whose snapshot this week is at least
# drop_points below its best snapshot of the drop_weeks weeks before fires the playbook,
# once per drop: the unique (playbook, profile, drop week) key stops a rerun in the same
# week, and a run of the same playbook for the profile in the drop_weeks weeks before
# means the same drop (still in its window), not a new one.
PLAYBOOK_ANY_HEALTH_DROP = ("SELECT 1 FROM crm_lifecycle_playbook WHERE active "
                            "AND trigger = 'health_drop' LIMIT 1")
PLAYBOOK_INSERT_DROP_RUNS = """
INSERT INTO crm_lifecycle_playbook_run (playbook_id, profile_id, partner_id, company_id, date,
    drop_week, drop_points, state, create_uid, write_uid, create_date, write_date)
SELECT pb.id, h.profile_id, h.partner_id, h.company_id, %(ref_date)s::date, h.week,
       peak.health_score - h.health_score, 'pending', %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM crm_lifecycle_profile_history h
  JOIN crm_lifecycle_playbook pb
    ON pb.active AND pb.trigger = 'health_drop'
   AND (pb.company_id IS NULL OR pb.company_id = h.company_id)
 CROSS JOIN LATERAL (
       SELECT max(o.health_score) AS health_score FROM crm_lifecycle_profile_history o
        WHERE o.profile_id = h.profile_id AND o.week < h.week
          AND o.week >= h.week - pb.drop_weeks * 7) peak
 WHERE h.week = date_trunc('week', %(ref_date)s::date)::date
   AND (%(full)s OR h.partner_id = ANY(%(partner_ids)s::int[]))
   AND peak.health_score - h.health_score >= pb.drop_points
   AND NOT EXISTS (
       SELECT 1 FROM crm_lifecycle_playbook_run r
        WHERE r.playbook_id = pb.id AND r.profile_id = h.profile_id
          AND r.drop_week < h.week AND r.drop_week >= h.week - pb.drop_weeks * 7)
   AND (pb.segment_id IS NULL OR EXISTS (
        SELECT 1 FROM crm_lifecycle_segment_member m
         WHERE m.segment_id = pb.segment_id AND m.date_left IS NULL
           AND m.partner_id = h.partner_id AND m.company_id = h.company_id))
 ORDER BY h.profile_id, pb.sequence, pb.id
ON CONFLICT (playbook_id, profile_id, drop_week) DO NOTHING
RETURNING id
"""


# -- Likely duplicate customers: the list (crm.lifecycle.duplicate) and the entry check --

# One normalisation of each key, written once below as a function of the column it reads
# and used by the duplicate list (DUPLICATE_REFRESH), by the check at entry
# (DUPLICATE_MATCH, where the "column" is the typed value's parameter) and by the
# expression indexes that make the check an index scan (DUPLICATE_INDEXES): PostgreSQL
# uses an expression index only for the very same expression. Every function used is
# IMMUTABLE, as an index requires. No extension needed (pg_trgm may be missing).

# Legal forms removed from names, as whole words (Latin) or at the end (Chinese).
_LEGAL_WORDS = ("ltd|limited|inc|incorporated|llc|llp|gmbh|corp|corporation|co|company|plc|"
                "sa|sas|sarl|srl|spa|bv|nv|ag|oy|ab|pty|kk")
_LEGAL_CJK = "(股份有限公司|有限责任公司|有限公司|集团公司|公司)$"
# Punctuation, ASCII and CJK, listed so that the result does not depend on the locale.
_PUNCT = "[[:space:][:punct:]，。、；：！？（）【】《》“”‘’·　]+"
# An email address inside the field ("Bob <bob@example.com>" gives bob@example.com).
_EMAIL_ADDRESS = "[^[:space:]<>\"(),;:]+@[^[:space:]<>\"(),;:]+"


def dup_name_key(column):
    """The normalised name: lower case, punctuation to spaces, legal words dropped, spaces
    dropped, a Chinese legal suffix dropped (上海某某有限公司 -> 上海某某); NULL when
    nothing is left."""
    return ("NULLIF(regexp_replace(replace(regexp_replace(\n"
            "    regexp_replace(lower(COALESCE(" + column + ", '')), '" + _PUNCT + "', ' ', 'g'),\n"
            "    '\\m(" + _LEGAL_WORDS + ")\\M', ' ', 'g'), ' ', ''), '" + _LEGAL_CJK + "', ''), '')")


def dup_vat_key(column):
    """VAT or unified social credit code: letters and digits only, upper case."""
    return "NULLIF(upper(regexp_replace(" + column + ", '[^A-Za-z0-9]', '', 'g')), '')"


def dup_email_key(column):
    """The first email address in the field, lower case."""
    return "lower(substring(" + column + " from '" + _EMAIL_ADDRESS + "'))"


def dup_domain_key(column):
    """The email address's domain."""
    return "NULLIF(split_part(" + dup_email_key(column) + ", '@', 2), '')"


def dup_phone_key(column):
    """A phone number's last 8 digits (country and trunk prefixes differ: +86 138-0013-8000
    and 13800138000 are one number); NULL below 8 digits."""
    digits = "regexp_replace(" + column + ", '[^0-9]', '', 'g')"
    return "(CASE WHEN length(" + digits + ") >= 8 THEN right(" + digits + ", 8) END)"


# Who can be a duplicate: an active commercial partner (a company, or a person without
# one: a contact person is never compared with its own company) that is a customer
# (compat.SQL_PARTNER_IS_CUSTOMER), not a user's or a company's own partner.
_DUPLICATE_CANDIDATE = """p.active AND p.commercial_partner_id = p.id
       AND """ + compat.SQL_PARTNER_IS_CUSTOMER + """
       AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)"""

# The expression indexes of the check at entry (engine.recompute.install creates them).
DUPLICATE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_partner_vat_key_idx ON res_partner ("
    + dup_vat_key("vat") + ")",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_partner_email_key_idx ON res_partner ("
    + dup_email_key("email") + ")",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_partner_domain_key_idx ON res_partner ("
    + dup_domain_key("email") + ") WHERE is_company",
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_partner_name_key_idx ON res_partner ("
    + dup_name_key("name") + ")",
] + ["CREATE INDEX IF NOT EXISTS crm_lifecycle_partner_" + column + "_key_idx ON res_partner ("
     + dup_phone_key(column) + ")" for column in compat.PARTNER_PHONE_COLUMNS]
INDEXES += DUPLICATE_INDEXES

# Likely duplicate customers, found set-based: each candidate partner gets its keys
# (VAT, email, email domain of a company outside the public mail domains, phone, name);
# partners sharing a key are paired with the oldest one of the group (a star, not every
# pair: a group of n gives n - 1 rows). Parameters: uid, public_domains.
DUPLICATE_REFRESH = """
DELETE FROM crm_lifecycle_duplicate;
WITH cand AS (
    SELECT p.id, p.company_id, p.is_company, p.vat, p.email, """ + ", ".join(
        "p." + column for column in compat.PARTNER_PHONE_COLUMNS) + """, p.name
      FROM res_partner p
     WHERE """ + _DUPLICATE_CANDIDATE + """
), keys AS (
    SELECT id, 'vat' AS kind, """ + dup_vat_key("vat") + """ AS key FROM cand
    UNION ALL
    SELECT id, 'email', """ + dup_email_key("email") + """ FROM cand
    UNION ALL
    SELECT id, 'domain', """ + dup_domain_key("email") + """ FROM cand WHERE is_company
    UNION ALL
""" + "\n    UNION ALL\n".join("    SELECT id, 'phone', " + dup_phone_key(column) + " FROM cand"
                                for column in compat.PARTNER_PHONE_COLUMNS) + """
    UNION ALL
    SELECT id, 'name', """ + dup_name_key("name") + """ FROM cand
), groups AS (
    SELECT kind, key, MIN(id) AS keep_id
      FROM keys WHERE key IS NOT NULL
       AND NOT (kind = 'domain' AND key = ANY(%(public_domains)s::varchar[]))
     GROUP BY kind, key HAVING COUNT(DISTINCT id) > 1
), pairs AS (
    SELECT g.keep_id, k.id AS dup_id, k.kind
      FROM groups g JOIN keys k ON k.kind = g.kind AND k.key = g.key AND k.id != g.keep_id
)
INSERT INTO crm_lifecycle_duplicate (partner_id, duplicate_id, company_id, match_vat, match_email,
                                     match_domain, match_phone, match_name, create_uid, write_uid,
                                     create_date, write_date)
SELECT x.keep_id, x.dup_id, COALESCE(a.company_id, b.company_id),
       bool_or(x.kind = 'vat'), bool_or(x.kind = 'email'), bool_or(x.kind = 'domain'),
       bool_or(x.kind = 'phone'), bool_or(x.kind = 'name'),
       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM pairs x
  JOIN cand a ON a.id = x.keep_id
  JOIN cand b ON b.id = x.dup_id
 -- customers of two different companies are not merged
 WHERE a.company_id IS NULL OR b.company_id IS NULL OR a.company_id = b.company_id
 GROUP BY x.keep_id, x.dup_id, a.company_id, b.company_id
"""


def _match_phone(column):
    return ("    SELECT p.id, 'phone' FROM res_partner p\n"
            "     WHERE %(use_phone)s AND " + dup_phone_key("p." + column)
            + " = ANY(ARRAY(SELECT " + dup_phone_key("x") + " FROM unnest(%(phones)s::varchar[]) x))")


# The existing customers that a customer or a lead being entered matches, key by key, each
# branch an index scan of DUPLICATE_INDEXES (the typed value's key is a constant the
# planner folds). Parameters: use_<key> (the keys switched on), vat, email, phones (array),
# name, is_company, public_domains, exclude_ids (the record itself), company_id (NULL: any
# company), limit. One row per customer: id and its matched keys.
DUPLICATE_MATCH = """
WITH hits AS (
    SELECT p.id, 'vat' AS kind FROM res_partner p
     WHERE %(use_vat)s AND """ + dup_vat_key("p.vat") + " = " + dup_vat_key("%(vat)s::varchar") + """
    UNION ALL
    SELECT p.id, 'email' FROM res_partner p
     WHERE %(use_email)s
       AND """ + dup_email_key("p.email") + " = " + dup_email_key("%(email)s::varchar") + """
    UNION ALL
    SELECT p.id, 'domain' FROM res_partner p
     WHERE %(use_domain)s AND %(is_company)s AND p.is_company
       AND """ + dup_domain_key("p.email") + " = " + dup_domain_key("%(email)s::varchar") + """
       AND NOT """ + dup_domain_key("%(email)s::varchar") + """ = ANY(%(public_domains)s::varchar[])
    UNION ALL
""" + "\n    UNION ALL\n".join(_match_phone(column) for column in compat.PARTNER_PHONE_COLUMNS) + """
    UNION ALL
    SELECT p.id, 'name' FROM res_partner p
     WHERE %(use_name)s AND """ + dup_name_key("p.name") + " = " + dup_name_key("%(name)s::varchar") + """
)
SELECT h.id, array_agg(DISTINCT h.kind ORDER BY h.kind) AS kinds
  FROM hits h
  JOIN res_partner p ON p.id = h.id
 WHERE """ + _DUPLICATE_CANDIDATE + """
   AND p.id != ALL(%(exclude_ids)s::int[])
   -- customers of two different companies are not duplicates (as in the list)
   AND (p.company_id IS NULL OR %(company_id)s::int IS NULL OR p.company_id = %(company_id)s::int)
 GROUP BY h.id
 ORDER BY h.id
 LIMIT %(limit)s
"""

# Salesperson and pool state of matched customers (read whatever the caller may read:
# the check says who holds a customer, see engine/dupcheck.py).
DUPLICATE_HOLDERS = """
SELECT p.id, p.user_id, p.lifecycle_pool_date IS NOT NULL
  FROM res_partner p WHERE p.id = ANY(%(ids)s::int[])
"""


# -- Partner merge (base.partner.merge.automatic.wizard) -------------------------------

# Whether the segment memberships' table exists (it may not yet while the module is
# being installed or upgraded): the memberships are moved only then.
MERGE_HAS_MEMBERS = "SELECT to_regclass('crm_lifecycle_segment_member') IS NOT NULL"

# Transitions of a removed partner's profile move to the survivor's profile in the same
# company, then that profile goes; a profile in a company where the survivor has none is
# handed over. Run per removed partner, so that two removed partners' profiles in one
# company end up as one.
# A moved change takes a provisional position (-id: unique, below every real one) until
# MERGE_RENUMBER_HISTORY orders the survivor's whole history by date.
MERGE_MOVE_TRANSITIONS = """
UPDATE crm_lifecycle_transition t
   SET profile_id = d.id, partner_id = %(dst)s, sequence = -t.id
  FROM crm_lifecycle_profile s
  JOIN crm_lifecycle_profile d ON d.company_id = s.company_id AND d.partner_id = %(dst)s
 WHERE t.profile_id = s.id AND s.partner_id = %(src)s
"""
# The survivor's history as one timeline: positions 1..n by date. In two steps, since the
# unique (profile, position) index is checked row by row: all provisional first.
MERGE_PROVISIONAL_HISTORY = """
UPDATE crm_lifecycle_transition SET sequence = -id WHERE partner_id = %(dst)s AND sequence > 0
"""
MERGE_RENUMBER_HISTORY = """
UPDATE crm_lifecycle_transition t SET sequence = n.position
  FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY date, -sequence) AS position
          FROM crm_lifecycle_transition WHERE partner_id = %(dst)s) n
 WHERE t.id = n.id
"""
# A manual stage of a removed partner is kept on purpose: it carries over to the survivor's
# profile in that company when the survivor has none (its reason says where it came
# from); when both have one, the survivor's stays and the note on the survivor says so.
MERGE_CARRY_OVERRIDES = """
UPDATE crm_lifecycle_profile d
   SET override_stage_id = s.override_stage_id, override_until = s.override_until,
       override_user_id = s.override_user_id,
       override_reason = LEFT(COALESCE(s.override_reason, '') || ' ' || %(origin)s, 1000)
  FROM crm_lifecycle_profile s
 WHERE s.partner_id = %(src)s AND d.partner_id = %(dst)s AND d.company_id = s.company_id
   AND s.override_stage_id IS NOT NULL AND d.override_stage_id IS NULL
"""
MERGE_DROPPED_OVERRIDES = """
SELECT s.company_id FROM crm_lifecycle_profile s
  JOIN crm_lifecycle_profile d ON d.company_id = s.company_id AND d.partner_id = %(dst)s
 WHERE s.partner_id = %(src)s AND s.override_stage_id IS NOT NULL AND d.override_stage_id IS NOT NULL
"""
# Segment memberships follow their profile the same way (they are keyed by profile, and a
# folded profile's deletion would cascade to them).
MERGE_MOVE_MEMBERSHIP_PROFILES = """
UPDATE crm_lifecycle_segment_member m
   SET profile_id = d.id
  FROM crm_lifecycle_profile s
  JOIN crm_lifecycle_profile d ON d.company_id = s.company_id AND d.partner_id = %(dst)s
 WHERE m.profile_id = s.id AND s.partner_id = %(src)s
"""
MERGE_DELETE_FOLDED_PROFILES = """
DELETE FROM crm_lifecycle_profile s
 USING crm_lifecycle_profile d
 WHERE s.partner_id = %(src)s AND d.partner_id = %(dst)s AND d.company_id = s.company_id
RETURNING s.company_id
"""
MERGE_HAND_OVER_PROFILES = """
UPDATE crm_lifecycle_profile SET partner_id = %(dst)s WHERE partner_id = %(src)s
"""
MERGE_DROP_DUPLICATE_ROWS = """
DELETE FROM crm_lifecycle_duplicate
 WHERE partner_id = ANY(%(srcs)s::int[]) OR duplicate_id = ANY(%(srcs)s::int[])
"""
# Segment memberships (crm_lifecycle_segment_member, from the segments feature): a current
# membership of a removed partner in a segment the survivor is currently in is closed
# today (history kept, one current membership), then all rows move.
MERGE_CLOSE_DOUBLE_MEMBERSHIPS = """
UPDATE crm_lifecycle_segment_member s
   SET date_left = %(today)s
 WHERE s.partner_id = ANY(%(srcs)s::int[]) AND s.date_left IS NULL
   AND EXISTS (SELECT 1 FROM crm_lifecycle_segment_member d
                WHERE d.partner_id = %(dst)s AND d.segment_id = s.segment_id
                  AND d.company_id IS NOT DISTINCT FROM s.company_id AND d.date_left IS NULL)
"""
MERGE_MOVE_MEMBERSHIPS = """
UPDATE crm_lifecycle_segment_member SET partner_id = %(dst)s WHERE partner_id = ANY(%(srcs)s::int[])
"""

# The segments the merged partners are in, read before their stays move, so that the
# totals of exactly those segments are recounted afterwards. Parameters: srcs, dst.
MERGE_MEMBER_SEGMENTS = ("SELECT DISTINCT segment_id FROM crm_lifecycle_segment_member "
                         "WHERE partner_id = ANY(%(srcs)s::int[]) OR partner_id = %(dst)s")
# When MERGE_MOVE_MEMBERSHIPS is refused by a constraint of the segments feature: the
# removed partners' stays, moved one by one (MERGE_MOVE_MEMBERSHIP) so that only the
# conflicting ones are dropped. Parameters: srcs; dst, member_id.
MERGE_SOURCE_MEMBERS = (
    "SELECT id FROM crm_lifecycle_segment_member WHERE partner_id = ANY(%(srcs)s::int[])")
MERGE_MOVE_MEMBERSHIP = (
    "UPDATE crm_lifecycle_segment_member SET partner_id = %(dst)s WHERE id = %(member_id)s")


def order_scope_sql(cr):
    """The engine's order scope for every customer and every date, as CTE text for a
    statement or a view that begins with WITH: `orders AS (...)` with partner_id (the
    commercial partner), company_id, d (the order day) and amount (untaxed, in company
    currency on the order day). The orders that count are those METRICS counts: confirmed,
    of a commercial partner that is not a company's own partner. The cursor binds the
    fragment's parameters, so the text holds no placeholder and no input."""
    return cr.mogrify(_SCOPE_ORDERS, {
        # every customer: the partner list is read only when `full` is false
        "full": True, "partner_ids": [],
        # no cut-off: every order date is before it
        "ref_date": "infinity",
    }).decode()


# -- Reorder suggestions (engine/reorder.py) -------------------------------------------

# One reorder job at a time per database (the recompute holds key 1).
REORDER_LOCK = "SELECT pg_try_advisory_xact_lock(7300, 2)"

# One open suggestion per customer and company, whatever two jobs do at once.
REORDER_OPEN_UNIQUE = """
CREATE UNIQUE INDEX IF NOT EXISTS crm_lifecycle_reorder_open_uniq
    ON crm_lifecycle_reorder (partner_id, company_id) WHERE state = 'open'
"""

# Open suggestions the customer has answered: it ordered on or after the suggestion's day
# (the suggested quotation confirmed counts the same), or the quotation was cancelled or
# deleted by the salesperson, which dismisses the suggestion for its cycle.
# Parameters: none.
REORDER_CLOSE = """
UPDATE crm_lifecycle_reorder s
   SET state = CASE WHEN EXISTS (SELECT 1 FROM sale_order so
                                   JOIN res_partner op ON op.id = so.partner_id
                                  WHERE op.commercial_partner_id = s.partner_id
                                    AND so.company_id = s.company_id
                                    AND so.state IN ('sale', 'done')
                                    AND so.date_order >= s.suggested_on)
                    THEN 'ordered' ELSE 'dismissed' END,
       write_date = now() AT TIME ZONE 'UTC'
 WHERE s.state = 'open'
   AND (EXISTS (SELECT 1 FROM sale_order so
                  JOIN res_partner op ON op.id = so.partner_id
                 WHERE op.commercial_partner_id = s.partner_id AND so.company_id = s.company_id
                   AND so.state IN ('sale', 'done') AND so.date_order >= s.suggested_on)
        OR (s.with_quotation AND NOT EXISTS (SELECT 1 FROM sale_order so
                                              WHERE so.id = s.order_id AND so.state <> 'cancel')))
"""

# Customers whose next order is overdue by more than after_days, with a salesperson to
# ask, and no suggestion open or already made for this cycle (the same expected date):
# the most valuable first, at most `limit`. Lapsed customers are left to the win-back
# playbooks: a quotation of what they bought long ago is no reorder. Parameters:
# after_days, limit.
REORDER_CANDIDATES = """
SELECT p.id, p.partner_id, p.company_id, p.next_order_date, p.reorder_overdue_days,
       COALESCE(rp.user_id, p.user_id) AS user_id
  FROM crm_lifecycle_profile p
  JOIN res_partner rp ON rp.id = p.partner_id AND rp.active
  JOIN res_users u ON u.id = COALESCE(rp.user_id, p.user_id) AND u.active
  LEFT JOIN crm_lifecycle_stage st ON st.id = p.stage_id
 WHERE p.next_order_date IS NOT NULL AND p.reorder_overdue_days > %(after_days)s
   AND st.code IS DISTINCT FROM 'lapsed'
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_reorder s
                    WHERE s.partner_id = p.partner_id AND s.company_id = p.company_id
                      AND (s.state = 'open' OR s.expected_date = p.next_order_date))
 ORDER BY p.annual_value DESC NULLS LAST, p.partner_id
 LIMIT %(limit)s
"""

# A customer's typical recent order: the products in at least half of its last three
# confirmed orders (in that company), each with its median quantity per order; only
# products still sold (active, can be sold). Parameters: partner_ids, company_ids
# (aligned arrays).
REORDER_TYPICAL_LINES = """
WITH wanted AS (
    SELECT * FROM unnest(%(partner_ids)s::int[], %(company_ids)s::int[]) AS w(partner_id, company_id)
),
recent AS (
    SELECT so.id, w.partner_id, w.company_id,
           row_number() OVER (PARTITION BY w.partner_id, w.company_id
                              ORDER BY so.date_order DESC, so.id DESC) AS n
      FROM wanted w
      JOIN res_partner op ON op.commercial_partner_id = w.partner_id
      JOIN sale_order so ON so.partner_id = op.id AND so.company_id = w.company_id
     WHERE so.state IN ('sale', 'done')
),
last_orders AS (
    SELECT r.*, count(*) OVER (PARTITION BY r.partner_id, r.company_id) AS orders
      FROM recent r WHERE r.n <= 3
),
per_order AS (
    SELECT lo.partner_id, lo.company_id, lo.orders, sol.product_id, sum(sol.product_uom_qty) AS qty
      FROM last_orders lo
      JOIN sale_order_line sol ON sol.order_id = lo.id AND sol.product_id IS NOT NULL
                              AND sol.product_uom_qty > 0
     GROUP BY lo.partner_id, lo.company_id, lo.orders, lo.id, sol.product_id
)
SELECT po.partner_id, po.company_id, po.product_id,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY po.qty) AS qty
  FROM per_order po
  JOIN product_product pp ON pp.id = po.product_id AND pp.active
  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.active AND pt.sale_ok
 GROUP BY po.partner_id, po.company_id, po.product_id, po.orders
HAVING 2 * count(*) >= po.orders
 ORDER BY po.partner_id, po.company_id, po.product_id
"""


# -- Category churn (engine/categories.py) ---------------------------------------------

# Each customer's purchases per product category (the category's ancestor at the
# configured level, 1 = the root categories; a shallower category stands for itself), one
# row per customer, company and category, for the customers of lc_result: purchase days,
# first and last, the median gap between purchase days, the category's annual revenue
# (company currency) and whether the customer stopped buying it: at least two purchase
# days and more than `factor` x its own gap since the last. The recursive walk reads the
# category tree, a few hundred rows, the same on every series. The rows go into lc_category
# first; the stored ones are then updated where a value changed, inserted where new and
# deleted where the customer no longer buys the category: most rows keep their keys from
# one day to the next, an update that keeps them pays no foreign-key checks, and a same-day
# rerun writes nothing. Parameters: ref_date, category_level, category_factor, uid.
CATEGORY_TABLE = """
CREATE TEMP TABLE lc_category ON COMMIT DROP AS
WITH RECURSIVE tree AS (
    SELECT id, ARRAY[id] AS path FROM product_category WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.path || c.id FROM product_category c JOIN tree t ON c.parent_id = t.id
),
levels AS (
    SELECT id, path[LEAST(%(category_level)s, array_length(path, 1))] AS categ_id FROM tree
),
buys AS (
    SELECT r.partner_id, r.company_id, lv.categ_id, so.date_order::date AS d,
           (""" + _in_company_currency("sol.price_subtotal") + """)::numeric AS amount
      FROM lc_result r
      JOIN res_partner op ON op.commercial_partner_id = r.partner_id
      JOIN sale_order so ON so.partner_id = op.id AND so.company_id = r.company_id
      JOIN res_company c ON c.id = so.company_id
      """ + compat.SQL_ORDER_CURRENCY_JOIN + """
      JOIN sale_order_line sol ON sol.order_id = so.id AND sol.product_uom_qty > 0
      JOIN product_product pp ON pp.id = sol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN levels lv ON lv.id = pt.categ_id
     WHERE so.state IN ('sale', 'done') AND so.date_order < %(ref_date)s::date + 1
),
days AS (
    SELECT partner_id, company_id, categ_id, d, sum(amount) AS amount
      FROM buys GROUP BY partner_id, company_id, categ_id, d
),
gaps AS (
    SELECT days.*, d - lag(d) OVER (PARTITION BY partner_id, company_id, categ_id ORDER BY d) AS gap
      FROM days
),
per_category AS (
    SELECT partner_id, company_id, categ_id, count(*) AS purchases, min(d) AS first_date,
           max(d) AS last_date, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS gap_days,
           sum(amount) AS revenue_total
      FROM gaps GROUP BY partner_id, company_id, categ_id
)
SELECT p.id AS profile_id, x.partner_id, x.company_id, p.currency_id, x.categ_id, x.purchases,
       x.first_date, x.last_date, x.gap_days, %(ref_date)s::date - x.last_date AS days_since,
       x.purchases >= 2 AND x.gap_days > 0
           AND %(ref_date)s::date - x.last_date > %(category_factor)s * x.gap_days AS stopped,
       n.next_date, GREATEST(0, %(ref_date)s::date - n.next_date) AS overdue_days,
       x.revenue_total * 365.0 / GREATEST(%(ref_date)s::date - x.first_date + 1, 365) AS annual_value
  FROM per_category x
  JOIN crm_lifecycle_profile p ON p.partner_id = x.partner_id AND p.company_id = x.company_id
 -- a repeat category's next purchase is due one usual gap after its last
 CROSS JOIN LATERAL (SELECT CASE WHEN x.purchases >= 2 AND x.gap_days > 0
                                 THEN x.last_date + round(x.gap_days)::int END AS next_date) n
"""
CATEGORY_ANALYZE = "ANALYZE lc_category (partner_id, company_id, categ_id)"
CATEGORY_COLUMNS = ["profile_id", "currency_id", "purchases", "first_date", "last_date", "gap_days",
                    "days_since", "stopped", "next_date", "overdue_days", "annual_value"]
_CATEGORY_KEY = "c.partner_id = x.partner_id AND c.company_id = x.company_id AND c.categ_id = x.categ_id"
CATEGORY_UPDATE = """
UPDATE crm_lifecycle_profile_category c
   SET """ + ", ".join(col + " = x." + col for col in CATEGORY_COLUMNS) + """,
       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
  FROM lc_category x
 WHERE """ + _CATEGORY_KEY + """
   AND (""" + ", ".join("c." + col for col in CATEGORY_COLUMNS) + """)
       IS DISTINCT FROM (""" + ", ".join("x." + col for col in CATEGORY_COLUMNS) + """)
"""
CATEGORY_INSERT = """
INSERT INTO crm_lifecycle_profile_category (
    partner_id, company_id, categ_id, """ + ", ".join(CATEGORY_COLUMNS) + """,
    create_uid, create_date, write_uid, write_date)
SELECT x.partner_id, x.company_id, x.categ_id, """ + ", ".join("x." + col for col in CATEGORY_COLUMNS) + """,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM lc_category x
 WHERE NOT EXISTS (SELECT 1 FROM crm_lifecycle_profile_category c WHERE """ + _CATEGORY_KEY + """)
"""
# the computed customers' rows of categories they no longer buy (an order cancelled, a
# product moved to another category, another category level)
CATEGORY_DELETE = """
DELETE FROM crm_lifecycle_profile_category c
 USING lc_result r
 WHERE c.partner_id = r.partner_id AND c.company_id = r.company_id
   AND NOT EXISTS (SELECT 1 FROM lc_category x WHERE """ + _CATEGORY_KEY + """)
"""

# The profiles' list of stopped categories (a stored many2many that segment rules and
# searches read), brought in line with lc_category: the pairs no longer stopped go, the
# newly stopped come.
CATEGORY_STOPPED_DELETE = """
DELETE FROM crm_lifecycle_profile_stopped_categ_rel rel
 USING crm_lifecycle_profile p, lc_result r
 WHERE rel.profile_id = p.id AND p.partner_id = r.partner_id AND p.company_id = r.company_id
   AND NOT EXISTS (SELECT 1 FROM lc_category x
                    WHERE x.profile_id = rel.profile_id AND x.categ_id = rel.categ_id AND x.stopped)
"""
CATEGORY_STOPPED_INSERT = """
INSERT INTO crm_lifecycle_profile_stopped_categ_rel (profile_id, categ_id)
SELECT x.profile_id, x.categ_id
  FROM lc_category x
 WHERE x.stopped
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_profile_stopped_categ_rel rel
                    WHERE rel.profile_id = x.profile_id AND rel.categ_id = x.categ_id)
"""


# Margin per customer (engine/margin.py), into lc_margin right after METRICS (ABC and CLV
# may rank on it): each confirmed order line's revenue less its cost, in company currency,
# over the history, the last 365 days and the scoring window. The cost is the line's own
# (sale_margin's purchase_price, in the order's currency, fixed when the line was made) or,
# without sale_margin, the product's standard cost when the order was made where the series
# keeps its history, else today's (compat.SQL_LINE_COST_AT_ORDER, SQL_LINE_STANDARD_COST):
# looked up per line, so that a refresh of one customer reads only its products' costs.
# Summed as numeric: a sum of floating-point numbers depends on the order of its terms,
# and a last digit that moves from one run to the next would rewrite the profile.
def margin_table(line_cost, costs="", joins=""):
    """The lc_margin statement for a line's cost in company currency (MARGIN_TABLE_*), with
    the CTEs and joins that expression reads."""
    return """
CREATE TEMP TABLE lc_margin ON COMMIT DROP AS
WITH """ + costs + """lines AS (
    SELECT m.partner_id, m.company_id, so.date_order::date AS d,
           (""" + _in_company_currency("sol.price_subtotal") + """)::numeric AS revenue,
           (""" + line_cost + """)::numeric AS cost
      FROM lc_metrics m
      JOIN res_partner op ON op.commercial_partner_id = m.partner_id
      JOIN sale_order so ON so.partner_id = op.id AND so.company_id = m.company_id
      JOIN res_company c ON c.id = so.company_id
      """ + compat.SQL_ORDER_CURRENCY_JOIN + """
      JOIN sale_order_line sol ON sol.order_id = so.id""" + joins + """
     WHERE m.order_count > 0
       AND so.state IN ('sale', 'done') AND so.date_order < %(ref_date)s::date + 1
)
SELECT partner_id, company_id, sum(revenue) AS revenue, sum(revenue - cost) AS margin_total,
       COALESCE(sum(revenue - cost) FILTER (WHERE d > %(ref_date)s::date - 365), 0) AS margin_365,
       COALESCE(sum(revenue - cost) FILTER (WHERE d > %(ref_date)s::date - %(window_days)s), 0)
           AS margin_window
  FROM lines
 GROUP BY partner_id, company_id
"""


MARGIN_TABLE_LINE_COST = margin_table(
    _in_company_currency("sol.product_uom_qty * COALESCE(sol.purchase_price, 0)"))
# the standard cost is in company currency already: looked up per line for a few customers,
# joined from the whole (small) tables of costs for everybody
MARGIN_TABLE_STANDARD_COST = margin_table(
    "sol.product_uom_qty * COALESCE(" + compat.SQL_LINE_COST_AT_ORDER + ", "
    + compat.SQL_LINE_STANDARD_COST + ", 0)")
MARGIN_TABLE_STANDARD_COST_FULL = margin_table(
    "sol.product_uom_qty * COALESCE(h.cost, own.cost, dflt.cost, 0)",
    costs="costs AS MATERIALIZED (" + compat.SQL_PRODUCT_COSTS + "),\n"
          "periods AS (" + compat.SQL_PRODUCT_COST_PERIODS + "),\n",
    joins="""
      LEFT JOIN periods h ON h.product_id = sol.product_id AND h.company_id = so.company_id
                         AND so.date_order >= h.since AND (h.until IS NULL OR so.date_order < h.until)
      LEFT JOIN costs own ON own.product_id = sol.product_id AND own.company_id = so.company_id
      LEFT JOIN costs dflt ON dflt.product_id = sol.product_id AND dflt.company_id IS NULL""")
ANALYZE_MARGIN = "ANALYZE lc_margin (partner_id, company_id)"

# With the value basis "margin", the predicted CLV is the predicted revenue at the
# customer's own margin rate (which may be negative: a customer sold at a loss).
CLV_ON_MARGIN = """
UPDATE lc_clv c SET clv_12m = c.clv_12m * m.margin_total / m.revenue
  FROM lc_margin m
 WHERE m.partner_id = c.partner_id AND m.company_id = c.company_id AND m.revenue > 0
"""


# The calibration graph's rows (crm.lifecycle.backtest.calibration): each decile of a
# backtest unpivoted into its four series.
BACKTEST_CALIBRATION_VIEW = """
CREATE OR REPLACE VIEW crm_lifecycle_backtest_calibration AS (
SELECT l.id * 4 + s.k AS id, l.backtest_id, b.company_id, l.decile, s.series,
       CASE s.k WHEN 0 THEN l.actual WHEN 1 THEN l.predicted
                WHEN 2 THEN l.baseline_history ELSE l.baseline_last END AS purchases
  FROM crm_lifecycle_backtest_line l
  JOIN crm_lifecycle_backtest b ON b.id = l.backtest_id
 CROSS JOIN (VALUES (0, 'actual'), (1, 'model'), (2, 'rate'), (3, 'last')) AS s (k, series)
)
"""


# The acquisition (engine/acquisition.py): the UTM source, medium and campaign of the
# customer's first lead (of its contacts, in the profile's company or of no company,
# earliest create date) when that lead has any of them and came no later than the first
# order (a lead of a customer who already bought did not acquire it), else of its first
# confirmed order (earliest order date) where orders carry UTM fields
# (compat.order_has_utm). Set for the customers of lc_result after their profiles (the
# first order date) are written, and only where changed. Parameters: ref_date.
def acquisition_update(with_orders):
    """The acquisition statement, with or without the orders' UTM fields: fixed text."""
    orders = """
first_order AS (
    SELECT DISTINCT ON (r.partner_id, r.company_id) r.partner_id, r.company_id,
           so.source_id, so.medium_id, so.campaign_id
      FROM lc_result r
      JOIN res_partner op ON op.commercial_partner_id = r.partner_id
      JOIN sale_order so ON so.partner_id = op.id AND so.company_id = r.company_id
     WHERE so.state IN ('sale', 'done') AND so.date_order < %(ref_date)s::date + 1
     ORDER BY r.partner_id, r.company_id, so.date_order, so.id
)""" if with_orders else """
first_order AS (
    SELECT NULL::int AS partner_id, NULL::int AS company_id, NULL::int AS source_id,
           NULL::int AS medium_id, NULL::int AS campaign_id WHERE false
)"""
    return """
WITH first_lead AS (
    SELECT DISTINCT ON (r.partner_id, r.company_id) r.partner_id, r.company_id,
           l.source_id, l.medium_id, l.campaign_id, l.create_date
      FROM lc_result r
      JOIN res_partner lp ON lp.commercial_partner_id = r.partner_id
      JOIN crm_lead l ON l.partner_id = lp.id AND (l.company_id = r.company_id OR l.company_id IS NULL)
     WHERE l.create_date < %(ref_date)s::date + 1
     ORDER BY r.partner_id, r.company_id, l.create_date, l.id
),""" + orders + """,
x AS (
    SELECT p.id,
           CASE WHEN u.from_lead THEN fl.source_id ELSE fo.source_id END AS source_id,
           CASE WHEN u.from_lead THEN fl.medium_id ELSE fo.medium_id END AS medium_id,
           CASE WHEN u.from_lead THEN fl.campaign_id ELSE fo.campaign_id END AS campaign_id
      FROM lc_result r
      JOIN crm_lifecycle_profile p ON p.partner_id = r.partner_id AND p.company_id = r.company_id
      LEFT JOIN first_lead fl ON fl.partner_id = r.partner_id AND fl.company_id = r.company_id
      LEFT JOIN first_order fo ON fo.partner_id = r.partner_id AND fo.company_id = r.company_id
     CROSS JOIN LATERAL (SELECT COALESCE(fl.source_id, fl.medium_id, fl.campaign_id) IS NOT NULL
                                AND (p.first_order_date IS NULL OR fl.create_date::date <= p.first_order_date)
                                AS from_lead) u
)
UPDATE crm_lifecycle_profile p
   SET acquisition_source_id = x.source_id, acquisition_medium_id = x.medium_id,
       acquisition_campaign_id = x.campaign_id
  FROM x
 WHERE p.id = x.id
   AND (p.acquisition_source_id, p.acquisition_medium_id, p.acquisition_campaign_id)
       IS DISTINCT FROM (x.source_id, x.medium_id, x.campaign_id)
"""


ACQUISITION_UPDATE_LEADS_ORDERS = acquisition_update(True)
ACQUISITION_UPDATE_LEADS = acquisition_update(False)


# -- targeted campaigns (models/lifecycle_campaign.py) ----------------------------------
# A segment action takes its segment's row lock first, without waiting: two actions on one
# segment at once would both create its mailing list or tag, or act twice. Parameters: id.
CAMPAIGN_LOCK_SEGMENT = "SELECT id FROM crm_lifecycle_segment WHERE id = %(id)s FOR UPDATE NOWAIT"

# The members of a new campaign, with its hold-out: the members ordered by
# md5(campaign id, partner id, company id), which is reproducible and differs from one
# campaign to the next, and the first floor(share x members / 100) of them held out (never
# more than the share: a segment of fewer than 100 / share members has no hold-out).
# Parameters: campaign_id, partner_ids, company_ids (arrays of one length), share, day, uid.
CAMPAIGN_INSERT_MEMBERS = """
WITH m AS (
    SELECT DISTINCT partner_id, company_id
      FROM unnest(%(partner_ids)s::int[], %(company_ids)s::int[]) AS u(partner_id, company_id)
),
ranked AS (
    SELECT m.*, row_number() OVER (ORDER BY md5(%(campaign_id)s::text || '-' || m.partner_id::text
                                                 || '-' || m.company_id::text), m.partner_id, m.company_id)
               AS rank,
           count(*) OVER () AS n
      FROM m
)
INSERT INTO crm_lifecycle_campaign_member
       (campaign_id, partner_id, company_id, held_out, date_contacted,
        create_uid, create_date, write_uid, write_date)
SELECT %(campaign_id)s, r.partner_id, r.company_id, r.held_out,
       CASE WHEN r.held_out THEN NULL ELSE %(day)s::date END,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM (SELECT ranked.*, rank <= floor(%(share)s::numeric * n / 100.0) AS held_out FROM ranked) r
RETURNING partner_id, company_id, held_out
"""

# Each campaign's results, for its contacted and its held-out members: members, buyers
# (members whose commercial partner confirmed an order in the member's company in the
# window after the launch, (launch day, launch day + N days]) and their untaxed revenue in
# company currency. Parameters: ids.
CAMPAIGN_RESULTS = """
WITH m AS (
    SELECT cm.id, cm.campaign_id, cm.partner_id, cm.company_id, cm.held_out,
           k.date_launched, k.window_days
      FROM crm_lifecycle_campaign_member cm
      JOIN crm_lifecycle_campaign k ON k.id = cm.campaign_id
     WHERE cm.campaign_id = ANY(%(ids)s::int[])
),
bought AS (
    SELECT m.id, sum(CASE WHEN """ + compat.SQL_ORDER_CURRENCY + """ = c.currency_id THEN so.amount_untaxed
                          ELSE so.amount_untaxed
                               * crm_lifecycle_rate(c.currency_id, so.company_id, so.date_order::date)
                               / NULLIF(crm_lifecycle_rate(""" + compat.SQL_ORDER_CURRENCY + """,
                                                           so.company_id, so.date_order::date), 0)
                     END) AS revenue
      FROM m
      JOIN res_partner op ON op.commercial_partner_id = m.partner_id
      JOIN sale_order so ON so.partner_id = op.id AND so.company_id = m.company_id
      JOIN res_company c ON c.id = so.company_id
      """ + compat.SQL_ORDER_CURRENCY_JOIN + """
     WHERE so.state IN ('sale', 'done')
       AND so.date_order >= m.date_launched + 1
       AND so.date_order < m.date_launched + m.window_days + 1
     GROUP BY m.id
)
SELECT m.campaign_id, m.held_out, count(*) AS members, count(b.id) AS buyers,
       COALESCE(sum(b.revenue), 0) AS revenue
  FROM m
  LEFT JOIN bought b ON b.id = m.id
 GROUP BY m.campaign_id, m.held_out
"""
