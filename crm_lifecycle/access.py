# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may drive the engine: the one place that says what a lifecycle user and a
lifecycle manager are, and how a public method refuses anybody else.

Every public method of the addons is an RPC endpoint that any logged-in user (portal
included) can call. Each one starts with one of the checks below; only then may it use
sudo(), and only to do what the checked caller is allowed to ask for.
"""
from odoo import _
from odoo.exceptions import AccessError, UserError

from . import compat

USER_GROUP = "crm_lifecycle.group_lifecycle_user"
MANAGER_GROUP = "crm_lifecycle.group_lifecycle_manager"


def is_manager(env):
    return compat.is_superuser(env) or env.user.has_group(MANAGER_GROUP)


def is_user(env):
    return compat.is_superuser(env) or env.user.has_group(USER_GROUP)


def check_manager(env, message=None):
    """Refuse a caller who is not a Lifecycle Manager (UserError, as Odoo's own buttons)."""
    if not is_manager(env):
        raise UserError(message or _("Only Lifecycle Managers can do this."))


def check_user(env, message=None):
    """Refuse a caller who may not see lifecycle data (portal and public users, employees
    without the lifecycle group)."""
    if not is_user(env):
        raise AccessError(message or _("Only lifecycle users can see customer lifecycle data."))


def check_internal_user(user, company=None):
    """A user a wizard may act for: active, internal and, with `company`, allowed in it."""
    if not user or not user.active or not user.has_group("base.group_user") or (
            company and company not in user.company_ids):
        raise UserError(_("%s is not an active internal user of this company.") % (
            user.display_name if user else _("Nobody")))
