# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ERP's own flows (orders, deliveries, invoices, payments, tickets, leads), driven
the way a user would drive them, then backdated: what the demo builder and the tests build
their customers' histories with. Runtime code of the addons never imports this module.
"""
import datetime

from ..compat import (  # noqa: F401 (date_field_value, datetime_field_value: re-exported)
    COST_HISTORY,
    LEAD_REVENUE_FIELD,
    USER_GROUPS_FIELD,
    V11,
    by_series,
    create_many,
    current_company,
    date_field_value,
    datetime_field_value,
    deferred_recompute,
    to_date,
    to_datetime,
)

# Each helper takes real records and goes through the ERP's own flow (confirm, validate,
# post, register payment...), then backdates what the flow stamped with "now". Dates are
# `datetime.date` or `datetime.datetime` (strings are accepted too); a date given for a
# datetime field means noon that day, so no timezone shifts it to another day.
_FLOW_CTX = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True,
             "mail_create_nosubscribe": True, "mail_auto_subscribe_no_notify": True,
             "mail_activity_automation_skip": True, "skip_sms": True}


def _flow_context(env, **extra):
    """_FLOW_CTX and `extra` for a wizard that runs in exactly this context (not merged into
    the caller's), keeping the caller's bulk-import key (crm_lifecycle_no_mark)."""
    ctx = dict(_FLOW_CTX, **extra)
    if env.context.get("crm_lifecycle_no_mark"):
        ctx["crm_lifecycle_no_mark"] = True
    return ctx


def _flow_env(record):
    """The record in a context that skips chatter and tracking (they only cost time here)."""
    return record.with_context(**_FLOW_CTX)


def _flow_sql(records, query, params, fnames=None):
    """Run an UPDATE on columns the ORM will not write, keeping the ORM cache right."""
    if V11:
        records.env[records._name].recompute()
    else:
        records.env.flush_all()
    records.env.cr.execute(query, params)
    if V11:
        records.invalidate_cache(fnames=fnames, ids=records.ids)
    else:
        records.invalidate_recordset(fnames)


def _flow_stock_location(env):
    """The main stock location of the current company's first warehouse."""
    company = current_company(env)
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    return warehouse.lot_stock_id


# A product whose stock is tracked: a type of its own up to 17, a flag on goods from 18 on.
STORABLE_PRODUCT = by_series(s11={"type": "product"}, s17={"detailed_type": "product"},
                             s18={"type": "consu", "is_storable": True})


def demo_product(env, name, price, stock=100000.0, categ=None, cost=None):
    """A storable product sold at `price` (found by name or created, in `categ` and at the
    standard `cost` if given), with enough stock on hand."""
    product = env["product.product"].search([("name", "=", name)], limit=1)
    if not product:
        vals = dict(STORABLE_PRODUCT, name=name, list_price=price, invoice_policy="order",
                    sale_ok=True)
        if categ:
            vals["categ_id"] = categ.id
        if cost is not None:
            vals["standard_price"] = cost
        tax = env["account.tax"].search([("type_tax_use", "=", "sale"),
                                         ("company_id", "=", current_company(env).id)], limit=1)
        if tax:
            vals["taxes_id"] = [(6, 0, tax.ids)]
        product = _flow_env(env["product.product"]).create(vals)
    elif categ and product.categ_id != categ:
        product.categ_id = categ
    location = _flow_stock_location(env)
    if product.with_context(location=location.id).qty_available < stock / 10.0:
        env["stock.quant"]._update_available_quantity(product, location, stock)
    return product


def change_cost(product, cost, date):
    """A new standard cost for the product, as its user would set it, in force since `date`:
    the entry the series writes in its cost history (if it keeps one) is backdated."""
    _flow_env(product).write({"standard_price": cost})
    if COST_HISTORY:
        model, field = COST_HISTORY
        entry = product.env[model].sudo().search(
            [("product_id", "=", product.id), ("company_id", "=", current_company(product.env).id)],
            order="id desc", limit=1)
        entry.write({field: datetime_field_value(to_datetime(date))})


def customer_vals():
    """The values that flag a new partner as a customer."""
    return {"customer": True} if V11 else {"customer_rank": 1}


def create_salesperson(env, name, login, email=None):
    """An internal user in the Sales "own documents only" group (found by login or created)."""
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)],
                                                                   limit=1)
    if user:
        return user
    group = env.ref("sales_team.group_sale_salesman")
    return env["res.users"].with_context(_FLOW_CTX, no_reset_password=True).create({
        "name": name, "login": login, "email": email or login,
        USER_GROUPS_FIELD: [(6, 0, [group.id, env.ref("base.group_user").id])]})


