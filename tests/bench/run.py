# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale benchmark measurements on a database filled by generate.py (Odoo 11):

(a) floor      the least SQL that reads every source table the engine reads once: one
               GROUP BY partner/company (count, sum, max) per table, unioned, into a
               temporary table; median of 3 after a warm-up run
(b) engine     engine.recompute(env) for everybody: the first run (creates the profiles
               and their first transitions), the churn model fit (weekly cron), then the
               steady state with a valid fit (the daily cron): median of a run as of
               tomorrow and one back as of today (each rewrites every profile); a rerun
               on the same day (writes only what changed) is reported beside it; commit
               included
(c) ORM loop   the naive alternative: per customer, ORM searches/reads of its orders,
               invoices, receivable lines and reconciliations, payments, deliveries,
               returns, tickets, leads and activities, the same metrics computed in Python,
               written to its profile; on a random sample, extrapolated linearly to every
               profile (rolled back); its metrics are checked against the engine's
(d) refresh    a new confirmed order for a customer (ORM, untimed), then
               engine.recompute(env, partner_ids=[pid]) + commit, median of 7
(e) list page  search_read of the profile list view's fields, 80 rows by health, as a
               Lifecycle Manager (record rules apply), median of 7; search_count beside it
(f) memory     peak RSS of this process during (b) (sampled every 10 ms) less the RSS
               before it
steps          inside (b) and (d), the time of the engine's steps that read the order
               lines, from their own statements: category churn (CATEGORY_*), margin
               (*MARGIN*) and the weekly history snapshot (HISTORY_*); with --explain
               also EXPLAIN ANALYZE of each of those statements inside one more full
               recompute (rolled back)

Prints a table, then the JSON result object as the last line of stdout.
"""
import argparse
import datetime
import json
import os
import platform
import random
import resource
import statistics
import sys
import threading
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PARAM_KEY, environment, say  # noqa: E402

BUDGETS = {  # at 1M orders, Odoo 11 + PostgreSQL 15 on the project's 2-core machine
    "engine_over_floor": 2.5, "recompute_s": 60.0, "orm_over_engine": 50.0,
    "refresh_ms": 50.0, "list_page_ms": 200.0, "rss_growth_mb": 300.0,
}

# (a) Every source table the engine reads, once, grouped by its partner and company.
FLOOR = """
CREATE TEMP TABLE bench_floor ON COMMIT DROP AS
SELECT 'partner'::text AS src, commercial_partner_id AS partner_id, company_id, count(*) AS n,
       NULL::numeric AS amount, max(create_date)::date AS last
  FROM res_partner GROUP BY commercial_partner_id, company_id
UNION ALL
SELECT 'order', partner_id, company_id, count(*), sum(amount_untaxed), max(date_order)::date
  FROM sale_order WHERE state IN ('sale', 'done') GROUP BY partner_id, company_id
UNION ALL
SELECT 'invoice', commercial_partner_id, company_id, count(*), sum(residual_company_signed), max(date_invoice)
  FROM account_invoice WHERE type IN ('out_invoice', 'out_refund') AND state IN ('open', 'paid')
 GROUP BY commercial_partner_id, company_id
UNION ALL
SELECT 'move_line', partner_id, company_id, count(*), sum(amount_residual), max(date)
  FROM account_move_line
 WHERE account_id IN (SELECT id FROM account_account WHERE internal_type = 'receivable')
 GROUP BY partner_id, company_id
UNION ALL
SELECT 'reconcile', NULL, company_id, count(*), sum(amount), max(max_date)
  FROM account_partial_reconcile GROUP BY company_id
UNION ALL
SELECT 'payment', partner_id, company_id, count(*), sum(amount), max(payment_date)
  FROM account_payment WHERE partner_type = 'customer' AND state IN ('posted', 'reconciled')
 GROUP BY partner_id, company_id
UNION ALL
SELECT 'picking', partner_id, company_id, count(*),
       count(*) FILTER (WHERE date_done::date <= scheduled_date::date)::numeric, max(date_done)::date
  FROM stock_picking WHERE state = 'done' GROUP BY partner_id, company_id
UNION ALL
SELECT 'ticket', partner_id, company_id, count(*), count(closed_date)::numeric, max(create_date)::date
  FROM helpdesk_ticket GROUP BY partner_id, company_id
UNION ALL
SELECT 'lead', partner_id, company_id, count(*), sum(planned_revenue)::numeric, max(create_date)::date
  FROM crm_lead GROUP BY partner_id, company_id
UNION ALL
SELECT 'activity', res_id, NULL, count(*), NULL, max(date)::date
  FROM mail_message WHERE model IN ('res.partner', 'crm.lead') AND mail_activity_type_id IS NOT NULL
 GROUP BY res_id
