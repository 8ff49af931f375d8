# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every difference between Odoo series (11.0, 17.0, 18.0, 19.0) that the addons rely on,
one name each.

The rest of the code imports from here and never tests the version itself. The SQL
fragments below are fixed text chosen by series (no user input ever reaches them); the
engine splices them into its named queries once, at import time. A difference that starts
with a later series is written as a row of columns with by_series(), so adding a series is
adding its column where it differs.
"""
import ast
import contextlib
import copy
import datetime
import functools
import re

import pytz

from odoo import SUPERUSER_ID, api, fields, models, release

SERIES = release.version_info[0]
V11 = SERIES < 12


def by_series(**columns):
    """The value of a difference on the running series, from its columns: `s<N>=value`
    holds from series N on, until the next column. by_series(s11="tree", s18="list") is
    "tree" on 11 and 17, "list" on 18 and 19."""
    since = sorted((int(key[1:]), value) for key, value in columns.items())
    if not since or since[0][0] > SERIES:
        raise ValueError("no value for Odoo %s.0 in %s" % (SERIES, sorted(columns)))
    return [value for first, value in since if first <= SERIES][-1]

# -- models and fields ---------------------------------------------------------------

INVOICE_MODEL = "account.invoice" if V11 else "account.move"
INVOICE_TABLE = INVOICE_MODEL.replace(".", "_")
# Journal item columns the engine joins on that the series leaves unindexed.
# Journal items the engine reaches from an invoice or a payment, and the columns it reads
# there: covering indexes let PostgreSQL answer from the index alone (11 links items to
# invoices and payments by columns it does not index; 17 reaches them by move_id).
MOVE_LINE_COVERING_INDEXES = (
    ("invoice", "invoice_id", "id, account_id, debit"),
    ("payment", "payment_id", "account_id, debit, credit"),
) if V11 else (
    ("move", "move_id", "id, account_id, debit"),
)
LEAD_REVENUE_FIELD = "planned_revenue" if V11 else "expected_revenue"
# The module that gives sale orders the UTM fields (utm.mixin: source, medium, campaign):
# sale_crm on 11 (installed automatically with crm and sale, but not a dependency of the
# addons), sale itself from 17. Without it the acquisition source comes from leads only.
ORDER_UTM_MODULE = by_series(s11="sale_crm", s17="sale")


def order_has_utm(env):
    """Whether sale orders carry source_id, medium_id and campaign_id in this database."""
    return "campaign_id" in env["sale.order"]._fields


# What becomes of an activity marked done: deleted, leaving its message (11; 17 and 18
# unless its type keeps done activities); 19 keeps every done activity, archived with its
# done date. Ask before marking it done.
activity_kept_when_done = by_series(s11=lambda activity: False,
                                    s17=lambda activity: activity.activity_type_id.keep_done,
                                    s19=lambda activity: True)
# The partner's phone number columns (19 dropped the mobile number).
PARTNER_PHONE_COLUMNS = by_series(s11=("phone", "mobile"), s19=("phone",))
# The lead's phone number fields (19 dropped the mobile number there too).
LEAD_PHONE_FIELDS = by_series(s11=("phone", "mobile"), s19=("phone",))
# A customer's sales team, which a customer pool may be scoped to: the partner's own
# (res.partner.team_id) up to 17, else its salesperson's main team (res.users.sale_team_id,
# stored on every series); 18 dropped the partner's field, so there it is the
# salesperson's team only. PARTNER_TEAM_FIELD: the partner's field, or None;
# SQL_PARTNER_TEAM: the expression, on aliases p (res_partner) and u (its owner).
PARTNER_TEAM_FIELD = by_series(s11="team_id", s18=None)
SQL_PARTNER_TEAM = by_series(s11="COALESCE(p.team_id, u.sale_team_id)", s18="u.sale_team_id")
# Whether partner `p` is a customer, for the duplicate check: 11 has a customer flag
# (ticked by default); 17 ranks customers and suppliers by their documents, so a partner
# is a customer unless it is a supplier only (a new prospect has both ranks 0).
SQL_PARTNER_IS_CUSTOMER = by_series(
    s11="p.customer",
    s17="NOT (COALESCE(p.supplier_rank, 0) > 0 AND COALESCE(p.customer_rank, 0) = 0)")
partner_is_customer = by_series(
    s11=lambda partner: partner.customer,
    s17=lambda partner: not (partner.supplier_rank > 0 and partner.customer_rank == 0))


def add_team_member(team, user):
    """Make `user` a member of the sales team `team`: 11 keeps a user's one team on the
    user (sale_team_id); 12+ has membership records, whose first is the user's main team."""
    if V11:
        user.sale_team_id = team
    else:
        team.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": user.id})


