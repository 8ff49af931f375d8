import setuptools

setuptools.setup(
    setup_requires=['setuptools-odoo'],
    # The manifest version ("1.0.0") has no Odoo series prefix: name the series here.
    odoo_addon={'odoo_version_override': '11.0'},
)