"""

SIZES = [
    ("customers", "SELECT count(*) FROM res_partner "
                  "WHERE is_company AND id IN (SELECT partner_id FROM sale_order)"),
    ("profiles", "SELECT count(*) FROM crm_lifecycle_profile"),
    ("partners", "SELECT count(*) FROM res_partner"),
    ("orders", "SELECT count(*) FROM sale_order WHERE state IN ('sale', 'done')"),
    ("order_lines", "SELECT count(*) FROM sale_order_line"),
    ("products", "SELECT count(*) FROM product_product"),
    ("quotations", "SELECT count(*) FROM sale_order WHERE state NOT IN ('sale', 'done')"),
    ("invoices", "SELECT count(*) FROM account_invoice WHERE type = 'out_invoice'"),
    ("refunds", "SELECT count(*) FROM account_invoice WHERE type = 'out_refund'"),
    ("move_lines", "SELECT count(*) FROM account_move_line"),
    ("payments", "SELECT count(*) FROM account_payment"),
    ("partial_reconciles", "SELECT count(*) FROM account_partial_reconcile"),
    ("pickings", "SELECT count(*) FROM stock_picking"),
    ("tickets", "SELECT count(*) FROM helpdesk_ticket"),
    ("leads", "SELECT count(*) FROM crm_lead"),
    ("activities", "SELECT count(*) FROM mail_message WHERE mail_activity_type_id IS NOT NULL"),
]


class RssSampler(threading.Thread):
    """Peak resident set size of this process while running (psutil, 10 ms)."""

    def __init__(self):
        super().__init__(daemon=True)
        import psutil
        self.proc = psutil.Process()
        self.baseline = self.proc.memory_info().rss
        self.peak = self.baseline
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self.done.wait(0.01)

    def stop(self):
        self.done.set()
        self.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)
        return self


class StatementTimer(object):
    """Time spent in each statement of a recompute, by the engine's query names."""

    def __init__(self, cr):
        from odoo.addons.crm_lifecycle.engine import queries
        self.cr = cr
        self.names = {}
        for name in dir(queries):
            value = getattr(queries, name)
            if name.isupper() and isinstance(value, str):
                self.names[value.strip()[:120]] = name
        self.seconds = defaultdict(float)
        self.calls = defaultdict(int)

    def label(self, query):
        text = query.decode() if isinstance(query, bytes) else str(query)
        text = text.strip()
        name = self.names.get(text[:120])
        if name:
            return name
        if text.startswith("CREATE TEMP TABLE lc_result"):
            return "RESULT"
        if "INTO crm_lifecycle_transition" in text[:200]:
            return "INSERT transitions"
        if text.startswith("UPDATE") and "crm_lifecycle_profile" in text[:60]:
            return "ORM write stage_id"
        if "lc_clv" in text[:200]:
            return "churn predictions (lc_clv)"
        return "other"

    def __enter__(self):
        cr = self.cr
        original = cr.execute
        self.original = original

        def execute(query, params=None, log_exceptions=None):
            started = time.perf_counter()
            try:
                if log_exceptions is None:
                    return original(query, params)
                return original(query, params, log_exceptions)
            finally:
                label = self.label(query)
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1
        cr.execute = execute
        return self

    def __exit__(self, *exc):
        del self.cr.execute  # back to the class's method
        return False

    def breakdown(self):
        return {k: round(v, 3) for k, v in sorted(self.seconds.items(), key=lambda kv: -kv[1])}


# The engine's steps that read the order lines, by the names of their statements in
# engine/queries.py: category churn (engine/categories.py), margin (engine/margin.py: its
# table, its ANALYZE, the CLV at margin; the profiles get their margin columns in
# UPDATE_PROFILES, with every other figure) and the weekly history snapshot
# (engine/history.py: upsert, prune, trends).
STEPS = (("category", lambda name: name.startswith("CATEGORY_")),
         ("margin", lambda name: "MARGIN" in name),
         ("history", lambda name: name.startswith("HISTORY_")))


def step_seconds(seconds):
    """{step: seconds} from a StatementTimer's {statement name: seconds}."""
    return {step: round(sum(v for k, v in seconds.items() if match(k)), 4) for step, match in STEPS}


def in_step(name):
    return any(match(name) for _step, match in STEPS)


class StepExplainer(StatementTimer):
    """Runs the steps' statements (STEPS) of a recompute as EXPLAIN (ANALYZE, BUFFERS): they
    are executed as usual (their effects happen, the transaction is rolled back afterwards)
    and their plans kept. Their row counts are the plans' lines then: counts are wrong."""

    EXPLAINABLE = ("WITH", "INSERT", "UPDATE", "DELETE", "SELECT", "CREATE TEMP TABLE")

    def __enter__(self):
        cr = self.cr
        original = cr.execute
        self.plans = []

        def execute(query, params=None, log_exceptions=None):
            label = self.label(query)
            text = query.decode() if isinstance(query, bytes) else str(query)
            if in_step(label) and text.lstrip().upper().startswith(self.EXPLAINABLE):
                original("EXPLAIN (ANALYZE, BUFFERS) " + text, params)
                self.plans.append((label, [r[0] for r in cr.fetchall()]))
                return None
            if log_exceptions is None:
                return original(query, params)
            return original(query, params, log_exceptions)
        cr.execute = execute
        return self


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median(values):
    return statistics.median(values) if values else None


def invalidate(env):
    from odoo.addons.crm_lifecycle import compat
    compat.invalidate(env)


# -- (c) the naive per-customer ORM loop -------------------------------------------------

def _d(value):
    """A date from what the ORM returns (strings on 11)."""
    from odoo.addons.crm_lifecycle import compat
    return compat.to_date(value)


def _dt(value):
    if not value or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")