def origin_id(record):
    """The database id of a record, also of its copy in a form's onchange (a new record):
    11 attaches the original as `_origin` during an onchange only, 17+ always has it.
    None for a record not saved yet."""
    origin = getattr(record, "_origin", record)
    return origin.id if isinstance(origin.id, int) else None


# A customer's sales team: its own up to 17; 18 dropped res.partner.team_id, the team is
# then its salesperson's.
partner_sales_team = by_series(s11=lambda partner: partner.team_id,
                               s18=lambda partner: partner.user_id.sale_team_id)


def model_create(func):
    """Decorator for a create() override that passes its argument through unchanged:
    a dict on 11, a list of dicts on 17."""
    return api.model(func) if V11 else api.model_create_multi(func)


# Records a batch flow (tools/flows.py) handles together at best. 11's ORM recomputes and
# re-reads a stored field over every record it has in cache, so its cost per record grows
# with the batch; 17+ only gains from larger batches (tests/bench/README.md, make demo).
FLOW_BATCH = by_series(s11=5, s17=25)


def action_values(env, xml_id):
    """A window action's values by XML id, as a button returns them. 11's users read
    actions themselves; 17+ lets only administrators read ir.actions.act_window and
    serves the values through _for_xml_id."""
    if V11:
        return env.ref(xml_id).read()[0]
    return env["ir.actions.actions"]._for_xml_id(xml_id)


def create_many(model, vals_list):
    """Records created from a list of values: one create() on 17+, one per dict on 11."""
    if not V11:
        return model.create(vals_list)
    records = model.browse()
    for vals in vals_list:
        records |= model.create(vals)
    return records


def selection_add(pairs, ondelete):
    """Keyword arguments of a fields.Selection that extends another one by `pairs`; 17+
    also ask what happens to records holding a value when its module goes (`ondelete`:
    {value: policy}), which 11 does not know."""
    kwargs = {"selection_add": pairs}
    if not V11:
        kwargs["ondelete"] = ondelete
    return kwargs


def invalidate_records(records):
    """Forget these records' cached values after writing them with SQL."""
    if V11:
        records.invalidate_cache(ids=records.ids)
    else:
        records.invalidate_recordset()


# The stock.picking method that finishes a validated transfer.
PICKING_DONE_METHOD = "action_done" if V11 else "_action_done"


def current_company(env):
    return env.user.company_id if V11 else env.company


def allowed_companies(env):
    """The companies the user works in: all of theirs on 11, the ones ticked in the
    company switcher on 17 (a subset of theirs, checked by Odoo)."""
    return env.user.company_ids if V11 else env.companies


def call_kw(model, name, args, kwargs):
    """What Odoo's RPC layer does with a call (odoo.api up to 18, odoo.service.model on 19)."""
    if hasattr(api, "call_kw"):
        return api.call_kw(model, name, args, kwargs)
    from odoo.service.model import call_kw as service_call_kw
    return service_call_kw(model, name, args, kwargs)


def is_superuser(env):
    """The engine's own environment (cron, sudo()): 11 switches the uid, 17 flags `su`.
    An RPC caller can never reach it."""
    return env.uid == SUPERUSER_ID if V11 else env.su


