# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""pytest-odoo imports every test file as part of an Odoo addon (odoo.addons.<name>) and
looks for a manifest above it. The end-to-end tests in tests/ belong to no addon: collect
them as plain modules (they import the addons through odoo.addons like any caller)."""
import pathlib

import _pytest.python

TESTS = pathlib.Path(__file__).resolve().parent / "tests"


def _end_to_end(path):
    path = pathlib.Path(str(path)).resolve()
    return path == TESTS or TESTS in path.parents


def pytest_ignore_collect(collection_path):
    if _end_to_end(collection_path):
        return False
    return None


def pytest_pycollect_makemodule(module_path, parent):
    if _end_to_end(module_path):
        return _pytest.python.Module.from_parent(parent, path=module_path)
    return None