class OrmLoop(object):
    """What a module without set-based SQL would do: one customer at a time, the ORM."""

    def __init__(self, env, ref, config):
        self.env = env
        self.ref = ref
        self.next_day = str(ref + datetime.timedelta(days=1))
        self.window = config.window_days
        self.complaint_categories = set(config.complaint_category_ids.ids)
        self.complaint_tags = set(config.complaint_tag_ids.ids)
        self.fallback_company = env["res.company"].search([], order="id", limit=1).id
        self._codes = {}
        self._closed = {}

    def picking_code(self, type_id):
        if type_id not in self._codes:
            self._codes[type_id] = self.env["stock.picking.type"].browse(type_id).code
        return self._codes[type_id]

    def stage_closed(self, stage_id):
        if stage_id not in self._closed:
            self._closed[stage_id] = bool(self.env["helpdesk.ticket.stage"].browse(stage_id).closed)
        return self._closed[stage_id]

    def metrics(self, pid):
        env, ref, next_day = self.env, self.ref, self.next_day
        partner = env["res.partner"].browse(pid)
        members = env["res.partner"].with_context(active_test=False).search(
            [("commercial_partner_id", "=", pid)]).ids
        own_company = partner.company_id.id or self.fallback_company
        out = defaultdict(lambda: defaultdict(float))
        # orders
        orders = env["sale.order"].search_read(
            [("partner_id", "in", members), ("state", "in", ["sale", "done"]), ("date_order", "<", next_day)],
            ["date_order", "amount_untaxed", "company_id", "pricelist_id", "currency_id"], order="date_order")
        by_company = defaultdict(list)
        for o in orders:
            company = env["res.company"].browse(o["company_id"][0])
            amount = o["amount_untaxed"]
            if o["currency_id"] and o["currency_id"][0] != company.currency_id.id:
                currency = env["res.currency"].browse(o["currency_id"][0])
                amount = currency.with_context(date=o["date_order"][:10]).compute(
                    amount, company.currency_id, round=False)
            by_company[company.id].append((_d(o["date_order"]), amount))
        for cid, rows in by_company.items():
            m = out[cid]
            days = [d for d, _a in rows]
            gaps = [(b - a).days for a, b in zip(days, days[1:])]
            m["order_count"] = len(rows)
            m["first_order_date"], m["last_order_date"] = days[0], days[-1]
            m["prev_order_date"] = days[-2] if len(days) > 1 else None
            m["order_count_365"] = sum(1 for d in days if (ref - d).days < 365)
            m["revenue_total"] = sum(a for _d_, a in rows)
            m["revenue_365"] = sum(a for d, a in rows if (ref - d).days < 365)
            m["revenue_prev_365"] = sum(a for d, a in rows if 365 <= (ref - d).days < 730)
            m["revenue_window"] = sum(a for d, a in rows if (ref - d).days < self.window)
            m["interval_mean_days"] = sum(gaps) / float(len(gaps)) if gaps else None
            m["interval_median_days"] = statistics.median(gaps) if gaps else None
            m["recency_days"] = (ref - days[-1]).days
        # invoices, their receivable lines and what reconciled them
        invoices = env["account.invoice"].search_read(
            [("commercial_partner_id", "=", pid), ("type", "in", ["out_invoice", "out_refund"]),
             ("state", "in", ["open", "paid"]), ("date_invoice", "<=", str(ref))],
            ["type", "date_invoice", "date_due", "amount_total_company_signed", "residual_company_signed",
             "company_id"])
        lines = env["account.move.line"].search_read(
            [("invoice_id", "in", [i["id"] for i in invoices]),
             ("account_id.internal_type", "=", "receivable")],
            ["invoice_id"]) if invoices else []
        line_invoice = {ln["id"]: ln["invoice_id"][0] for ln in lines}
        partials = env["account.partial.reconcile"].search_read(
            ["|", ("debit_move_id", "in", list(line_invoice)), ("credit_move_id", "in", list(line_invoice))],
            ["debit_move_id", "credit_move_id", "amount", "max_date"]) if line_invoice else []
        settled, last_settle = defaultdict(float), {}
        for p in partials:
            for key in ("debit_move_id", "credit_move_id"):
                inv = line_invoice.get(p[key][0])
                if inv:
                    day = _d(p["max_date"])
                    if day <= ref:
                        settled[inv] += p["amount"]
                    last_settle[inv] = max(last_settle.get(inv, day), day)
        overdue_days = defaultdict(int)
        pay_days = defaultdict(list)
        for inv in invoices:
            m = out[inv["company_id"][0]]
            amount, residual = abs(inv["amount_total_company_signed"]), abs(inv["residual_company_signed"])
            last = last_settle.get(inv["id"])
            open_amount = residual if last is None or last <= ref else max(amount - settled[inv["id"]], 0)
            day, due = _d(inv["date_invoice"]), _d(inv["date_due"]) or _d(inv["date_invoice"])
            if inv["type"] == "out_refund":
                m["refunded_total"] += amount
                m["receivable_open"] -= open_amount
            else:
                m["invoiced_total"] += amount
                m["receivable_open"] += open_amount
                if due < ref and open_amount > 0:
                    m["overdue_amount"] += open_amount
                    overdue_days[inv["company_id"][0]] = max(overdue_days[inv["company_id"][0]],
                                                             (ref - due).days)
                if open_amount == 0 and last:
                    pay_days[inv["company_id"][0]].append((last - day).days)
        for cid, m in out.items():
            m["overdue_amount"] = min(m["overdue_amount"], max(m["receivable_open"], 0))
            m["overdue_max_days"] = overdue_days[cid]
            m["days_to_pay_avg"] = sum(pay_days[cid]) / float(len(pay_days[cid])) if pay_days[cid] else None
        # payments received
        payments = env["account.payment"].search_read(
            [("partner_id", "in", members), ("partner_type", "=", "customer"),
             ("state", "in", ["posted", "reconciled"]), ("payment_date", "<=", str(ref))], ["company_id"])
        if payments:
            company_of = {p["id"]: p["company_id"][0] for p in payments}
            for group in env["account.move.line"].read_group(
                    [("payment_id", "in", list(company_of)), ("account_id.internal_type", "=", "receivable")],
                    ["payment_id", "debit", "credit"], ["payment_id"]):
                out[company_of[group["payment_id"][0]]]["paid_total"] += group["credit"] - group["debit"]
        # deliveries and returns
        pickings = env["stock.picking"].search_read(
            [("partner_id", "in", members), ("state", "=", "done"), ("date_done", "<", next_day)],
            ["picking_type_id", "date_done", "scheduled_date", "company_id"])
        incoming = [p["id"] for p in pickings if self.picking_code(p["picking_type_id"][0]) == "incoming"]
        returned = set()
        if incoming:
            for move in env["stock.move"].search_read(
                    [("picking_id", "in", incoming), ("origin_returned_move_id", "!=", False)],
                    ["picking_id"]):
                returned.add(move["picking_id"][0])
        for p in pickings:
            m = out[p["company_id"][0]]
            code = self.picking_code(p["picking_type_id"][0])
            if code == "outgoing":
                m["deliveries_done"] += 1
                if _d(p["date_done"]) <= _d(p["scheduled_date"]):
                    m["deliveries_on_time"] += 1
            elif code == "incoming" and p["id"] in returned:
                m["returns_count"] += 1
        # tickets
        tickets = env["helpdesk.ticket"].search_read(
            [("partner_id", "in", members), ("create_date", "<", next_day)],
            ["create_date", "closed_date", "stage_id", "category_id", "tag_ids", "company_id"])
        hours = defaultdict(list)
        for t in tickets:
            cid = t["company_id"][0] if t["company_id"] else own_company
            m = out[cid]
            created, closed_at = _dt(t["create_date"]), _dt(t["closed_date"])
            is_closed = self.stage_closed(t["stage_id"][0]) and closed_at and closed_at.date() <= ref
            complaint = (t["category_id"] and t["category_id"][0] in self.complaint_categories) or \
                bool(self.complaint_tags.intersection(t["tag_ids"]))
            m["tickets_total"] += 1
            m["tickets_open"] += 0 if is_closed else 1
            recent = (ref - created.date()).days <= 89
            m["tickets_90d"] += 1 if recent else 0
            m["complaints_count"] += 1 if complaint else 0
            m["complaints_90d"] += 1 if complaint and recent else 0
            if is_closed:
                hours[cid].append((closed_at - created).total_seconds() / 3600.0)
        for cid, values in hours.items():
            out[cid]["ticket_close_hours_avg"] = sum(values) / len(values)
        # leads and opportunities
        leads = env["crm.lead"].with_context(active_test=False).search_read(
            [("partner_id", "in", members), ("create_date", "<", next_day)],
            ["type", "planned_revenue", "active", "probability", "date_closed", "write_date", "company_id"])
        for lead in leads:
            m = out[lead["company_id"][0] if lead["company_id"] else own_company]
            won = lead["active"] and lead["probability"] >= 100
            lost = not lead["active"] and lead["probability"] == 0
            closed_at = _dt(lead["date_closed"] or lead["write_date"])
            closed_by_ref = (won or lost) and closed_at.date() <= ref
            open_now = lead["active"] and lead["probability"] < 100
            if lead["type"] == "opportunity" and (open_now or ((won or lost) and not closed_by_ref)):
                m["opps_open"] += 1
                m["opps_open_revenue"] += lead["planned_revenue"]
            m["leads_won"] += 1 if won and closed_by_ref else 0
            m["leads_lost"] += 1 if lost and closed_by_ref else 0
        # done activities on the partner and its leads
        lead_ids = [lead["id"] for lead in leads]
        last_activity = None
        for model, ids in (("res.partner", members), ("crm.lead", lead_ids)):
            if ids:
                found = env["mail.message"].search_read(
                    [("model", "=", model), ("res_id", "in", ids), ("mail_activity_type_id", "!=", False),
                     ("date", "<", next_day)], ["date"], order="date desc", limit=1)
                if found:
                    day = _d(found[0]["date"])
                    last_activity = max(last_activity or day, day)
        for m in out.values():
            m["last_activity_date"] = last_activity
        return out

    def write(self, pid, metrics):
        """Store what was computed, as the engine does (health etc. derived in Python)."""
        Profile = self.env["crm.lifecycle.profile"]
        for cid, m in metrics.items():
            vals = {k: v for k, v in m.items() if k in Profile._fields and k not in ("last_activity_date",)}
            vals["avg_order_value"] = m["revenue_total"] / m["order_count"] if m.get("order_count") else 0
            vals["refund_ratio"] = m["refunded_total"] / m["invoiced_total"] if m.get("invoiced_total") else 0
            vals["delivery_on_time_rate"] = (100.0 * m["deliveries_on_time"] / m["deliveries_done"]
                                             if m.get("deliveries_done") else 0)
            decided = m.get("leads_won", 0) + m.get("leads_lost", 0)
            vals["win_rate"] = 100.0 * m.get("leads_won", 0) / decided if decided else 0
            profile = Profile.search([("partner_id", "=", pid), ("company_id", "=", cid)], limit=1)
            if profile:
                profile.write(vals)
            else:
                Profile.create(dict(vals, partner_id=pid, company_id=cid))