def to_date(value):
    """A date object from whatever a date field returns (strings on 11)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return fields.Date.from_string(value[:10])


# -- model definitions -------------------------------------------------------------------

# Model SQL constraints: a `_sql_constraints` list of (name, definition, message) up to 18;
# 19 ignores that attribute and reads models.Constraint class attributes `_<name>` instead
# (same constraint name in the database: <table>_<name>).
SQL_CONSTRAINTS_AS_OBJECTS = by_series(s11=False, s19=True)


def adopt_sql_constraints(module):
    """Give the module's model classes their `_sql_constraints` in the form the series
    reads. Called by each addon's __init__ once its models are imported, before Odoo
    builds the registry; the models keep declaring `_sql_constraints`."""
    if not SQL_CONSTRAINTS_AS_OBJECTS:
        return
    for cls in models.MetaModel._module_to_models__.get(module, ()):
        constraints = cls.__dict__.get("_sql_constraints")
        if not constraints:
            continue
        for name, definition, message in constraints:
            constraint = models.Constraint(definition, message)
            setattr(cls, "_" + name, constraint)
            constraint.__set_name__(cls, "_" + name)  # how the class body would register it
        delattr(cls, "_sql_constraints")


# The keyword of a field's aggregate in grouped views: group_operator up to 17, aggregator
# from 18 on (18 and 19 still map the old keyword, with a deprecation warning).
_AGGREGATOR = by_series(s11="group_operator", s18="aggregator")


def aggregator(function):
    """Field keyword arguments for aggregating the field with `function` ("avg", "max"...):
    fields.Integer(**compat.aggregator("avg"))."""
    return {_AGGREGATOR: function}


def field_aggregator(field):
    """The function a grouped read aggregates the field with (numeric fields: "sum" unless
    told otherwise)."""
    return getattr(field, _AGGREGATOR, None)


def _equality_search(func):
    @functools.wraps(func)
    def search(self, operator, value):
        if operator in ("in", "not in") and not isinstance(value, (str, list, tuple)):
            values = list(value)
            if len(values) != 1:
                raise NotImplementedError("searched with = or != per value")
            operator, value = ("=" if operator == "in" else "!="), values[0]
        return func(self, operator, value)
    return search


# A field's search method (search="_search_x"): up to 18 Odoo passes the domain's operator
# as written (= or != for one value); 19 first asks `in` / `not in` with a set of values,
# and asks = / != per value when the method raises NotImplementedError. The addons' search
# methods are written for = and !=: decorate them with @compat.search_method.
search_method = by_series(s11=lambda func: func, s19=_equality_search)


# -- reading grouped and checking access --------------------------------------------------

# A computed value that depends on who reads it: 17+ caches computed values per record for
# every user of a transaction unless the compute declares the dependency; 11's cache has no
# such key (and no decorator), its values live for one request.
depends_on_user = by_series(s11=lambda: (lambda method: method),
                            s17=lambda: api.depends_context("uid"))()

# 18 replaced check_access_rights (the model's ACL) and check_access_rule (the records'
# rules) by check_access / has_access, which check both; 19 warns on the old names.
_ACCESS_METHODS = by_series(s11=False, s18=True)


def can_access(model, operation):
    """Whether the user may do `operation` ("read", "write"...) on the model at all."""
    if _ACCESS_METHODS:
        return model.browse().has_access(operation)
    return model.check_access_rights(operation, raise_exception=False)


def check_model_access(model, operation):
    """AccessError unless the user may do `operation` on the model at all."""
    if _ACCESS_METHODS:
        model.browse().check_access(operation)
    else:
        model.check_access_rights(operation)


def check_access(records, operation):
    """AccessError unless the user may do `operation` on the model and, by the record
    rules, on every one of the records."""
    if _ACCESS_METHODS:
        records.check_access(operation)
    else:
        records.check_access_rights(operation)
        records.check_access_rule(operation)


def check_record_access(records, operation):
    """AccessError unless the record rules let the user do `operation` on every record."""
    if _ACCESS_METHODS:
        records.check_access(operation)
    else:
        records.check_access_rule(operation)


# 19 deprecates read_group for formatted_read_group, which takes "field:function"
# aggregates and counts every group under "__count".
_FORMATTED_READ_GROUP = by_series(s11=False, s19=True)


def read_group(model, domain, fields, groupby, orderby=None, lazy=True):
    """model.read_group(domain, fields, groupby, orderby=, lazy=) as 11 to 18 answer it:
    one dict per group, many2one keys as (id, name), each field of `fields` summed by its
    own aggregator under its name, and the count under "<groupby>_count" (lazy) or
    "__count"."""
    if not _FORMATTED_READ_GROUP:
        return model.read_group(domain, fields, groupby, orderby=orderby, lazy=lazy)
    groupby = [groupby] if isinstance(groupby, str) else list(groupby)
    keys = groupby[:1] if lazy else groupby
    measures = [name for name in fields
                if name not in groupby and model._fields[name].aggregator]
    specs = ["%s:%s" % (name, model._fields[name].aggregator) for name in measures]
    groups = model.formatted_read_group(domain, keys, specs + ["__count"], order=orderby or None)
    count_key = "%s_count" % keys[0] if lazy and keys else "__count"
    for group in groups:
        for name, spec in zip(measures, specs):
            group[name] = group.pop(spec)
        group[count_key] = group.pop("__count")
    return groups


# -- data files: views, actions, crons, groups --------------------------------------------
# The addons' XML files are written once, in the vocabulary of 11 and 17. On a later series
# Odoo's XML loader rewrites, while it reads one of them, what that series renamed or
# dropped (install_data_file_rewrites): the tables below are the whole list.
OUR_MODULES = ("crm_lifecycle", "crm_lifecycle_survey", "crm_lifecycle_report")

# The list view: view type, view_mode token and root tag of its architecture.
LIST_VIEW = by_series(s11="tree", s18="list")
# Tags of view architectures a series renamed, {old: new} (also in xpath expressions).
VIEW_TAGS = by_series(s11={}, s18={"tree": "list"})
# Kanban templates a series renamed, {old t-name: new} (18 deprecates kanban-box for the
# card template, 19 knows only the card).
VIEW_TEMPLATES = by_series(s11={}, s18={"kanban-box": "card", "kanban-menu": "menu"})
# Attributes of a search view's filter groups that a series no longer accepts.
SEARCH_GROUP_DROPPED = by_series(s11=(), s19=("expand", "string"))
# Anchors in Odoo's own views that a series renamed: {parent view: {old xpath: new xpath}}
# for the addons' views inheriting from it.
VIEW_XPATHS = by_series(
    s11={},
    s18={"base.view_partner_tree": {"//field[@name='display_name']": "//field[@name='complete_name']"}},
)
# Fields of data records a series renamed (the new name) or dropped (None), by model.
_CRON_REPEAT = {"numbercall": None, "doall": None}  # 18: a cron repeats until deactivated
_GROUP_IDS = {"groups_id": "group_ids"}             # 19 renamed groups_id everywhere
RECORD_FIELDS = by_series(
    s11={},
    s18={"ir.cron": _CRON_REPEAT},
    s19={"ir.cron": _CRON_REPEAT,
         "res.groups": {"users": "user_ids"},
         "res.users": _GROUP_IDS, "ir.ui.menu": _GROUP_IDS, "ir.ui.view": _GROUP_IDS,
         "ir.actions.act_window": _GROUP_IDS, "ir.actions.report": _GROUP_IDS,
         "ir.actions.server": _GROUP_IDS},
)
# 19: a group belongs to a privilege (res.groups.privilege), which belongs to a category;
# up to 18 the group belongs to the category. Each category of a file gets one privilege
# of the same name, `<category id>_privilege`, for its groups.
GROUP_PRIVILEGES = by_series(s11=False, s19=True)
# A view element's conditional modifiers (invisible, readonly, required): a domain per
# modifier in an `attrs` dict up to 16; 17 dropped `attrs` for a Python expression in the
# modifier's own attribute. The addons write `attrs` (simple domains on the record's
# fields), rewritten on 17+.
MODIFIERS_AS_EXPRESSIONS = by_series(s11=False, s17=True)
# res.users' groups, in Python
USER_GROUPS_FIELD = by_series(s11="groups_id", s19="group_ids")


def view_mode(modes):
    """An action's view_mode ("tree,form"), written as on 11 and 17, for the running series."""
    return ",".join(VIEW_TAGS.get(mode, mode) for mode in modes.split(","))


