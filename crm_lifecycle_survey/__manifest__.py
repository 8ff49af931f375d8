# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Lifecycle Surveys",
    "summary": "NPS, CSAT and CES satisfaction surveys on Odoo's survey module, "
               "with closed-loop follow-up of unhappy customers",
    "version": "1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_lifecycle contributors",
    "website": "https://github.com/crm-lifecycle/crm_lifecycle",
    "depends": ["crm_lifecycle", "survey"],
    "data": [],
    "installable": True,
    "application": False,
}
