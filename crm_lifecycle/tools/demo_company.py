# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A deterministic demo company: customers with two years of real ERP history.

`build(env)` creates salespeople, products and customer companies, and plays each customer's
history through the ERP's own flows (crm_lifecycle.compat): opportunities won and lost, sale
orders confirmed, deliveries validated (some late, a few returned), invoices posted, payments
on time, late, partial or missing, credit notes, helpdesk tickets. Customers follow behaviour
archetypes so that every lifecycle stage and RFM segment has members. Everything random comes
from one `random.Random(seed)`: the same seed and `today` give the same company.
"""
import datetime
import gc
import math
import random
import time

from dateutil.relativedelta import relativedelta

from odoo import fields

from .. import compat
from . import flows

PARAM = "crm_lifecycle.demo_seed"

# archetype, share of the customers
ARCHETYPES = [
    ("loyal", 0.25),        # regular repeat buyers, still buying
    ("one_off", 0.14),      # a single order, long ago enough not to be "new"
    ("lapsed", 0.15),       # bought regularly, stopped 6+ months ago (some high value)
    ("slipping", 0.12),     # regular buyers whose last order is 2.5-5 months old
    ("new", 0.10),          # first order in the last two months
    ("won_back", 0.08),     # long gap, then recent orders again
    ("prospect", 0.16),     # leads/opportunities only, never bought
]

SALESPEOPLE = [
    ("Li Wei 李伟", "li.wei@demo.crm-lifecycle.example"),
    ("Sarah Johnson", "sarah.johnson@demo.crm-lifecycle.example"),
    ("Zhang Min 张敏", "zhang.min@demo.crm-lifecycle.example"),
    ("David Miller", "david.miller@demo.crm-lifecycle.example"),
]

# (name, list price, category index in CATEGORIES)
PRODUCTS = [
    ("Cable Kit 线缆套件", 18.0, 0),
    ("Industrial Sensor 工业传感器", 85.0, 1),
    ("Safety Relay", 62.0, 0),
    ("Control Module 控制模块", 240.0, 2),
    ("Servo Motor 伺服电机", 520.0, 3),
    ("HMI Touch Panel", 780.0, 3),
    ("PLC Controller PLC 控制器", 1350.0, 2),
    ("Vision Inspection System", 4200.0, 1),
]
# what the products cost the company (their standard cost): a gross margin of 38 %
COST_SHARE = 0.62
# product categories under one root: the engine's default category level (2) watches them
# one by one
ROOT_CATEGORY = "Automation 自动化"
CATEGORIES = ["Wiring and Safety 布线与安全", "Sensing 传感", "Control 控制", "Motion and HMI 运动与人机"]

CN_CITY = ["上海", "北京", "深圳", "杭州", "广州", "苏州", "成都", "武汉", "南京", "宁波"]
CN_CORE = ["华信", "宏达", "天成", "金桥", "鼎盛", "瑞丰", "恒通", "新锐", "东方", "博远",
           "中联", "德润", "海纳", "启明", "云帆"]
CN_TRADE = ["科技", "贸易", "电子", "机械", "物流", "自动化", "精密制造", "包装"]
EN_FIRST = ["Blue", "North", "Summit", "Pioneer", "Bright", "Silver", "Oak", "Harbor",
            "Evergreen", "Atlas", "Crown", "Vertex", "Red Rock", "Golden Gate", "Lakeside"]
EN_SECOND = ["River", "Ridge", "Peak", "Valley", "Star", "Bridge", "Field", "Stone", "Point"]
EN_TRADE = ["Trading", "Logistics", "Systems", "Foods", "Industries", "Automation",
            "Packaging", "Electronics"]
EN_FORM = ["Ltd", "Inc.", "GmbH", "LLC", "Co."]
CN_SURNAME = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"]
CN_GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "婷", "涛"]
EN_GIVEN = ["John", "Emma", "Michael", "Olivia", "James", "Sophia", "Robert", "Mia",
            "William", "Ava", "Daniel", "Grace", "Thomas", "Chloe"]
EN_SURNAME = ["Smith", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright",
              "Clarke", "Hughes", "Green", "Baker"]
PINYIN = {"王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang",
          "黄": "huang", "赵": "zhao", "吴": "wu", "周": "zhou", "徐": "xu", "孙": "sun"}

TICKET_SUBJECTS = {
    "Complaint": ["Delivery arrived late", "Damaged goods received", "Wrong item shipped",
                  "产品质量问题", "Unhappy with support response"],
    "Question": ["How to configure the module", "Request for documentation", "安装咨询",
                 "Compatibility question"],
    "Invoice": ["Invoice amount unclear", "Request copy of invoice", "发票信息有误"],
    "Delivery": ["Tracking number request", "Change delivery address", "Partial delivery"],
}
LOST_REASONS = ["Too expensive", "Chose a competitor", "No budget", "Not responsive"]


# DEMO_SIZE: how many customer companies (the default gives the churn model enough repeat
# buyers for a valid fit: clv_min_repeat_buyers is 100 by default)
SIZES = {"small": 40, "default": 170, "large": 600}
BATCH = compat.FLOW_BATCH  # customers played per batch (one commit each when the caller commits)
PROGRESS = "crm_lifecycle.demo_progress"  # "seed:customers:batches done" while building


def size_customers(size):
    """Customer count of a DEMO_SIZE: small, default, large or a number (at least 10)."""
    size = str(size or "default").strip().lower()
    if size in SIZES:
        return SIZES[size]
    if size.isdigit() and int(size) >= 10:
        return int(size)
    raise ValueError("DEMO_SIZE must be one of %s or a number of customers (10 or more), not %r"
                     % (", ".join(sorted(SIZES)), size))


class _Planner(object):
    """Everything random of the company, decided before anything is written: the customers,
    their contacts and the dated events of their history (pure Python, one random.Random).
    The plan refers to salespeople and products by index."""

    def __init__(self, seed, customers, months, today):
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_customers = customers
        self.today = compat.to_date(today)
        self.start = self.today - relativedelta(months=months)
        self.span = (self.today - self.start).days
        self.names = set()

    # -- helpers -------------------------------------------------------------------------
    def day(self, lo, hi):
        """A random date between two dates (inclusive)."""
        if hi <= lo:
            return lo
        return lo + datetime.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def ago(self, days):
        """`days` before today, but not before the start of the history."""
        return max(self.start, self.today - datetime.timedelta(days=int(days)))

    def after(self, date, lo, hi):
        return date + datetime.timedelta(days=self.rng.randint(lo, hi))

    def log_uniform(self, lo, hi):
        return math.exp(self.rng.uniform(math.log(lo), math.log(hi)))

    def cadence(self, first, last, mean_gap, limit=60):
        """Order dates from `first` to `last`, about `mean_gap` days apart (±35%)."""
        dates = []
        current = first
        while current <= last and len(dates) < limit:
            dates.append(current)
            gap = max(5, int(round(mean_gap * self.rng.uniform(0.65, 1.35))))
            current = current + datetime.timedelta(days=gap)
        return dates

    def unique(self, make):
        for _attempt in range(50):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        name = "%s %d" % (make(), len(self.names))
        self.names.add(name)
        return name

    def company_name(self, chinese):
        rng = self.rng
        if chinese:
            return self.unique(lambda: "%s%s%s有限公司" % (
                rng.choice(CN_CITY), rng.choice(CN_CORE), rng.choice(CN_TRADE)))
        return self.unique(lambda: "%s %s %s %s" % (
            rng.choice(EN_FIRST), rng.choice(EN_SECOND), rng.choice(EN_TRADE),
            rng.choice(EN_FORM)))

    # -- the plan ------------------------------------------------------------------------
    def archetypes(self):
        """Archetype of every customer, in a seeded shuffled order."""
        plan = []
        for name, share in ARCHETYPES:
            plan += [name] * int(round(share * self.n_customers))
        while len(plan) < self.n_customers:
            plan.append("loyal")
        plan = plan[:self.n_customers]
        self.rng.shuffle(plan)
        return plan

    def plan(self):
        plan = [self.customer(index, archetype) for index, archetype in enumerate(self.archetypes())]
        self.drop_categories(plan)
        self.sell_below_cost(plan)
        return plan

    def sell_below_cost(self, plan, customers=4, price_share=0.55):
        """A few loyal customers won with a standing discount that puts every price below
        the products' cost: loyal, and unprofitable. Their own random.Random, as above."""
        rng = random.Random(self.seed * 7919 + 2)
        loyal = [c for c in plan if c["archetype"] == "loyal" and len(c["orders"]) >= 4
                 and "dropped_category" not in c]
        for c in rng.sample(loyal, min(customers, len(loyal))):
            for order in c["orders"]:
                order["lines"] = [(index, qty, round(price * price_share, 2))
                                  for index, qty, price in order["lines"]]
            c["below_cost"] = True

    def customer(self, index, archetype):
        rng = self.rng
        chinese = rng.random() < 0.5
        user = rng.randrange(len(SALESPEOPLE))
        vals = {"name": self.company_name(chinese), "is_company": True,
                "phone": "+%d %d" % (86 if chinese else 1, rng.randint(10 ** 9, 10 ** 10 - 1))}
        country = "cn" if chinese else rng.choice(["us", "uk", "de", "sg"])
        domain = None
        if rng.random() < 0.7:
            domain = "c%03d.example.%s" % (len(self.names), "cn" if chinese else "com")
            vals["email"] = "info@" + domain
        contacts = []
        for _i in range(rng.randint(1, 3)):
            if chinese and rng.random() < 0.8:
                surname = rng.choice(CN_SURNAME)
                name = surname + rng.choice(CN_GIVEN) + (rng.choice(CN_GIVEN) if rng.random() < 0.5 else "")
                local = "%s.%d" % (PINYIN[surname], rng.randint(1, 99))
            else:
                first, last = rng.choice(EN_GIVEN), rng.choice(EN_SURNAME)
                name = "%s %s" % (first, last)
                local = "%s.%s" % (first.lower(), last.lower())
            cvals = {"name": name, "type": "contact",
                     "function": rng.choice(["Purchasing", "CEO", "Engineer", "Accounting", "采购经理"])}
            if domain and rng.random() < 0.75:
                cvals["email"] = "%s@%s" % (local, domain)
            contacts.append(cvals)
        # customer profile: how big, how they pay, how well they are served
        size = rng.choice([0.5, 1, 1, 1, 2.5, 2.5, 6])
        if archetype in ("lapsed", "slipping") and rng.random() < 0.4:
            size = rng.choice([6, 10])          # high value customers who went quiet
        pay = rng.choices(["prompt", "late", "bad"], [0.6, 0.27, 0.13])[0]
        top = len(PRODUCTS) - (0 if size >= 6 else 2 if size >= 2.5 else 3)
        basket = rng.sample(range(top), 3)
        value = math.exp(rng.gauss(math.log(3000), 0.5)) * (2.0 if size >= 6 else 1.0)
        c = {"index": index, "vals": vals, "country": country, "contacts": contacts, "user": user,
             "basket": basket, "value": value,
             "archetype": archetype, "size": size, "pay": pay,
             "due_days": rng.choice([15, 30, 30, 30, 45, 60]),
             "late_rate": 0.35 if rng.random() < 0.15 else 0.07,
             "ticket_rate": rng.choice([0.03, 0.06, 0.1, 0.2]),
             "leads": [], "orders": [], "tickets": []}
        self.history(c)
        return c

    def order_dates(self, c):
        """The order dates of a customer, by archetype (the engine's default rules: new within
        90 days, lapsed after 365 days without orders, won back after such a gap)."""
        kind = c["archetype"]
        rng = self.rng
        early = self.start + datetime.timedelta(days=int(self.span * 0.4))
        # purchase rates spread over a decade of gaps (log-uniform), and short-lived buyers
        # beside lasting ones: the heterogeneity BG/NBD models, so that its fit is valid
        if kind == "loyal":
            return self.cadence(self.day(self.start, early), self.ago(3), self.log_uniform(25, 300))
        if kind == "one_off":
            return [self.day(self.start, self.ago(75))]
        if kind == "lapsed":
            stop = self.day(self.ago(600), self.ago(380))
            gap = self.log_uniform(25, 100)
            first = self.day(self.start, stop - datetime.timedelta(days=int(gap * rng.randint(1, 4))))
            dates = self.cadence(first, stop, gap)
            return dates if len(dates) >= 2 else dates + [self.after(dates[-1], 20, 40)]
        if kind == "slipping":
            stop = self.day(self.ago(170), self.ago(95))
            return self.cadence(self.day(self.start, early), stop, self.log_uniform(40, 150))
        if kind == "new":
            first = self.day(self.ago(58), self.ago(4))
            return self.cadence(first, self.ago(2), rng.uniform(10, 25), limit=3)
        if kind == "won_back":
            old = self.cadence(self.day(self.start, self.start + datetime.timedelta(days=60)),
                               self.ago(450), rng.uniform(40, 70), limit=rng.randint(2, 4))
            recent = self.cadence(self.day(self.ago(75), self.ago(20)), self.ago(2),
                                  rng.uniform(15, 35), limit=3)
            return old + recent
        return []

    def lead(self, c, date, name, revenue, kind="opportunity", outcome=None, closed=None):
        lead = {"date": date, "name": name, "revenue": revenue, "type": kind, "outcome": None,
                "closed": closed}
        if outcome == "won" and closed <= self.today:
            lead["outcome"] = "won"
        elif outcome == "lost" and closed <= self.today:
            lead.update(outcome="lost", reason=self.rng.choice(LOST_REASONS))
        c["leads"].append(lead)

    def order_lines(self, c):
        """1 to 3 products of the customer's assortment, for about its usual order value:
        a customer's spend varies little from order to order, and usual values differ
        between customers within a moderate range (what Gamma-Gamma models)."""
        rng = self.rng
        chosen = rng.sample(c["basket"], rng.randint(1, 3))
        target = c["value"] * rng.uniform(0.6, 1.4) / len(chosen)
        return [(index, max(1, int(round(target / PRODUCTS[index][1]))), PRODUCTS[index][1])
                for index in chosen]

    def drop_categories(self, plan, share=0.3, factor=3.5):
        """Some loyal customers keep ordering but stop buying one product category: from a cut
        on, that category's lines become another category of their assortment for about the
        same amount, so the order dates, counts and values (what the churn model fits) stay as
        they were. The cut is the latest one after which the category has been missing for
        more than `factor` times its usual gap (the engine's default stop factor is 3).
        A random.Random of its own leaves the main sequence, and so the company, unchanged."""
        rng = random.Random(self.seed * 7919 + 1)
        for c in plan:
            if c["archetype"] != "loyal" or len(c["orders"]) < 6 or rng.random() >= share:
                continue
            kept = {PRODUCTS[i][2] for i in c["basket"]}
            if len(kept) < 2:
                continue
            category = rng.choice(sorted(kept))
            others = [i for i in c["basket"] if PRODUCTS[i][2] != category]
            orders = c["orders"]
            cut = None
            for position in range(len(orders) - 1, 2, -1):
                before = sorted({o["date"] for o in orders[:position]
                                 if any(PRODUCTS[i][2] == category for i, _q, _p in o["lines"])})
                if len(before) < 3:
                    break
                gaps = sorted((b - a).days for a, b in zip(before, before[1:]))
                median = (gaps[(len(gaps) - 1) // 2] + gaps[len(gaps) // 2]) / 2.0
                if (self.today - before[-1]).days > factor * median:
                    cut = position
                    break
            if cut is None:
                continue
            for order in orders[cut:]:
                lines = {}
                for index, qty, price in order["lines"]:
                    if PRODUCTS[index][2] == category:
                        index = rng.choice(others)
                        qty = max(1, int(round(qty * price / PRODUCTS[index][1])))
                        price = PRODUCTS[index][1]
                    lines[index] = (index, lines.get(index, (0, 0))[1] + qty, price)
                order["lines"] = list(lines.values())
            c["dropped_category"] = category

    def order(self, c, date):
        rng, today = self.rng, self.today
        order = {"date": date, "lines": self.order_lines(c), "done": None}
        c["orders"].append(order)
        scheduled = self.after(date, 2, 7)
        late = rng.random() < c["late_rate"]
        done = self.after(scheduled, 2, 12) if late else self.after(scheduled, -2, 0)
        done = max(done, date)
        if done > today:
            return
        order.update(done=done, scheduled=scheduled)
        if late and rng.random() < c["ticket_rate"] + 0.3:
            self.ticket(c, self.after(done, 0, 3), "Complaint")
        elif rng.random() < c["ticket_rate"]:
            self.ticket(c, self.after(done, 1, 20),
                        rng.choice(["Question", "Question", "Invoice", "Delivery", "Complaint"]))
        returned = None
        if rng.random() < (0.06 if late else 0.02):
            returned = self.after(done, 4, 20)
            if returned > today:
                returned = None
        self.pay(c, order, done, returned)

    def pay(self, c, order, inv_date, returned):
        """The invoice's fate: returned and credited, or paid (in full, in two parts, late or
        never) and now and then a price concession."""
        rng, today = self.rng, self.today
        due = inv_date + datetime.timedelta(days=c["due_days"])
        order.update(payments=[], concession=None, returned=None, unpaid=False, overdue=False)
        if returned:
            # goods came back: credit the whole invoice (reconciled: it is still open)
            order.update(returned=returned, refunded=self.after(returned, 0, 3))
            return
        profile = c["pay"]
        never = False
        partial = rng.random() < {"prompt": 0.04, "late": 0.12, "bad": 0.25}[profile]
        if profile == "prompt":
            when = self.after(inv_date, 2, max(3, c["due_days"] - 1))
        elif profile == "late":
            when = self.after(due, 5, 60)
        else:
            never = rng.random() < 0.35
            when = self.after(due, 20, 120)
        paid = False
        if not never and when <= today:
            if partial:
                order["payments"].append((when, rng.uniform(0.3, 0.7)))
                rest = self.after(when, 20, 60)
                if rest <= today and not (profile == "bad" and rng.random() < 0.5):
                    order["payments"].append((rest, None))
                    paid = True
            else:
                order["payments"].append((when, None))
                paid = True
        if rng.random() < 0.03:
            concession = self.after(inv_date, 5, 40)
            if concession <= today:
                order["concession"] = (concession, rng.uniform(0.1, 0.3))
        if not paid:
            order.update(unpaid=True, overdue=due < today)

    def ticket(self, c, date, category):
        rng, today = self.rng, self.today
        if date > today:
            return
        contact = rng.randrange(len(c["contacts"])) if c["contacts"] else None
        tags = ["Complaint"] if category == "Complaint" and rng.random() < 0.6 else None
        if category != "Complaint" and rng.random() < 0.1:
            tags = ["Urgent"]
        closed = self.after(date, 0, 21)
        c["tickets"].append({"date": date, "contact": contact, "category": category, "tags": tags,
                             "name": rng.choice(TICKET_SUBJECTS[category]),
                             "closed": closed if closed <= today and rng.random() > 0.04 else None})

    def history(self, c):
        rng = self.rng
        kind = c["archetype"]
        if kind == "prospect":
            # about half still have an open opportunity; the older attempts were lost
            lost = rng.randint(0, 2)
            for _i in range(lost):
                created = self.day(self.start, self.ago(90))
                self.lead(c, created, "Quote request", rng.choice([800, 2500, 6000, 15000]),
                          kind=rng.choice(["lead", "opportunity"]), outcome="lost",
                          closed=self.after(created, 10, 60))
            if not lost or rng.random() < 0.5:
                self.lead(c, self.day(self.ago(90), self.ago(1)), "Inquiry: automation project",
                          rng.choice([2500, 6000, 15000, 40000]),
                          kind=rng.choice(["lead", "opportunity", "opportunity"]))
            if rng.random() < 0.2:
                self.ticket(c, self.day(self.ago(200), self.ago(1)), "Question")
            return
        dates = self.order_dates(c)
        first = dates[0]
        estimate = sum(q * p for _prod, q, p in self.order_lines(c))
        self.lead(c, first - datetime.timedelta(days=rng.randint(7, 45)), "First order",
                  estimate, outcome="won", closed=first)
        if kind == "won_back":
            recent = [d for d in dates if d >= self.ago(80)]
            if recent:
                self.lead(c, recent[0] - datetime.timedelta(days=rng.randint(10, 40)),
                          "Win-back offer", estimate, outcome="won", closed=recent[0])
        for date in dates:
            self.order(c, date)
        # more pipeline around the orders
        if kind in ("loyal", "slipping", "lapsed") and len(dates) > 2:
            for _i in range(rng.randint(0, 2)):
                created = self.day(dates[1], dates[-1])
                self.lead(c, created, "Upsell: new line", estimate * rng.uniform(1, 3),
                          outcome=rng.choice(["won", "lost"]), closed=self.after(created, 10, 50))
        if kind == "loyal" and rng.random() < 0.3:
            self.lead(c, self.ago(rng.randint(3, 40)), "Expansion project", estimate * 2)
        if kind == "lapsed" and rng.random() < 0.5:
            created = self.after(dates[-1], 60, 150)
            if created <= self.today:
                self.lead(c, created, "Re-engagement call", estimate, outcome="lost",
                          closed=self.after(created, 7, 30))


def repeat_buyers(plan):
    """Customers of a plan with orders on two days or more: the churn model's repeat buyers
    (it counts confirmed orders, those of one day as one purchase)."""
    return sum(1 for c in plan if len({o["date"] for o in c["orders"]}) >= 2)


def plan_company(seed=42, customers=SIZES["default"], months=24, today=None):
    """The plan of the demo company (nothing written): a list of customers with their history."""
    return _Planner(seed, customers, months, today or fields.Date.today()).plan()


class _Builder(object):
    """Plays a plan through the ERP's flows, a batch of customers at a time (tools.flows'
    batch helpers: one create, confirm, validate, post and register call per batch)."""

    def __init__(self, env, plan, today, log, commit, batch=BATCH):
        self.env = env
        self.batch = batch
        self.plan = plan
        self.today = today
        self.log = log
        self.commit = commit
        self.counts = dict.fromkeys([
            "customers", "contacts", "contacts_with_email", "salespeople", "orders",
            "orders_open", "deliveries", "deliveries_late", "returns", "invoices",
            "invoices_unpaid", "invoices_overdue", "payments", "payments_partial",
            "refunds", "tickets", "tickets_open", "tickets_complaint", "leads",
            "leads_won", "leads_lost", "leads_open"], 0)
        self.archetypes = {}

    def setup(self):
        self.users = [flows.create_salesperson(self.env, name, login)
                      for name, login in SALESPEOPLE]
        self.counts["salespeople"] = len(self.users)
        # a root category of its own: Odoo's "All" is gone from 19 (Goods, Services... are roots)
        Category = self.env["product.category"]
        root = Category.search([("name", "=", ROOT_CATEGORY), ("parent_id", "=", False)], limit=1) \
            or Category.create({"name": ROOT_CATEGORY})
        categories = [Category.search([("name", "=", name), ("parent_id", "=", root.id)], limit=1)
                      or Category.create({"name": name, "parent_id": root.id})
                      for name in CATEGORIES]
        self.products = [flows.demo_product(self.env, name, price, categ=categories[category],
                                            cost=round(price * COST_SHARE, 2))
                         for name, price, category in PRODUCTS]
        self.countries = {code: self.env.ref("base." + code) for code in ("cn", "us", "uk", "de", "sg")}
        self.setup_playbook()

    def setup_playbook(self):
        """Two playbooks that the replayed history fires: a call for the owner of every
        valuable customer who slips into At risk, and one for every customer whose
        health falls sharply."""
        Playbook = self.env["crm.lifecycle.playbook"].with_context(active_test=False)
        at_risk = self.env["crm.lifecycle.stage"].search([("code", "=", "at_risk")], limit=1)
        segment = self.env.ref("crm_lifecycle.segment_high_value_at_risk", raise_if_not_found=False)
        if not at_risk or Playbook.search_count([("name", "=", "Call valuable customers at risk")]):
            return
        Playbook.create({
            "name": "Call valuable customers at risk", "stage_id": at_risk.id,
            "segment_id": segment.id if segment else False,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "activity_days": 3, "activity_summary": "Check in before they lapse"})
        # and one on the weekly health history: the replayed month-ends (replay_months)
        # give each customer a snapshot a month, so a drop within six weeks is a month's
        Playbook.create({
            "name": "Ask why the health dropped", "trigger": "health_drop",
            "drop_points": 15, "drop_weeks": 6,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "activity_days": 5, "activity_summary": "Health dropped: ask what changed"})
        self.counts["playbooks"] = 2

    def count(self, batch):
        """The counts of a batch, from its plan."""
        n = self.counts
        for c in batch:
            self.archetypes[c["archetype"]] = self.archetypes.get(c["archetype"], 0) + 1
            n["customers"] += 1
            n["contacts"] += len(c["contacts"])
            n["contacts_with_email"] += sum(1 for v in c["contacts"] if v.get("email"))
            for lead in c["leads"]:
                n["leads"] += 1
                n["leads_" + (lead["outcome"] or "open")] += 1
            for order in c["orders"]:
                n["orders"] += 1
                if not order["done"]:
                    n["orders_open"] += 1
                    continue
                n["invoices"] += 1
                n["deliveries_late"] += order["done"] > order["scheduled"]
                n["returns"] += bool(order["returned"])
                n["refunds"] += bool(order["returned"]) + bool(order["concession"])
                n["payments"] += len(order["payments"])
                n["payments_partial"] += any(ratio for _d, ratio in order["payments"])
                n["invoices_unpaid"] += order["unpaid"]
                n["invoices_overdue"] += order["overdue"]
            for ticket in c["tickets"]:
                n["tickets"] += 1
                n["tickets_open"] += not ticket["closed"]
                n["tickets_complaint"] += ticket["category"] == "Complaint"

    def play(self, batch):
        """One batch of customers, through the flows, phase by phase."""
        env = self.env
        Partner = env["res.partner"]
        companies = compat.create_many(Partner, [
            dict(flows.customer_vals(), user_id=self.users[c["user"]].id,
                 country_id=self.countries[c["country"]].id, **c["vals"]) for c in batch])
        contacts = compat.create_many(Partner, [
            dict(vals, parent_id=company.id)
            for c, company in zip(batch, companies) for vals in c["contacts"]])
        people = iter(contacts)
        for c, company in zip(batch, companies):
            c["partner"] = company
            c["people"] = [next(people) for _vals in c["contacts"]]
        # pipeline
        leads = [(c, lead) for c in batch for lead in c["leads"]]
        records = flows.create_leads(env, [(c["partner"], lead["date"], lead["name"], lead["revenue"],
                                            lead["type"], self.users[c["user"]]) for c, lead in leads])
        won = [(record, lead) for record, (_c, lead) in zip(records, leads) if lead["outcome"] == "won"]
        flows.win_leads(env["crm.lead"].browse([r.id for r, _l in won]), [lead["closed"] for _r, lead in won])
        lost = [(record, lead) for record, (_c, lead) in zip(records, leads) if lead["outcome"] == "lost"]
        flows.lose_leads(env["crm.lead"].browse([r.id for r, _l in lost]),
                         [lead["closed"] for _r, lead in lost],
                         [lead["reason"] for _r, lead in lost])
        # orders: confirmed, delivered, invoiced
        orders = [(c, order) for c in batch for order in c["orders"]]
        records = flows.create_orders(env, [
            (c["partner"], order["date"],
             [(self.products[i], qty, price) for i, qty, price in order["lines"]],
             self.users[c["user"]]) for c, order in orders])
        flows.confirm_orders(records, [order["date"] for _c, order in orders])
        for record, (_c, order) in zip(records, orders):
            order["record"] = record
        done = [(c, order) for c, order in orders if order["done"]]
        done_orders = env["sale.order"].browse([order["record"].id for _c, order in done])
        pickings = flows.deliver_orders(done_orders, [o["done"] for _c, o in done],
                                        [o["scheduled"] for _c, o in done])
        self.counts["deliveries"] += sum(len(p) for p in pickings.values())
        invoices = flows.invoice_orders(done_orders, [o["done"] for _c, o in done],
                                        [c["due_days"] for c, _o in done])
        for invoice, (_c, order) in zip(invoices, done):
            order["invoice"] = invoice
        # support tickets
        tickets = [(c, t) for c in batch for t in c["tickets"]]
        records = flows.create_tickets(env, [
            (c["people"][t["contact"]] if t["contact"] is not None else c["partner"], t["date"], t["name"],
             t["category"], t["tags"]) for c, t in tickets])
        closed = [(record, t) for record, (_c, t) in zip(records, tickets) if t["closed"]]
        flows.close_tickets(env["helpdesk.ticket"].browse([r.id for r, _t in closed]),
                            [t["closed"] for _r, t in closed])
        # goods returned: the delivery comes back, the invoice is credited in full
        for _c, order in done:
            if order["returned"]:
                flows.return_delivery(pickings[order["record"].id][0], order["returned"])
                flows.refund_invoice(order["invoice"], order["refunded"], reason="Goods returned")
        # payments: the first of each invoice, then the rest of those paid in two parts
        for step in (0, 1):
            due = [(o["invoice"], o["payments"][step]) for _c, o in done if len(o["payments"]) > step]
            flows.register_payments(
                [inv for inv, _p in due], [when for _inv, (when, _r) in due],
                [None if ratio is None else inv.currency_id.round(inv.amount_total * ratio)
                 for inv, (_w, ratio) in due])
        # a price concession now and then
        for _c, order in done:
            if order["concession"]:
                when, ratio = order["concession"]
                invoice = order["invoice"]
                flows.refund_invoice(invoice, when,
                                     amount=invoice.currency_id.round(invoice.amount_total * ratio),
                                     reason="Price concession")
        for c in batch:  # drop the records: the next batch starts with an empty cache
            c.pop("partner", None)
            c.pop("people", None)
            for order in c["orders"]:
                order.pop("record", None)
                order.pop("invoice", None)

    def run(self, resume=0):
        t0 = time.time()
        self.setup()
        batches = [self.plan[i:i + self.batch] for i in range(0, len(self.plan), self.batch)]
        total = sum(len(c["orders"]) + 1 for c in self.plan)  # progress by orders (and customers)
        done = 0
        for number, batch in enumerate(batches, 1):
            self.count(batch)
            done += sum(len(c["orders"]) + 1 for c in batch)
            if number <= resume:
                continue
            self.play(batch)
            # a long build: keep the ORM cache from growing with every record touched
            compat.flush(self.env)
            compat.invalidate(self.env)
            gc.collect()  # Odoo looks environments up linearly among the live ones: let the dead go
            self.commit(number)
            spent = time.time() - t0
            rate = spent / max(1, done - sum(len(c["orders"]) + 1 for b in batches[:resume] for c in b))
            self.log("demo: %3d%%  %d/%d customers, %d orders, %s elapsed, about %s left" % (
                100 * done // total, self.counts["customers"], len(self.plan), self.counts["orders"],
                datetime.timedelta(seconds=int(spent)),
                datetime.timedelta(seconds=int(rate * (total - done)))))
        self.setup_duplicate_lead()
        return dict(self.counts, archetypes=self.archetypes, seconds=int(time.time() - t0),
                    repeat_buyers=repeat_buyers(self.plan))

    def setup_duplicate_lead(self):
        """A new lead typed with the phone number of an existing customer, written the
        way people type it: its form shows the duplicate check's notice (CRM > Leads,
        "Inquiry from a known number")."""
        Lead = self.env["crm.lead"]
        known = self.env["res.partner"].search([("name", "in", [c["vals"]["name"] for c in self.plan]),
                                                ("is_company", "=", True), ("phone", "!=", False)],
                                               order="id", limit=1)
        if not known or Lead.search_count([("name", "=", "Inquiry from a known number")]):
            return
        digits = "".join(ch for ch in known.phone if ch.isdigit())
        Lead.create({"name": "Inquiry from a known number", "type": "lead", "contact_name": "Visitor",
                     "phone": "%s-%s-%s" % (digits[:-8], digits[-8:-4], digits[-4:])})


def replay_months(env, months=12, today=None, log=print, commit=None):
    """The lifecycle as it unfolded: one full recompute at each of the last `months`
    month-ends, oldest first (the caller then recomputes today). Each records the stage
    changes of its month, dated when their rule became true, so that a new demo's stage
    history, transition matrix and month-over-month changes show a year of movement
    rather than one change per customer. The playbooks act on those changes as they
    would have then (their activities fall due from today). Returns the stage changes
    recorded."""
    from ..engine import recompute as engine

    today = compat.to_date(today or compat.today(env))
    transitions = 0
    for back in range(months, 0, -1):
        month_end = today.replace(day=1) - relativedelta(months=back - 1) - datetime.timedelta(days=1)
        counts = engine.recompute(env, ref_date=month_end)
        transitions += counts["transitions"]
        log("demo: history as of %s: %d profiles, %d stage changes" % (
            month_end, counts["profiles"], counts["transitions"]))
        if commit:
            commit()
    return transitions


# Where the demo's customers came from: (source, medium), the n-th for a customer whose
# id is n modulo their count; the trade fair's customers came through a campaign.
ACQUISITION = [("Trade fair 展会", "Event 活动"), ("Web search 网络搜索", "Website 网站"),
               ("Referral 转介绍", "Direct 直接"), ("Newsletter 电子报", "Email 邮件")]
ACQUISITION_CAMPAIGN = "Spring fair 春季展会"


def setup_acquisition(env):
    """UTM source, medium and campaign on the demo's leads and orders (once: skipped when a
    lead already has a source), by customer, so that the acquisition report has sources to
    compare. A few writes, one per source and model. Returns the customers given one."""
    Lead, Order = env["crm.lead"].with_context(active_test=False), env["sale.order"]
    if Lead.search_count([("source_id", "!=", False)]):
        return 0
    records = []
    for source, medium in ACQUISITION:
        records.append((_utm(env, "utm.source", source), _utm(env, "utm.medium", medium)))
    campaign = _utm(env, "utm.campaign", ACQUISITION_CAMPAIGN)
    customers = set()
    targets = [Lead] + ([Order] if compat.order_has_utm(env) else [])
    for model in targets:
        by_slot = {}
        for document in model.search([("partner_id", "!=", False)]):
            customer = document.partner_id.commercial_partner_id.id
            by_slot.setdefault(customer % len(ACQUISITION), []).append(document.id)
            customers.add(customer)
        for slot, ids in sorted(by_slot.items()):
            source, medium = records[slot]
            model.browse(ids).write({"source_id": source.id, "medium_id": medium.id,
                                     "campaign_id": campaign.id if slot == 0 else False})
    return len(customers)


def _utm(env, model, name):
    return env[model].search([("name", "=", name)], limit=1) or env[model].create({"name": name})


def launch_past_campaign(env, days_ago=45, share=20.0):
    """A campaign of the champions segment's partner-tag audience, as if launched `days_ago`
    days ago (once: skipped when a campaign exists), so that the campaign screen shows the
    uplift of its contacted members over its hold-out. Returns it, or None."""
    Campaign = env["crm.lifecycle.campaign"]
    segment = env.ref("crm_lifecycle.segment_champions", raise_if_not_found=False)
    if Campaign.search_count([]) or not segment or not segment.member_count:
        return None
    config = env["crm.lifecycle.config"]._get_config()
    kept = config.campaign_holdout_percent
    config.write({"campaign_holdout_percent": share})
    segment.action_tag_members()
    config.write({"campaign_holdout_percent": kept})
    campaign = Campaign.search([("segment_id", "=", segment.id)], limit=1)
    today = compat.today(env)
    day = today - datetime.timedelta(days=days_ago)
    campaign.write({"name": campaign.name.replace(str(today), str(day))})
    flows._flow_backdate(campaign, "crm_lifecycle_campaign", [("date_launched", "date")],
                         [(campaign.id, day)])
    env.cr.execute("UPDATE crm_lifecycle_campaign_member SET date_contacted = %s "
                   "WHERE campaign_id = %s AND NOT held_out", (day, campaign.id))
    compat.invalidate(env)
    return campaign


def built_seed(env):
    """The seed the database's demo company was built with, or None."""
    return env["ir.config_parameter"].sudo().get_param(PARAM) or None


def build(env, seed=42, customers=SIZES["default"], months=24, today=None, log=print, commit=None,
          batch=BATCH):
    """Build the demo company once (skipped when the database is marked built); counts.

    commit(): called after each batch of customers (the caller commits there: a long build
    keeps what it did, and a rerun resumes after the last committed batch); default none."""
    done = built_seed(env)
    if done:
        log("demo: company already built (seed %s), skipping" % done)
        return {"skipped": True, "seed": done}
    # no chatter, no tracking, no refresh marks: the lifecycle is recomputed once at the end
    env = env(context=dict(env.context, **dict(flows._FLOW_CTX, crm_lifecycle_no_mark=True)))
    today = compat.to_date(today or fields.Date.today())
    params = env["ir.config_parameter"].sudo()
    key = "%s:%s:%s:%s" % (seed, customers, today, batch)
    progress = (params.get_param(PROGRESS) or "").rsplit(":", 1)
    resume = int(progress[1]) if len(progress) == 2 and progress[0] == key else 0
    if resume:
        log("demo: resuming after %d batches of %d customers" % (resume, batch))

    def batch_done(number):
        params.set_param(PROGRESS, "%s:%d" % (key, number))
        if commit:
            commit()
    plan = plan_company(seed, customers, months, today)
    builder = _Builder(env, plan, today, log, batch_done, batch)
    result = builder.run(resume)
    params.set_param(PARAM, str(seed))
    params.set_param(PROGRESS, "")
    result["seed"] = seed
    result["today"] = str(today)
    return result