_EXPRESSION_OPERATORS = {"=": "==", "==": "==", "!=": "!=", "<": "<", ">": ">", "<=": "<=",
                         ">=": ">=", "in": "in", "not in": "not in"}


def modifier_expression(domain):
    """The Python expression 17 reads for a modifier's domain of `attrs` (11's form):
    [('state', '!=', 'done')] -> "state != 'done'"; '&', '|' and '!' in prefix notation,
    leaves ANDed as a domain's are."""
    items = list(domain)

    def term():
        item = items.pop(0)
        if item == "!":
            return "not (%s)" % term()
        if item in ("&", "|"):
            left = term()
            right = term()
            return "(%s %s %s)" % (left, "and" if item == "&" else "or", right)
        name, operator, value = item
        if operator not in _EXPRESSION_OPERATORS:
            raise ValueError("modifier operator %r has no expression" % (operator,))
        return "%s %s %r" % (name, _EXPRESSION_OPERATORS[operator], value)

    terms = []
    while items:
        terms.append(term())
    return " and ".join(terms) or "False"


def _rename_path_steps(expr):
    """An xpath expression with the renamed view tags as its steps renamed."""
    for old, new in VIEW_TAGS.items():
        expr = re.sub(r"(^|/)%s(?=$|/|\[)" % old, r"\g<1>%s" % new, expr)
    return expr


def _rewrite_arch(arch_field, parent):
    anchors = VIEW_XPATHS.get(parent, {})
    for node in arch_field.iterdescendants():
        if not isinstance(node.tag, str):  # comments, processing instructions
            continue
        if node.tag in VIEW_TAGS:
            node.tag = VIEW_TAGS[node.tag]
        if node.tag == "t" and node.get("t-name") in VIEW_TEMPLATES:
            node.set("t-name", VIEW_TEMPLATES[node.get("t-name")])
        if node.tag == "group" and node.find("filter") is not None:  # a search view's
            for name in SEARCH_GROUP_DROPPED:
                node.attrib.pop(name, None)
        if node.tag == "xpath" and node.get("expr"):
            expr = node.get("expr")
            node.set("expr", _rename_path_steps(anchors.get(expr, expr)))
        if MODIFIERS_AS_EXPRESSIONS and node.get("attrs"):
            for modifier, domain in ast.literal_eval(node.attrib.pop("attrs")).items():
                node.set(modifier, modifier_expression(domain))


