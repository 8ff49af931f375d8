# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the benchmark scripts share: booting Odoo on a database from the project's
generated configuration, a raw psycopg2 connection to the same database, progress lines.

The scripts are not tests (pytest collects test_*.py only) and are run by setup/bench.sh.
"""
import contextlib
import sys
import time

PARAM_KEY = "crm_lifecycle.bench"  # ir.config_parameter written by generate.py

_T0 = time.time()


def say(message):
    """A progress line on stderr (stdout carries the result table and the JSON)."""
    elapsed = int(time.time() - _T0)
    sys.stderr.write("    [%d:%02d] %s\n" % (elapsed // 60, elapsed % 60, message))
    sys.stderr.flush()


def boot(conf, db):
    """Load Odoo's configuration (addons path, database connection) and its logging."""
    import odoo
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    return odoo


@contextlib.contextmanager
def environment(conf, db):
    """An Odoo environment as the superuser on `db`; the caller commits."""
    odoo = boot(conf, db)
    from odoo import SUPERUSER_ID, api
    manage = getattr(api.Environment, "manage", None)  # gone after Odoo 14
    with (manage() if manage else contextlib.nullcontext()):
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})


def connect(db):
    """A plain psycopg2 connection with Odoo's connection settings (boot() first)."""
    import psycopg2

    from odoo.tools import config
    kwargs = {"dbname": db}
    for key, option in (("host", "db_host"), ("port", "db_port"), ("user", "db_user"),
                        ("password", "db_password")):
        if config.get(option):
            kwargs[key] = config[option]
    return psycopg2.connect(**kwargs)
