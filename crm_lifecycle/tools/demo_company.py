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
    ("loyal", 0.22),        # regular repeat buyers, still buying
    ("one_off", 0.16),      # a single order, long ago enough not to be "new"
    ("lapsed", 0.15),       # bought regularly, stopped 6+ months ago (some high value)
    ("slipping", 0.12),     # regular buyers whose last order is 2.5-5 months old
    ("new", 0.10),          # first order in the last two months
    ("won_back", 0.08),     # long gap, then recent orders again
    ("prospect", 0.17),     # leads/opportunities only, never bought
]

SALESPEOPLE = [
    ("Li Wei 李伟", "li.wei@demo.crm-lifecycle.example"),
    ("Sarah Johnson", "sarah.johnson@demo.crm-lifecycle.example"),
    ("Zhang Min 张敏", "zhang.min@demo.crm-lifecycle.example"),
    ("David Miller", "david.miller@demo.crm-lifecycle.example"),
]

PRODUCTS = [
    ("Cable Kit 线缆套件", 18.0),
    ("Industrial Sensor 工业传感器", 85.0),
    ("Safety Relay", 62.0),
    ("Control Module 控制模块", 240.0),
    ("Servo Motor 伺服电机", 520.0),
    ("HMI Touch Panel", 780.0),
    ("PLC Controller PLC 控制器", 1350.0),
    ("Vision Inspection System", 4200.0),
]

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