def _group_privileges(root):
    records = [r for r in root.iter("record")]
    categories = {r.get("id"): r for r in records if r.get("model") == "ir.module.category"}
    privileges = {}
    for group in (r for r in records if r.get("model") == "res.groups"):
        for field in group.findall("field[@name='category_id']"):
            category = field.get("ref")
            if category not in categories:
                raise ValueError("group %s: its category %s must be defined in the same file"
                                 % (group.get("id"), category))
            if category not in privileges:
                privilege = privileges[category] = categories[category].makeelement(
                    "record", {"id": category + "_privilege", "model": "res.groups.privilege"})
                for name in ("name", "sequence", "description"):
                    for value in categories[category].findall("field[@name='%s']" % name):
                        privilege.append(copy.deepcopy(value))
                privilege.append(privilege.makeelement("field", {"name": "category_id", "ref": category}))
                categories[category].addnext(privilege)
            field.set("name", "privilege_id")
            field.set("ref", privileges[category].get("id"))


def rewrite_data_file(root):
    """One of the addons' XML data files (its parsed root, rewritten in place) in the
    running series' vocabulary: VIEW_TAGS, VIEW_TEMPLATES, SEARCH_GROUP_DROPPED, VIEW_XPATHS,
    MODIFIERS_AS_EXPRESSIONS, RECORD_FIELDS and GROUP_PRIVILEGES."""
    for record in root.iter("record"):
        model = record.get("model")
        renamed = RECORD_FIELDS.get(model, {})
        for field in record.findall("field"):
            name = field.get("name")
            if name in renamed:
                if renamed[name] is None:
                    record.remove(field)
                else:
                    field.set("name", renamed[name])
            elif model == "ir.ui.view" and name == "arch":
                parent = record.find("field[@name='inherit_id']")
                _rewrite_arch(field, parent.get("ref") if parent is not None else None)
            elif model in ("ir.actions.act_window", "ir.actions.act_window.view") \
                    and name == "view_mode" and field.text:
                field.text = view_mode(field.text.strip())
    if GROUP_PRIVILEGES:
        _group_privileges(root)


def install_data_file_rewrites():
    """Make Odoo's XML data loader pass the addons' files through rewrite_data_file, on a
    series that differs (a no-op on 11). Called when the core addon is imported, which
    Odoo does before it loads any data file of the three addons."""
    if not (VIEW_TAGS or VIEW_TEMPLATES or SEARCH_GROUP_DROPPED or VIEW_XPATHS or RECORD_FIELDS
            or GROUP_PRIVILEGES or MODIFIERS_AS_EXPRESSIONS):
        return
    from odoo.tools import convert
    parse = convert.xml_import.parse
    if getattr(parse, "crm_lifecycle_rewrites", False):
        return

    def parse_rewritten(self, de):
        if self.module in OUR_MODULES:
            rewrite_data_file(de)
        return parse(self, de)

    parse_rewritten.crm_lifecycle_rewrites = True
    convert.xml_import.parse = parse_rewritten


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

# Receivable accounts, and how a journal item is restricted to them. The engine passes
# their ids as a parameter (receivable_account_ids): the planner then estimates from the
# column's statistics (receivable items are a large share of all items) instead of
# guessing a small fraction through a join, which made it choose an index lookup per item
# on a large database. SQL views, which take no
# parameters, use the join.
SQL_RECEIVABLE_ACCOUNTS = ("SELECT id FROM account_account WHERE internal_type = 'receivable'" if V11 else
                           "SELECT id FROM account_account WHERE account_type = 'asset_receivable'")
# How a journal item `l` is restricted to receivable accounts: a join (SQL views), or the
# ids as a parameter (the engine).
_RECEIVABLE_JOIN = "JOIN account_account a ON a.id = l.account_id AND a." + (
    "internal_type = 'receivable'" if V11 else "account_type = 'asset_receivable'")
_RECEIVABLE_FILTER = "AND l.account_id = ANY(%(receivable_account_ids)s::int[])"


