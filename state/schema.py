"""The state database schema, versioned by ``PRAGMA user_version`` with forward-only migrations.

Tables:
    runs            one row per run (fingerprint, command, status, paths, counts)
    lead_results    one row per (run, input row) that has a final outcome
    company_results company-scoped processor outputs, shared across runs (keyed by processor+version+key)
    pages           fetched web pages (website_intelligence cache)
    ledger          one row per paid model call attempt (written before the call, settled after)

To change the schema, append a migration; never edit a released one.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE runs (
        run_id        TEXT PRIMARY KEY,
        fingerprint   TEXT NOT NULL,
        intent        TEXT NOT NULL,          -- hash of the command alone (same file path, same request)
        input_path    TEXT NOT NULL,
        input_sha256  TEXT NOT NULL,
        processors    TEXT NOT NULL,          -- JSON list of [name, version]
        command       TEXT NOT NULL,          -- JSON of the ProcessingCommand label
        settings      TEXT NOT NULL,          -- JSON of the settings that change output
        status        TEXT NOT NULL,          -- planned | running | interrupted | finished | failed
        total_rows    INTEGER,
        output_path   TEXT,
        output_sha256 TEXT,                   -- of the CSV last written, to skip identical rewrites
        output_counts TEXT,                   -- JSON {lead_status: count} of that CSV
        report_path   TEXT,
        created_at    TEXT NOT NULL,
        started_at    TEXT,
        finished_at   TEXT,
        elapsed_s     REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX runs_fingerprint ON runs(fingerprint);
    CREATE INDEX runs_intent ON runs(intent);

    CREATE TABLE lead_results (
        run_id       TEXT NOT NULL,
        row_idx      INTEGER NOT NULL,
        status       TEXT NOT NULL,           -- enriched | partial | failed | skipped
        outputs      TEXT NOT NULL,           -- JSON {column: value}
        errors       TEXT NOT NULL,           -- JSON [{processor, error_class, message}]
        timings      TEXT NOT NULL,           -- JSON {processor: seconds}
        finished_at  TEXT NOT NULL,
        PRIMARY KEY (run_id, row_idx)
    ) WITHOUT ROWID;

    CREATE TABLE company_results (
        processor    TEXT NOT NULL,
        version      TEXT NOT NULL,
        company_key  TEXT NOT NULL,
        outputs      TEXT NOT NULL,           -- JSON
        error        TEXT,                    -- JSON {error_class, message} when it failed terminally
        computed_at  TEXT NOT NULL,
        PRIMARY KEY (processor, version, company_key)
    ) WITHOUT ROWID;

    CREATE TABLE pages (
        url          TEXT PRIMARY KEY,
        final_url    TEXT,
        status       INTEGER,
        headers      TEXT,                    -- JSON
        content_type TEXT,
        body         BLOB,
        error        TEXT,
        fetched_at   TEXT NOT NULL
    );

    CREATE TABLE ledger (
        id                INTEGER PRIMARY KEY,
        attempt_key       TEXT UNIQUE,        -- worker-unique id of the attempt, to settle it later
        run_id            TEXT,
        row_idx           INTEGER,
        processor         TEXT NOT NULL,
        model             TEXT NOT NULL,
        endpoint          TEXT,
        attempted_at      TEXT NOT NULL,
        est_input_tokens  INTEGER,
        reserved_usd      REAL,
        input_tokens      INTEGER,
        cached_tokens     INTEGER,
        output_tokens     INTEGER,
        cost_usd          REAL,               -- NULL when the model's price is unknown
        status            TEXT NOT NULL        -- attempted | ok | error
    );
    CREATE INDEX ledger_run ON ledger(run_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring ``conn``'s database to SCHEMA_VERSION; returns the version it found."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        from processors.errors import StateError

        raise StateError(
            f"state database schema v{found} is newer than this leadpipe (v{SCHEMA_VERSION}); upgrade leadpipe"
        )
    for version in range(found, SCHEMA_VERSION):
        conn.executescript("BEGIN;" + MIGRATIONS[version] + f"; PRAGMA user_version = {version + 1}; COMMIT;")
    return found
