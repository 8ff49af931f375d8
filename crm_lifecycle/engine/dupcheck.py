# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Duplicate check at entry (查重): the existing customers that a customer or a lead being
typed matches, by the keys the settings switch on, in one indexed statement
(queries.DUPLICATE_MATCH, the same normalisation as the duplicate list).

What a user learns of a match he may not read (record rules): that a customer with the
same key exists and who holds it (its salesperson, or that it is in the pool), so that he
knows whom to ask, never its name or its id. The statement itself reads every partner (a
duplicate the user cannot see is still a duplicate); the names come from a search with
the user's own rights.
"""
from odoo import _
from odoo.exceptions import ValidationError

from .. import access, compat
from . import queries

KEYS = ("vat", "email", "domain", "phone", "name")
# Mail providers whose domain says nothing about the company (issue 22 item 2).
PUBLIC_EMAIL_DOMAINS = [
    "gmail.com", "googlemail.com", "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net",
    "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "outlook.com",
    "hotmail.com", "live.com", "msn.com", "yahoo.com", "yahoo.com.cn", "icloud.com", "me.com",
    "aol.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "proton.me",
    "protonmail.com", "example.com"]
# Set by the partner merge: merging duplicates is what the check asks for.
MERGE_CONTEXT = "crm_lifecycle_duplicate_merge"
MATCH_LIMIT = 5


def key_labels():
    return {"vat": _("same VAT"), "email": _("same email"), "domain": _("same email domain"),
            "phone": _("same phone"), "name": _("same name")}


def modes(env):
    """{key: 'off' | 'warn' | 'block'} from the settings."""
    config = env["crm.lifecycle.config"]._get_config()
    return {key: config["duplicate_" + key] or "off" for key in KEYS}


def find(env, values, exclude_ids=(), company_id=None, keys=()):
    """Rows (id, [keys]) of the customers matching `values` (vat, email, phones, name,
    is_company) by any of `keys`."""
    if not keys:
        return []
    compat.flush(env)
    params = {"use_" + key: key in keys for key in KEYS}
    params.update(vat=values.get("vat") or None, email=values.get("email") or None,
                  phones=[p for p in values.get("phones") or () if p], name=values.get("name") or None,
                  is_company=bool(values.get("is_company")), public_domains=PUBLIC_EMAIL_DOMAINS,
                  exclude_ids=[i for i in exclude_ids if i], company_id=company_id or None,
                  limit=MATCH_LIMIT)
    env.cr.execute(queries.DUPLICATE_MATCH, params)
    return env.cr.fetchall()


def describe(env, rows):
    """One line per match: its name when the user may read it (else "a customer you
    cannot open"), the matched keys, and its salesperson or pool state."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    visible = set(env["res.partner"].search([("id", "in", ids)]).ids)
    names = dict((p.id, p.display_name) for p in env["res.partner"].browse(list(visible)))
    env.cr.execute(queries.DUPLICATE_HOLDERS, {"ids": ids})
    holders = {pid: (user_id, pooled) for pid, user_id, pooled in env.cr.fetchall()}
    users = env["res.users"].sudo().browse([u for u, _p in holders.values() if u])
    user_names = dict((u.id, u.name) for u in users)
    labels = key_labels()
    lines = []
    for partner_id, kinds in rows:
        user_id, pooled = holders.get(partner_id, (None, False))
        if user_id:
            holder = _("salesperson: %s") % user_names.get(user_id, "?")
        elif pooled:
            holder = _("in the customer pool")
        else:
            holder = _("no salesperson")
        name = names.get(partner_id) or _("a customer you cannot open")
        lines.append("%s (%s) - %s" % (name, ", ".join(labels[k] for k in kinds), holder))
    return lines


def hint(env, values, exclude_ids=(), company_id=None):
    """The form's notice: the matches by the keys that warn or block, or False."""
    mode = modes(env)
    rows = find(env, values, exclude_ids, company_id, keys=[k for k in KEYS if mode[k] != "off"])
    if not rows:
        return False
    text = _("Possible duplicate of existing customers:") + "\n" + "\n".join(
        "- " + line for line in describe(env, rows))
    blocked = sorted({k for _id, kinds in rows for k in kinds if mode[k] == "block"})
    if blocked and not overrides(env):
        text += "\n" + _("Saving is refused for a match by %s; a Lifecycle Manager can save it.") % (
            ", ".join(key_labels()[k] for k in blocked))
    return text


def overrides(env):
    """Who saves despite a blocking match: Lifecycle Managers (and the system itself, the
    partner merge)."""
    return access.is_manager(env) or env.context.get(MERGE_CONTEXT)


def check_block(env, values, exclude_ids=(), company_id=None, what=None):
    """ValidationError naming the matches of `values` by a blocking key, unless the user
    may override."""
    if overrides(env):
        return
    mode = modes(env)
    rows = find(env, values, exclude_ids, company_id, keys=[k for k in KEYS if mode[k] == "block"])
    if rows:
        raise ValidationError(_(
            "%s: this looks like an existing customer, and the duplicate check refuses to save it:\n"
            "%s\nUse the existing customer, or ask a Lifecycle Manager to save it.") % (
                what or _("Customer"), "\n".join("- " + line for line in describe(env, rows))))
