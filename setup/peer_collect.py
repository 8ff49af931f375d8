"""A pytest plugin for `make peer` on Odoo 11.0 (loaded with `-p peer_collect`).

pytest-odoo 1.0.1, the last release that runs on Python 3.7, asks of every path pytest
collects whether its addon is installable by reading the addon's manifest, without
checking that there is one. Odoo 11.0 comes from PyPI, so its addons live in
site-packages, and the package folders above them (`odoo/`) have no manifest: the read
fails and the whole run stops before any test. Such a path belongs to no addon and holds
nothing to leave out, so this plugin answers for it first, and leaves every path inside
an addon to pytest-odoo."""
from pathlib import Path

import pytest

LEVELS = 5  # how far up pytest-odoo looks for a manifest


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path):
    for folder in [Path(collection_path), *Path(collection_path).parents][:LEVELS + 1]:
        if (folder / "__manifest__.py").is_file():
            return None  # inside an addon: pytest-odoo's own check
    return False
