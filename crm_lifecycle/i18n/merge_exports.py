# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merge the Odoo 11.0 and Odoo 17.0 exports of one of the addons into its template.

    python merge_exports.py EXPORT11.po EXPORT17.pot ADDON/i18n/ADDON.pot

The addon is named by the template's file name. Terms of records that an addon ships once
per language (the survey addon's surveys and invitation e-mails) are left out: those
records are not translated, each language has its own.

Each entry keeps the references of both series, because each series reads only its own:
  * 17 reads `model:`/`model_terms:`/`code:`; it logs and skips 11's `selection:` and
    `sql_constraint:`, and ignores `model:ir.ui.view,arch_db` (a term-translated field).
  * 11 reads every `type:name:res_id` reference; those naming records it does not have
    (field xmlids with `__`, `ir.model.fields.selection`, `account.move`...) are dropped,
    `model_terms:` ones become inert ir.translation rows of a type 11 never reads.
Code references get line 0 (neither series uses the line; it only makes diffs noisy).
Needs polib (it is in Odoo 17's requirements). See README.md beside this file.
"""
import os
import re
import sys

import polib

# References of records shipped once per language (never translated).
PER_LANGUAGE_RECORDS = ("model:survey.", "model:mail.template,")


def main(path11, path17, out):
    module = os.path.splitext(os.path.basename(out))[0]
    exports = [{e.msgid: e for e in polib.pofile(p)} for p in (path17, path11)]
    pot = polib.POFile(wrapwidth=78)
    pot.header = (
        "Translation of Odoo Server.\n"
        "This file contains the translation of the following modules:\n"
        "\t* %s\n"
        "One template for Odoo 11.0 and 17.0: each entry lists the references of both\n"
        "series and each series uses its own (see i18n/README.md)." % module)
    pot.metadata = {
        "Project-Id-Version": "Odoo Server 11.0 / 17.0",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "",
    }
    msgids = set().union(*exports)
    for msgid in sorted(msgids, key=lambda s: (s.lower(), s)):
        occurrences, flags = [], []
        for export in exports:
            entry = export.get(msgid)
            if entry is None:
                continue
            for name, line in entry.occurrences:
                occurrence = (name, "0") if name.startswith("code:") else (name, line)
                if occurrence not in occurrences:
                    occurrences.append(occurrence)
            flags += [flag for flag in entry.flags if flag not in flags]
        # The exporters flag every code term python-format; one that is never %-formatted
        # but holds a literal '%' ("top % of revenue") would fail `msgfmt --check`.
        if "python-format" in flags and "%" in msgid and not re.search(r"%(\(\w+\))?[sdr]", msgid):
            flags = ["no-python-format" if f == "python-format" else f for f in flags]
        if all(name.startswith(PER_LANGUAGE_RECORDS) for name, _line in occurrences):
            continue
        code = any(name.startswith("code:") for name, _line in occurrences)
        # 17 requires "module: x" as the first extracted comment; "odoo-python" marks a
        # Python (not JavaScript) code term for 17, 11 keeps it as a plain comment.
        comment = "module: " + module + ("\nodoo-python" if code else "")
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=occurrences,
                                 flags=flags, comment=comment))
    pot.save(out)
    print("%d terms written to %s" % (len(pot), out))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