def create_order(partner, date, lines, user=None):
    """A draft sale order for `partner` dated `date`; lines = [(product, qty, price_unit)]."""
    return _flow_env(partner.env["sale.order"]).create(_order_vals(partner, date, lines, user))


def confirm_order(order, date):
    """Confirm a sale order (creates its deliveries), then date it `date`."""
    order = _flow_env(order)
    order.action_confirm()
    vals = {"date_order": datetime_field_value(date)}
    if V11:
        vals["confirmation_date"] = vals["date_order"]
    order.write(vals)
    return order


def _flow_run_wizard(env, action):
    """Answer the confirmation wizards button_validate may return: no backorder, transfer all."""
    if not isinstance(action, dict) or action.get("type") != "ir.actions.act_window":
        return
    model = action.get("res_model")
    # the wizard runs in exactly the action's context, not merged into the caller's
    ctx = dict(action.get("context") or {}, **_flow_context(env))
    if action.get("res_id"):
        wizard = env[model].with_context(ctx).browse(action["res_id"])  # pylint: disable=context-overridden
    else:
        wizard = env[model].with_context(ctx).create({})  # pylint: disable=context-overridden
    if model == "stock.immediate.transfer":
        _flow_run_wizard(env, wizard.process())
    elif model == "stock.backorder.confirmation":
        _flow_run_wizard(env, wizard.process_cancel_backorder())
    elif model == "stock.overprocessed.transfer":
        _flow_run_wizard(env, wizard.action_confirm())
    elif model == "confirm.stock.sms":
        _flow_run_wizard(env, wizard.dont_send_sms())
    # other wizards (reception report, printing) need no answer


def validate_picking(picking, done_date, scheduled_date=None):
    """Validate a picking with every quantity done, then date the transfer `done_date`."""
    picking = _flow_env(picking)
    if scheduled_date is not None:
        picking.write({"scheduled_date": datetime_field_value(scheduled_date)})
    if picking.state == "draft":
        picking.action_confirm()
    picking.action_assign()
    if V11:
        if picking.state != "assigned":
            picking.force_assign()
        for move in picking.move_lines.filtered(lambda m: m.state not in ("done", "cancel")):
            move.quantity_done = move.product_uom_qty
    else:
        for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            move.quantity = move.product_uom_qty
            move.picked = True
    result = picking.button_validate()
    _flow_run_wizard(picking.env, result)
    if picking.state != "done":
        raise ValueError("picking %s was not validated (state %s; validation returned %r)"
                         % (picking.name, picking.state, result))
    moment = to_datetime(done_date)
    picking.write({"date_done": datetime_field_value(moment)})
    moves = picking.move_lines if V11 else picking.move_ids
    if moves:
        _flow_sql(moves, "UPDATE stock_move SET date = %s WHERE id IN %s AND state = 'done'",
                  (moment, tuple(moves.ids)), ["date"])
        lines = moves.mapped("move_line_ids")
        if lines:
            _flow_sql(lines, "UPDATE stock_move_line SET date = %s WHERE id IN %s",
                      (moment, tuple(lines.ids)), ["date"])
    return picking


