# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public method is an RPC endpoint: a portal user, a salesman and a manager of
another company call them here exactly as over RPC (as themselves, with their rights), and
each hostile input gets a clear refusal that writes nothing."""
import inspect
import re
import unittest

from odoo.exceptions import AccessError, UserError, ValidationError

from .. import compat
from ..engine import recompute as engine
from ..tools import flows, testing
from .common import LifecycleCase

# What a refusal raises: an AccessError or a UserError (one class on series where the first
# derives from the second, whose assertRaises takes no tuple).
REFUSED = UserError if issubclass(AccessError, UserError) else (AccessError, UserError)
# ORM and ERP entry points the addons override: Odoo checks their rights itself (access
# rules on the model), the override only adds to what the standard method does.
ORM_METHODS = {
    "create", "write", "unlink", "read", "read_group", "search", "search_read", "default_get",
    "copy", "name_get", "init", "fields_view_get", "get_view", "action_feedback", "action_done",
    "button_validate", "action_post", "action_confirm",
}


def public_methods(env):
    """(model, method name) of every public method the lifecycle addons define."""
    found = set()
    for name in env.registry:
        for cls in type(env[name]).__mro__:
            if not cls.__module__.startswith("odoo.addons.crm_lifecycle"):
                continue
            for attr, value in vars(cls).items():
                if attr.startswith("_") or attr in ORM_METHODS or not inspect.isfunction(value):
                    continue
                found.add((name, attr))
    return sorted(found)


class TestAccess(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "lc_portal", "login": "lc_portal", "email": "lc_portal@example.com",
            compat.USER_GROUPS_FIELD: [(6, 0, [cls.env.ref("base.group_portal").id])]})
        cls.salesman = cls.user("lc_access_rep", "sales_team.group_sale_salesman")
        cls.manager = cls.user("lc_access_mgr", "crm_lifecycle.group_lifecycle_manager")
        cls.acme = cls.customer("Access Acme", user_id=cls.salesman.id)
        cls.sale(cls.acme, 20, 400.0, user=cls.salesman)
        cls.other = cls.customer("Access Other", user_id=cls.manager.id)
        cls.sale(cls.other, 20, 400.0, user=cls.manager)

    def test_portal_user_is_refused_by_every_public_method(self):
        """No public method of the three addons runs for a portal user: each refuses before
        it does anything (crons are private and not reachable at all)."""
        self.recompute()
        methods = public_methods(self.env)
        self.assertGreater(len(methods), 20)
        ran = []
        for model, name in methods:
            records = self.env[model].sudo().search([], limit=1) if self.env[model]._auto else self.env[model]
            target = testing.as_user(self.env[model].browse(records.ids), self.portal)
            function = getattr(target, name)
            params = [p for p in inspect.signature(function).parameters.values()
                      if p.default is inspect.Parameter.empty
                      and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            try:
                with self.env.cr.savepoint():
                    function(*[None] * len(params))
            except REFUSED:
                continue
            except ValueError as error:
                if "Expected singleton" in str(error):  # no such record: nothing ran
                    continue
                ran.append("%s.%s raised %r" % (model, name, error))
                continue
            except Exception as error:  # anything else (TypeError...) is not a rights check
                ran.append("%s.%s raised %r" % (model, name, error))
                continue
            ran.append("%s.%s ran" % (model, name))
        self.assertFalse(ran, "public methods a portal user could run:\n" + "\n".join(ran))

    def test_crons_are_private(self):
        for model, name in (("crm.lifecycle.profile", "cron_recompute_all"),
                            ("crm.lifecycle.profile", "cron_refresh_marked"),
                            ("crm.lifecycle.model.fit", "cron_refit"),
                            ("crm.lifecycle.model.fit", "refit"),
                            ("res.partner", "cron_lifecycle_pool")):
            self.assertFalse(hasattr(self.env[model], name), "%s.%s is public" % (model, name))
        for xmlid in ("crm_lifecycle.cron_recompute_all", "crm_lifecycle.cron_refresh_marked",
                      "crm_lifecycle.cron_refit_models", "crm_lifecycle.cron_pool"):
            code = self.env.ref(xmlid).code
            self.assertIn("model._cron_", code)
            self.assertTrue(hasattr(self.env[self.env.ref(xmlid).model_id.model], code[6:-2]))

    def test_no_fit_dated_in_the_future(self):
        Fit = self.env["crm.lifecycle.model.fit"]
        with self.assertRaises(UserError):
            Fit._refit("2999-12-31")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Fit.create({"company_id": self.company.id, "fit_date": "2999-12-31", "state": "valid",
                        "r": 1, "alpha": 1, "a": 1, "b": 1})
        # even written past the ORM, a future fit never becomes the current model
        self.env.cr.execute("""
            INSERT INTO crm_lifecycle_model_fit (company_id, fit_date, state, r, alpha, a, b,
                                                 gg_p, gg_q, gg_gamma)
            VALUES (%s, '2999-12-31', 'valid', 9, 9, 9, 9, 9, 9, 9)""", (self.company.id,))
        self.assertNotIn(9.0, Fit._current_params().get(self.company.id, ({}, {}))[0].values())
        # managers read fits but create them only through the refit
        with self.assertRaises(AccessError):
            testing.as_user(Fit, self.manager).create({
                "company_id": self.company.id, "fit_date": str(self.today), "state": "valid"})

    def test_stage_history_is_append_only(self):
        self.recompute()
        profile = self.profile(self.acme)
        stage = self.env.ref("crm_lifecycle.stage_loyal")
        with self.assertRaises(REFUSED):
            testing.as_user(profile, self.manager).write({"stage_id": stage.id})
        transition = profile.transition_ids[:1]
        self.assertTrue(transition)
        Transition = testing.as_user(self.env["crm.lifecycle.transition"], self.manager)
        with self.assertRaises(REFUSED):
            Transition.browse(transition.id).write({"to_stage_id": stage.id})
        with self.assertRaises(REFUSED):
            Transition.create({"profile_id": profile.id, "partner_id": self.acme.id,
                               "company_id": self.company.id, "to_stage_id": stage.id,
                               "date": str(self.today), "kind": "manual"})
        with self.assertRaises(REFUSED):
            Transition.browse(transition.id).unlink()
        # the override is the way, and it records its transition at the next position
        wizard = testing.as_user(self.env["crm.lifecycle.override"], self.manager).create(
            {"profile_id": profile.id, "stage_id": stage.id, "reason": "Key account"})
        wizard.action_apply()
        compat.invalidate(self.env)
        self.assertEqual(profile.stage_id, stage)
        last = profile.transition_ids.sorted("sequence")[-1]
        self.assertEqual((last.kind, last.to_stage_id, last.sequence),
                         ("manual", stage, len(profile.transition_ids)))

    def test_api_hostile_inputs(self):
        """A table of hostile inputs and the refusal each gets."""
        Profile = testing.as_user(self.Profile, self.manager)
        too_many = list(range(1, 10002))
        cases = [
            ("api_get_profiles", ("12",)), ("api_get_profiles", ([0],)), ("api_get_profiles", ([-3],)),
            ("api_get_profiles", ([True],)), ("api_get_profiles", ([1.5],)), ("api_get_profiles", (None,)),
            ("api_get_profiles", ({"id": 1},)), ("api_get_profiles", ([],)),
            ("api_get_profiles", ([2 ** 40],)), ("api_get_profiles", (too_many,)),
            ("api_get_profiles", (["1; DROP TABLE res_partner"],)),
            ("api_recompute", ("all",)), ("api_recompute", (too_many,)),
            ("api_stage_at", ([], "2025-01-01")), ("api_stage_at", ([self.acme.id], "2025-01-01")),
            ("api_stage_at", (self.acme.id, "2025-01-01junk")),
            ("api_stage_at", (self.acme.id, "2024-13-45")),
            ("api_stage_at", (self.acme.id, "01/02/2025")), ("api_stage_at", (self.acme.id, 20250101)),
            ("api_stage_at", (self.acme.id, None)), ("api_stage_at", ("1 OR 1=1", "2025-01-01")),
            ("api_stage_at", (self.acme.id, "<script>x</script>" * 1000)),
        ]
        for method, args in cases:
            with self.assertRaises(UserError) as caught:
                getattr(Profile, method)(*args)
            message = str(caught.exception.args[0] if caught.exception.args else caught.exception)
            self.assertLess(len(message), 400, "%s%r: the error echoes its input" % (method, args[:1]))
        with self.assertRaisesRegex(UserError, "10000"):
            Profile.api_get_profiles(too_many)

    def test_other_company_ids_read_as_not_visible(self):
        other = self.env["res.company"].create({"name": "Access Second Co"})
        stranger = self.env["res.partner"].create({"name": "Other company's client", "company_id": other.id})
        mgr = testing.as_user(self.Profile, self.manager)
        with self.assertRaises(UserError) as hidden:
            mgr.api_get_profiles([stranger.id])
        with self.assertRaises(UserError) as missing:
            mgr.api_get_profiles([2 ** 31 - 1])
        def template(error):
            return re.sub(r"\d+", "N", str(error.exception.args[0]))
        self.assertEqual(template(hidden), template(missing), "an invisible id answers as a missing one")
        # and a manager who does not work in every company cannot recompute everybody
        with self.assertRaises(UserError):
            mgr.api_recompute()
        with self.assertRaises(UserError):
            testing.as_user(self.Profile, self.manager).action_recompute_all()

    def test_salesman_and_portal_api(self):
        self.recompute()
        rows = testing.as_user(self.Profile, self.salesman).api_get_profiles([self.acme.id, self.other.id])
        self.assertEqual([r["partner_id"] for r in rows], [self.acme.id],
                         "a salesman gets his own customers' profiles only")
        for method, args in (("api_get_profiles", ([self.acme.id],)), ("api_recompute", ([self.acme.id],)),
                             ("api_stage_at", (self.acme.id, str(self.today)))):
            with self.assertRaises(REFUSED):
                getattr(testing.as_user(self.Profile, self.portal), method)(*args)
        with self.assertRaises(REFUSED):
            testing.as_user(self.Profile, self.salesman).api_recompute([self.acme.id])

    def test_mirrored_partner_fields_only_for_lifecycle_users(self):
        self.recompute()
        self.assertTrue(self.acme.lifecycle_stage_id)
        for name in ("lifecycle_stage_id", "lifecycle_rfm_segment", "lifecycle_abc_class",
                     "lifecycle_health_score"):
            self.assertEqual(self.env["res.partner"]._fields[name].groups,
                             "crm_lifecycle.group_lifecycle_user")
        employee = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "lc_plain_employee", "login": "lc_plain_employee",
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("base.group_user").id])]})
        self.assertFalse(employee.has_group("crm_lifecycle.group_lifecycle_user"))
        with self.assertRaises(AccessError):
            testing.as_user(self.acme, employee).read(["lifecycle_stage_id"])

    def test_settings_bounds(self):
        """Every number a user types has an upper bound checked at save."""
        config = self.env["crm.lifecycle.config"]._get_config()
        stage = self.env.ref("crm_lifecycle.stage_lapsed")
        cases = [
            (config, "window_days", 10 ** 7), (config, "window_days", 0), (config, "abc_b_percent", 500.0),
            (config, "clv_discount_percent", 1e9), (config, "clv_min_repeat_buyers", 10 ** 9),
            (config, "pool_release_days", 10 ** 6), (config, "pool_notice_days", 10 ** 5),
            (config, "pool_claim_limit", 10 ** 8), (config, "pool_release_days", -1),
            (stage, "days", 10 ** 7), (stage, "days", -5),
            (self.env.ref("crm_lifecycle.stage_active"), "cadence_factor", 1e6),
            (self.env.ref("crm_lifecycle.stage_loyal"), "min_orders", 10 ** 6),
        ]
        for record, field, value in cases:
            before = record[field]
            with self.assertRaises(ValidationError, msg="%s=%r accepted" % (field, value)), \
                    self.env.cr.savepoint():
                record.write({field: value})
            compat.invalidate(self.env)
            self.assertEqual(record[field], before)
        for model, values in (("crm.lifecycle.backtest",
                               {"cutoff_date": "2020-01-01", "horizon_days": 10 ** 6}),
                              ("crm.lifecycle.playbook", {"name": "x", "activity_days": 10 ** 6,
                                                          "stage_id": stage.id})):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.env[model].create(values)

    def test_segment_rules_are_no_data_oracle(self):
        Segment = self.env["crm.lifecycle.segment"]
        for domain in ("[('user_id.password_crypt', '=like', 'a%')]", "[('user_id.password', '=', 'x')]",
                       "[('partner_id.signup_token', '!=', False)]", "[('partner_id.email', 'ilike', 'x')]",
                       "[('partner_id.parent_id.name', '=', 'x')]", "[('company_id.name', '=', 'x')]",
                       "[('transition_ids.reason', 'ilike', 'x')]", "[('stage_id.name', '=', 'x')]",
                       "[('partner_id.user_id.login', '=', 'admin')]"):
            with self.assertRaises(ValidationError, msg=domain), self.env.cr.savepoint():
                Segment.create({"name": "Oracle", "domain": domain})
        for domain in ("[('abc_class', '=', 'A')]", "[('stage_id.code', '=', 'at_risk')]",
                       "[('partner_id.country_id.code', '=', 'CN')]",
                       "[('partner_id.category_id', '!=', False)]",
                       "[('partner_id', 'in', [%d])]" % self.acme.id,
                       "[('user_id', '=', %d)]" % self.salesman.id):
            with self.env.cr.savepoint():
                Segment.create({"name": "Allowed", "domain": domain})

    def test_segment_acts_only_in_the_users_companies(self):
        other = self.env["res.company"].create({"name": "Segment Other Co"})
        self.recompute()
        profile = self.profile(self.acme)
        segment = self.env["crm.lifecycle.segment"].create(
            {"name": "Everybody here", "domain": "[('partner_id', '=', %d)]" % self.acme.id})
        # the same customer's stay in another company's profile list (written as the engine would)
        self.env.cr.execute("""
            INSERT INTO crm_lifecycle_segment_member
                   (segment_id, partner_id, company_id, profile_id, date_entered)
            VALUES (%s, %s, %s, %s, %s)""",
            (segment.id, self.other.id, other.id, profile.id, str(self.today)))
        mgr = testing.as_user(segment, self.manager)
        self.assertNotIn(other, self.manager.company_ids)
        self.assertEqual(mgr._current_partners(), self.acme, "members of another company are not acted on")

    def test_only_engine_fields_mark_the_customer(self):
        """Writing a field the engine does not read (an internal note) marks nothing; the
        order's state does."""
        order = flows.create_order(self.acme, self.today, [(self.product, 1, 10.0)])
        engine.flush_marks(self.env)
        self.env.cr.execute("DELETE FROM crm_lifecycle_dirty WHERE partner_id = %s", (self.acme.id,))

        def marks():
            engine.flush_marks(self.env)  # 17+ insert a transaction's marks before it commits
            self.env.cr.execute("SELECT count(*) FROM crm_lifecycle_dirty WHERE partner_id = %s",
                                (self.acme.id,))
            return self.env.cr.fetchone()[0]
        order.write({"note": "Call before delivery"})
        order.write({"client_order_ref": "PO-42"})
        self.assertEqual(marks(), 0)
        flows.confirm_order(order, self.today)
        self.assertGreater(marks(), 0)

    def _marks_of(self, partner):
        self.env.cr.execute("SELECT count(*) FROM crm_lifecycle_dirty WHERE partner_id = %s", (partner.id,))
        return self.env.cr.fetchone()[0]

    @unittest.skipUnless(compat.SERIES >= 17, "Odoo 11's cursors run no pre-commit hook: each write "
                                              "inserts its mark at once")
    def test_one_mark_per_transaction(self):
        """Confirming an order writes it many times; its customer is marked once, when the
        transaction commits (or when a reader of the marks asks first)."""
        engine.flush_marks(self.env)
        self.env.cr.execute("DELETE FROM crm_lifecycle_dirty WHERE partner_id = %s", (self.acme.id,))
        order = flows.create_order(self.acme, self.today, [(self.product, 1, 10.0)])
        flows.confirm_order(order, self.today)
        self.assertEqual(self._marks_of(self.acme), 0, "nothing is inserted before the commit")
        self.env.cr.flush()  # what a commit runs first: the pre-commit hooks
        self.assertEqual(self._marks_of(self.acme), 1)

    def test_marks_of_a_rolled_back_savepoint_are_dropped_others_kept(self):
        engine.flush_marks(self.env)
        self.env.cr.execute("DELETE FROM crm_lifecycle_dirty WHERE partner_id IN %s",
                            ((self.acme.id, self.other.id),))
        flows.create_order(self.acme, self.today, [(self.product, 1, 10.0)])
        with self.assertRaises(UserError):
            with self.env.cr.savepoint():
                flows.create_order(self.other, self.today, [(self.product, 1, 10.0)])
                # the test's own error, never shown to a user
                raise UserError("abandoned")  # pylint: disable=translation-required
        engine.flush_marks(self.env)
        self.assertGreater(self._marks_of(self.acme), 0, "a mark made before the savepoint is kept")
        self.assertEqual(self._marks_of(self.other), 0, "the abandoned order marks nothing")
