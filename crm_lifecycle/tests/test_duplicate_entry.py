# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Duplicate check at entry: a warning finds the existing customer by each key, a blocking
key refuses the save with the customer's name, a Lifecycle Manager saves anyway, a
distinct customer is silent, and a salesman learns only who holds a customer he cannot
read."""
from odoo.exceptions import ValidationError

from .. import compat
from .common import LifecycleCase


class TestDuplicateEntry(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.env["crm.lifecycle.config"]._get_config()
        cls.config.write({"duplicate_" + key: "warn" for key in ("vat", "phone", "email", "domain", "name")})
        cls.salesman = cls.user("dup_salesman", "sales_team.group_sale_salesman")
        cls.manager = cls.user("dup_manager", "sales_team.group_sale_salesman",
                               "crm_lifecycle.group_lifecycle_manager")
        cls.owner = cls.user("dup_owner", "sales_team.group_sale_salesman")
        cls.known = cls.customer("上海星河贸易有限公司", vat="91310000MA1FL2AB3X",
                                 email="purchase@xinghe-dup.cn", phone="+86 138-0013-8000",
                                 user_id=cls.owner.id)

    def hint(self, env=None, **vals):
        values = {"name": "Unrelated", "is_company": True}
        if compat.V11:
            values["customer"] = True
        values.update(vals)
        return (env or self.env)["res.partner"].new(values).lifecycle_duplicate_hint or ""

    def test_warn_by_each_key(self):
        cases = {
            "same VAT": {"vat": "91310000 ma1fl2ab3x"},
            "same phone": {"phone": "13800138000"},
            "same email": {"email": "Purchase@Xinghe-dup.cn"},
            "same email domain": {"email": "boss@xinghe-dup.cn"},
            "same name": {"name": "上海星河贸易"},
        }
        for label, vals in cases.items():
            text = self.hint(**vals)
            self.assertIn("上海星河贸易有限公司", text, label)
            self.assertIn(label, text)
            self.assertIn("dup_owner", text, "the salesperson is named")

    def test_silent_and_public_domain(self):
        self.assertEqual(self.hint(name="Other Trading", phone="021 5555 1234",
                                   email="info@other-dup.cn", vat="CN123"), "")
        self.customer("Gmail Buyer One", email="one@gmail.com")
        self.assertNotIn("Gmail Buyer One", self.hint(email="two@gmail.com"),
                         "a public mail domain is not a company's")
        # a contact person of a company is not checked
        contact = self.env["res.partner"].create({"name": "上海星河贸易", "parent_id": self.known.id})
        self.assertFalse(contact.lifecycle_duplicate_hint)

    def test_pool_status(self):
        pooled = self.customer("Pool Dup Co", email="x@pool-dup.test", user_id=self.owner.id)
        pooled.action_lifecycle_pool_release()
        self.assertIn("in the customer pool", self.hint(email="x@pool-dup.test"))

    def test_block_and_manager_override(self):
        self.config.duplicate_phone = "block"
        values = {"name": "Another Name", "is_company": True, "phone": "0086 13800138000"}
        if compat.V11:
            values["customer"] = True
        with self.assertRaises(ValidationError) as refused:
            self.env(user=self.salesman.id)["res.partner"].create(dict(values))
        self.assertIn("上海星河贸易有限公司", str(refused.exception.args[0]))
        # a lead typed with the phone is refused too
        lead_env = self.env(user=self.salesman.id)
        with self.assertRaises(ValidationError):
            lead_env["crm.lead"].create({"name": "New inquiry", "phone": "138 0013 8000"})
        # the warning matches (not the blocking key) never refuse
        ok = lead_env["res.partner"].create(dict(values, phone="555 1234 999", name="上海星河贸易"))
        self.assertTrue(ok.exists())
        # a manager saves the same customer
        manager_env = self.env(user=self.manager.id)
        saved = manager_env["res.partner"].create(dict(values))
        self.assertIn("上海星河贸易有限公司", saved.lifecycle_duplicate_hint)
        # the duplicate list finds the pair by the same normalisation
        self.env["crm.lifecycle.duplicate"]._refresh()
        pair = self.env["crm.lifecycle.duplicate"].search(
            [("partner_id", "=", self.known.id), ("duplicate_id", "=", saved.id)])
        self.assertTrue(pair.match_phone)

    def test_hidden_customer_details(self):
        # a common setup: salespeople read their own customers and the unowned ones (a
        # global rule: group rules add to what the other groups' rules grant)
        self.env["ir.rule"].create({
            "name": "Own customers only", "model_id": self.env["ir.model"]._get("res.partner").id,
            "domain_force": "['|', ('user_id', '=', user.id), ('user_id', '=', False)]"})
        hidden = self.customer("Hidden Secret Customer", email="boss@secret-dup.test",
                               user_id=self.owner.id)
        salesman_env = self.env(user=self.salesman.id)
        self.assertFalse(salesman_env["res.partner"].search([("id", "=", hidden.id)]))
        text = self.hint(env=salesman_env, email="boss@secret-dup.test")
        self.assertIn("dup_owner", text)
        self.assertNotIn("Hidden Secret", text)
        self.assertIn("a customer you cannot open", text)
        # the administrator reads it: its name is shown
        self.assertIn("Hidden Secret", self.hint(email="boss@secret-dup.test"))
