# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A pivot's or graph's total adds a measure up with the field's own aggregate: a rate, a
share or an average summed gives a total such as 1,800 % of a cohort still buying. These
tests read every stored numeric field of the three addons' models, every measure of their
pivot and graph views and the grouping their actions open with, so that the error class
cannot come back with a new field or view."""
import re

from lxml import etree

from odoo.tests import common
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_lifecycle import compat

# A field whose name or label says it is a rate, share, percentage, average or score (words
# of its label, or of its name between underscores).
_RATE = re.compile(r"(?<![a-z])(rate|ratio|share|percent|avg|average|mean|median|score|health|"
                   r"probability|nps|csat|ces|sla|dso|p alive|churn risk)(?![a-z])|%|p\(alive\)",
                   re.IGNORECASE)
NUMERIC = ("integer", "float", "monetary")
# Settings: one record per company, parameters (days, thresholds), never grouped.
SETTINGS = ("crm.lifecycle.config",)


def is_rate(field):
    return bool(_RATE.search(field.name.replace("_", " ")) or _RATE.search(field.string or ""))


def our_models(env):
    """The stored (not transient, not abstract) models the three addons define or extend,
    with the fields they add."""
    env.cr.execute("""
        SELECT DISTINCT f.model, f.name FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module IN %s""", [compat.OUR_MODULES])
    fields_by_model = {}
    for model, name in env.cr.fetchall():
        fields_by_model.setdefault(model, set()).add(name)
    return {model: names for model, names in fields_by_model.items()
            if model in env and not env[model]._transient and not env[model]._abstract
            and model not in SETTINGS}


def additive(model, name):
    """A share a model declares additive: its rows share one denominator, so their sum
    over a group is the group's share (see the model's `_additive_shares`)."""
    return name in getattr(model, "_additive_shares", ())


class TestAggregates(common.TransactionCase):

    def test_no_rate_is_summed(self):
        """Every stored rate, share, percentage, average or score field of the addons
        aggregates by avg/max/min (or is a declared additive share), never by sum."""
        checked, summed = [], []
        for model_name, names in sorted(our_models(self.env).items()):
            model = self.env[model_name]
            for name in sorted(names):
                field = model._fields.get(name)
                if field is None or field.type not in NUMERIC or not field.store:
                    continue
                if not is_rate(field):
                    continue
                checked.append("%s.%s" % (model_name, name))
                if compat.field_aggregator(field) in (None, "sum") and not additive(model, name):
                    summed.append("%s.%s (%s)" % (model_name, name, field.string))
        self.assertGreater(len(checked), 30)  # the scan sees the profile's and the reports'
        self.assertIn("crm.lifecycle.report.cohort.customer_share", checked)
        self.assertIn("crm.lifecycle.profile.p_alive", checked)
        self.assertEqual(summed, [], "rates summed in a total row: give them avg")

    def test_view_measures_are_aggregated_by_their_kind(self):
        """The measures of every pivot and graph view of the addons: numeric, stored, and a
        rate among them is never summed."""
        views = self.env["ir.ui.view"].search([("type", "in", ("pivot", "graph"))])
        ours = views.filtered(lambda v: v.xml_id.split(".")[0] in compat.OUR_MODULES)
        self.assertGreaterEqual(len(ours), 20)
        for view in ours:
            model = self.env[view.model]
            arch = etree.fromstring(view.arch)
            for node in arch.iter("field"):
                field = model._fields[node.get("name")]
                if node.get("type") != "measure":
                    self.assertTrue(field.store, "%s groups on %s" % (view.xml_id, field.name))
                    continue
                self.assertIn(field.type, NUMERIC, "%s measures %s" % (view.xml_id, field.name))
                self.assertTrue(field.store, "%s measures %s" % (view.xml_id, field.name))
                if is_rate(field):
                    self.assertTrue(compat.field_aggregator(field) not in (None, "sum")
                                    or additive(model, field.name),
                                    "%s sums the rate %s" % (view.xml_id, field.name))

    def test_actions_open_grouped_on_real_fields(self):
        """The groupings and measures an action's context opens its pivot and graph with
        are stored fields of its model (a missing or empty one opens as Undefined)."""
        actions = self.env["ir.actions.act_window"].search([])
        ours = actions.filtered(lambda a: a.xml_id.split(".")[0] in compat.OUR_MODULES)
        keys = ("pivot_row_groupby", "pivot_column_groupby", "pivot_measures", "graph_groupbys")
        seen = 0
        for action in ours:
            context = safe_eval(action.context or "{}", {"uid": self.env.uid, "active_id": False,
                                                        "active_ids": [], "context_today": None})
            model = self.env[action.res_model]
            for key in keys:
                for spec in context.get(key, ()):
                    seen += 1
                    name = spec.split(":")[0]
                    self.assertIn(name, model._fields, "%s %s" % (action.xml_id, key))
                    self.assertTrue(model._fields[name].store, "%s %s" % (action.xml_id, key))

        self.assertGreater(seen, 0)

    def test_transition_matrix_opens_from_stage_by_to_stage(self):
        """The transition matrix opens as from-stage rows x to-stage columns counting
        changes, and its default filter leaves out the first stages (no "from")."""
        action = self.env.ref("crm_lifecycle_report.crm_lifecycle_report_transition_action")
        context = safe_eval(action.context)
        self.assertEqual(context["pivot_row_groupby"], ["from_stage_id"])
        self.assertEqual(context["pivot_column_groupby"], ["to_stage_id"])
        self.assertEqual(context["pivot_measures"], ["transition_count"])
        search = etree.fromstring(action.search_view_id.arch)
        default = [f for f in search.iter("filter") if f.get("name") == "changes"]
        self.assertEqual(len(default), 1)
        self.assertEqual(safe_eval(default[0].get("domain")), [("from_stage_id", "!=", False)])
        self.assertTrue(context["search_default_changes"])
