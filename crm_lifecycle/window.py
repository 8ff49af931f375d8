# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The window actions (ir.actions.act_window) that buttons and wizards return."""
from . import compat


def action(model, view_mode, name=None, **keys):
    """A window on `model` in `view_mode`, written as on 11 and 17 ("tree,form"; compat
    names the views for the running series), titled `name` when given, with any other key
    of a window action (domain, res_id, target, context)."""
    result = {"type": "ir.actions.act_window", "res_model": model, "view_mode": compat.view_mode(view_mode)}
    if name is not None:
        result["name"] = name
    result.update(keys)
    return result
