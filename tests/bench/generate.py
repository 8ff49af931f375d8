# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale benchmark data: a seeded three-year ERP history bulk-loaded with PostgreSQL COPY
into Odoo 11's own tables of a fresh database (crm_lifecycle installed, a chart of
accounts, no demo data).

    python tests/bench/generate.py --conf .work/odoo11.conf --db crm_lifecycle_bench --orders 1000000

What is written, per table, is what the ORM would have written for the columns the
engine reads plus every NOT NULL column (and the usual bookkeeping ones):

* res_partner: customer companies (commercial_partner_id = id, customer flag, a
  salesperson), some contact persons under them, and prospects that only have leads.
* product_category, product_template, product_product (through the ORM, with their
  ir_property standard cost and product_price_history): 3 root categories of 4
  children, 200 products in the children, a standard cost at 40-80 % of the list price
  since before the history starts, a quarter of them with a cost change in mid-history.
* sale_order: confirmed orders ('sale', some locked 'done') and ~6 % quotations
  (draft/sent/cancel) in the company currency's pricelist; amounts with a 15 % tax.
* sale_order_line (+ its tax): 1-4 lines per order from the customer's preferred
  categories (some repeat buyers stop buying one in their last year), subtotals summing
  to the order's amount_untaxed exactly, the tax rounded per line and summed to the
  order's amount_tax, quantities delivered and invoiced as the order's documents have it.
* account_invoice + account_move + account_move_line (receivable, income and tax lines,
  balanced) for every order invoiced by the reference date, ~1.5 % credit notes;
  account_payment (+ its bank move and lines) with account_partial_reconcile and
  account_full_reconcile for the settled part, account_invoice_payment_rel. Open,
  partially paid and overdue invoices are what the payment behaviour leaves.
* stock_picking: one outgoing delivery per confirmed order (done, or still assigned when
  due after the reference date), on time or late; ~1 % returned (an incoming picking);
  stock_move rows only for returned deliveries and their returns (what the engine reads).
* helpdesk_ticket (stages, closing dates, categories, complaint tags), crm_lead
  (leads and opportunities: open, won, lost), mail_message (done activities).

Not written: invoice lines, stock moves of deliveries that were not returned,
procurement groups, followers. The engine reads none of them.

Customers: ~30 % one-off buyers; repeat buyers whose gaps between orders are gamma
distributed around a lognormal personal cadence, each with an exponential lifetime (the
churners are those whose lifetime ends before the reference date). Order values are gamma
around a lognormal personal mean. Payment behaviour, delivery lateness, ticket load and
complaints are per-customer traits. Everything is drawn from one seeded generator.

