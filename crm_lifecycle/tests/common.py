# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures built through the ERP's real flows (compat's flow helpers): confirm the
order, validate the delivery, post the invoice, register the payment, close the ticket."""
import datetime

from odoo import fields

from .. import compat
from ..engine import recompute as engine
from ..tools import flows, testing

LifecycleBase = testing.class_test_case()


class LifecycleCase(LifecycleBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.today = compat.to_date(fields.Date.context_today(cls.env.user))
        cls.company = compat.current_company(cls.env)
        cls.product = flows.demo_product(cls.env, "Lifecycle test product", 100.0)
        # tax-free and shared by all companies, so that amounts below are exact everywhere
        cls.product.write({"taxes_id": [(6, 0, [])], "company_id": False})
        cls.Profile = cls.env["crm.lifecycle.profile"]

    @classmethod
    def own_company(cls, name):
        """A new company, and the tests' environment in it: its customers are ranked and
        fitted among themselves only, whatever else the database holds."""
        cls.company = cls.env["res.company"].create({"name": name})
        cls.env = testing.in_company(cls.env, cls.company)

    @classmethod
    def day(cls, days_ago):
        return cls.today - datetime.timedelta(days=days_ago)

    @classmethod
    def customer(cls, name, **vals):
        values = {"name": name, "is_company": True, "customer": True} if compat.V11 else \
            {"name": name, "is_company": True}
        values.update(vals)
        return cls.env["res.partner"].create(values)

    @classmethod
    def user(cls, login, *groups):
        """An internal user (login = name) with these groups, given by xml id, in the
        test admin's timezone: what users do is dated by their own day (Odoo's rule),
        and the tests' `today` is the admin's."""
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "email": "%s@example.com" % login,
            "tz": cls.env.user.tz,
            compat.USER_GROUPS_FIELD: [(6, 0, [cls.env.ref(g).id for g in ("base.group_user",) + groups])]})

    @classmethod
    def sale(cls, partner, days_ago, amount, deliver_late_days=None, user=None):
        """A confirmed order of `amount` (untaxed) dated days_ago; delivered that day,
        or deliver_late_days after its scheduled date when given."""
        order = flows.create_order(partner, cls.day(days_ago), [(cls.product, 1, amount)], user=user)
        flows.confirm_order(order, cls.day(days_ago))
        if deliver_late_days is not None:
            flows.deliver_order(order, cls.day(days_ago - deliver_late_days), cls.day(days_ago))
        return order

    def recompute(self, days_ago=0, partners=None):
        ids = None if partners is None else partners.ids
        return engine.recompute(self.env, ref_date=self.day(days_ago), partner_ids=ids)

    def profile(self, partner, company=None):
        return self.Profile.search([("partner_id", "=", partner.id),
                                    ("company_id", "=", (company or self.company).id)])