def _invoice_receivable_lines(join, where):
    """Receivable journal items of those invoices: columns invoice_id, line_id, is_debit (a
    debit line is only ever the debit side of a partial reconciliation, a credit line the
    credit side: the engine joins each on its own side instead of trying both)."""
    if V11:
        return ("""
    SELECT l.invoice_id, l.id AS line_id, l.debit > 0 AS is_debit
      FROM account_move_line l """ + join + """
     WHERE l.invoice_id IS NOT NULL """ + where + """
""")
    return ("""
    SELECT l.move_id AS invoice_id, l.id AS line_id, l.debit > 0 AS is_debit
      FROM account_move_line l """ + join + """
     WHERE l.move_id IS NOT NULL """ + where + """
""")


SQL_INVOICE_RECEIVABLE_LINES = _invoice_receivable_lines(_RECEIVABLE_JOIN, "")
SQL_INVOICE_RECEIVABLE_LINES_BY_ID = _invoice_receivable_lines("", _RECEIVABLE_FILTER)


def _customer_payments(join, where):
    """Customer payments received, one row per receivable journal item, in company currency:
    columns company_id, partner_id (the payment's partner; the engine resolves it), pay_date,
    amount (positive = money in). No aggregation here: the engine joins its scope first, so
    that refreshing one customer reads only that customer's payments."""
    if V11:
        return ("""
    SELECT p.company_id, p.partner_id, p.payment_date AS pay_date, l.credit - l.debit AS amount
      FROM account_payment p
      JOIN account_move_line l ON l.payment_id = p.id """ + join + """
     WHERE p.partner_type = 'customer' AND p.state IN ('posted', 'reconciled') """ + where + """
""")
    return ("""
    SELECT m.company_id, p.partner_id, m.date AS pay_date, l.credit - l.debit AS amount
      FROM account_payment p
      JOIN account_move m ON m.id = p.move_id AND m.state = 'posted'
      JOIN account_move_line l ON l.move_id = m.id """ + join + """
     WHERE p.partner_type = 'customer' """ + where + """
""")


SQL_CUSTOMER_PAYMENTS = _customer_payments(_RECEIVABLE_JOIN, "")
SQL_CUSTOMER_PAYMENTS_BY_ID = _customer_payments("", _RECEIVABLE_FILTER)

# The currency a sale order is in (11 keeps it on the pricelist only): a join for the
# orders query (`so` = sale_order) and the column it provides.
SQL_ORDER_CURRENCY_JOIN = "LEFT JOIN product_pricelist ocpl ON ocpl.id = so.pricelist_id" if V11 else ""
SQL_ORDER_CURRENCY = "ocpl.currency_id" if V11 else "so.currency_id"

# Customer credit limits that are set: columns partner_id, company_id (NULL = every
# company), credit_limit. 11 keeps one number on the partner; 17 a company-dependent value
# in ir_property; 18 keeps company-dependent values on the record, as JSON by company id.
SQL_PARTNER_CREDIT_LIMITS = by_series(s11="""
    SELECT p.id AS partner_id, NULL::integer AS company_id, p.credit_limit
      FROM res_partner p
     WHERE p.credit_limit > 0
""", s17="""
    SELECT substr(ip.res_id, 13)::integer AS partner_id, ip.company_id, ip.value_float AS credit_limit
      FROM ir_property ip
      JOIN ir_model_fields f ON f.id = ip.fields_id AND f.model = 'res.partner' AND f.name = 'credit_limit'
     WHERE ip.res_id LIKE 'res.partner,%%' AND ip.value_float > 0
""", s18="""
    SELECT p.id AS partner_id, cl.key::integer AS company_id, cl.value::float AS credit_limit
      FROM res_partner p
     CROSS JOIN LATERAL jsonb_each_text(p.credit_limit) cl
     WHERE p.credit_limit IS NOT NULL AND cl.value::float > 0
""")

# The cost of one unit of the product of order line `sol` (of order `so`), in the company's
# currency, as correlated subqueries (one index lookup per line: what a refresh of a few
# customers reads).
# The standard cost today: 11 and 17 keep the company-dependent value in ir_property (the
# company's own, else the default for every company); 18 on the record, as JSON by company.
SQL_LINE_STANDARD_COST = by_series(s11="""(
    SELECT ip.value_float
      FROM ir_property ip
      JOIN ir_model_fields f ON f.id = ip.fields_id AND f.model = 'product.product'
                            AND f.name = 'standard_price'
     WHERE ip.res_id = 'product.product,' || sol.product_id
       AND (ip.company_id = so.company_id OR ip.company_id IS NULL)
     ORDER BY ip.company_id IS NULL
     LIMIT 1)""", s18="""(
    SELECT (cp.standard_price ->> so.company_id::text)::float
      FROM product_product cp
     WHERE cp.id = sol.product_id)""")