class _Builder(object):

    def __init__(self, env, seed, customers, months, today, log):
        self.env = env
        self.rng = random.Random(seed)
        self.n_customers = customers
        self.today = compat.to_date(today or fields.Date.today())
        self.start = self.today - relativedelta(months=months)
        self.span = (self.today - self.start).days
        self.log = log
        self.names = set()
        self.counts = dict.fromkeys([
            "customers", "contacts", "contacts_with_email", "salespeople", "orders",
            "orders_open", "deliveries", "deliveries_late", "returns", "invoices",
            "invoices_unpaid", "invoices_overdue", "payments", "payments_partial",
            "refunds", "tickets", "tickets_open", "tickets_complaint", "leads",
            "leads_won", "leads_lost", "leads_open"], 0)
        self.archetypes = {}

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

    # -- setup ---------------------------------------------------------------------------
    def setup(self):
        self.users = [flows.create_salesperson(self.env, name, login)
                      for name, login in SALESPEOPLE]
        self.counts["salespeople"] = len(self.users)
        self.products = [(flows.demo_product(self.env, name, price), price)
                         for name, price in PRODUCTS]
        self.cn = self.env.ref("base.cn")
        self.setup_playbook()
        self.foreign = [self.env.ref(x) for x in ("base.us", "base.uk", "base.de", "base.sg")]

    def setup_playbook(self):
        """A playbook that the first recompute fires: a call for the owner of every
        valuable customer who slips into At risk."""
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
        self.counts["playbooks"] = 1

    def plan(self):
        """Archetype of every customer, in a seeded shuffled order."""
        plan = []
        for name, share in ARCHETYPES:
            plan += [name] * int(round(share * self.n_customers))
        while len(plan) < self.n_customers:
            plan.append("loyal")
        plan = plan[:self.n_customers]
        self.rng.shuffle(plan)
        return plan

    def make_customer(self, archetype):
        rng = self.rng
        chinese = rng.random() < 0.5
        user = rng.choice(self.users)
        vals = dict(flows.customer_vals(), name=self.company_name(chinese),
                    is_company=True, user_id=user.id,
                    country_id=(self.cn if chinese else rng.choice(self.foreign)).id,
                    phone="+%d %d" % (86 if chinese else 1, rng.randint(10 ** 9, 10 ** 10 - 1)))
        domain = None
        if rng.random() < 0.7:
            domain = "c%03d.example.%s" % (len(self.names), "cn" if chinese else "com")
            vals["email"] = "info@" + domain
        company = self.env["res.partner"].create(vals)
        contacts = self.env["res.partner"]
        for _i in range(rng.randint(1, 3)):
            if chinese and rng.random() < 0.8:
                surname = rng.choice(CN_SURNAME)
                name = surname + rng.choice(CN_GIVEN) + (rng.choice(CN_GIVEN) if rng.random() < 0.5 else "")
                local = "%s.%d" % (PINYIN[surname], rng.randint(1, 99))
            else:
                first, last = rng.choice(EN_GIVEN), rng.choice(EN_SURNAME)
                name = "%s %s" % (first, last)
                local = "%s.%s" % (first.lower(), last.lower())
            cvals = {"name": name, "parent_id": company.id, "type": "contact",
                     "function": rng.choice(["Purchasing", "CEO", "Engineer", "Accounting", "采购经理"])}
            if domain and rng.random() < 0.75:
                cvals["email"] = "%s@%s" % (local, domain)
                self.counts["contacts_with_email"] += 1
            contacts |= self.env["res.partner"].create(cvals)
        self.counts["customers"] += 1
        self.counts["contacts"] += len(contacts)
        # customer profile: how big, how they pay, how well they are served
        size = rng.choice([0.5, 1, 1, 1, 2.5, 2.5, 6])
        if archetype in ("lapsed", "slipping") and rng.random() < 0.4:
            size = rng.choice([6, 10])          # high value customers who went quiet
        pay = rng.choices(["prompt", "late", "bad"], [0.6, 0.27, 0.13])[0]
        return {
            "partner": company, "contacts": contacts, "user": user, "archetype": archetype,
            "size": size, "pay": pay, "due_days": rng.choice([15, 30, 30, 30, 45, 60]),
            "late_rate": 0.35 if rng.random() < 0.15 else 0.07,
            "ticket_rate": rng.choice([0.03, 0.06, 0.1, 0.2]),
        }

    # -- schedules -------------------------------------------------------------------------
    def order_dates(self, c):
        """The order dates of a customer, by archetype (the engine's default rules: new within
        90 days, lapsed after 365 days without orders, won back after such a gap)."""
        kind = c["archetype"]
        rng = self.rng
        early = self.start + datetime.timedelta(days=int(self.span * 0.4))
        if kind == "loyal":
            return self.cadence(self.day(self.start, early), self.ago(3), rng.uniform(50, 90))
        if kind == "one_off":
            return [self.day(self.start, self.ago(75))]
        if kind == "lapsed":
            stop = self.day(self.ago(600), self.ago(380))
            gap = rng.uniform(30, 75)
            dates = self.cadence(self.day(self.start, stop - datetime.timedelta(days=int(gap * 3))),
                                 stop, gap)
            return dates if len(dates) >= 2 else dates + [self.after(dates[-1], 20, 40)]
        if kind == "slipping":
            stop = self.day(self.ago(170), self.ago(95))
            return self.cadence(self.day(self.start, early), stop, rng.uniform(40, 75))
        if kind == "new":
            first = self.day(self.ago(58), self.ago(4))
            return self.cadence(first, self.ago(2), rng.uniform(10, 25), limit=3)
        if kind == "won_back":
            old = self.cadence(self.day(self.start, self.start + datetime.timedelta(days=60)),
                               self.ago(450), rng.uniform(30, 60), limit=rng.randint(3, 6))
            recent = self.cadence(self.day(self.ago(75), self.ago(20)), self.ago(2),
                                  rng.uniform(15, 35), limit=3)
            return old + recent
        return []

    # -- flows ---------------------------------------------------------------------------
    def lead(self, c, date, name, revenue, kind="opportunity", outcome=None, closed=None):
        lead = flows.create_lead(c["partner"], date, name, revenue, type=kind, user=c["user"])
        self.counts["leads"] += 1
        if outcome == "won" and closed <= self.today:
            flows.win_lead(lead, closed)
            self.counts["leads_won"] += 1
        elif outcome == "lost" and closed <= self.today:
            flows.lose_lead(lead, closed, reason=self.rng.choice(LOST_REASONS))
            self.counts["leads_lost"] += 1
        else:
            self.counts["leads_open"] += 1
        return lead

    def order_lines(self, c):
        rng = self.rng
        top = len(self.products) - (0 if c["size"] >= 6 else 2 if c["size"] >= 2.5 else 3)
        lines = []
        for product, price in rng.sample(self.products[:top], rng.randint(1, 3)):
            qty = max(1, int(math.ceil(rng.uniform(1, 8) * c["size"])))
            lines.append((product, qty, price))
        return lines

    def play_order(self, c, date):
        rng, today = self.rng, self.today
        order = flows.create_order(c["partner"], date, self.order_lines(c), user=c["user"])
        flows.confirm_order(order, date)
        self.counts["orders"] += 1
        scheduled = self.after(date, 2, 7)
        late = rng.random() < c["late_rate"]
        done = self.after(scheduled, 2, 12) if late else self.after(scheduled, -2, 0)
        done = max(done, date)
        if done > today:
            self.counts["orders_open"] += 1
            return order
        pickings = flows.deliver_order(order, done, scheduled)
        self.counts["deliveries"] += len(pickings)
        if done > scheduled:
            self.counts["deliveries_late"] += len(pickings)
        if late and rng.random() < c["ticket_rate"] + 0.3:
            self.ticket(c, self.after(done, 0, 3), "Complaint")
        elif rng.random() < c["ticket_rate"]:
            self.ticket(c, self.after(done, 1, 20),
                        rng.choice(["Question", "Question", "Invoice", "Delivery", "Complaint"]))
        invoice = flows.invoice_order(order, done, due_days=c["due_days"])
        self.counts["invoices"] += 1
        returned = None
        if rng.random() < (0.06 if late else 0.02):
            returned = self.after(done, 4, 20)
            if returned <= today:
                flows.return_delivery(pickings[0], returned)
                self.counts["returns"] += 1
            else:
                returned = None
        self.pay(c, invoice, done, returned)
        return order

    def pay(self, c, invoice, inv_date, returned):
        rng, today = self.rng, self.today
        due = inv_date + datetime.timedelta(days=c["due_days"])
        if returned:
            # goods came back: credit the whole invoice (reconciled if still open)
            refund = flows.refund_invoice(invoice, self.after(returned, 0, 3), reason="Goods returned")
            self.counts["refunds"] += 1
            if flows.invoice_residual(refund) > 0:
                back = self.after(returned, 3, 10)
                if back <= today:
                    flows.register_payment(refund, back)
                    self.counts["payments"] += 1
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
                total = flows.invoice_residual(invoice)
                flows.register_payment(invoice, when,
                                        amount=invoice.currency_id.round(total * rng.uniform(0.3, 0.7)))
                self.counts["payments"] += 1
                self.counts["payments_partial"] += 1
                rest = self.after(when, 20, 60)
                if rest <= today and not (profile == "bad" and rng.random() < 0.5):
                    flows.register_payment(invoice, rest)
                    self.counts["payments"] += 1
                    paid = True
            else:
                flows.register_payment(invoice, when)
                self.counts["payments"] += 1
                paid = True
        # a price concession now and then
        if rng.random() < 0.03:
            concession = self.after(inv_date, 5, 40)
            if concession <= today:
                flows.refund_invoice(invoice, concession,
                                      amount=invoice.currency_id.round(
                                          invoice.amount_total * rng.uniform(0.1, 0.3)),
                                      reason="Price concession")
                self.counts["refunds"] += 1
        if not paid and flows.invoice_residual(invoice) > 0:
            self.counts["invoices_unpaid"] += 1
            if due < today:
                self.counts["invoices_overdue"] += 1

    def ticket(self, c, date, category):
        rng, today = self.rng, self.today
        if date > today:
            return
        contact = rng.choice(c["contacts"]) if c["contacts"] else c["partner"]
        tags = ["Complaint"] if category == "Complaint" and rng.random() < 0.6 else None
        if category != "Complaint" and rng.random() < 0.1:
            tags = ["Urgent"]
        ticket = flows.create_ticket(contact, date, rng.choice(TICKET_SUBJECTS[category]),
                                      category=category, tags=tags)
        self.counts["tickets"] += 1
        if category == "Complaint":
            self.counts["tickets_complaint"] += 1
        closed = self.after(date, 0, 21)
        if closed <= today and rng.random() > 0.04:
            flows.close_ticket(ticket, closed)
        else:
            self.counts["tickets_open"] += 1

    def play_customer(self, c):
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
            self.play_order(c, date)
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

    # -- main ----------------------------------------------------------------------------
    def run(self):
        t0 = time.time()
        self.setup()
        plan = self.plan()
        for index, archetype in enumerate(plan, 1):
            customer = self.make_customer(archetype)
            self.archetypes[archetype] = self.archetypes.get(archetype, 0) + 1
            self.play_customer(customer)
            # a long transaction: keep the ORM cache from growing with every record touched
            compat.flush(self.env)
            compat.invalidate(self.env)
            # Odoo looks environments up linearly among the live ones: let the dead go
            gc.collect()
            if index % 10 == 0 or index == len(plan):
                self.log("demo: %d/%d customers, %d orders, %s" % (
                    index, len(plan), self.counts["orders"],
                    datetime.timedelta(seconds=int(time.time() - t0))))
        result = dict(self.counts, archetypes=self.archetypes,
                      seconds=int(time.time() - t0))
        return result


def built_seed(env):
    """The seed the database's demo company was built with, or None."""
    return env["ir.config_parameter"].sudo().get_param(PARAM) or None


def build(env, seed=42, customers=150, months=24, today=None, log=print):
    """Build the demo company once (skipped when the database is marked built); counts."""
    done = built_seed(env)
    if done:
        log("demo: company already built (seed %s), skipping" % done)
        return {"skipped": True, "seed": done}
    env = env(context=dict(env.context, **flows._FLOW_CTX))
    builder = _Builder(env, seed, customers, months, today, log)
    result = builder.run()
    env["ir.config_parameter"].sudo().set_param(PARAM, str(seed))
    result["seed"] = seed
    result["today"] = str(builder.today)
    return result
