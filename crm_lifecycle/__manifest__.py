# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Lifecycle",
    "summary": "Customer 360 profiles, lifecycle stages, RFM/ABC value and health "
               "computed from orders, invoices, deliveries, tickets and leads",
    "version": "1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_lifecycle contributors",
    "website": "https://github.com/crm-lifecycle/crm_lifecycle",
    "depends": ["crm", "sale_management", "sale_stock", "account", "helpdesk_mgmt"],
    "data": [],
    "installable": True,
    "application": False,
}
