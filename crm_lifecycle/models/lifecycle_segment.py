# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rule-based customer segments: an Odoo domain over the lifecycle profile (and, through
partner_id, the partner), kept up to date by the engine with a dated membership history."""
import ast
import datetime
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import access, compat, window
from ..engine import recompute as engine, segments as engine_segments

# Odoo's term operators common to 11 and 17 ('any'/'not any' take sub-domains: not here).
OPERATORS = ("=", "!=", "<=", "<", ">", ">=", "=?", "=like", "=ilike", "like", "not like",
             "ilike", "not ilike", "in", "not in", "child_of", "parent_of")
LOGICAL = ("&", "|", "!")
# Relative dates for date fields, resolved against the recompute's reference day so that
# a segment like "new this quarter" follows simulated time: today, month_start,
# quarter_start, year_start, optionally followed by +Nd / -Nd.
RELATIVE_DATE = re.compile(r"^(today|month_start|quarter_start|year_start)(?:([+-])(\d{1,5})d)?$")
# What a rule may filter on: the profile's own stored fields, its stage's rule code, and
# these partner fields (through partner_id). Nothing else: a rule evaluated for every
# customer must not become a way to probe other records (passwords, tokens, other
# companies' data) by watching who enters the segment.
PROFILE_PATHS = ("stage_id.code",)
PARTNER_PATHS = (
    "partner_id.name", "partner_id.ref", "partner_id.country_id", "partner_id.country_id.code",
    "partner_id.state_id",
    "partner_id.state_id.code", "partner_id.city", "partner_id.zip", "partner_id.industry_id",
    "partner_id.category_id", "partner_id.category_id.name", "partner_id.team_id",
    "partner_id.lang", "partner_id.is_company", "partner_id.user_id",
)


def resolve_relative_date(value, ref_date):
    match = RELATIVE_DATE.match(value)
    if not match:
        return None
    anchor, sign, days = match.groups()
    if anchor == "today":
        day = ref_date
    elif anchor == "month_start":
        day = ref_date.replace(day=1)
    elif anchor == "quarter_start":
        day = ref_date.replace(month=3 * ((ref_date.month - 1) // 3) + 1, day=1)
    else:
        day = ref_date.replace(month=1, day=1)
    if sign:
        delta = datetime.timedelta(days=int(days))
        day = day + delta if sign == "+" else day - delta
    return day


class LifecycleSegment(models.Model):
    _name = "crm.lifecycle.segment"
    _description = "Customer Segment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", index=True,
                                 help="Only customers of this company; empty: every company.")
    domain = fields.Text(
        required=True, default="[]",
        help="Which profiles belong to the segment: an Odoo domain over the lifecycle profile, "
             "e.g. [('abc_class', '=', 'A'), ('stage_id.code', '=', 'at_risk')]. Partner "
             "fields through partner_id (partner_id.country_id.code). Date fields accept "
             "today, month_start, quarter_start, year_start, optionally with +Nd/-Nd, "
             "taken on the day the profiles are computed for. Literal values only.")
    member_count = fields.Integer("Members", readonly=True)
    member_value = fields.Monetary("Members' annual value", readonly=True,
                                   currency_field="currency_id",
                                   help="Sum of the current members' annual value.")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    member_ids = fields.One2many("crm.lifecycle.segment.member", "segment_id",
                                 string="Membership history", readonly=True)
    current_member_ids = fields.One2many("crm.lifecycle.segment.member", "segment_id",
                                         string="Current members", readonly=True,
                                         domain=[("date_left", "=", False)])
    tag_id = fields.Many2one("res.partner.category", string="Partner tag", readonly=True,
                             ondelete="set null",
                             help="Tag kept on the current members by 'Update audience'.")
    mailing_list_ref = fields.Char("Mailing list", readonly=True,
                                   help="model,id of the mailing list kept by 'Update audience' "
                                        "when Email Marketing is installed.")
    date_refreshed = fields.Date("Members as of", readonly=True)
    campaign_ids = fields.One2many("crm.lifecycle.campaign", "segment_id", string="Campaigns",
                                   readonly=True)
    campaign_count = fields.Integer("Campaigns launched", compute="_compute_campaign_count")

    @api.depends("company_id")
    def _compute_currency_id(self):
        default = compat.current_company(self.env).currency_id
        for segment in self:
            segment.currency_id = segment.company_id.currency_id or default

    def _compute_campaign_count(self):
        groups = compat.read_group(self.env["crm.lifecycle.campaign"], [("segment_id", "in", self.ids)],
                                   ["segment_id"], ["segment_id"])
        counts = {g["segment_id"][0]: g["segment_id_count"] for g in groups}
        for segment in self:
            segment.campaign_count = counts.get(segment.id, 0)

    # -- the rule ------------------------------------------------------------------------

    @api.model
    def _parse_domain(self, text):
        """The domain as a list, checked leaf by leaf; ValidationError naming the problem.
        Parsed with ast.literal_eval: any code (names, calls, attributes) is refused."""
        try:
            domain = ast.literal_eval((text or "").strip() or "[]")
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as error:
            raise ValidationError(_(
                "Domain: not a literal Odoo domain (only lists, tuples, strings, numbers, "
                "True/False/None are allowed, no code): %s") % error)
        if not isinstance(domain, (list, tuple)):
            raise ValidationError(_("Domain: must be a list such as [('abc_class', '=', 'A')]."))
        pending = 1  # prefix notation arity check; top-level terms are ANDed implicitly
        for index, term in enumerate(domain):
            if index and pending == 0:
                pending = 1
            if isinstance(term, str) and term in LOGICAL:
                pending += 0 if term == "!" else 1
                continue
            self._check_leaf(term)
            pending -= 1
        if domain and pending:
            raise ValidationError(_("Domain: an operator '&', '|' or '!' lacks its terms."))
        return list(domain)

    @api.model
    def _check_leaf(self, term):
        if not isinstance(term, (list, tuple)) or len(term) != 3:
            raise ValidationError(_(
                "Domain: %r is not a term (field, operator, value) nor '&', '|', '!'.") % (term,))
        path, operator, value = term
        if not isinstance(path, str) or not path:
            raise ValidationError(_("Domain: %r is not a field name.") % (path,))
        if operator not in OPERATORS:
            raise ValidationError(_("Domain: unknown operator %r in %r.") % (operator, term))
        field = self._allowed_field(path)
        if field.type in ("date", "datetime") and isinstance(value, str) \
                and not RELATIVE_DATE.match(value):
            try:
                compat.to_date(value)
            except (TypeError, ValueError):
                raise ValidationError(_(
                    "Domain: %r is not a date (YYYY-MM-DD) nor today, month_start, "
                    "quarter_start, year_start (+/-Nd) for %r.") % (value, path))

    @api.model
    def _allowed_field(self, path):
        """The field at the end of `path` if a rule may filter on it, else ValidationError
        naming the problem. The editing user must be able to read that field."""
        model = self.env["crm.lifecycle.profile"]
        parts = path.split(".")
        field = None
        for position, name in enumerate(parts):
            field = model._fields.get(name)
            if field is None:
                raise ValidationError(_("Domain: %s has no field %r (in %r).") % (
                    model._description, name, path))
            if position < len(parts) - 1:
                if field.type not in ("many2one", "one2many", "many2many"):
                    raise ValidationError(_("Domain: %r is not a relation, %r cannot follow it.") % (
                        name, path))
                model = self.env[field.comodel_name]
        if len(parts) == 1:
            if not field.store or field.type == "one2many":
                raise ValidationError(_("Domain: %r is not a stored field of the customer profile.") % path)
        elif path not in PROFILE_PATHS and path not in PARTNER_PATHS:
            raise ValidationError(_(
                "Domain: %r cannot be used. A rule filters on the profile's own fields, "
                "stage_id.code, and these partner fields: %s.") % (path, ", ".join(PARTNER_PATHS)))
        if field.groups and not compat.is_superuser(self.env) and not any(
                self.env.user.has_group(group.strip()) for group in field.groups.split(",")):
            raise ValidationError(_("Domain: you may not read %r.") % path)
        return field

    def _evaluated_domain(self, ref_date):
        """The segment's domain with relative dates resolved as of ref_date."""
        self.ensure_one()
        result = []
        for term in self._parse_domain(self.domain):
            if isinstance(term, (list, tuple)) and isinstance(term[2], str) \
                    and RELATIVE_DATE.match(term[2]):
                day = resolve_relative_date(term[2], ref_date)
                term = (term[0], term[1], day.isoformat())
            result.append(tuple(term) if isinstance(term, list) else term)
        if self.company_id:
            result = [("company_id", "=", self.company_id.id)] + result
        return result

    def _check_domain(self):
        """Run from create/write, not as a constraint: Odoo 19 runs constraints as superuser,
        which would skip the editor's own field rights checked by `_allowed_field`."""
        today = compat.today(self.env)
        for segment in self:
            domain = segment._evaluated_domain(today)
            try:
                with self.env.cr.savepoint():
                    self.env["crm.lifecycle.profile"].sudo().search(domain, limit=1)
            except Exception as error:  # the ORM's own verdict on values and types
                raise ValidationError(_("Domain: Odoo cannot search with it: %s") % error)

    # -- membership ----------------------------------------------------------------------

    @compat.model_create
    def create(self, vals):
        segments = super().create(vals)
        segments._check_domain()
        segments._refresh_now()
        return segments

    def write(self, vals):
        result = super().write(vals)
        if {"domain", "company_id"} & set(vals):
            self._check_domain()
        if {"domain", "company_id", "active"} & set(vals):
            self.filtered("active")._refresh_now()
        return result

    def _refresh_now(self):
        """Membership as of today's stored profiles (the engine refreshes it afterwards)."""
        segments = self.filtered("active")
        if segments:
            # memberships are the engine's to write: not while a recompute writes them too
            engine.lock(self.env)
            ref_date = compat.today(self.env)
            engine_segments.refresh(self.env, ref_date, segments=segments.sudo())

    def _check_manager(self):
        access.check_manager(self.env, _("Only Lifecycle Managers can change segments or their audience."))

    def action_refresh(self):
        self._check_manager()
        self._refresh_now()
        return True

    def action_view_members(self):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return window.action("crm.lifecycle.segment.member", "tree,form", name=_("Segment members"),
                             domain=[("segment_id", "=", self.id), ("date_left", "=", False)])

    def action_view_campaigns(self):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return window.action("crm.lifecycle.campaign", "tree,form", name=_("Campaigns"),
                             domain=[("segment_id", "=", self.id)])

    def _open_action_wizard(self, action):
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return window.action("crm.lifecycle.segment.action", "form", name=_("Act on the segment"),
                             target="new", context={"default_segment_id": self.id, "default_action": action})

    def action_open_opportunity_wizard(self):
        return self._open_action_wizard("opportunity")

    def action_open_activity_wizard(self):
        return self._open_action_wizard("activity")

    # -- audience ------------------------------------------------------------------------

    @api.model
    def _mailing_models(self):
        """(list model, contact model) of Email Marketing when installed, else None."""
        for list_model, contact_model in (("mailing.list", "mailing.contact"),
                                          ("mail.mass_mailing.list", "mail.mass_mailing.contact")):
            if list_model in self.env and contact_model in self.env:
                return list_model, contact_model
        return None

    def _current_members(self):
        """The current members in the companies the acting user works in: a segment
        without a company acts in each of them, never in another."""
        self.ensure_one()
        return self.env["crm.lifecycle.segment.member"].sudo().search(
            [("segment_id", "=", self.id), ("date_left", "=", False),
             ("company_id", "in", compat.allowed_companies(self.env).ids)])

    def _current_partners(self):
        return self._current_members().mapped("partner_id")

    def _launch_campaign(self, kind, members=None, holdout_percent=None):
        """A campaign record of the members (default: the current ones) with its hold-out
        (default: the settings' share); returns (campaign, the partners to act on)."""
        self.ensure_one()
        Campaign = self.env["crm.lifecycle.campaign"]
        Campaign._lock_segment(self)
        if holdout_percent is None:
            holdout_percent = self.env["crm.lifecycle.config"]._get_config().campaign_holdout_percent
        members = self._current_members() if members is None else members
        campaign, contacted = Campaign._launch(self, kind, members, holdout_percent)
        return campaign, contacted

    def action_update_audience(self):
        """Email Marketing installed: create or refresh a mailing list of the members;
        otherwise keep a partner tag on exactly the current members. Either way a campaign
        records who was targeted, and its hold-out is left off the list or the tag."""
        self._check_manager()
        for segment in self:
            if segment._mailing_models():
                segment._sync_mailing_list()
            else:
                segment._sync_tag()
        return True

    def action_tag_members(self):
        self._check_manager()
        for segment in self:
            segment._sync_tag()
        return True

    def _sync_tag(self):
        self.ensure_one()
        _campaign, contacted = self._launch_campaign("tag")
        Tag = self.env["res.partner.category"].sudo()
        tag = self.tag_id.sudo()
        if not tag:
            name = _("Segment: %s") % self.name
            tag = Tag.search([("name", "=", name)], limit=1) or Tag.create({"name": name})
            self.sudo().write({"tag_id": tag.id})
        members = contacted.mapped("partner_id")
        former = tag.with_context(active_test=False).partner_ids - members
        if former:
            former.write({"category_id": [(3, tag.id)]})
        newcomers = members - tag.partner_ids
        if newcomers:
            newcomers.write({"category_id": [(4, tag.id)]})
        return tag

    def _sync_mailing_list(self):
        """Only with Email Marketing (mass_mailing; the tests install it where the series has
        it): the list holds exactly the contacted members with an email address."""
        self.ensure_one()
        _campaign, contacted = self._launch_campaign("mailing_list")
        list_model, contact_model = self._mailing_models()
        Lists, Contacts = self.env[list_model].sudo(), self.env[contact_model].sudo()
        mailing_list = None
        if self.mailing_list_ref and self.mailing_list_ref.startswith(list_model + ","):
            mailing_list = Lists.browse(int(self.mailing_list_ref.split(",")[1])).exists()
        if not mailing_list:
            mailing_list = Lists.create({"name": self.name})
            self.sudo().write({"mailing_list_ref": "%s,%d" % (list_model, mailing_list.id)})
        # the list's contacts follow the contacted members by email: the ones still wanted
        # stay (with their own opt-out and statistics), the others leave the list (and go
        # when no other list holds them), the new members come in
        wanted = {}
        for partner in contacted.mapped("partner_id").filtered("email"):
            wanted.setdefault(partner.email.strip().lower(), partner)
        existing = Contacts.search([("list_ids", "in", mailing_list.ids)])
        stale = existing.filtered(lambda c: (c.email or "").strip().lower() not in wanted)
        if stale:
            stale.write({"list_ids": [(3, mailing_list.id)]})
            stale.filtered(lambda c: not c.list_ids).unlink()
        present = {(c.email or "").strip().lower() for c in existing - stale}
        compat.create_many(Contacts, [
            {"name": partner.name, "email": partner.email, "list_ids": [(4, mailing_list.id)]}
            for email, partner in sorted(wanted.items()) if email not in present])
        return mailing_list
