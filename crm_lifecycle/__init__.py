from . import compat
from . import models
from . import wizard

# Before Odoo builds the models and loads any data file of the three addons (see compat).
compat.install_data_file_rewrites()
compat.adopt_sql_constraints(__name__.split(".")[-1])
