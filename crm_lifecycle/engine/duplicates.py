# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Likely duplicate customers, found set-based: each candidate partner gets normalised
keys (VAT, email, phone, name); partners sharing a key are paired with the oldest one of
the group (a star, not every pair: a group of n gives n - 1 rows). No extension needed
(pg_trgm may be missing): names are compared after removing punctuation and legal forms.
"""
from .. import compat

# Legal forms removed from names, as whole words (Latin) or at the end (Chinese).
_LEGAL_WORDS = ("ltd|limited|inc|incorporated|llc|llp|gmbh|corp|corporation|co|company|plc|"
                "sa|sas|sarl|srl|spa|bv|nv|ag|oy|ab|pty|kk")
_LEGAL_CJK = "(股份有限公司|有限责任公司|有限公司|集团公司|公司)$"
# Punctuation, ASCII and CJK, listed so that the result does not depend on the locale.
_PUNCT = "[[:space:][:punct:]，。、；：！？（）【】《》“”‘’·　]+"

# The normalised name: lower case, punctuation to spaces, legal words dropped, spaces
# dropped, a Chinese legal suffix dropped. Fixed text (no input reaches it).
NORMALISED_NAME = """regexp_replace(replace(regexp_replace(
    regexp_replace(lower(COALESCE(p.name, '')), '{punct}', ' ', 'g'),
    '\\m({words})\\M', ' ', 'g'), ' ', ''), '{cjk}', '')""".format(
    punct=_PUNCT, words=_LEGAL_WORDS, cjk=_LEGAL_CJK)

# A phone number's key: its last 8 digits (country and trunk prefixes differ), one row per
# phone column of the partner (compat.PARTNER_PHONE_COLUMNS).
_PHONE_KEY = """    SELECT id, 'phone', right(regexp_replace({column}, '[^0-9]', '', 'g'), 8) FROM cand
     WHERE length(regexp_replace({column}, '[^0-9]', '', 'g')) >= 8"""

REFRESH = """
DELETE FROM crm_lifecycle_duplicate;
WITH cand AS (
    SELECT p.id, p.company_id, p.vat, p.email, {phone_columns}, p.name
      FROM res_partner p
     WHERE p.active AND p.commercial_partner_id = p.id
       AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
), keys AS (
    SELECT id, 'vat' AS kind, upper(regexp_replace(vat, '[^A-Za-z0-9]', '', 'g')) AS key FROM cand
    UNION ALL
    SELECT id, 'email', lower(trim(email)) FROM cand
    UNION ALL
{phone_keys}
    UNION ALL
    SELECT id, 'name', {name} FROM cand p
), groups AS (
    SELECT kind, key, MIN(id) AS keep_id
      FROM keys WHERE key IS NOT NULL AND key != ''
     GROUP BY kind, key HAVING COUNT(DISTINCT id) > 1
), pairs AS (
    SELECT g.keep_id, k.id AS dup_id, k.kind
      FROM groups g JOIN keys k ON k.kind = g.kind AND k.key = g.key AND k.id != g.keep_id
)
INSERT INTO crm_lifecycle_duplicate (partner_id, duplicate_id, company_id, match_vat, match_email,
                                     match_phone, match_name, create_uid, write_uid,
                                     create_date, write_date)
SELECT x.keep_id, x.dup_id, COALESCE(a.company_id, b.company_id),
       bool_or(x.kind = 'vat'), bool_or(x.kind = 'email'), bool_or(x.kind = 'phone'),
       bool_or(x.kind = 'name'), %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM pairs x
  JOIN cand a ON a.id = x.keep_id
  JOIN cand b ON b.id = x.dup_id
 -- customers of two different companies are not merged
 WHERE a.company_id IS NULL OR b.company_id IS NULL OR a.company_id = b.company_id
 GROUP BY x.keep_id, x.dup_id, a.company_id, b.company_id
""".format(name=NORMALISED_NAME,
           phone_columns=", ".join("p.%s" % column for column in compat.PARTNER_PHONE_COLUMNS),
           phone_keys="\n    UNION ALL\n".join(_PHONE_KEY.format(column=column)
                                              for column in compat.PARTNER_PHONE_COLUMNS))