# The standard cost in force when the order was made, where the series keeps its history
# (NULL where not, or before its first entry): 11's product.price.history (every change,
# creation included); 19's product.value (each change of the standard price). 17 and 18
# keep none: a change there only revalues the stock on hand.
SQL_LINE_COST_AT_ORDER = by_series(s11="""(
    SELECT h.cost
      FROM product_price_history h
     WHERE h.product_id = sol.product_id AND h.company_id = so.company_id
       AND h.datetime <= so.date_order
     ORDER BY h.datetime DESC, h.id DESC
     LIMIT 1)""", s17="NULL::float", s19="""(
    SELECT v.value
      FROM product_value v
     WHERE v.product_id = sol.product_id AND v.company_id = so.company_id
       AND v.move_id IS NULL AND v.lot_id IS NULL AND v.date <= so.date_order
     ORDER BY v.date DESC, v.id DESC
     LIMIT 1)""")
# The same two as tables, for a recompute of everybody, where hash joins on these small
# tables beat a lookup per line. Today's standard costs: product_id, company_id (NULL = the
# default for every company), cost.
SQL_PRODUCT_COSTS = by_series(s11="""
    SELECT substr(ip.res_id, 17)::integer AS product_id, ip.company_id, ip.value_float AS cost
      FROM ir_property ip
      JOIN ir_model_fields f ON f.id = ip.fields_id AND f.model = 'product.product'
                            AND f.name = 'standard_price'
     WHERE ip.res_id LIKE 'product.product,%%'
""", s18="""
    SELECT pp.id AS product_id, sp.key::integer AS company_id, sp.value::float AS cost
      FROM product_product pp
     CROSS JOIN LATERAL jsonb_each_text(pp.standard_price) sp
     WHERE pp.standard_price IS NOT NULL
""")
# The history as periods: product_id, company_id, cost, since, until (NULL: still in force);
# of entries made at the same moment the last one counts, as in SQL_LINE_COST_AT_ORDER.
SQL_PRODUCT_COST_PERIODS = by_series(s11="""
    SELECT product_id, company_id, cost, datetime AS since,
           lead(datetime) OVER (PARTITION BY product_id, company_id ORDER BY datetime, id) AS until
      FROM product_price_history
""", s17="""
    SELECT NULL::integer AS product_id, NULL::integer AS company_id, NULL::float AS cost,
           NULL::timestamp AS since, NULL::timestamp AS until
     WHERE false
""", s19="""
    SELECT product_id, company_id, value AS cost, date AS since,
           lead(date) OVER (PARTITION BY product_id, company_id ORDER BY date, id) AS until
      FROM product_value
     WHERE move_id IS NULL AND lot_id IS NULL
""")
# The model and date field of that history (None where the series keeps none).
COST_HISTORY = by_series(s11=("product.price.history", "datetime"), s17=None,
                         s19=("product.value", "date"))
# Indexes that make SQL_LINE_COST_AT_ORDER a lookup (the ERP does not index the history).
COST_HISTORY_INDEXES = by_series(s11=[
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_price_history_idx"
    " ON product_price_history (product_id, company_id, datetime)"], s17=[], s19=[
    "CREATE INDEX IF NOT EXISTS crm_lifecycle_product_value_idx ON product_value"
    " (product_id, company_id, date) WHERE move_id IS NULL AND lot_id IS NULL"])

# Lead columns that were renamed.
SQL_LEAD_REVENUE = "l.planned_revenue" if V11 else "l.expected_revenue"


def flush(env):
    """Write pending ORM changes to the database before the engine reads it with SQL."""
    if V11:
        env["res.partner"].recompute()
    else:
        env.flush_all()


@contextlib.contextmanager
def deferred_recompute(env):
    """Stored computed fields recomputed once at the end of the block, not after every
    create and write inside it: 11 recomputes at once (env.norecompute, then one
    recompute); 17+ recompute lazily anyway, as does a block already deferred."""
    if not V11 or not env.recompute:
        yield
        return
    with env.norecompute():
        yield
    flush(env)


def before_commit(cr, key, handler):
    """A set to gather values in during the transaction, handed once to `handler(values)`
    just before the transaction commits, or None on a series whose cursors run no such
    hook (11), where the caller acts at once instead. 17+ run the cursor's precommit
    hooks at commit and at every flushing savepoint, and drop them at a rollback, so
    what a rolled-back savepoint gathered is never handed on."""
    if V11:
        return None
    data = cr.precommit.data
    if key not in data:
        data[key] = set()
        cr.precommit.add(functools.partial(before_commit_now, cr, key, handler))
    return data[key]