CHECKED = ["order_count", "order_count_365", "revenue_total", "revenue_365", "invoiced_total",
           "refunded_total", "receivable_open", "overdue_amount", "overdue_max_days", "paid_total",
           "deliveries_done", "deliveries_on_time", "returns_count", "tickets_total", "tickets_open",
           "complaints_count", "opps_open", "leads_won", "leads_lost", "interval_median_days"]


def compare(engine_rows, orm):
    """Fields where the ORM loop and the engine disagree: [(partner, company, field, engine, orm)]."""
    diffs = []
    for (pid, cid), row in engine_rows.items():
        m = orm.get(pid, {}).get(cid, {})
        for field in CHECKED:
            a, b = row.get(field), m.get(field)
            a = float(a or 0)
            b = float(b or 0)
            if abs(a - b) > 0.011:
                diffs.append((pid, cid, field, a, b))
    return diffs


# -- the run ------------------------------------------------------------------------------

def list_fields(env):
    view = env.ref("crm_lifecycle.crm_lifecycle_profile_view_tree")
    Profile = env["crm.lifecycle.profile"]
    if hasattr(Profile, "fields_view_get") and not hasattr(Profile, "get_views"):
        fields = Profile.fields_view_get(view_id=view.id, view_type="tree")["fields"]
    else:
        fields = Profile.get_views([(view.id, "list")])["models"][Profile._name]
    return sorted(fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", default="crm_lifecycle_bench")
    parser.add_argument("--sample", type=int, default=200, help="customers in the ORM loop")
    parser.add_argument("--runs", type=int, default=7, help="repetitions of refresh and list page")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--explain", default=None,
                        help="write EXPLAIN ANALYZE of METRICS (full, one customer) into this folder")
    parser.add_argument("--json", default=None, help="also write the JSON result to this file")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    result = {"bench": "crm_lifecycle scale benchmark", "db": args.db,
              "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    times, memory, notes = {}, {}, []
    with environment(args.conf, args.db) as env:
        from odoo import release

        from odoo.addons.crm_lifecycle.engine import queries, recompute as engine
        cr = env.cr
        info = json.loads(env["ir.config_parameter"].sudo().get_param(PARAM_KEY) or "{}")
        cr.execute("SHOW server_version")
        result.update(odoo=release.version, postgresql=cr.fetchone()[0], python=platform.python_version(),
                      cpus=os.cpu_count(), seed=info.get("seed"), ref_date=info.get("ref_date"),
                      generator_seconds=info.get("generator_seconds"))
        sizes = {}
        for key, sql in SIZES:
            cr.execute(sql)
            sizes[key] = cr.fetchone()[0]
        gen_counts = info.get("counts", {})
        for key in ("customers", "prospects", "contacts"):
            if key in gen_counts:
                sizes[key] = gen_counts[key]
        result["sizes"] = sizes
        say("sizes: " + ", ".join("%s %s" % (k, "{:,}".format(v)) for k, v in sizes.items()))

        # (a) the floor
        say("(a) floor: one aggregate per source table (warm-up + 3 runs)")
        floor_runs = []
        for i in range(4):
            dt, _r = timed(lambda: (cr.execute(FLOOR), cr.commit()))
            if i:
                floor_runs.append(dt)
        times["floor_s"] = round(median(floor_runs), 3)
        times["floor_runs_s"] = [round(x, 3) for x in floor_runs]
        say("    floor %.2f s" % times["floor_s"])

        # (b) the engine, (f) its memory
        def full_recompute(label, ref_date=None):
            invalidate(env)
            sampler = RssSampler()
            sampler.start()
            with StatementTimer(cr) as timer:
                dt, counts = timed(lambda: (engine.recompute(env, ref_date), cr.commit())[0])
            sampler.stop()
            growth = (sampler.peak - sampler.baseline) / 1048576.0
            # the weekly health snapshot (HISTORY_UPSERT, HISTORY_TRENDS, HISTORY_PRUNE) is part
            # of every recompute: its statements are in the breakdown under their names
            steps = step_seconds(timer.seconds)
            say("    %s: %.2f s, %s profiles (%s changed), %s transitions, %s snapshots, RSS +%.0f MB; "
                "steps: %s" % (
                    label, dt, counts["profiles"], counts["updated"], counts["transitions"],
                    counts.get("snapshots"), growth, ", ".join("%s %.2f s" % kv for kv in steps.items())))
            return dt, counts, growth, sampler, timer.breakdown(), steps

        cr.execute("SELECT count(*) FROM crm_lifecycle_profile")
        if cr.fetchone()[0] == 0:
            say("(b) first full recompute (creates every profile)")
            dt, counts, growth, sampler, breakdown, steps = full_recompute("first")
            times["recompute_first_s"] = round(dt, 3)
            result["recompute_first"] = {"counts": counts, "statements_s": breakdown, "steps_s": steps}
            times.update(("%s_first_s" % k, v) for k, v in steps.items())
            memory["rss_growth_first_mb"] = round(growth, 1)
        else:
            notes.append("profiles existed already: no first-run measurement")
            times["recompute_first_s"] = None
        say("(g) churn model fit (the weekly cron's refit)")
        invalidate(env)
        sampler = RssSampler()
        sampler.start()
        dt, fits = timed(lambda: env["crm.lifecycle.model.fit"]._refit())
        cr.commit()
        sampler.stop()
        times["model_fit_s"] = round(dt, 3)
        memory["rss_growth_fit_mb"] = round((sampler.peak - sampler.baseline) / 1048576.0, 1)
        result["model_fits"] = [{"state": f.state, "customers": f.customers, "repeat_buyers": f.repeat_buyers,
                                 "message": f.message or ""} for f in fits]
        say("    fit %.2f s: %s" % (dt, ", ".join(f.state for f in fits) or "no fit"))
        # The daily run rewrites every profile (the reference date, recency and P(alive)
        # move); a rerun on the same day writes only what changed. Measured: as of
        # tomorrow, back to today (both rewrite every profile: the budget's runs), then
        # today again (nothing changes).
        say("(b) steady-state full recompute with the fit: next day, back to today, rerun")
        today = datetime.date.today()
        steady = [full_recompute("as of tomorrow", today + datetime.timedelta(days=1)),
                  full_recompute("as of today", today)]
        rerun = full_recompute("rerun today", today)
        times["recompute_runs_s"] = [round(s[0], 3) for s in steady]
        times["recompute_s"] = round(median(times["recompute_runs_s"]), 3)
        times["recompute_rerun_s"] = round(rerun[0], 3)
        result["recompute"] = {"counts": steady[-1][1], "statements_s": steady[-1][4],
                               "steps_runs_s": [s[5] for s in steady],
                               "statements_runs_s": [s[4] for s in steady]}
        result["recompute_rerun"] = {"counts": rerun[1], "statements_s": rerun[4], "steps_s": rerun[5]}
        for step, _match in STEPS:  # the steady state's steps: median of its two runs, like the total
            times["%s_s" % step] = round(median([s[5][step] for s in steady]), 4)
            times["%s_rerun_s" % step] = rerun[5][step]
        steady = steady + [rerun]
        baseline = min(s[3].baseline for s in steady)
        memory["rss_baseline_mb"] = round(baseline / 1048576.0, 1)
        memory["rss_peak_mb"] = round(max(s[3].peak for s in steady) / 1048576.0, 1)
        memory["rss_growth_mb"] = round(max(s[2] for s in steady), 1)
        memory["ru_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)

        cr.execute("SELECT count(*) FROM crm_lifecycle_profile")
        sizes["profiles"] = cr.fetchone()[0]
        if args.explain:
            cr.execute("SELECT partner_id FROM crm_lifecycle_profile WHERE order_count > 0 "
                       "ORDER BY order_count DESC, partner_id LIMIT 1")
            one = [cr.fetchone()[0]]
            os.makedirs(args.explain, exist_ok=True)
            for name, partner_ids in (("metrics-full", None), ("metrics-refresh", one)):
                path = os.path.join(args.explain, "%s-%d.txt" % (name, sizes["orders"]))
                say("EXPLAIN ANALYZE of METRICS (%s) -> %s" % (name, path))
                from odoo.addons.crm_lifecycle import compat
                compat.flush(env)
                cr.execute("DROP TABLE IF EXISTS lc_result, lc_scored, lc_metrics")
                params = engine._params(env, datetime.date.today(), partner_ids)
                cr.execute("SET LOCAL work_mem = '256MB'")  # as engine.compute does
                cr.execute("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) " + queries.METRICS, params)
                with open(path, "w") as fh:
                    fh.write("\n".join(r[0] for r in cr.fetchall()) + "\n")
                cr.rollback()
                # the same statement executed, with PostgreSQL's JIT as configured and without
                diag = result.setdefault("metrics_diagnostics_s", {})
                for jit in ("on", "off"):
                    cr.execute("SET LOCAL jit = %s" % jit)
                    cr.execute("SET LOCAL work_mem = '256MB'")
                    dt, _r = timed(lambda: cr.execute(queries.METRICS, params))
                    diag["%s_jit_%s" % (name, jit)] = round(dt, 3)
                    cr.rollback()
                say("    METRICS %s: jit on %.3f s, off %.3f s" % (
                    name, diag["%s_jit_on" % name], diag["%s_jit_off" % name]))

        if args.explain:
            # the steps of a full recompute, and of a refresh of the customer with most orders
            for name, partner_ids in (("steps-full", None), ("steps-refresh", one)):
                path = os.path.join(args.explain, "%s-%d.txt" % (name, sizes["orders"]))
                say("EXPLAIN ANALYZE of the steps' statements (%s) -> %s" % (name, path))
                invalidate(env)
                with StepExplainer(cr) as explainer:
                    engine.recompute(env, today, partner_ids=partner_ids)
                cr.rollback()
                invalidate(env)
                with open(path, "w") as fh:
                    for label, plan in explainer.plans:
                        fh.write("-- %s\n%s\n\n" % (label, "\n".join(plan)))
                result.setdefault("steps_explained", {})[name] = [label for label, _plan in explainer.plans]

        # (c) the ORM loop on a sample
        cr.execute("SELECT DISTINCT partner_id FROM crm_lifecycle_profile ORDER BY partner_id")
        profile_partners = [r[0] for r in cr.fetchall()]
        sample = sorted(rnd.sample(profile_partners, min(args.sample, len(profile_partners))))
        cr.execute("SELECT * FROM crm_lifecycle_profile WHERE partner_id = ANY(%s)", (sample,))
        engine_rows = {(r["partner_id"], r["company_id"]): r for r in cr.dictfetchall()}
        say("(c) ORM loop on %d customers" % len(sample))
        config = env["crm.lifecycle.config"].sudo()._get_config()
        ref = datetime.date.today()
        loop = OrmLoop(env, ref, config)
        invalidate(env)
        orm = {}

        def run_loop():
            for pid in sample:
                orm[pid] = loop.metrics(pid)
                loop.write(pid, orm[pid])
            env["crm.lifecycle.profile"].recompute()  # pending computed fields, as a commit would
            cr.execute("SELECT 1")
        dt, _r = timed(run_loop)
        cr.rollback()
        invalidate(env)
        per_customer = dt / max(len(sample), 1)
        times["orm_sample_s"] = round(dt, 3)
        times["orm_per_customer_ms"] = round(per_customer * 1000, 2)
        times["orm_extrapolated_s"] = round(per_customer * len(profile_partners), 1)
        diffs = compare(engine_rows, orm)
        result["orm_check"] = {"customers": len(sample), "fields": len(CHECKED), "mismatches": len(diffs),
                               "first": [list(d) for d in diffs[:5]]}
        say("    %.1f s for %d customers (%.1f ms each) -> %.0f s for %d; %d field mismatches vs the engine"
            % (dt, len(sample), per_customer * 1000, times["orm_extrapolated_s"], len(profile_partners),
               len(diffs)))

        # (d) one customer's refresh after a new confirmed order
        say("(d) refresh after a new order (%d runs)" % args.runs)
        product = env["product.product"].browse(info.get("product_id")) if info.get("product_id") else \
            env["product.product"].search([("sale_ok", "=", True)], limit=1)
        cr.execute("SELECT partner_id, order_count FROM crm_lifecycle_profile WHERE order_count > 0 "
                   "ORDER BY partner_id")
        buyers = cr.fetchall()
        refresh, refresh_ok = [], True
        timer = StatementTimer(cr)
        for pid, before in rnd.sample(buyers, min(args.runs, len(buyers))):
            order = env["sale.order"].create({
                "partner_id": pid,
                "order_line": [(0, 0, {"product_id": product.id, "name": product.name, "product_uom_qty": 1,
                                       "product_uom": product.uom_id.id, "price_unit": 250.0})]})
            order.action_confirm()
            cr.commit()
            invalidate(env)
            with timer:
                dt, counts = timed(lambda: (engine.recompute(env, partner_ids=[pid]), cr.commit())[0])
            refresh.append(dt)
            cr.execute("SELECT order_count FROM crm_lifecycle_profile WHERE partner_id = %s", (pid,))
            after = cr.fetchone()[0]
            refresh_ok &= after == before + 1 and counts["profiles"] >= 1 and not counts["full"]
        times["refresh_ms"] = round(median(refresh) * 1000, 1)
        times["refresh_runs_ms"] = [round(x * 1000, 1) for x in refresh]
        result["refresh_checked"] = refresh_ok
        result["refresh_statements_ms"] = {k: round(v * 1000.0 / max(len(refresh), 1), 1)
                                           for k, v in sorted(timer.seconds.items(), key=lambda kv: -kv[1])}
        for step, seconds in step_seconds(timer.seconds).items():  # mean per refresh
            times["refresh_%s_ms" % step] = round(seconds * 1000.0 / max(len(refresh), 1), 2)
        say("    refresh median %.1f ms (runs: %s)" % (times["refresh_ms"], times["refresh_runs_ms"]))

        # (e) the profile list's first page as a Lifecycle Manager
        fields = list_fields(env)
        manager_uid = info.get("manager_uid") or env.ref("base.user_admin").id
        user_env = env(user=manager_uid)
        Profile = user_env["crm.lifecycle.profile"]
        say("(e) list page: search_read(%d fields, limit=80, order='health_score desc') as uid %d"
            % (len(fields), manager_uid))
        page, count = [], []
        for _i in range(args.runs):
            invalidate(env)
            dt, rows = timed(lambda: Profile.search_read([], fields, limit=80, order="health_score desc"))
            page.append(dt)
            dt, _n = timed(lambda: Profile.search_count([]))
            count.append(dt)
        cr.rollback()
        times["list_page_ms"] = round(median(page) * 1000, 1)
        times["list_page_runs_ms"] = [round(x * 1000, 1) for x in page]
        times["list_count_ms"] = round(median(count) * 1000, 1)
        result["list_fields"] = fields
        result["list_rows"] = len(rows)
        say("    list page median %.1f ms, search_count %.1f ms"
            % (times["list_page_ms"], times["list_count_ms"]))

    # ratios, budgets, output
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    result["times_s"] = times
    result["memory_mb"] = memory
    result["engine_over_floor"] = (round(times["recompute_s"] / times["floor_s"], 2)
                                   if times["floor_s"] else None)
    result["engine_first_over_floor"] = (round(times["recompute_first_s"] / times["floor_s"], 2)
                                         if times.get("recompute_first_s") and times["floor_s"] else None)
    result["orm_over_engine"] = round(times["orm_extrapolated_s"] / times["recompute_s"], 1)
    checks = {
        "engine_over_floor": (result["engine_over_floor"], "<=", BUDGETS["engine_over_floor"]),
        "recompute_s": (times["recompute_s"], "<=", BUDGETS["recompute_s"]),
        "orm_over_engine": (result["orm_over_engine"], ">=", BUDGETS["orm_over_engine"]),
        "refresh_ms": (times["refresh_ms"], "<=", BUDGETS["refresh_ms"]),
        "list_page_ms": (times["list_page_ms"], "<=", BUDGETS["list_page_ms"]),
        "rss_growth_mb": (memory["rss_growth_mb"], "<=", BUDGETS["rss_growth_mb"]),
    }
    result["budgets"] = {k: {"value": v, "limit": lim, "ok": (v <= lim if op == "<=" else v >= lim)}
                         for k, (v, op, lim) in checks.items()}
    result["budgets_met"] = all(b["ok"] for b in result["budgets"].values())
    result["budget_scale"] = "budgets are set for 1,000,000 orders; this run has {:,}".format(sizes["orders"])
    result["notes"] = notes + [info.get("notes", "")]
    print_table(result)
    line = json.dumps(result, sort_keys=True, default=str)
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(line + "\n")
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def steps_text(t, step):
    """A step's steady-state time, with the first run's and the rerun's beside it."""
    first = t.get("%s_first_s" % step)
    return "%.2f s (first %s, rerun %.2f)" % (
        t["%s_s" % step], "%.2f" % first if first is not None else "-", t["%s_rerun_s" % step])


def print_table(r):
    t, m, s, b = r["times_s"], r["memory_mb"], r["sizes"], r["budgets"]

    def n(v):
        return "{:,}".format(v)

    def ok(k):
        return "ok" if b[k]["ok"] else "MISSED"

    out = sys.stdout
    out.write("\ncrm_lifecycle scale benchmark: Odoo %s, PostgreSQL %s, Python %s, %s CPUs\n" % (
        r["odoo"], r["postgresql"], r["python"], r["cpus"]))
    out.write("data: %s customers (+%s prospects, %s contacts), %s orders (+%s quotations), %s invoices, "
              "%s credit notes, %s payments, %s move lines, %s pickings, %s tickets, %s leads, "
              "%s activities, %s order lines of %s products; %s profiles; generated in %ss\n" % (
                  n(s.get("customers", 0)), n(s.get("prospects", 0)), n(s.get("contacts", 0)), n(s["orders"]),
                  n(s["quotations"]), n(s["invoices"]), n(s["refunds"]), n(s["payments"]), n(s["move_lines"]),
                  n(s["pickings"]), n(s["tickets"]), n(s["leads"]), n(s["activities"]),
                  n(s.get("order_lines", 0)), n(s.get("products", 0)), n(s["profiles"]),
                  r.get("generator_seconds")))
    rows = [
        ("(a) floor: one GROUP BY per source table", "%.2f s" % t["floor_s"], "", ""),
        ("(b) full recompute, first run (creates)",
         "%.2f s" % t["recompute_first_s"] if t.get("recompute_first_s") else "-", "", ""),
        ("    churn model fit (weekly)", "%.2f s" % t["model_fit_s"], "", ""),
        ("(b) full recompute, steady state (daily)", "%.2f s" % t["recompute_s"], "<= 60 s",
         ok("recompute_s")),
        ("    engine / floor", "%.2f x" % r["engine_over_floor"], "<= 2.5 x", ok("engine_over_floor")),
        ("    rerun the same day (nothing changes)", "%.2f s (%.2f x floor)" % (
            t["recompute_rerun_s"], t["recompute_rerun_s"] / t["floor_s"])
         if t.get("recompute_rerun_s") else "-",
         "", ""),
        ("    category churn step (CATEGORY_*)", steps_text(t, "category"), "", ""),
        ("    margin step (*MARGIN*)", steps_text(t, "margin"), "", ""),
        ("    weekly history snapshot (HISTORY_*)", steps_text(t, "history"), "", ""),
        ("    first run / floor",
         "%.2f x" % r["engine_first_over_floor"] if r.get("engine_first_over_floor") else "-", "", ""),
        ("(c) ORM loop, %d customers" % r["orm_check"]["customers"], "%.2f s (%.1f ms each)" % (
            t["orm_sample_s"], t["orm_per_customer_ms"]), "", ""),
        ("    extrapolated to %s profiles" % n(s["profiles"]), "%.0f s" % t["orm_extrapolated_s"], "", ""),
        ("    ORM / engine", "%.0f x" % r["orm_over_engine"], ">= 50 x", ok("orm_over_engine")),
        ("    ORM vs engine metrics", "%d mismatches" % r["orm_check"]["mismatches"], "", ""),
        ("(d) refresh one customer (median)", "%.1f ms" % t["refresh_ms"], "<= 50 ms", ok("refresh_ms")),
        ("    its category / margin / history steps", "%.1f / %.1f / %.1f ms" % (
            t["refresh_category_ms"], t["refresh_margin_ms"], t["refresh_history_ms"]), "", ""),
        ("(e) list first page (median)", "%.1f ms" % t["list_page_ms"], "<= 200 ms", ok("list_page_ms")),
        ("    its search_count", "%.1f ms" % t["list_count_ms"], "", ""),
        ("(f) RSS growth during (b)", "%.0f MB (peak %.0f MB)" % (m["rss_growth_mb"], m["rss_peak_mb"]),
         "<= 300 MB", ok("rss_growth_mb")),
    ]
    out.write("%-44s %-26s %-10s %s\n" % ("measure", "value", "budget", "verdict"))
    for row in rows:
        out.write("%-44s %-26s %-10s %s\n" % row)
    for label, key in (("first run", "recompute_first"), ("steady run", "recompute"),
                       ("same-day rerun", "recompute_rerun")):
        if r.get(key):
            parts = ", ".join("%s %.2f" % (k, v) for k, v in list(r[key]["statements_s"].items())[:8])
            out.write("%s statements (s): %s\n" % (label, parts))
    parts = ", ".join("%s %.1f" % (k, v) for k, v in list(r["refresh_statements_ms"].items())[:8])
    out.write("refresh statements (ms per run): %s\n" % parts)
    out.write("load average at start %s, at end %s (other work on the machine inflates the times)\n" % (
        r["loadavg_start"], r["loadavg_end"]))
    out.write("%s\n\n" % r["budget_scale"])
    out.flush()


if __name__ == "__main__":
    main()
