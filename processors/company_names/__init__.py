"""Rules behind ``processors.company_name_cleaner``, one concept per module.

* ``text``        -- token folding (case, dots, diacritics) and the data-table loader.
* ``tokens``      -- tokens and their folded keys (with a fast path for plain names).
* ``legal_forms`` -- legal-form designations per jurisdiction, Holdings/Group tails.
* ``structure``   -- quotes, parentheticals, EDGAR tags, dash tails, initialisms.
* ``casing``      -- recasing ALL-CAPS names the way a person writes them.
* ``domains``     -- ``acme.io`` -> ``Acme``.

The public entry point is ``processors.company_name_cleaner.clean_company_name``.
"""