Foreign keys are not checked row by row during the load (session_replication_role =
replica) and the plain indexes of the big tables are rebuilt afterwards; every foreign
key of the loaded tables is then verified with one anti-join each, and the tables are
vacuumed and analysed.
"""
import argparse
import datetime
import io
import itertools
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PARAM_KEY, connect, environment, say  # noqa: E402

NULL = r"\N"
YEARS = 3
TAX_RATE = 0.15
CHUNK = 100000
# the product catalog of the order lines (Generator.setup_catalog): roots and their children
CATALOG = [
    ("Bench Office", ["Paper", "Writing", "Furniture", "Printing"]),
    ("Bench Workshop", ["Hand tools", "Power tools", "Fasteners", "Safety"]),
    ("Bench Electronics", ["Cables", "Components", "Displays", "Storage"]),
]
CATALOG_WORDS = ["paper", "pen", "chair", "toner", "wrench", "drill", "screw", "glove",
                 "cable", "resistor", "monitor", "drive"]
PRODUCTS = 200



# -- formatting columns for COPY (text format) ----------------------------------------

class Col(object):
    """One column of a COPY: a constant, or values formatted chunk by chunk."""

    def __init__(self, kind, data=None, null=None, const=None):
        self.kind, self.data, self.null, self.const = kind, data, null, const

    def chunk(self, lo, hi, ctx):
        if self.kind == "const":
            return itertools.repeat(self.const, hi - lo)
        if self.kind == "fn":
            values = self.data(lo, hi)
        else:
            part = self.data[lo:hi]
            if self.kind == "int":
                values = part.astype(np.int64).astype(str).tolist()
            elif self.kind == "num":
                values = ["%.2f" % v for v in part.tolist()]
            elif self.kind == "float":
                values = ["%.4f" % v for v in part.tolist()]
            elif self.kind == "bool":
                values = np.where(part, "t", "f").tolist()
            elif self.kind == "ts":
                secs = np.round(part * 86400.0).astype(np.int64).astype("timedelta64[s]")
                values = [s.replace("T", " ")
                          for s in np.datetime_as_string(ctx.base_s + secs, unit="s").tolist()]
            elif self.kind == "date":
                days = np.floor(part).astype(np.int64).astype("timedelta64[D]")
                values = np.datetime_as_string(ctx.base_d + days, unit="D").tolist()
            else:
                raise ValueError(self.kind)
        if self.null is not None:
            for i in np.flatnonzero(self.null[lo:hi]).tolist():
                values[i] = NULL
        return values


def const(value):
    if value is None:
        return Col("const", const=NULL)
    if isinstance(value, bool):
        return Col("const", const="t" if value else "f")
    return Col("const", const=str(value))


def ints(a, null=None):
    return Col("int", np.asarray(a), null)


def nums(a, null=None):
    return Col("num", np.asarray(a, dtype=float), null)


def floats(a, null=None):
    return Col("float", np.asarray(a, dtype=float), null)


def bools(a, null=None):
    return Col("bool", np.asarray(a, dtype=bool), null)


def stamps(a, null=None):
    """Days since the start of the history (float) as timestamps."""
    return Col("ts", np.asarray(a, dtype=float), null)


def dates(a, null=None):
    return Col("date", np.asarray(a, dtype=float), null)


def texts(fn, null=None):
    """fn(lo, hi) -> list of strings (no tab, newline or backslash)."""
    return Col("fn", fn, null)


def pick(values, index):
    """texts() over a list of strings indexed by an integer array."""
    index = np.asarray(index)
    return texts(lambda lo, hi: [values[i] for i in index[lo:hi].tolist()])


def fmt(pattern, numbers):
    numbers = np.asarray(numbers)
    return texts(lambda lo, hi: [pattern % n for n in numbers[lo:hi].tolist()])


class Generator(object):

    def __init__(self, env, args):
        self.env = env
        self.args = args
        self.rng = np.random.default_rng(args.seed)
        self.ref = datetime.date.today() if not args.ref_date else \
            datetime.datetime.strptime(args.ref_date, "%Y-%m-%d").date()
        self.start = self.ref - datetime.timedelta(days=YEARS * 365)
        self.R = float((self.ref - self.start).days)   # the reference day; t < R + 1 has happened
        self.NOW = self.R + 1.0
        self.base_s = np.datetime64(self.start.isoformat(), "s")
        self.base_d = np.datetime64(self.start.isoformat(), "D")
        self.counts = {}
        self.load_seconds = {}

    # -- ORM setup: the records the bulk data points to -----------------------------

    def setup(self):
        env = self.env
        if env["sale.order"].search_count([]):
            raise SystemExit("generate.py: %s already has sale orders. Fix: run it on a fresh "
                             "database (setup/bench.sh recreates it)." % env.cr.dbname)
        company = env.user.company_id
        self.company = company
        self.currency_id = company.currency_id.id
        accounts = env["account.account"].search([("company_id", "=", company.id)])
        if not accounts:
            raise SystemExit("generate.py: no chart of accounts in %s. Fix: install l10n_generic_coa."
                             % env.cr.dbname)
        receivable = env["ir.property"].get("property_account_receivable_id", "res.partner")
        sale_journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        bank_journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        tax = env["account.tax"].search([("type_tax_use", "=", "sale"), ("company_id", "=", company.id),
                                         ("amount_type", "=", "percent"), ("amount", "=", TAX_RATE * 100)],
                                        limit=1)
        if not (receivable and sale_journal and bank_journal and tax):
            raise SystemExit("generate.py: the chart of accounts lacks a receivable account, a sale or "
                             "bank journal or a 15 %% sale tax.")
        self.acc = {
            "receivable": receivable.id, "receivable_type": receivable.user_type_id.id,
            "income": sale_journal.default_credit_account_id.id,
            "income_type": sale_journal.default_credit_account_id.user_type_id.id,
            "tax": tax.account_id.id, "tax_type": tax.account_id.user_type_id.id,
            "bank": bank_journal.default_debit_account_id.id,
            "bank_type": bank_journal.default_debit_account_id.user_type_id.id,
        }
        self.tax_id = tax.id
        self.sale_journal, self.bank_journal = sale_journal, bank_journal
        self.pay_in = env.ref("account.account_payment_method_manual_in").id
        self.pay_out = env.ref("account.account_payment_method_manual_out").id
        pricelist = env["product.pricelist"].search([("currency_id", "=", self.currency_id)], limit=1)
        self.pricelist_id = pricelist.id
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.warehouse = warehouse
        self.loc_stock = warehouse.lot_stock_id.id
        self.loc_customers = env.ref("stock.stock_location_customers").id
        self.type_out = warehouse.out_type_id
        self.type_in = warehouse.in_type_id
        self.team_id = env.ref("sales_team.team_sales_department").id
        self.uom_id = env.ref("product.product_uom_unit").id
        product = env["product.product"].search([("default_code", "=", "BENCH")], limit=1)
        if not product:
            product = env["product.product"].create({
                "name": "Bench product", "default_code": "BENCH", "type": "consu",
                "list_price": 100.0, "taxes_id": [(6, 0, tax.ids)]})
        self.product = product
        self.setup_catalog(tax)
        group_salesman = env.ref("sales_team.group_sale_salesman")
        users = env["res.users"]
        for i in range(8):
            login = "bench_sales_%d" % (i + 1)
            user = users.search([("login", "=", login)], limit=1)
            if not user:
                user = users.with_context(no_reset_password=True).create({
                    "name": "Bench Salesperson %d" % (i + 1), "login": login, "email": login + "@example.com",
                    "groups_id": [(6, 0, [group_salesman.id, env.ref("base.group_user").id])]})
            users |= user
        self.salespeople = users
        manager = users.search([("login", "=", "bench_manager")], limit=1)
        if not manager:
            manager = users.with_context(no_reset_password=True).create({
                "name": "Bench Lifecycle Manager", "login": "bench_manager",
                "email": "bench_manager@example.com",
                "groups_id": [(6, 0, [env.ref("crm_lifecycle.group_lifecycle_manager").id,
                                      env.ref("sales_team.group_sale_manager").id,
                                      env.ref("base.group_user").id])]})
        self.manager = manager
        stages = env["helpdesk.ticket.stage"].search([], order="sequence, id")
        self.ticket_open_stages = stages.filtered(lambda s: not s.closed).ids[:2]
        closed = stages.filtered("closed")
        self.ticket_done_stage = closed[0].id
        self.ticket_cancel_stage = closed[-1].id

        def named(model, name):
            return env[model].search([("name", "=", name)], limit=1) or env[model].create({"name": name})

        self.cat = {n: named("helpdesk.ticket.category", n).id
                    for n in ("Question", "Technical", "Complaint")}
        self.tag_complaint = named("helpdesk.ticket.tag", "Complaint").id
        self.tag_urgent = named("helpdesk.ticket.tag", "Urgent").id
        self.channels = env["helpdesk.ticket.channel"].search([]).ids or [None]
        config = env["crm.lifecycle.config"].sudo()._get_config()
        config.write({"complaint_category_ids": [(6, 0, [self.cat["Complaint"]])],
                      "complaint_tag_ids": [(6, 0, [self.tag_complaint])]})
        crm_stages = env["crm.stage"].search([], order="sequence, id")
        self.won_stage = crm_stages.filtered(lambda s: s.probability >= 100)[:1]
        self.open_stages = crm_stages.filtered(lambda s: s.probability < 100)
        self.lost_reason = named("crm.lost.reason", "Too expensive").id
        self.activity_types = env["mail.activity.type"].search([]).ids
        self.activity_subtype = env.ref("mail.mt_activities").id
        # everything the load needs from the ORM, read now: during the load the raw
        # connection holds exclusive locks that an ORM query would wait on forever
        self.country_id = company.country_id.id or None
        self.product_name = product.name
        self.user_partner = {u.id: u.partner_id.id for u in users | env["res.users"].browse(1)}
        self.won_stage_id = self.won_stage.id
        self.open_stage_ids = self.open_stages.ids
        self.open_stage_probs = self.open_stages.mapped("probability")
        env.cr.commit()

    def setup_catalog(self, tax):
        """The product catalog the order lines sell, through the ORM (so that the category
        tree's parent_left/right, the products' ir_property standard cost and their
        product_price_history are Odoo's own): 3 root categories of 4 children each, ~200
        products in the children, each with a list price and a standard cost at 40-80 %
        of it, in force since before the history starts; a quarter of them changed their
        cost once in mid-history (a second history row; the ir_property holds the new
        cost). Its own random stream (the rest of the history is the seed's as before)."""
        from odoo.addons.crm_lifecycle import compat
        from odoo.addons.crm_lifecycle.tools import flows
        env = self.env
        rng = np.random.default_rng([self.args.seed, 2])
        Categ = env["product.category"]
        Product = env["product.product"].with_context(tracking_disable=True, mail_create_nolog=True,
                                                     mail_notrack=True)
        leaves, leaf_names = [], []
        for root_name, children in CATALOG:
            root = Categ.search([("name", "=", root_name), ("parent_id", "=", False)], limit=1) or \
                Categ.create({"name": root_name})
            for child_name in children:
                leaf = Categ.search([("name", "=", child_name), ("parent_id", "=", root.id)], limit=1) or \
                    Categ.create({"name": child_name, "parent_id": root.id})
                leaves.append(leaf.id)
                leaf_names.append("%s / %s" % (root_name, child_name))
        n = PRODUCTS
        leaf_of = np.sort(rng.integers(0, len(leaves), n))
        leaf_of[:len(leaves)] = np.arange(len(leaves))     # every category has products
        leaf_of = np.sort(leaf_of)
        price = np.round(np.clip(rng.lognormal(math.log(60.0), 1.1, n), 2.0, 2500.0), 2)
        cost = np.round(price * rng.uniform(0.40, 0.80, n), 2)
        changed = rng.random(n) < 0.25
        old_cost = np.round(cost * rng.uniform(0.80, 1.10, n), 2)
        change_day = rng.uniform(0.3 * self.R, 0.7 * self.R, n)
        existing = {p.default_code: p for p in env["product.product"].search(
            [("default_code", "=like", "BP%")])}
        before = datetime.datetime.combine(self.start - datetime.timedelta(days=30), datetime.time(8, 0))
        products = []
        for i in range(n):
            code = "BP%03d" % (i + 1)
            product = existing.get(code)
            if not product:
                product = Product.create({
                    "name": "Bench %s item %d" % (CATALOG_WORDS[leaf_of[i] % len(CATALOG_WORDS)], i + 1),
                    "default_code": code, "type": "consu", "categ_id": leaves[leaf_of[i]],
                    "list_price": float(price[i]), "sale_ok": True, "taxes_id": [(6, 0, tax.ids)],
                    "standard_price": float(old_cost[i] if changed[i] else cost[i])})
                # the cost since before the history; then the change (a new history row)
                history = env["product.price.history"].search([("product_id", "=", product.id)])
                history.write({"datetime": compat.datetime_field_value(before)})
                if changed[i]:
                    flows.change_cost(product, float(cost[i]), datetime.datetime.combine(
                        self.start, datetime.time(9, 0)) + datetime.timedelta(days=float(change_day[i])))
            products.append(product)
        self.catalog = {
            "leaf_ids": leaves, "leaf_names": leaf_names, "leaf_of": leaf_of,
            "product_ids": np.array([p.id for p in products], dtype=np.int64),
            "names": [p.display_name for p in products],
            "price": np.array([p.list_price for p in products]),
            "changed": int(changed.sum()),
        }

    # -- the population ---------------------------------------------------------------

    def customers(self):
        rng, N = self.rng, self.args.orders
        n = self.args.customers or max(100, int(round(N / 10.0)))
        self.n_cust = n
        self.n_pros = max(10, n // 10)
        R = self.R
        self.acq = np.minimum(R * rng.random(n) ** 0.7, R)     # acquisition day: growth, later more likely
        repeat = rng.random(n) >= 0.30
        self.repeat = repeat
        life = rng.exponential(700.0, n)
        self.end = np.where(repeat, np.minimum(self.NOW, self.acq + life), self.acq)
        self.value = rng.lognormal(math.log(300.0), 0.9, n)
        self.term = rng.choice([0, 15, 30, 30, 30, 45, 60], n)
        kind = rng.choice(4, n, p=[0.70, 0.18, 0.10, 0.02])    # good, average, slow payer, defaulter
        self.pay_kind = kind
        self.lead_days = rng.integers(1, 4, n)
        self.p_late = rng.beta(1.5, 10.0, n)
        self.unhappy = rng.random(n) < 0.10
        self.salesperson = np.where(
            rng.random(n) < 0.9,
            np.array(self.salespeople.ids)[rng.integers(0, len(self.salespeople), n)], 0)
        self.n_contacts = rng.choice([0, 1, 2], n, p=[0.75, 0.15, 0.10])

    def orders(self):
        rng, N, R = self.rng, self.args.orders, self.R
        n = self.n_cust
        rep = np.flatnonzero(self.repeat)
        nr, n1 = len(rep), n - len(rep)
        span = self.end[rep] - self.acq[rep]
        z = rng.standard_normal(nr)
        sigma = 0.6
        want = max(N - n1 - nr, 1)
        m0 = float(np.sum(span * np.exp(-sigma * z)) / want)
        mu = np.maximum(m0 * np.exp(sigma * z), 1.0)
        shape = rng.uniform(1.2, 4.0, nr)
        expect = span / mu
        k = np.ceil(1.5 * expect + 3.0 * np.sqrt(expect) + 5).astype(np.int64)
        seg = np.repeat(np.arange(nr), k)
        gaps = rng.gamma(np.repeat(shape, k), np.repeat(mu / shape, k))
        csum = np.cumsum(gaps)
        seg_start = np.concatenate([[0], np.cumsum(k)[:-1]])
        before = np.concatenate([[0.0], csum])[seg_start]
        offset = csum - np.repeat(before, k)
        keep = offset < np.repeat(span, k)
        t_rep = np.concatenate([self.acq[rep], self.acq[rep][seg[keep]] + offset[keep]])
        c_rep = np.concatenate([rep, rep[seg[keep]]])
        first = np.concatenate([np.ones(nr, bool), np.zeros(int(keep.sum()), bool)])
        one = np.flatnonzero(~self.repeat)
        t = np.concatenate([t_rep, self.acq[one]])
        c = np.concatenate([c_rep, one])
        first = np.concatenate([first, np.ones(len(one), bool)])
        if len(t) > N:   # drop random repeat orders (never a customer's first)
            extra = rng.choice(np.flatnonzero(~first), len(t) - N, replace=False)
            mask = np.ones(len(t), bool)
            mask[extra] = False
            t, c = t[mask], c[mask]
        elif len(t) < N:  # one more order for random repeat buyers, inside their active span
            who = rep[rng.integers(0, nr, N - len(t))]
            t = np.concatenate([t, self.acq[who] + rng.random(len(who)) * (self.end[who] - self.acq[who])])
            c = np.concatenate([c, who])
        t = np.minimum(t, self.NOW - 1e-4)
        # quotations that never became orders
        nq = int(round(0.06 * N))
        qc = rng.integers(0, n, nq)
        qt = self.acq[qc] + rng.random(nq) * (self.NOW - self.acq[qc])
        state = np.concatenate([np.zeros(len(t), np.int8),
                                np.where(qt < R - 60, 3, rng.integers(1, 3, nq)).astype(np.int8)])
        t = np.concatenate([t, qt])
        c = np.concatenate([c, qc])
        order = np.argsort(t, kind="stable")
        self.o_t, self.o_c, self.o_state = t[order], c[order], state[order]  # 0 sale 1 draft 2 sent 3 cancel
        amount = rng.gamma(3.0, self.value[self.o_c] / 3.0)
        self.o_untaxed = np.maximum(np.round(amount, 2), 1.0)
        self.o_tax = np.round(self.o_untaxed * TAX_RATE, 2)
        self.counts["orders"] = int((self.o_state == 0).sum())
        self.counts["quotations"] = int((self.o_state > 0).sum())
        self.counts["repeat_cadence_median_days"] = round(float(np.median(mu)), 1) if nr else None

    def lines(self):
        """The lines of every order (confirmed or quotation), 1-4 each: each customer buys
        from a preferred subset of the catalog's categories (1-5 of the 12, popular ones
        more often, each with its own weight), and 30 % of the repeat buyers with two or
        more (and a history longer than 500 days) stop buying one of them in their last
        year (what category churn finds). A line's product is one of its category's priced
        near the line's share of the order; quantity and unit price give that share, and
        the last line takes the remainder, so
        that the lines' subtotals sum to the order's amount_untaxed to the cent. The tax is
        rounded per line (Odoo's default) and the order's amount_tax is their sum. Its own
        random stream: the history drawn above does not change with the lines."""
        rng = np.random.default_rng([self.args.seed, 1])
        cat = self.catalog
        n, K = self.n_cust, len(cat["leaf_ids"])
        # preferred categories: weighted sampling without replacement (key u^(1/w), top k)
        popularity = rng.uniform(0.3, 1.0, K)
        k = rng.choice([1, 2, 3, 4, 5], n, p=[0.15, 0.30, 0.30, 0.15, 0.10])
        keys = np.log(rng.random((n, K))) / popularity
        rank = np.empty((n, K), np.int64)
        rank[np.arange(n)[:, None], np.argsort(-keys, axis=1)] = np.arange(K)
        pref = rank < k[:, None]
        weight = (pref * rng.gamma(1.0, 1.0, (n, K))).astype(np.float32)
        # (only customers with a longer history than that year: the others never bought it)
        drops = self.repeat & (k >= 2) & (self.end - self.acq > 500.0) & (rng.random(n) < 0.30)
        drop_leaf = np.argmax(rng.random((n, K)) * pref, axis=1)
        drop_from = self.end - 365.0
        # lines per order, their share of its amount (in cents)
        no = len(self.o_t)
        untaxed_c = np.round(self.o_untaxed * 100.0).astype(np.int64)
        nl = rng.choice([1, 2, 3, 4], no, p=[0.35, 0.30, 0.20, 0.15])
        nl = np.minimum(nl, np.maximum(1, untaxed_c // 1500))   # at most a line per 15.00
        L = int(nl.sum())
        start = np.concatenate([[0], np.cumsum(nl)[:-1]])
        order = np.repeat(np.arange(no), nl)
        pos = np.arange(L) - start[order]
        last = pos == nl[order] - 1
        g = rng.gamma(2.0, 1.0, L)
        share = 0.5 / nl[order] + 0.5 * g / np.bincount(order, g, no)[order]
        target = untaxed_c[order] * share                      # cents
        # the category of each line (chunks: a row of weights per line)
        cust = self.o_c[order]
        leaf = np.empty(L, np.int64)
        for lo in range(0, L, 500000):
            hi = min(L, lo + 500000)
            w = weight[cust[lo:hi]]
            gone = np.flatnonzero(drops[cust[lo:hi]] & (self.o_t[order[lo:hi]] >= drop_from[cust[lo:hi]]))
            w[gone, drop_leaf[cust[lo:hi][gone]]] = 0.0
            cum = np.cumsum(w, axis=1)
            u = rng.random(hi - lo) * cum[:, -1]
            leaf[lo:hi] = np.minimum((cum <= u[:, None]).sum(axis=1), K - 1)
        # the product: one of its category's priced within 1.6x of the line's share
        price_c = np.round(cat["price"] * 100.0).astype(np.int64)
        product = np.empty(L, np.int64)
        u = rng.random(L)
        for j in range(K):
            sel = np.flatnonzero(leaf == j)
            members = np.flatnonzero(cat["leaf_of"] == j)
            members = members[np.argsort(price_c[members], kind="stable")]
            prices = price_c[members]
            lo = np.searchsorted(prices, target[sel] / 1.6)
            hi = np.searchsorted(prices, target[sel] * 1.6)
            lo = np.minimum(lo, len(members) - 1)            # dearer than all: the dearest
            hi = np.maximum(hi, lo + 1)
            product[sel] = members[lo + (u[sel] * (hi - lo)).astype(np.int64)]
        qty = np.maximum(1, np.round(target / price_c[product])).astype(np.int64)
        unit_c = np.maximum(1, np.round(target / qty)).astype(np.int64)
        sub_c = qty * unit_c
        rest = untaxed_c - np.bincount(order, np.where(last, 0, sub_c), no).astype(np.int64)
        rest_l = rest[order[last]]
        if (rest_l <= 0).any():
            raise SystemExit("generate.py: an order's last line would be <= 0 (%d orders)"
                             % int((rest_l <= 0).sum()))
        # the last line takes the remainder: its quantity, or the nearest below that
        # divides it in cents (else 1), and the unit price that gives it exactly
        q = qty[last]
        found = np.zeros(len(q), bool)
        q_last = np.ones(len(q), np.int64)
        for step in range(10):
            d = q - step
            ok = ~found & (d >= 1) & (rest_l % np.maximum(d, 1) == 0)
            q_last[ok] = d[ok]
            found |= ok
        qty[last] = q_last
        unit_c[last] = rest_l // q_last
        sub_c[last] = rest_l
        tax_c = (sub_c * int(round(TAX_RATE * 100)) + 50) // 100   # per line, half up
        self.o_tax = np.bincount(order, tax_c, no) / 100.0
        self.l_order, self.l_seq, self.l_product = order, pos, product
        self.l_qty, self.l_unit_c, self.l_sub_c, self.l_tax_c = qty, unit_c, sub_c, tax_c
        self.counts.update(order_lines=L, customers_dropping_category=int(drops.sum()),
                           products=len(cat["product_ids"]), product_categories=K + len(CATALOG),
                           products_cost_changed=cat["changed"])

    # -- partners ---------------------------------------------------------------------

    def load_partners(self, ld):
        rng, n, npros = self.rng, self.n_cust, self.n_pros
        ncomp = n + npros
        base = ld.next_id("res_partner")
        self.pid = base + np.arange(n)
        self.pros_pid = base + n + np.arange(npros)
        ncont = int(self.n_contacts.sum())
        self.contact_start = base + ncomp + np.concatenate([[0], np.cumsum(self.n_contacts)[:-1]])
        cont_owner = np.repeat(np.arange(n), self.n_contacts)
        cont_id = base + ncomp + np.arange(ncont)
        comp_names = ["Bench Customer %06d" % (i + 1) for i in range(n)] + \
                     ["Bench Prospect %06d" % (i + 1) for i in range(npros)]
        self.comp_names = comp_names
        cont_j = (np.arange(ncont) - (self.contact_start[cont_owner] - base - ncomp) + 1).tolist()
        cont_person = ["Contact %d" % j for j in cont_j]
        ids = np.concatenate([self.pid, self.pros_pid, cont_id])
        total = len(ids)
        company_user = np.concatenate([self.salesperson, np.where(rng.random(npros) < 0.9,
                                       np.array(self.salespeople.ids)[rng.integers(0, 8, npros)], 0)])
        user = np.concatenate([company_user, company_user[cont_owner]])
        commercial = np.concatenate([self.pid, self.pros_pid, self.pid[cont_owner]])
        parent = np.concatenate([np.zeros(ncomp, np.int64), self.pid[cont_owner]])
        is_company = np.arange(total) < ncomp
        created = np.concatenate([np.maximum(self.acq - 30, 0), rng.random(npros) * self.R,
                                  np.maximum(self.acq - 30, 0)[cont_owner]])
        names = comp_names + cont_person
        display = comp_names + ["%s, %s" % (comp_names[o], p)
                                for o, p in zip(cont_owner.tolist(), cont_person)]
        emails = ["customer%06d@example.com" % (i + 1) for i in range(n)] + \
                 ["prospect%06d@example.com" % (i + 1) for i in range(npros)] + \
                 ["contact%d.customer%06d@example.com" % (j, o + 1)
                  for o, j in zip(cont_owner.tolist(), cont_j)]
        country = self.country_id
        cols = {
            "id": ints(ids), "name": texts(lambda lo, hi: names[lo:hi]),
            "display_name": texts(lambda lo, hi: display[lo:hi]),
            "commercial_company_name": pick(comp_names, np.concatenate([np.arange(ncomp), cont_owner])),
            "company_id": const(self.company.id), "parent_id": ints(parent, parent == 0),
            "commercial_partner_id": ints(commercial), "is_company": bools(is_company),
            "type": const("contact"), "active": const(True), "customer": const(True),
            "supplier": const(False), "employee": const(False), "partner_share": const(True),
            "lang": const("en_US"), "tz": const(None), "color": const(0),
            "email": texts(lambda lo, hi: emails[lo:hi]), "user_id": ints(user, user == 0),
            "country_id": const(country), "commercial_partner_country_id": const(country),
            "invoice_warn": const("no-message"), "picking_warn": const("no-message"),
            "sale_warn": const("no-message"), "message_bounce": const(0), "opt_out": const(False),
            "team_id": const(self.team_id),
            "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(created), "write_date": stamps(created),
        }
        ld.copy("res_partner", cols, total)
        self.counts.update(customers=n, prospects=npros, contacts=ncont, partners=total)
        self.user_of = company_user  # by company index (customers then prospects)

    def order_partner(self, cust, share=0.3):
        """The partner on a document of customer index `cust`: the company, or one of its contacts."""
        rng = self.rng
        n_cont = self.n_contacts[cust]
        use = (n_cont > 0) & (rng.random(len(cust)) < share)
        contact = self.contact_start[cust] + (rng.random(len(cust)) * np.maximum(n_cont, 1)).astype(np.int64)
        return np.where(use, contact, self.pid[cust])

    # -- sales, invoices, payments --------------------------------------------------------

    def load_sales(self, ld):
        rng, R, NOW = self.rng, self.R, self.NOW
        t, c, st = self.o_t, self.o_c, self.o_state
        n = len(t)
        so_id = ld.next_id("sale_order") + np.arange(n)
        self.so_id = so_id
        so_name = ["SO%03d" % (i + 1) for i in range(n)]
        self.so_name = so_name
        partner = self.order_partner(c)
        self.o_partner = partner
        confirmed = st == 0
        # invoicing and delivery of the confirmed orders
        inv_t = t + rng.uniform(0.0, 3.0, n)
        invoiced = confirmed & (inv_t < NOW)
        sched_t = t + self.lead_days[c]
        late = rng.random(n) < self.p_late[c]
        done_t = np.where(late, sched_t + 1.0 + rng.gamma(1.5, 2.0, n),
                          np.maximum(sched_t - rng.uniform(0.0, 0.9, n), t))
        delivered = confirmed & (done_t < NOW)
        locked = confirmed & invoiced & delivered & (t < R - 90) & (rng.random(n) < 0.10)
        state_names = np.array(["sale", "draft", "sent", "cancel"])
        state = state_names[st].astype(object)
        state[locked] = "done"
        inv_status = np.where(invoiced, "invoiced", np.where(confirmed, "to invoice", "no"))
        total = self.o_untaxed + self.o_tax
        user = self.user_of[c]
        user = np.where(user == 0, 1, user)
        cols = {
            "id": ints(so_id), "name": texts(lambda lo, hi: so_name[lo:hi]),
            "state": texts(lambda lo, hi: state[lo:hi].tolist()),
            "date_order": stamps(t), "confirmation_date": stamps(t, ~confirmed),
            "create_date": stamps(t),
            "write_date": stamps(np.where(confirmed, np.minimum(done_t, NOW - 1e-4), t)),
            "user_id": ints(user), "partner_id": ints(partner), "partner_invoice_id": ints(partner),
            "partner_shipping_id": ints(partner), "pricelist_id": const(self.pricelist_id),
            "invoice_status": texts(lambda lo, hi: inv_status[lo:hi].tolist()),
            "amount_untaxed": nums(self.o_untaxed), "amount_tax": nums(self.o_tax),
            "amount_total": nums(total),
            "company_id": const(self.company.id), "team_id": const(self.team_id),
            "picking_policy": const("direct"), "warehouse_id": const(self.warehouse.id),
            "create_uid": ints(user), "write_uid": ints(user),
        }
        ld.copy("sale_order", cols, n)
        self.seq_counts = {"sale.order": n}
        self.inv_t, self.invoiced = inv_t, invoiced
        self.sched_t, self.done_t, self.delivered = sched_t, done_t, delivered
        self.load_lines(ld, state, user, np.where(confirmed, np.minimum(done_t, NOW - 1e-4), t))

    def load_lines(self, ld, state, user, write_t):
        """sale_order_line (and the lines' tax) as the ORM stores a confirmed order's lines:
        amounts from lines(), quantities delivered and invoiced as the order's delivery and
        invoice have it (invoice policy 'ordered quantities', no invoice lines written)."""
        o = self.l_order
        n = len(o)
        cat = self.catalog
        qty = self.l_qty.astype(float)
        sub = self.l_sub_c / 100.0
        tax = self.l_tax_c / 100.0
        total = sub + tax
        confirmed = (self.o_state == 0)[o]
        delivered = self.delivered[o]
        invoiced = self.invoiced[o]
        q_inv = np.where(invoiced, qty, 0.0)
        q_to_inv = np.where(confirmed, qty - q_inv, 0.0)
        status = np.where(~confirmed, "no", np.where(q_to_inv != 0, "to invoice", "invoiced"))
        amt_inv = np.where(invoiced, total, 0.0)
        l_state = state[o]
        names = cat["names"]
        ids = ld.next_id("sale_order_line") + np.arange(n)
        cols = {
            "id": ints(ids), "order_id": ints(self.so_id[o]), "name": pick(names, self.l_product),
            "sequence": ints(10 + self.l_seq), "invoice_status": texts(lambda lo, hi: status[lo:hi].tolist()),
            "price_unit": nums(self.l_unit_c / 100.0), "price_subtotal": nums(sub),
            "price_tax": nums(tax), "price_total": nums(total), "price_reduce": nums(self.l_unit_c / 100.0),
            "price_reduce_taxinc": nums(total / qty), "price_reduce_taxexcl": nums(sub / qty),
            "discount": const("0.00"), "product_id": ints(cat["product_ids"][self.l_product]),
            "product_uom_qty": floats(qty), "product_uom": const(self.uom_id),
            "qty_delivered": floats(np.where(delivered, qty, 0.0)), "qty_to_invoice": floats(q_to_inv),
            "qty_invoiced": floats(q_inv), "salesman_id": ints(user[o]),
            "currency_id": const(self.currency_id),
            "company_id": const(self.company.id), "order_partner_id": ints(self.o_partner[o]),
            "is_downpayment": const(False), "state": texts(lambda lo, hi: l_state[lo:hi].tolist()),
            "customer_lead": const("0.0"), "amt_to_invoice": nums(np.where(confirmed, total - amt_inv, 0.0)),
            "amt_invoiced": nums(amt_inv), "layout_category_sequence": const(0),
            "create_uid": ints(user[o]), "write_uid": ints(user[o]),
            "create_date": stamps(self.o_t[o]), "write_date": stamps(write_t[o]),
        }
        ld.copy("sale_order_line", cols, n)
        ld.copy("account_tax_sale_order_line_rel",
                {"sale_order_line_id": ints(ids), "account_tax_id": const(self.tax_id)}, n)

    def load_accounting(self, ld):
        rng, R, NOW = self.rng, self.R, self.NOW
        oi = np.flatnonzero(self.invoiced)                 # orders with an invoice
        cust = self.o_c[oi]
        day = np.floor(self.inv_t[oi])
        due = day + self.term[cust]
        kind = self.pay_kind[cust]
        delay = np.select([kind == 0, kind == 1, kind == 2],
                          [rng.normal(-2.0, 4.0, len(oi)), rng.gamma(2.0, 6.0, len(oi)),
                           rng.gamma(2.0, 22.0, len(oi))],
                          default=rng.gamma(2.0, 40.0, len(oi)))
        pay_day = np.maximum(day, due + np.round(delay))
        defaulted = (kind == 3) & (day > R - 365)
        paid = (pay_day < NOW) & ~defaulted
        untaxed, tax = self.o_untaxed[oi], self.o_tax[oi]
        total = untaxed + tax
        partial = paid & (rng.random(len(oi)) < 0.04)
        part_paid = np.round(total * rng.uniform(0.3, 0.7, len(oi)), 2)
        pay_amt = np.where(paid, np.where(partial, part_paid, total), 0.0)
        # credit notes on ~1.5 % of the invoices, paid back when old enough
        rmask = rng.random(len(oi)) < 0.015 * np.where(self.unhappy[cust], 3.0, 1.0)
        rday = day + rng.integers(3, 46, len(oi))
        rmask &= rday < NOW
        ri = np.flatnonzero(rmask)
        ratio = np.where(rng.random(len(ri)) < 0.3, 1.0, rng.uniform(0.1, 0.6, len(ri)))
        r_untaxed = np.maximum(np.round(untaxed[ri] * ratio, 2), 0.01)
        r_tax = np.round(r_untaxed * TAX_RATE, 2)
        r_total = r_untaxed + r_tax
        r_day = rday[ri]
        r_pay_day = r_day + rng.integers(2, 21, len(ri))
        r_paid = r_pay_day < NOW
        # documents: invoices then credit notes, numbered and id'd in date order
        nd_i, nd_r = len(oi), len(ri)
        d_kind = np.concatenate([np.zeros(nd_i, np.int8), np.ones(nd_r, np.int8)])
        d_order = np.concatenate([oi, oi[ri]])
        d_day = np.concatenate([day, r_day])
        d_due = np.concatenate([due, r_day])
        d_untaxed = np.concatenate([untaxed, r_untaxed])
        d_tax = np.concatenate([tax, r_tax])
        d_total = d_untaxed + d_tax
        d_pay = np.concatenate([pay_amt, np.where(r_paid, r_total, 0.0)])
        d_pay_day = np.concatenate([pay_day, r_pay_day])
        d_origin_doc = np.concatenate([np.full(nd_i, -1), ri])  # refund -> index of its invoice (pre-sort)
        srt = np.argsort(d_day, kind="stable")
        inv_pos = np.empty(len(srt), np.int64)
        inv_pos[srt] = np.arange(len(srt))
        (d_kind, d_order, d_day, d_due, d_untaxed, d_tax, d_total, d_pay, d_pay_day, d_origin_doc) = (
            a[srt] for a in (d_kind, d_order, d_day, d_due, d_untaxed, d_tax, d_total, d_pay, d_pay_day,
                             d_origin_doc))
        nd = len(d_kind)
        refund = d_kind == 1
        sign = np.where(refund, -1.0, 1.0)
        d_residual = np.round(d_total - d_pay, 2)
        d_paid = d_residual <= 0.0
        has_pay = d_pay > 0
        d_id = ld.next_id("account_invoice") + np.arange(nd)
        d_move = ld.next_id("account_move") + np.arange(nd)
        d_names, year_counts = self.numbers("INV/%d/%04d", d_day)
        self.seq_counts["invoice"] = year_counts
        cust_d = self.o_c[d_order]
        commercial = self.pid[cust_d]
        partner = self.o_partner[d_order]
        user = self.user_of[cust_d]
        user = np.where(user == 0, 1, user)
        so_names = self.so_name
        origin = pick(so_names, d_order)
        refund_of = np.where(d_origin_doc >= 0, d_id[inv_pos[np.maximum(d_origin_doc, 0)]], 0)
        # payments (one per settled document), their moves, full reconciles
        pi = np.flatnonzero(has_pay)
        npay = len(pi)
        p_id = ld.next_id("account_payment") + np.arange(npay)
        p_move = d_move[-1] + 1 + np.arange(npay) if nd else ld.next_id("account_move") + np.arange(npay)
        p_day = d_pay_day[pi]
        p_out = refund[pi]
        psrt = np.argsort(p_day, kind="stable")
        in_names, in_counts = self.numbers("CUST.IN/%d/%04d", p_day, mask=~p_out)
        out_names, out_counts = self.numbers("CUST.OUT/%d/%04d", p_day, mask=p_out)
        p_names = [o if out else i for i, o, out in zip(in_names, out_names, p_out.tolist())]
        bnk_names, bnk_counts = self.numbers("BNK1/%d/%04d", p_day)
        self.seq_counts.update({"pay_in": in_counts, "pay_out": out_counts, "bank": bnk_counts})
        del psrt
        full = has_pay & d_paid
        fi = np.flatnonzero(full)
        f_id = ld.next_id("account_full_reconcile") + np.arange(len(fi))
        d_full = np.zeros(nd, np.int64)
        d_full[fi] = f_id
        self.seq_counts["reconcile"] = len(fi)
        # account_invoice
        inv_state = np.where(d_paid, "paid", "open")
        cols = {
            "id": ints(d_id),
            "type": texts(lambda lo, hi: np.where(refund[lo:hi], "out_refund", "out_invoice").tolist()),
            "number": texts(lambda lo, hi: d_names[lo:hi]), "move_name": texts(lambda lo, hi: d_names[lo:hi]),
            "origin": origin, "reference_type": const("none"),
            "state": texts(lambda lo, hi: inv_state[lo:hi].tolist()), "sent": const(False),
            "date_invoice": dates(d_day), "date_due": dates(d_due), "date": dates(d_day),
            "partner_id": ints(partner), "commercial_partner_id": ints(commercial),
            "partner_shipping_id": ints(partner), "account_id": const(self.acc["receivable"]),
            "move_id": ints(d_move), "refund_invoice_id": ints(refund_of, refund_of == 0),
            "amount_untaxed": nums(d_untaxed), "amount_untaxed_signed": nums(d_untaxed * sign),
            "amount_tax": nums(d_tax), "amount_total": nums(d_total),
            "amount_total_signed": nums(d_total * sign), "amount_total_company_signed": nums(d_total * sign),
            "residual": nums(d_residual), "residual_signed": nums(d_residual * sign),
            "residual_company_signed": nums(d_residual * sign), "reconciled": bools(d_paid),
            "currency_id": const(self.currency_id), "journal_id": const(self.sale_journal.id),
            "company_id": const(self.company.id), "user_id": ints(user), "team_id": const(self.team_id),
            "create_uid": ints(user), "write_uid": ints(user),
            "create_date": stamps(d_day + 0.4),
            "write_date": stamps(np.where(has_pay, np.minimum(d_pay_day, self.R) + 0.5, d_day + 0.4)),
        }
        ld.copy("account_invoice", cols, nd)
        # account_move: the documents' moves, then the payments' moves
        mv_n = nd + npay
        mv_id = np.concatenate([d_move, p_move])
        mv_names = d_names + bnk_names
        mv_journal = np.concatenate([np.full(nd, self.sale_journal.id), np.full(npay, self.bank_journal.id)])
        mv_partner = np.concatenate([commercial, commercial[pi]])
        mv_day = np.concatenate([d_day, p_day])
        mv_amount = np.concatenate([d_total, d_pay[pi]])
        mv_matched = np.concatenate([np.round(d_pay / d_total, 4), np.ones(npay)])
        mv_ref = d_names + [d_names[i] for i in pi.tolist()]
        cols = {
            "id": ints(mv_id), "name": texts(lambda lo, hi: mv_names[lo:hi]),
            "ref": texts(lambda lo, hi: mv_ref[lo:hi]), "date": dates(mv_day), "journal_id": ints(mv_journal),
            "currency_id": const(self.currency_id), "state": const("posted"), "partner_id": ints(mv_partner),
            "amount": nums(mv_amount), "matched_percentage": floats(mv_matched),
            "company_id": const(self.company.id),
            "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(mv_day + 0.4), "write_date": stamps(mv_day + 0.4),
        }
        ld.copy("account_move", cols, mv_n)
        # account_payment + account_invoice_payment_rel
        cols = {
            "id": ints(p_id), "name": texts(lambda lo, hi: p_names[lo:hi]), "state": const("posted"),
            "payment_type": texts(lambda lo, hi: np.where(p_out[lo:hi], "outbound", "inbound").tolist()),
            "partner_type": const("customer"), "partner_id": ints(commercial[pi]), "amount": nums(d_pay[pi]),
            "currency_id": const(self.currency_id), "payment_date": dates(p_day),
            "communication": pick(d_names, pi), "journal_id": const(self.bank_journal.id),
            "payment_method_id": ints(np.where(p_out, self.pay_out, self.pay_in)),
            "move_name": texts(lambda lo, hi: bnk_names[lo:hi]), "payment_difference_handling": const("open"),
            "company_id": const(self.company.id), "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(p_day + 0.5), "write_date": stamps(p_day + 0.5),
        }
        ld.copy("account_payment", cols, npay)
        ld.copy("account_invoice_payment_rel", {"payment_id": ints(p_id), "invoice_id": ints(d_id[pi])}, npay)
        ld.copy("account_full_reconcile", {
            "id": ints(f_id), "name": fmt("A%d", np.arange(1, len(fi) + 1)),
            "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(d_pay_day[fi] + 0.5), "write_date": stamps(d_pay_day[fi] + 0.5)}, len(fi))
        # account_move_line: per document receivable, income, tax; per payment bank, receivable
        aml0 = ld.next_id("account_move_line")
        d_recv_line = aml0 + 3 * np.arange(nd)
        p_recv_line = aml0 + 3 * nd + 2 * np.arange(npay) + 1
        z = np.zeros
        ln = 3 * nd + 2 * npay
        L = {}
        L["id"] = aml0 + np.arange(ln)

        def rep3(a):
            return np.repeat(a, 3)

        def rep2(a):
            return np.repeat(a, 2)

        role_d = np.tile(np.arange(3), nd)           # 0 receivable, 1 income, 2 tax
        role_p = np.tile(np.arange(2), npay)         # 0 bank, 1 receivable
        inv_dir = rep3(np.where(refund, -1.0, 1.0))  # +1 invoice: receivable debit, income/tax credit
        amt_d = np.where(role_d == 0, rep3(d_total), np.where(role_d == 1, rep3(d_untaxed), rep3(d_tax)))
        debit_d = np.where((role_d == 0) == (inv_dir > 0), amt_d, 0.0)
        credit_d = np.where((role_d == 0) == (inv_dir > 0), 0.0, amt_d)
        pay_dir = rep2(np.where(p_out, -1.0, 1.0))   # +1 inbound: bank debit, receivable credit
        amt_p = rep2(d_pay[pi])
        debit_p = np.where((role_p == 0) == (pay_dir > 0), amt_p, 0.0)
        credit_p = np.where((role_p == 0) == (pay_dir > 0), 0.0, amt_p)
        debit = np.concatenate([debit_d, debit_p])
        credit = np.concatenate([credit_d, credit_p])
        recv_d = role_d == 0
        recv_p = role_p == 1
        is_recv = np.concatenate([recv_d, recv_p])
        residual = np.concatenate([np.where(recv_d, rep3(d_residual * sign), 0.0), np.zeros(2 * npay)])
        reconciled = np.concatenate([recv_d & rep3(d_paid), recv_p])
        full_id = np.concatenate([np.where(recv_d, rep3(d_full), 0), np.where(recv_p, rep2(d_full[pi]), 0)])
        account = np.concatenate([
            np.select([role_d == 0, role_d == 1], [self.acc["receivable"], self.acc["income"]],
                      self.acc["tax"]),
            np.where(role_p == 1, self.acc["receivable"], self.acc["bank"])])
        utype = np.concatenate([
            np.select([role_d == 0, role_d == 1], [self.acc["receivable_type"], self.acc["income_type"]],
                      self.acc["tax_type"]),
            np.where(role_p == 1, self.acc["receivable_type"], self.acc["bank_type"])])
        move = np.concatenate([rep3(d_move), rep2(p_move)])
        journal = np.concatenate([np.full(3 * nd, self.sale_journal.id),
                                  np.full(2 * npay, self.bank_journal.id)])
        lday = np.concatenate([rep3(d_day), rep2(p_day)])
        maturity = np.concatenate([rep3(d_due), rep2(p_day)])
        invoice = np.concatenate([rep3(d_id), z(2 * npay, np.int64)])
        payment = np.concatenate([z(3 * nd, np.int64), rep2(p_id)])
        lpartner = np.concatenate([rep3(commercial), rep2(commercial[pi])])
        product = np.concatenate([np.where(role_d == 1, self.product.id, 0), z(2 * npay, np.int64)])
        tax_line = np.concatenate([np.where(role_d == 2, self.tax_id, 0), z(2 * npay, np.int64)])
        tax_base = np.concatenate([np.where(role_d == 2, rep3(d_untaxed), 0.0), z(2 * npay)])
        # a line's label: '/' on the receivable, the product, the tax; a payment's lines carry its reference
        labels = ["/", self.product_name, "Tax 15.00%", None, None]
        role_all = np.concatenate([role_d, 3 + role_p])
        line_mv = np.concatenate([rep3(np.arange(nd)), nd + rep2(np.arange(npay))])

        def names_line(lo, hi):
            return [labels[r] or mv_ref[m] for r, m in zip(role_all[lo:hi].tolist(), line_mv[lo:hi].tolist())]

        def ref_line(lo, hi):
            return [mv_ref[m] for m in line_mv[lo:hi].tolist()]

        balance = debit - credit
        cols = {
            "id": ints(L["id"]), "name": texts(names_line), "ref": texts(ref_line),
            "quantity": nums(np.where(np.concatenate([role_d == 1, z(2 * npay, bool)]), 1.0, 0.0)),
            "product_uom_id": ints(np.where(product > 0, self.uom_id, 0), product == 0),
            "product_id": ints(product, product == 0),
            "debit": nums(debit), "credit": nums(credit), "balance": nums(balance),
            "debit_cash_basis": nums(debit), "credit_cash_basis": nums(credit),
            "balance_cash_basis": nums(balance),
            "amount_currency": const("0.00"), "company_currency_id": const(self.currency_id),
            "currency_id": const(None),
            "amount_residual": nums(residual), "amount_residual_currency": const("0.00"),
            "tax_base_amount": nums(tax_base), "account_id": ints(account), "move_id": ints(move),
            "payment_id": ints(payment, payment == 0), "reconciled": bools(reconciled),
            "full_reconcile_id": ints(full_id, full_id == 0), "journal_id": ints(journal),
            "blocked": const(False),
            "date_maturity": dates(maturity), "date": dates(lday),
            "tax_line_id": ints(tax_line, tax_line == 0),
            "company_id": const(self.company.id), "invoice_id": ints(invoice, invoice == 0),
            "partner_id": ints(lpartner), "user_type_id": ints(utype), "tax_exigible": const(True),
            "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(lday + 0.4), "write_date": stamps(lday + 0.4),
        }
        ld.copy("account_move_line", cols, ln)
        del is_recv
        # account_partial_reconcile: document receivable line with the payment's
        pr_debit = np.where(p_out, p_recv_line, d_recv_line[pi])
        pr_credit = np.where(p_out, d_recv_line[pi], p_recv_line)
        cols = {
            "id": ints(ld.next_id("account_partial_reconcile") + np.arange(npay)),
            "debit_move_id": ints(pr_debit), "credit_move_id": ints(pr_credit), "amount": nums(d_pay[pi]),
            "amount_currency": const("0.00"), "currency_id": const(None),
            "company_id": const(self.company.id),
            "full_reconcile_id": ints(d_full[pi], d_full[pi] == 0),
            "max_date": dates(np.maximum(p_day, d_day[pi])),
            "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(p_day + 0.5), "write_date": stamps(p_day + 0.5),
        }
        ld.copy("account_partial_reconcile", cols, npay)
        self.counts.update(invoices=int(nd_i), refunds=int(nd_r), payments=int(npay), move_lines=int(ln),
                           partial_reconciles=int(npay), invoices_open=int((~d_paid).sum()),
                           invoices_partially_paid=int((has_pay & ~d_paid).sum()))

    def numbers(self, pattern, day, mask=None):
        """Names numbered per year in date order (ORM-like sequence with a yearly range).
        Returns (names in the input order, {year: last number}); masked-out rows get ''."""
        day = np.asarray(day)
        n = len(day)
        sel = np.arange(n) if mask is None else np.flatnonzero(mask)
        order = sel[np.lexsort((sel, day[sel]))] if len(sel) else sel
        days_sorted = self.base_d + np.floor(day[order]).astype(np.int64).astype("timedelta64[D]")
        years_sorted = days_sorted.astype("datetime64[Y]").astype(np.int64) + 1970
        counters = {}
        names = [""] * n
        for pos, year in zip(order.tolist(), years_sorted.tolist()):
            k = counters.get(year, 0) + 1
            counters[year] = k
            names[pos] = pattern % (year, k)
        return names, counters

    # -- deliveries ---------------------------------------------------------------------

    def load_stock(self, ld):
        rng, NOW = self.rng, self.NOW
        oi = np.flatnonzero(self.o_state == 0)
        n = len(oi)
        pk_id = ld.next_id("stock_picking") + np.arange(n)
        done = self.delivered[oi]
        done_t = self.done_t[oi]
        sched = self.sched_t[oi]
        cust = self.o_c[oi]
        ret = done & (rng.random(n) < 0.01 * np.where(self.unhappy[cust], 3.0, 1.0))
        ret_t = done_t + rng.uniform(2.0, 30.0, n)
        ret &= ret_t < NOW
        ri = np.flatnonzero(ret)
        nr = len(ri)
        rid = pk_id[-1] + 1 + np.arange(nr) if n else ld.next_id("stock_picking") + np.arange(nr)
        out_names = ["WH/OUT/%05d" % (i + 1) for i in range(n)]
        in_names = ["WH/IN/%05d" % (i + 1) for i in range(nr)]
        names = out_names + in_names
        all_n = n + nr
        is_out = np.arange(all_n) < n
        t_create = np.concatenate([self.o_t[oi], done_t[ri] + 1.0])
        t_sched = np.concatenate([sched, ret_t[ri]])
        t_done = np.concatenate([done_t, ret_t[ri]])
        is_done = np.concatenate([done, np.ones(nr, bool)])
        partner = np.concatenate([self.o_partner[oi], self.o_partner[oi][ri]])
        origin = [self.so_name[i] for i in oi.tolist()] + ["Return of %s" % out_names[i] for i in ri.tolist()]
        user = self.user_of[np.concatenate([cust, cust[ri]])]
        user = np.where(user == 0, 1, user)
        cols = {
            "id": ints(np.concatenate([pk_id, rid])), "name": texts(lambda lo, hi: names[lo:hi]),
            "origin": texts(lambda lo, hi: origin[lo:hi]), "move_type": const("direct"),
            "state": texts(lambda lo, hi: np.where(is_done[lo:hi], "done", "assigned").tolist()),
            "priority": const("1"), "scheduled_date": stamps(t_sched), "date": stamps(t_create),
            "date_done": stamps(t_done, ~is_done),
            "location_id": ints(np.where(is_out, self.loc_stock, self.loc_customers)),
            "location_dest_id": ints(np.where(is_out, self.loc_customers, self.loc_stock)),
            "picking_type_id": ints(np.where(is_out, self.type_out.id, self.type_in.id)),
            "partner_id": ints(partner), "company_id": const(self.company.id),
            "printed": const(False), "is_locked": const(True),
            "sale_id": ints(np.concatenate([self.so_id[oi], np.zeros(nr, np.int64)]), ~is_out),
            "create_uid": ints(user), "write_uid": ints(user),
            "create_date": stamps(t_create), "write_date": stamps(np.where(is_done, t_done, t_create)),
        }
        ld.copy("stock_picking", cols, all_n)
        # stock moves of the returned deliveries and of their returns
        m0 = ld.next_id("stock_move")
        mid = m0 + np.arange(2 * nr)
        out_move = m0 + np.arange(nr)
        m_picking = np.concatenate([pk_id[ri], rid])
        m_out = np.arange(2 * nr) < nr
        m_date = np.concatenate([done_t[ri], ret_t[ri]])
        m_exp = np.concatenate([sched[ri], ret_t[ri]])
        m_origin = ([self.so_name[oi[i]] for i in ri.tolist()]
                    + ["Return of %s" % out_names[i] for i in ri.tolist()])
        m_ref = [out_names[i] for i in ri.tolist()] + in_names
        m_partner = np.concatenate([partner[ri], partner[ri]])
        cols = {
            "id": ints(mid), "name": const(self.product_name), "sequence": const(10), "priority": const("1"),
            "create_date": stamps(m_exp), "date": stamps(m_date), "date_expected": stamps(m_exp),
            "company_id": const(self.company.id), "product_id": const(self.product.id),
            "ordered_qty": const("1.00"), "product_qty": const("1.00"), "product_uom_qty": const("1.00"),
            "product_uom": const(self.uom_id),
            "location_id": ints(np.where(m_out, self.loc_stock, self.loc_customers)),
            "location_dest_id": ints(np.where(m_out, self.loc_customers, self.loc_stock)),
            "partner_id": ints(m_partner), "picking_id": ints(m_picking), "state": const("done"),
            "price_unit": const(0), "origin": texts(lambda lo, hi: m_origin[lo:hi]),
            "procure_method": const("make_to_stock"), "scrapped": const(False), "propagate": const(True),
            "picking_type_id": ints(np.where(m_out, self.type_out.id, self.type_in.id)),
            "origin_returned_move_id": ints(np.concatenate([np.zeros(nr, np.int64), out_move]), m_out),
            "warehouse_id": const(self.warehouse.id), "additional": const(False),
            "reference": texts(lambda lo, hi: m_ref[lo:hi]), "to_refund": bools(~m_out),
            "create_uid": const(1), "write_uid": const(1), "write_date": stamps(m_date),
        }
        ld.copy("stock_move", cols, 2 * nr)
        self.seq_counts.update(picking_out=n, picking_in=nr)
        self.counts.update(pickings=int(n), deliveries_done=int(done.sum()), returns=int(nr),
                           deliveries_late=int((done & (np.floor(done_t) > np.floor(sched))).sum()))

    # -- service, pipeline, activities ----------------------------------------------------

    def load_tickets(self, ld):
        rng, NOW = self.rng, self.NOW
        per_cust = np.bincount(self.o_c[self.o_state == 0], minlength=self.n_cust)
        rate = 0.15 * per_cust * np.where(self.unhappy, 4.0, 1.0)
        rate *= 0.15 * per_cust.sum() / max(rate.sum(), 1e-9)
        k = rng.poisson(rate)
        cust = np.repeat(np.arange(self.n_cust), k)
        n = len(cust)
        lo = self.acq[cust]
        hi = np.minimum(NOW, self.end[cust] + 60.0)
        t = lo + rng.random(n) * np.maximum(hi - lo, 0.5)
        t = np.minimum(t, NOW - 1e-3)
        srt = np.argsort(t, kind="stable")
        cust, t = cust[srt], t[srt]
        partner = self.order_partner(cust)
        unhappy = self.unhappy[cust]
        u = rng.random(n)
        complaint_p = np.where(unhappy, 0.5, 0.15)
        category = np.where(u < complaint_p, self.cat["Complaint"],
                            np.where(u < complaint_p + 0.25, self.cat["Technical"], self.cat["Question"]))
        age = NOW - t
        close_after = rng.gamma(1.5, 1.5, n)  # days
        closed = np.where(age > 30, True, (rng.random(n) < 0.4) & (t + close_after < NOW))
        closed_t = np.minimum(t + close_after, NOW - 1e-4)
        cancelled = closed & (rng.random(n) < 0.08)
        stage = np.where(closed, np.where(cancelled, self.ticket_cancel_stage, self.ticket_done_stage),
                         np.array(self.ticket_open_stages)[rng.integers(0, len(self.ticket_open_stages), n)])
        ids = ld.next_id("helpdesk_ticket") + np.arange(n)
        user = self.user_of[cust]
        names = self.comp_names
        subjects = {self.cat["Complaint"]: "Complaint", self.cat["Technical"]: "Technical issue",
                    self.cat["Question"]: "Question"}
        channel = np.array(self.channels, dtype=object)[rng.integers(0, len(self.channels), n)]
        cols = {
            "id": ints(ids), "number": fmt("HT%05d", np.arange(1, n + 1)),
            "name": texts(lambda lo, hi: ["%s #%d" % (subjects[c], i)
                                          for c, i in zip(category[lo:hi].tolist(), range(lo + 1, hi + 1))]),
            "description": const("<p>Benchmark ticket</p>"), "user_id": ints(np.where(user == 0, 1, user)),
            "stage_id": ints(stage), "partner_id": ints(partner), "partner_name": pick(names, cust),
            "partner_email": const(None), "last_stage_update": stamps(np.where(closed, closed_t, t)),
            "assigned_date": stamps(t), "closed_date": stamps(closed_t, ~closed),
            "company_id": const(self.company.id),
            "channel_id": texts(lambda lo, hi: [NULL if v is None else str(v)
                                                for v in channel[lo:hi].tolist()]),
            "category_id": ints(category), "priority": const("1"), "color": const(0),
            "kanban_state": const("normal"),
            "create_uid": const(1), "write_uid": const(1),
            "create_date": stamps(t), "write_date": stamps(np.where(closed, closed_t, t)),
        }
        ld.copy("helpdesk_ticket", cols, n)
        tag_c = (category == self.cat["Complaint"]) & (rng.random(n) < 0.3) | (rng.random(n) < 0.03)
        tag_u = rng.random(n) < 0.10
        rel_t = np.concatenate([ids[tag_c], ids[tag_u]])
        rel_g = np.concatenate([np.full(int(tag_c.sum()), self.tag_complaint),
                                np.full(int(tag_u.sum()), self.tag_urgent)])
        ld.copy("helpdesk_ticket_helpdesk_ticket_tag_rel",
                {"helpdesk_ticket_id": ints(rel_t), "helpdesk_ticket_tag_id": ints(rel_g)}, len(rel_t))
        self.seq_counts["ticket"] = n
        self.counts.update(tickets=int(n), tickets_open=int((~closed).sum()),
                           tickets_complaint_category=int((category == self.cat["Complaint"]).sum()))

    def load_leads(self, ld):
        rng, NOW = self.rng, self.NOW
        per_cust = np.bincount(self.o_c[self.o_state == 0], minlength=self.n_cust)
        k_c = rng.poisson(0.1 * per_cust)
        k_p = rng.integers(1, 4, self.n_pros)
        who = np.concatenate([np.repeat(np.arange(self.n_cust), k_c),
                              self.n_cust + np.repeat(np.arange(self.n_pros), k_p)])
        n = len(who)
        is_cust = who < self.n_cust
        cw = np.minimum(who, self.n_cust - 1)
        lo = np.where(is_cust, np.maximum(self.acq[cw] - 60.0, 0.0), 0.0)
        t = lo + rng.random(n) * (NOW - lo)
        t = np.minimum(t, NOW - 1e-3)
        srt = np.argsort(t, kind="stable")
        who, t, is_cust, cw = who[srt], t[srt], is_cust[srt], cw[srt]
        commercial = np.where(is_cust, self.pid[cw], self.pros_pid[np.maximum(who - self.n_cust, 0)])
        partner = np.where(is_cust, self.order_partner(cw), commercial)
        opp = rng.random(n) < 0.85
        age = NOW - t
        closes = t + rng.gamma(2.0, 15.0, n)
        decided = (closes < NOW) & ((age > 120) | (rng.random(n) < 0.4))
        won = decided & opp & (rng.random(n) < 0.45)
        lost = decided & ~won
        open_ = ~decided
        ost = rng.integers(0, len(self.open_stage_ids), n)
        stage = np.where(won, self.won_stage_id, np.array(self.open_stage_ids)[ost])
        prob = np.where(won, 100.0, np.where(lost, 0.0, np.array(self.open_stage_probs)[ost]))
        closed_t = np.minimum(closes, NOW - 1e-4)
        revenue = np.round(rng.lognormal(math.log(3000.0), 1.0, n), 2)
        user = self.user_of[who]
        user_v = np.where(user == 0, 1, user)
        ids = ld.next_id("crm_lead") + np.arange(n)
        names = self.comp_names
        decided_t = np.where(decided, closed_t, t)
        cols = {
            "id": ints(ids),
            "name": texts(lambda lo, hi: ["%s for %s" % ("Opportunity" if o else "Lead", names[w])
                                          for o, w in zip(opp[lo:hi].tolist(), who[lo:hi].tolist())]),
            "partner_id": ints(partner), "active": bools(~lost),
            "type": texts(lambda lo, hi: np.where(opp[lo:hi], "opportunity", "lead").tolist()),
            "team_id": const(self.team_id), "user_id": ints(user, user == 0),
            "company_id": const(self.company.id),
            "partner_name": pick(names, who), "email_from": const(None), "opt_out": const(False),
            "priority": const("1"), "stage_id": ints(stage), "probability": floats(prob),
            "planned_revenue": floats(revenue), "color": const(0), "message_bounce": const(0),
            "date_open": stamps(t, ~opp), "date_conversion": stamps(t, ~opp),
            "date_closed": stamps(closed_t, ~decided), "date_last_stage_update": stamps(decided_t),
            "day_open": floats(np.zeros(n), ~opp), "day_close": floats(np.floor(closed_t - t), ~decided),
            "lost_reason": ints(np.full(n, self.lost_reason), ~lost),
            "create_uid": ints(user_v), "write_uid": ints(user_v),
            "create_date": stamps(t), "write_date": stamps(decided_t),
        }
        ld.copy("crm_lead", cols, n)
        self.lead_ids, self.lead_t, self.lead_who = ids, t, who
        self.counts.update(leads=int(n), opportunities=int(opp.sum()), leads_won=int(won.sum()),
                           leads_lost=int(lost.sum()), leads_open=int(open_.sum()))

    def load_activities(self, ld):
        rng, NOW = self.rng, self.NOW
        n_p = int(round(0.04 * self.counts["orders"]))
        n_l = int(round(0.5 * len(self.lead_ids)))
        cust = rng.integers(0, self.n_cust, n_p)
        t_p = self.acq[cust] + rng.random(n_p) * (NOW - self.acq[cust])
        li = rng.integers(0, max(len(self.lead_ids), 1), n_l) if len(self.lead_ids) else np.zeros(0, np.int64)
        t_l = self.lead_t[li] + rng.random(n_l) * (NOW - self.lead_t[li]) if n_l else np.zeros(0)
        n = n_p + n_l
        is_p = np.arange(n) < n_p
        res_id = np.concatenate([self.pid[cust], self.lead_ids[li] if n_l else np.zeros(0, np.int64)])
        t = np.minimum(np.concatenate([t_p, t_l]), NOW - 1e-3)
        atype = np.array(self.activity_types)[rng.integers(0, len(self.activity_types), n)]
        who = np.concatenate([cust, self.lead_who[li] if n_l else np.zeros(0, np.int64)])
        user = self.user_of[who]
        author = self.author_partner(user)
        ids = ld.next_id("mail_message") + np.arange(n)
        names = self.comp_names
        cols = {
            "id": ints(ids), "date": stamps(t), "body": const("<p>Done: follow-up with the customer</p>"),
            "model": texts(lambda lo, hi: np.where(is_p[lo:hi], "res.partner", "crm.lead").tolist()),
            "res_id": ints(res_id), "record_name": pick(names, who), "message_type": const("notification"),
            "subtype_id": const(self.activity_subtype), "mail_activity_type_id": ints(atype),
            "author_id": ints(author), "no_auto_thread": const(False),
            "message_id": fmt("<bench-activity-%d@localhost>", ids),
            "create_uid": const(1), "write_uid": const(1), "create_date": stamps(t), "write_date": stamps(t),
        }
        ld.copy("mail_message", cols, n)
        self.counts["activities"] = int(n)

    def author_partner(self, user_ids):
        by_user = self.user_partner
        return np.array([by_user[int(u) or 1] for u in user_ids.tolist()], dtype=np.int64)

    # -- after the load -----------------------------------------------------------------

    def bump_sequences(self):
        """Move Odoo's sequences past the generated names so that documents the ORM
        creates later (the benchmark's new orders) do not collide."""
        env = self.env
        sc = self.seq_counts

        def bump(seq, last, year=None):
            if not seq or not last:
                return
            if seq.use_date_range and year:
                dr = env["ir.sequence.date_range"].search([("sequence_id", "=", seq.id),
                                                          ("date_from", "<=", "%d-01-01" % year),
                                                          ("date_to", ">=", "%d-01-01" % year)], limit=1)
                if not dr:
                    dr = env["ir.sequence.date_range"].create({
                        "sequence_id": seq.id, "date_from": "%d-01-01" % year, "date_to": "%d-12-31" % year,
                        "number_next": 1})
                dr.write({"number_next": last + 1})
            else:
                seq.write({"number_next": last + 1})

        Seq = env["ir.sequence"]
        bump(Seq.search([("code", "=", "sale.order")], limit=1), sc["sale.order"])
        bump(Seq.search([("code", "=", "helpdesk.ticket.sequence")], limit=1), sc.get("ticket"))
        bump(self.type_out.sequence_id, sc.get("picking_out"))
        bump(self.type_in.sequence_id, sc.get("picking_in"))
        bump(Seq.search([("code", "=", "account.reconcile")], limit=1), sc.get("reconcile"))
        for key, seq in (("invoice", self.sale_journal.sequence_id), ("bank", self.bank_journal.sequence_id),
                         ("pay_in", Seq.search([("code", "=", "account.payment.customer.invoice")],
                                               limit=1)),
                         ("pay_out", Seq.search([("code", "=", "account.payment.customer.refund")],
                                                limit=1))):
            for year, last in sc.get(key, {}).items():
                bump(seq, last, year)

    def save_params(self, seconds):
        info = {"seed": self.args.seed, "orders_requested": self.args.orders, "ref_date": str(self.ref),
                "history_start": str(self.start), "generator_seconds": round(seconds, 1),
                "load_seconds": self.load_seconds, "counts": self.counts,
                "product_id": self.product.id, "manager_uid": self.manager.id,
                "notes": "order lines, no invoice lines; stock moves only for returned deliveries"}
        self.env["ir.config_parameter"].sudo().set_param(PARAM_KEY, json.dumps(info, sort_keys=True))
        return info


class Loader(object):
    """COPY into tables over a raw connection, foreign-key triggers off, plain indexes of
    the big tables dropped and rebuilt afterwards."""

    BIG = ("sale_order", "sale_order_line", "account_tax_sale_order_line_rel", "account_invoice",
           "account_move", "account_move_line", "account_payment", "account_partial_reconcile",
           "account_full_reconcile", "stock_picking", "helpdesk_ticket", "crm_lead", "mail_message")

    def __init__(self, cnx, gen):
        self.cnx, self.gen = cnx, gen
        self.cr = cnx.cursor()
        self.cr.execute("SET session_replication_role = replica")
        self.dropped = []
        self.tables = []
        self.ids = {}

    def next_id(self, table):
        if table not in self.ids:
            self.cr.execute("SELECT COALESCE(max(id), 0) + 1 FROM %s" % table)
            self.ids[table] = self.cr.fetchone()[0]
        return self.ids[table]

    def drop_indexes(self):
        for table in self.BIG:
            self.cr.execute("""
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                  FROM pg_index i
                 WHERE i.indrelid = %s::regclass
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
                (table,))
            for name, definition in self.cr.fetchall():
                self.cr.execute("DROP INDEX %s" % name)
                self.dropped.append(definition)

    def rebuild_indexes(self):
        for definition in self.dropped:
            self.cr.execute(definition)

    def copy(self, table, cols, n):
        started = time.time()
        names = list(cols)
        if n:
            sql = "COPY %s (%s) FROM STDIN" % (table, ", ".join(names))
            specs = [cols[k] for k in names]
            for lo in range(0, n, CHUNK):
                hi = min(n, lo + CHUNK)
                parts = [spec.chunk(lo, hi, self.gen) for spec in specs]
                buf = io.StringIO("\n".join(map("\t".join, zip(*parts))) + "\n")
                self.cr.copy_expert(sql, buf)
            if "id" in cols:
                self.ids[table] = self.next_id(table) + n
        self.tables.append(table)
        seconds = time.time() - started
        self.gen.load_seconds[table] = round(self.gen.load_seconds.get(table, 0) + seconds, 1)
        say("%-42s %10s rows  %6.1f s" % (table, "{:,}".format(n), seconds))

    def finish(self):
        for table in set(self.tables):
            if "id" in self._columns(table):
                self.cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(max(id), 1)) "
                                "FROM " + table, (table,))
        self.cr.execute("SET session_replication_role = DEFAULT")

    def _columns(self, table):
        self.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
        return {r[0] for r in self.cr.fetchall()}

    def verify_foreign_keys(self):
        """Every foreign key of the loaded tables holds (one anti-join each)."""
        self.cr.execute("""
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
             WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
               AND c.conrelid::regclass::text = ANY(%s)""", (sorted(set(self.tables)),))
        bad = []
        for table, column, ftable, fcolumn in self.cr.fetchall():
            self.cr.execute("SELECT count(*) FROM %s t WHERE t.%s IS NOT NULL AND NOT EXISTS "
                            "(SELECT 1 FROM %s f WHERE f.%s = t.%s)"
                            % (table, column, ftable, fcolumn, column))
            missing = self.cr.fetchone()[0]
            if missing:
                bad.append("%s.%s -> %s: %d" % (table, column, ftable, missing))
        return bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conf", required=True, help="Odoo configuration file (setup/odoo.sh --config-only)")
    parser.add_argument("--db", default="crm_lifecycle_bench")
    parser.add_argument("--orders", type=int, default=10000, help="confirmed sale orders")
    parser.add_argument("--customers", type=int, default=0, help="default: orders / 10")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--ref-date", default=None, help="the history ends on this day (default today)")
    parser.add_argument("--no-verify", action="store_true", help="skip the foreign-key check after the load")
    args = parser.parse_args()
    started = time.time()
    with environment(args.conf, args.db) as env:
        from odoo import release
        if release.version_info[0] != 11:
            raise SystemExit("generate.py writes Odoo 11's tables (account.invoice); this is Odoo %s."
                             % release.version)
        gen = Generator(env, args)
        say("setup through the ORM (company, chart, salespeople, product, stages)")
        gen.setup()
        say("drawing %s orders' history over %d years up to %s (seed %d)" % (
            "{:,}".format(args.orders), YEARS, gen.ref, args.seed))
        gen.customers()
        gen.orders()
        gen.lines()
        cnx = connect(args.db)
        ld = Loader(cnx, gen)
        ld.drop_indexes()
        gen.load_partners(ld)
        gen.load_sales(ld)
        gen.load_accounting(ld)
        gen.load_stock(ld)
        gen.load_tickets(ld)
        gen.load_leads(ld)
        gen.load_activities(ld)
        t_idx = time.time()
        say("rebuilding %d indexes of the loaded tables" % len(ld.dropped))
        ld.rebuild_indexes()
        gen.load_seconds["indexes"] = round(time.time() - t_idx, 1)
        ld.finish()
        cnx.commit()
        if not args.no_verify:
            t_fk = time.time()
            bad = ld.verify_foreign_keys()
            gen.load_seconds["verify_fk"] = round(time.time() - t_fk, 1)
            if bad:
                raise SystemExit("generate.py: foreign keys broken:\n  " + "\n  ".join(bad))
            say("foreign keys verified (%.1f s)" % (time.time() - t_fk))
        env.cr.rollback()  # the ORM cursor has seen nothing since setup()
        gen.bump_sequences()
        env.cr.commit()
        cnx.commit()
        t_vac = time.time()
        cnx.autocommit = True
        for table in sorted(set(ld.tables)):
            ld.cr.execute("VACUUM ANALYZE %s" % table)
        ld.cr.execute("CHECKPOINT")  # the load's dirty buffers written now, not during the measurements
        gen.load_seconds["vacuum_analyze"] = round(time.time() - t_vac, 1)
        say("vacuum analyze, checkpoint (%.1f s)" % (time.time() - t_vac))
        cnx.close()
        info = gen.save_params(time.time() - started)
        env.cr.commit()
    say("generated in %.0f s: %s" % (time.time() - started, ", ".join(
        "%s %s" % (k, "{:,}".format(v) if isinstance(v, int) else v)
        for k, v in sorted(info["counts"].items()))))


if __name__ == "__main__":
    main()
