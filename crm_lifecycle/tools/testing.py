# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test-only differences between Odoo series: what the tests (and the benchmark) need
to act as a user, render a screen or open a second connection the way each series does.

Runtime code never imports this module; the addons' tests, tests/ and tests/bench do.
"""
import contextlib

from odoo import api, fields

from ..compat import V11


@contextlib.contextmanager
def environment(cr, uid, context=None):
    """An environment on another cursor (a second database connection, a thread): 11
    keeps environments in a per-thread registry it must be told to open."""
    if V11:
        with api.Environment.manage():
            yield api.Environment(cr, uid, context or {})
    else:
        yield api.Environment(cr, uid, context or {})


def in_company(env, company):
    """`env` working in `company` (the user must be allowed in it)."""
    if V11:
        env.user.write({"company_ids": [(4, company.id)], "company_id": company.id})
        return env
    return env(context=dict(env.context, allowed_company_ids=[company.id]))


def convert(amount, from_currency, to_currency, company, date):
    """Odoo's own currency conversion on a day (the tests' independent check)."""
    if V11:
        return from_currency.with_context(date=fields.Date.to_string(date), company_id=company.id).compute(
            amount, to_currency, round=False)
    return from_currency._convert(amount, to_currency, company, date, round=False)


def as_user(records, user):
    """The records as seen by another user (with their access rights)."""
    return records.sudo(user) if V11 else records.with_user(user)


def clear_orm_caches(env):
    """Forget every ormcache'd value (as after a write from another process): one registry
    cache on 11; named caches on 17+, and 19 keeps settings in its 'stable' one."""
    if V11:
        env.registry.clear_caches()
    else:
        env.registry.clear_all_caches()


def render_view(env, view):
    """The full architecture the web client receives for `view` (its primary view with
    every extension applied), as a string."""
    root = view
    while root.mode != "primary" and root.inherit_id:
        root = root.inherit_id
    model = env[root.model]
    if V11:
        return model.fields_view_get(view_id=root.id, view_type=root.type)["arch"]
    return model.get_view(root.id, root.type)["arch"]


def render_report(env, xmlid, res_ids, pdf=True):
    """A QWeb report's bytes for `res_ids`: the PDF through wkhtmltopdf (even under tests,
    where both series would otherwise fall back to HTML), or its HTML."""
    report = env.ref(xmlid)
    if V11:
        if not pdf:
            return report.render_qweb_html(res_ids)[0]
        from odoo.tools import config
        saved = config.get("test_report_directory")
        config["test_report_directory"] = saved or "/tmp"
        try:
            return report.render_qweb_pdf(res_ids)[0]
        finally:
            config["test_report_directory"] = saved
    reports = env["ir.actions.report"].with_context(force_report_rendering=True)
    if not pdf:
        return reports._render_qweb_html(report.report_name, res_ids)[0]
    return reports._render_qweb_pdf(report.report_name, res_ids)[0]


def class_test_case():
    """Base class for tests whose fixtures are built once per class and rolled back after
    each test (SavepointCase on 11; TransactionCase does it on 17)."""
    from odoo.tests import common
    return common.SavepointCase if V11 else common.TransactionCase
