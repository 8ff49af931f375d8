# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Lifecycle Reports",
    "summary": "Lifecycle analytics, finance cross-check of customer revenue, "
               "PDF and XLSX reports",
    "version": "1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_lifecycle contributors",
    "website": "https://github.com/crm-lifecycle/crm_lifecycle",
    "depends": ["crm_lifecycle", "crm_lifecycle_survey"],
    "data": [],
    "installable": True,
    "application": False,
}