def before_commit_now(cr, key, handler):
    """Hand on at once what before_commit() gathered under `key` so far (a reader in the
    same transaction must see it)."""
    if V11:
        return
    values = cr.precommit.data.pop(key, None)
    if values:
        handler(values)


def flush_model(env, model_name):
    """Write one model's pending changes before reading its table with SQL (11 writes at once)."""
    if not V11:
        env[model_name].flush_model()


def today(env):
    """The user's today, as fields.Date.context_today gives it, without loading the
    user record (a large share of a one-customer refresh's budget)."""
    return local_date(env, datetime.datetime.now())  # Odoo runs in UTC


def local_date(env, value):
    """The user's day (context tz, else the user's) at a UTC datetime of the ORM (a
    datetime or its string), as fields.Date.context_today(record, value) gives it."""
    if isinstance(value, str):
        value = fields.Datetime.from_string(value[:19])
    tz_name = env.context.get("tz")
    if not tz_name:
        env.cr.execute("SELECT p.tz FROM res_users u JOIN res_partner p ON p.id = u.partner_id "
                       "WHERE u.id = %s", (env.uid,))
        row = env.cr.fetchone()
        tz_name = row and row[0]
    if tz_name:
        try:
            value = pytz.utc.localize(value, is_dst=False).astimezone(pytz.timezone(tz_name))
        except pytz.UnknownTimeZoneError:  # pylint: disable=except-pass
            pass  # as Odoo: UTC then
    return value.date()


def invalidate(env):
    """Forget cached field values after the engine wrote with SQL."""
    if V11:
        env["res.partner"].invalidate_cache()
    else:
        env.invalidate_all()


def notification(title, message):
    """What a button returns to tell the user something happened (11 has no toast)."""
    if V11:
        return {"type": "ir.actions.client", "tag": "reload"}
    return {"type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": title, "message": message, "sticky": False,
                       "next": {"type": "ir.actions.client", "tag": "reload"}}}


# -- values the ORM writes --------------------------------------------------------------

def to_datetime(value):
    """A datetime object from a date, a datetime or their string; a plain date becomes noon
    that day, so that no timezone shifts it to another day."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(12, 0))
    text = str(value)
    if len(text) <= 10:
        return datetime.datetime.combine(fields.Date.from_string(text), datetime.time(12, 0))
    return fields.Datetime.from_string(text[:19])


def date_field_value(value):
    """Value for a Date field write (a string on 11, a date on 17)."""
    day = to_date(value)
    return fields.Date.to_string(day) if V11 else day


def datetime_field_value(value):
    """Value for a Datetime field write (a string on 11, a datetime on 17)."""
    moment = to_datetime(value)
    return fields.Datetime.to_string(moment) if V11 else moment


def post_note(record, body):
    """An internal note (no notification) on the record's chatter; `body` is plain text."""
    from odoo.tools import html_escape
    if V11:
        return record.message_post(body=html_escape(body), subtype="mail.mt_note",
                                   message_type="comment")
    return record.message_post(body=body, subtype_xmlid="mail.mt_note", message_type="comment")


def create_quotation(env, company, partner, user, origin, lines):
    """A draft quotation for `partner` in `company` at today's prices, taxes and addresses,
    as the order form would fill them: lines [(product, qty)]. 17+ computes all of it from
    the partner and the products; 11 fills it through the form's onchange methods."""
    Order = env["sale.order"].with_context(force_company=company.id) if V11 else \
        env["sale.order"].with_company(company)
    vals = {"partner_id": partner.id, "company_id": company.id, "user_id": user.id, "origin": origin}
    if not V11:
        vals["order_line"] = [(0, 0, {"product_id": product.id, "product_uom_qty": qty})
                              for product, qty in lines]
        return Order.create(vals)
    addresses = partner.address_get(["invoice", "delivery"])
    vals.update({"partner_invoice_id": addresses["invoice"], "partner_shipping_id": addresses["delivery"],
                 "pricelist_id": partner.property_product_pricelist.id,
                 "payment_term_id": partner.property_payment_term_id.id,
                 "order_line": [(0, 0, {"product_id": product.id, "product_uom": product.uom_id.id,
                                        "product_uom_qty": qty, "name": product.display_name,
                                        "price_unit": 0.0})
                                for product, qty in lines]})
    order = Order.create(vals)
    order.onchange_partner_shipping_id()  # the fiscal position, before the lines' taxes
    for line in order.order_line:
        line.product_id_change()
        line.product_uom_change()
    return order


def cancel_orders(orders):
    """Cancel draft quotations (17+'s action_cancel may ask through a wizard first)."""
    return orders.action_cancel() if V11 else orders._action_cancel()