def deliver_order(order, done_date, scheduled_date=None):
    """Validate the open outgoing deliveries of a confirmed order in full, done on `done_date`.

    The scheduled date (default: the done date, i.e. on time) is written before validating,
    so a delivery is late exactly when done_date is after scheduled_date.
    """
    pickings = order.picking_ids.filtered(
        lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel"))
    for picking in pickings:
        validate_picking(picking, done_date,
                         scheduled_date if scheduled_date is not None else done_date)
    return pickings


# The return picking stock.return.picking creates: up to 17 _create_returns() gives its
# id (and picking type); 18 renamed it _create_return(), which gives the picking.
_flow_create_return = by_series(
    s11=lambda wizard: wizard.env["stock.picking"].browse(wizard._create_returns()[0]),
    s18=lambda wizard: wizard._create_return())


def return_delivery(picking, date, ratio=1.0):
    """Return a done delivery (all of it, or `ratio` of each line) through stock.return.picking."""
    env = picking.env
    # the wizard runs in exactly this context, not merged into the caller's
    ctx = _flow_context(env, active_id=picking.id, active_ids=[picking.id],
               active_model="stock.picking")
    wizard = env["stock.return.picking"].with_context(ctx).create(  # pylint: disable=context-overridden
        {} if V11 else {"picking_id": picking.id})
    for line in wizard.product_return_moves:
        qty = line.move_id.product_uom_qty * ratio
        vals = {"quantity": qty}
        if "to_refund" in line._fields:
            vals["to_refund"] = True
        line.write(vals)
    returned = _flow_create_return(wizard)
    validate_picking(returned, date, date)
    return returned


def _flow_invoice_vals(date, due_date):
    if V11:
        return {"date_invoice": date_field_value(date), "date_due": date_field_value(due_date),
                "payment_term_id": False}
    return {"invoice_date": date_field_value(date), "invoice_date_due": date_field_value(due_date),
            "invoice_payment_term_id": False}


def _flow_post(invoice):
    if V11:
        invoice.action_invoice_open()
    else:
        invoice.action_post()


def invoice_order(order, date, due_days=30):
    """Invoice a confirmed order, dated `date` and due `due_days` later, and post it."""
    order = _flow_env(order)
    date = to_date(date)
    if V11:
        invoice = order.env["account.invoice"].browse(order.action_invoice_create())
    else:
        invoice = order._create_invoices()
    invoice = _flow_env(invoice)
    invoice.write(_flow_invoice_vals(date, date + datetime.timedelta(days=due_days)))
    _flow_post(invoice)
    return invoice


def invoice_residual(invoice):
    """What is still due on a customer invoice or credit note, in its currency."""
    return invoice.residual if V11 else invoice.amount_residual


def _flow_is_refund(invoice):
    return (invoice.type if V11 else invoice.move_type) == "out_refund"


def register_payment(invoice, date, amount=None):
    """Register a customer payment (all that is due, or `amount`) reconciled with the invoice.

    On a credit note this pays the money back to the customer.
    """
    env = invoice.env
    date = to_date(date)
    if amount is None:
        amount = invoice_residual(invoice)
    if V11:
        payment = _flow_v11_payment(invoice, date, amount)
        payment.post()
        return payment
    # the wizard runs in exactly this context, not merged into the caller's
    ctx = _flow_context(env, active_model="account.move", active_ids=invoice.ids)
    wizard = env["account.payment.register"].with_context(ctx).create({  # pylint: disable=context-overridden
        "payment_date": date, "amount": amount, "payment_difference_handling": "open"})
    return wizard._create_payments()


def refund_invoice(invoice, date, amount=None, reason="Refund"):
    """A posted credit note for the invoice (in full, or for `amount` tax included) dated `date`.

    While the invoice is still open, the credit note is reconciled with it (it lowers what the
    customer owes); on a paid invoice it stays as a credit to pay back with register_payment.
    """
    env = invoice.env
    date = to_date(date)
    if V11:
        refund = invoice.refund(date_invoice=date_field_value(date), date=date_field_value(date),
                                description=reason, journal_id=invoice.journal_id.id)
    else:
        wizard = env["account.move.reversal"].with_context(
            **_flow_context(env, active_model="account.move", active_ids=invoice.ids)).create({
                "move_ids": [(6, 0, invoice.ids)], "date": date, "reason": reason,
                "journal_id": invoice.journal_id.id})
        wizard.refund_moves()
        refund = wizard.new_move_ids
    refund = _flow_env(refund)
    total = refund.amount_total
    if amount is not None and total and amount < total:
        ratio = amount / total
        currency = refund.currency_id
        lines = refund.invoice_line_ids
        if not V11:
            lines = lines.filtered(lambda ln: ln.display_type == "product")
        for line in lines:
            line.write({"price_unit": currency.round(line.price_unit * ratio)})
        if V11:
            refund.compute_taxes()
    refund.write(_flow_invoice_vals(date, date))
    _flow_post(refund)
    if invoice_residual(invoice) > 0:
        credit = refund.move_id.line_ids if V11 else refund.line_ids
        credit = credit.filtered(lambda ln: ln.account_id == _flow_receivable_account(invoice)
                                 and not ln.reconciled)
        for line in credit:
            if V11:
                _flow_env(invoice).assign_outstanding_credit(line.id)
            else:
                _flow_env(invoice).js_assign_outstanding_line(line.id)
    return refund


def _flow_receivable_account(invoice):
    if V11:
        return invoice.account_id
    return invoice.line_ids.filtered(
        lambda ln: ln.account_id.account_type == "asset_receivable")[:1].account_id


def _flow_named(env, model, name):
    """Find a record by name, or create it; `name` may also be a record already."""
    if not isinstance(name, str):
        return name
    record = env[model].search([("name", "=", name)], limit=1)
    return record or env[model].create({"name": name})


def create_ticket(partner, date, name, category=None, tags=None, description=None):
    """A helpdesk ticket for `partner` opened on `date`; category/tags by record or name."""
    env = partner.env
    vals = {"name": name, "partner_id": partner.id, "partner_name": partner.name,
            "partner_email": partner.email or False,
            "description": description or "<p>%s</p>" % name}
    if category:
        vals["category_id"] = _flow_named(env, "helpdesk.ticket.category", category).id
    if tags:
        if isinstance(tags, str):
            tags = [tags]
        vals["tag_ids"] = [(6, 0, [_flow_named(env, "helpdesk.ticket.tag", t).id for t in tags])]
    ticket = _flow_env(env["helpdesk.ticket"]).create(vals)
    moment = to_datetime(date)
    _flow_sql(ticket, "UPDATE helpdesk_ticket SET create_date = %s, last_stage_update = %s "
              "WHERE id = %s", (moment, moment, ticket.id),
              ["create_date", "last_stage_update"])
    return ticket


def close_ticket(ticket, date):
    """Move a ticket to the first closing stage, closed on `date`."""
    env = ticket.env
    stage = env["helpdesk.ticket.stage"].search([("closed", "=", True)], order="sequence, id",
                                                limit=1)
    ticket = _flow_env(ticket)
    ticket.write({"stage_id": stage.id})
    moment = datetime_field_value(date)
    ticket.write({"closed_date": moment, "last_stage_update": moment})
    return ticket


def create_lead(partner, date, name, revenue, type="opportunity", user=None):
    """A lead or opportunity for `partner` created on `date` with the expected revenue."""
    env = partner.env
    salesman = user if user is not None else partner.commercial_partner_id.user_id
    vals = {"name": name, "partner_id": partner.id, "type": type,
            LEAD_REVENUE_FIELD: revenue, "user_id": salesman.id or False}
    lead = _flow_env(env["crm.lead"]).create(vals)
    moment = to_datetime(date)
    _flow_sql(lead, "UPDATE crm_lead SET create_date = %s, date_last_stage_update = %s, "
              "date_open = CASE WHEN date_open IS NULL THEN NULL ELSE %s END WHERE id = %s",
              (moment, moment, moment, lead.id),
              ["create_date", "date_last_stage_update", "date_open"])
    return lead


def win_lead(lead, date):
    """Mark an opportunity won (the won stage), closed on `date`."""
    lead = _flow_env(lead)
    lead.action_set_won()
    moment = datetime_field_value(date)
    lead.write({"date_closed": moment, "date_last_stage_update": moment})
    return lead


def lose_lead(lead, date, reason="Too expensive"):
    """Mark a lead lost (archived, with a lost reason by record or name), closed on `date`."""
    lead = _flow_env(lead)
    lost_reason = _flow_named(lead.env, "crm.lost.reason", reason) if reason else None
    if V11:
        lead.action_set_lost()
        if lost_reason:
            lead.write({"lost_reason": lost_reason.id})
    elif lost_reason:
        lead.action_set_lost(lost_reason_id=lost_reason.id)
    else:
        lead.action_set_lost()
    moment = datetime_field_value(date)
    lead.write({"date_closed": moment, "date_last_stage_update": moment})
    return lead


# -- batches -----------------------------------------------------------------------------
# The same flows for many documents at once, as a bulk import would run them: one create()
# for a list of values, one confirm/validate/post/register call per batch, and the
# backdating of a whole batch in one UPDATE. The demo builder plays its company with these.

def _flow_backdate(records, table, columns, rows):
    """UPDATE `table` from rows [(id, value, ...)]: one statement for the batch.

    `columns` = [(column, sql type)]; the ORM's pending writes go first, and the records'
    cached values of those columns are dropped after."""
    if not rows:
        return
    env = records.env
    if V11:
        env[records._name].recompute()
    else:
        env.flush_all()
    names = [name for name, _type in columns]
    values = ",".join(env.cr.mogrify("(%s" + ", %s" * len(columns) + ")", tuple(row)).decode()
                      for row in rows)
    env.cr.execute("UPDATE {table} t SET {sets} FROM (VALUES {values}) AS v(id, {names}) "
                   "WHERE t.id = v.id".format(
                       table=table, values=values, names=", ".join(names),
                       sets=", ".join("%s = v.%s::%s" % (name, name, kind) for name, kind in columns)))
    touched = env[records._name].browse([row[0] for row in rows])
    if V11:
        touched.invalidate_cache(fnames=names, ids=touched.ids)
    else:
        touched.invalidate_recordset(names)


# The batch flows below run 11's confirm, delivery validation, invoice creation and posting
# and payment posting each under compat.deferred_recompute: 11 rewrites each changed stored
# field at once, and every rewrite searches the records that depend on it (a sale line's
# amounts after each invoice line, an invoice's residual after each journal item), several
# times per document. The flows read those fields through the ORM, which computes a pending
# one when it is read, so they see the values they saw before (the build's documents
# compared field by field, and the tests). One deferral over a whole batch would not do:
# its payments were registered for stale residuals.


def _flow_group(items, key):
    """{key(item): [items]} in first-seen order."""
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def _order_vals(partner, date, lines, user=None):
    order_lines = []
    for product, qty, price in lines:
        line = {"product_id": product.id, "product_uom_qty": qty, "price_unit": price}
        if V11:
            line.update({"name": product.display_name,
                         "product_uom": product.uom_id.id,
                         "tax_id": [(6, 0, product.taxes_id.ids)]})
        order_lines.append((0, 0, line))
    vals = {"partner_id": partner.id, "date_order": datetime_field_value(date), "order_line": order_lines}
    if user is not None:
        vals["user_id"] = user.id
    if V11:
        addresses = partner.address_get(["invoice", "delivery"])
        vals.update({"partner_invoice_id": addresses["invoice"],
                     "partner_shipping_id": addresses["delivery"],
                     "pricelist_id": partner.property_product_pricelist.id})
    return vals


def create_orders(env, specs):
    """Draft sale orders from specs [(partner, date, lines, user)], in one create()."""
    return create_many(_flow_env(env["sale.order"]), [_order_vals(*spec) for spec in specs])


def confirm_orders(orders, dates):
    """Confirm sale orders together (their deliveries are created), then date each one
    (dates aligned with the orders)."""
    if not orders:
        return orders
    orders = _flow_env(orders)
    if V11:
        # 11's _action_confirm reads the lines of `self` as one order's (self.order_line:
        # "Expected singleton" on two orders): one order at a time, as its button does, in
        # one recompute
        with deferred_recompute(orders.env):
            for order in orders:
                order.action_confirm()
    else:
        orders.action_confirm()
    rows = [(order.id, to_datetime(date)) for order, date in zip(orders, dates)]
    columns = [("date_order", "timestamp")]
    if V11:
        rows = [row + (row[1],) for row in rows]
        columns.append(("confirmation_date", "timestamp"))
    _flow_backdate(orders, "sale_order", columns, rows)
    return orders


def deliver_orders(orders, done_dates, scheduled_dates):
    """Validate the open outgoing deliveries of confirmed orders together, in full, each
    scheduled and done on its order's dates; {order id: its pickings}."""
    env = orders.env
    by_order = {}
    for order in orders:
        by_order[order.id] = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel"))
    pickings = env["stock.picking"].browse([p.id for ps in by_order.values() for p in ps])
    if not pickings:
        return by_order
    pickings = _flow_env(pickings)
    draft = pickings.filtered(lambda p: p.state == "draft")
    if draft:
        draft.action_confirm()
    pickings.action_assign()
    if V11:
        with deferred_recompute(env):
            unassigned = pickings.filtered(lambda p: p.state != "assigned")
            if unassigned:
                unassigned.force_assign()
            for move in pickings.mapped("move_lines").filtered(lambda m: m.state not in ("done", "cancel")):
                if move.quantity_done != move.product_uom_qty:
                    move.quantity_done = move.product_uom_qty
            # what 11's button_validate (one picking at a time) runs once every quantity is done
            pickings.action_done()
    else:
        moves = pickings.mapped("move_ids").filtered(lambda m: m.state not in ("done", "cancel"))
        for move in moves.filtered(lambda m: m.quantity != m.product_uom_qty):
            move.quantity = move.product_uom_qty
        moves.write({"picked": True})
        _flow_run_wizard(env, pickings.button_validate())
    undone = pickings.filtered(lambda p: p.state != "done")
    if undone:
        raise ValueError("pickings %s were not validated" % ", ".join(undone.mapped("name")))
    picking_rows, move_rows, line_rows = [], [], []
    for order, done, scheduled in zip(orders, done_dates, scheduled_dates):
        done, scheduled = to_datetime(done), to_datetime(scheduled)
        for picking in by_order[order.id]:
            picking_rows.append((picking.id, done, scheduled))
            moves = picking.move_lines if V11 else picking.move_ids
            move_rows += [(move.id, done) for move in moves if move.state == "done"]
            line_rows += [(line.id, done) for line in moves.mapped("move_line_ids")]
    _flow_backdate(pickings, "stock_picking", [("date_done", "timestamp"), ("scheduled_date", "timestamp")],
                   picking_rows)
    _flow_backdate(env["stock.move"], "stock_move", [("date", "timestamp")], move_rows)
    _flow_backdate(env["stock.move.line"], "stock_move_line", [("date", "timestamp")], line_rows)
    return by_order


def invoice_orders(orders, dates, due_days):
    """Invoice confirmed orders, one invoice each, dated and due as given (lists aligned
    with the orders), and post them together; the invoices in the orders' order."""
    if not orders:
        return []  # a batch whose orders are all still undelivered (Odoo refuses an empty call)
    orders = _flow_env(orders)
    env = orders.env
    if V11:
        with deferred_recompute(env):
            invoices = env["account.invoice"].browse(orders.action_invoice_create(grouped=True))
        order_of = {inv.id: inv.invoice_line_ids.mapped("sale_line_ids.order_id").id for inv in invoices}
    else:
        invoices = orders._create_invoices(grouped=True)
        order_of = {inv.id: inv.line_ids.mapped("sale_line_ids.order_id").id for inv in invoices}
    by_order = {order_of[inv.id]: inv for inv in invoices}
    result = [by_order[order.id] for order in orders]
    terms = [(to_date(date), to_date(date) + datetime.timedelta(days=days))
             for date, days in zip(dates, due_days)]
    for (date, due), items in _flow_group(list(zip(terms, result)), lambda item: item[0]).items():
        _flow_env(env[invoices._name].browse([inv.id for _t, inv in items])).write(
            _flow_invoice_vals(date, due))
    with deferred_recompute(env):
        _flow_post(_flow_env(invoices))
    return result


def _flow_v11_payment(invoice, date, amount):
    env = invoice.env
    refund = _flow_is_refund(invoice)
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", invoice.company_id.id)], limit=1)
    method = env.ref("account.account_payment_method_manual_out" if refund
                     else "account.account_payment_method_manual_in")
    return _flow_env(env["account.payment"]).create({
        "payment_type": "outbound" if refund else "inbound",
        "partner_type": "customer",
        "partner_id": invoice.commercial_partner_id.id,
        "amount": amount,
        "currency_id": invoice.currency_id.id,
        "payment_date": date_field_value(date),
        "journal_id": journal.id,
        "payment_method_id": method.id,
        "invoice_ids": [(6, 0, invoice.ids)],
        "communication": invoice.number,
        "payment_difference_handling": "open",
    })


def register_payments(invoices, dates, amounts):
    """Register customer payments on posted customer invoices (lists aligned): the amount,
    or all that is due when None; one payment per invoice, dated as given, each reconciled
    with its invoice."""
    if not invoices:
        return
    env = invoices[0].env
    items = [(inv, to_date(date), amount) for inv, date, amount in zip(invoices, dates, amounts)]
    if V11:
        payments = env["account.payment"].browse()
        for invoice, date, amount in items:
            due = invoice_residual(invoice) if amount is None else amount
            payments |= _flow_v11_payment(invoice, date, due)
        with deferred_recompute(env):
            payments.post()
        return
    # The payment wizard on all the invoices at once, one payment per invoice (its own steps:
    # the payments' values per journal item, create, post, reconcile), each payment dated and
    # of the amount asked: a wizard per payment day would mean one wizard per payment.
    plan = {inv.id: (date, amount) for inv, date, amount in items}
    # the wizard runs in exactly this context, not merged into the caller's
    ctx = _flow_context(env, active_model="account.move", active_ids=list(plan))
    wizard = env["account.payment.register"].with_context(ctx).create({"group_payment": False})  # pylint: disable=context-overridden
    to_process = []
    # 17 hands the batches out by a method, 18+ keeps them in a computed field
    batches = wizard._get_batches() if hasattr(wizard, "_get_batches") else wizard.batches
    for batch in batches:
        for line in batch["lines"]:
            one = dict(batch, lines=line, payment_values=dict(
                batch["payment_values"], payment_type="inbound" if line.balance > 0 else "outbound"))
            vals = wizard._create_payment_vals_from_batch(one)
            date, amount = plan[line.move_id.id]
            vals["date"] = date
            if amount is not None:
                vals["amount"] = amount
            to_process.append({"create_vals": vals, "to_reconcile": line, "batch": one})
    wizard._init_payments(to_process)
    wizard._post_payments(to_process)
    wizard._reconcile_payments(to_process)


def create_tickets(env, specs):
    """Helpdesk tickets from specs [(partner, date, name, category, tags)] (category and
    tags by record or name), in one create(), each opened on its date."""
    named = {}

    def find(model, name):
        if (model, name) not in named:
            named[model, name] = _flow_named(env, model, name).id
        return named[model, name]
    vals_list = []
    for partner, _date, name, category, tags in specs:
        vals = {"name": name, "partner_id": partner.id, "partner_name": partner.name,
                "partner_email": partner.email or False, "description": "<p>%s</p>" % name}
        if category:
            vals["category_id"] = find("helpdesk.ticket.category", category)
        if tags:
            vals["tag_ids"] = [(6, 0, [find("helpdesk.ticket.tag", tag) for tag in tags])]
        vals_list.append(vals)
    tickets = create_many(_flow_env(env["helpdesk.ticket"]), vals_list)
    rows = [(ticket.id, to_datetime(spec[1]), to_datetime(spec[1])) for ticket, spec in zip(tickets, specs)]
    _flow_backdate(tickets, "helpdesk_ticket", [("create_date", "timestamp"),
                                                 ("last_stage_update", "timestamp")], rows)
    return tickets


def close_tickets(tickets, dates):
    """Move tickets to the first closing stage together, each closed on its date."""
    if not tickets:
        return tickets
    env = tickets.env
    stage = env["helpdesk.ticket.stage"].search([("closed", "=", True)], order="sequence, id", limit=1)
    _flow_env(tickets).write({"stage_id": stage.id})
    rows = [(ticket.id, to_datetime(date), to_datetime(date)) for ticket, date in zip(tickets, dates)]
    _flow_backdate(tickets, "helpdesk_ticket", [("closed_date", "timestamp"),
                                                 ("last_stage_update", "timestamp")], rows)
    return tickets


def create_leads(env, specs):
    """Leads or opportunities from specs [(partner, date, name, revenue, type, user)], in
    one create(), each created on its date."""
    vals_list = [{"name": name, "partner_id": partner.id, "type": kind, LEAD_REVENUE_FIELD: revenue,
                  "user_id": (partner.commercial_partner_id.user_id if user is None else user).id or False}
                 for partner, _date, name, revenue, kind, user in specs]
    leads = create_many(_flow_env(env["crm.lead"]), vals_list)
    rows = [(lead.id, to_datetime(spec[1]), to_datetime(spec[1])) for lead, spec in zip(leads, specs)]
    _flow_backdate(leads, "crm_lead", [("create_date", "timestamp"), ("date_last_stage_update", "timestamp")],
                   rows)
    env.cr.execute("UPDATE crm_lead SET date_open = create_date WHERE id = ANY(%s) AND date_open IS NOT NULL",
                   (leads.ids,))
    if V11:
        leads.invalidate_cache(fnames=["date_open"], ids=leads.ids)
    else:
        leads.invalidate_recordset(["date_open"])
    return leads


def _flow_close_leads(leads, dates):
    rows = [(lead.id, to_datetime(date), to_datetime(date)) for lead, date in zip(leads, dates)]
    _flow_backdate(leads, "crm_lead", [("date_closed", "timestamp"), ("date_last_stage_update", "timestamp")],
                   rows)


def win_leads(leads, dates):
    """Mark opportunities won together, each closed on its date."""
    if leads:
        _flow_env(leads).action_set_won()
        _flow_close_leads(leads, dates)
    return leads


def lose_leads(leads, dates, reasons):
    """Mark leads lost together (archived, with their lost reason by name), each closed on its date."""
    if not leads:
        return leads
    env = leads.env
    for reason, group in _flow_group(list(zip(leads, reasons)), lambda item: item[1]).items():
        batch = _flow_env(env["crm.lead"].browse([lead.id for lead, _r in group]))
        lost_reason = _flow_named(env, "crm.lost.reason", reason)
        if V11:
            batch.action_set_lost()
            batch.write({"lost_reason": lost_reason.id})
        else:
            batch.action_set_lost(lost_reason_id=lost_reason.id)
    _flow_close_leads(leads.with_context(active_test=False), dates)
    return leads
