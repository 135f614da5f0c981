internal import GRDB

extension SQLiteStore {
    /// Versioned migrations. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-items-jobs-events") { db in
            try db.execute(sql: """
                CREATE TABLE items (
                    id TEXT PRIMARY KEY NOT NULL,
                    pipeline TEXT NOT NULL,
                    source TEXT NOT NULL,
                    name TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    media_type TEXT NOT NULL,
                    state TEXT NOT NULL,
                    priority INTEGER NOT NULL DEFAULT 0,
                    tenant TEXT,
                    external_ref TEXT,
                    idempotency_key TEXT,
                    intake_key TEXT,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    duplicate_of TEXT,
                    reason TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    version INTEGER NOT NULL DEFAULT 1
                );
                CREATE UNIQUE INDEX items_idempotency ON items(pipeline, idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE UNIQUE INDEX items_intake ON items(intake_key) WHERE intake_key IS NOT NULL;
                CREATE INDEX items_content ON items(pipeline, content_hash);
                CREATE INDEX items_state ON items(pipeline, state);

                -- Hot table: ready and leased jobs only. Finished jobs move to job_history.
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    item_id TEXT NOT NULL REFERENCES items(id),
                    pipeline TEXT NOT NULL,
                    stage_id TEXT NOT NULL,
                    part INTEGER NOT NULL DEFAULT 0,   -- 1...n for the parts of a fan-out stage
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    deadline REAL NOT NULL,      -- 9e15 when none, so it sorts last
                    run_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    max_attempts INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_expires_at REAL,
                    token INTEGER NOT NULL DEFAULT 0,
                    input TEXT NOT NULL DEFAULT '{}',
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    started_at REAL
                );
                CREATE UNIQUE INDEX jobs_item_stage ON jobs(item_id, stage_id, part);
                -- Partial indexes: a ready job is in jobs_claim, a leased one in jobs_lease, never both,
                -- so a claim or a completion touches as few index pages as possible.
                CREATE INDEX jobs_claim ON jobs(pipeline, stage_id, priority DESC, deadline, id) WHERE state = 'ready';
                CREATE INDEX jobs_lease ON jobs(lease_expires_at) WHERE state = 'leased';

                CREATE TABLE job_history (
                    id INTEGER PRIMARY KEY,
                    item_id TEXT NOT NULL,
                    pipeline TEXT NOT NULL,
                    stage_id TEXT NOT NULL,
                    part INTEGER NOT NULL DEFAULT 0,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    deadline REAL NOT NULL,
                    run_at REAL NOT NULL,
                    attempts INTEGER NOT NULL,
                    max_attempts INTEGER NOT NULL,
                    lease_owner TEXT,
                    token INTEGER NOT NULL,
                    input TEXT NOT NULL,
                    output TEXT,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL NOT NULL
                );
                CREATE INDEX job_history_item ON job_history(item_id);
                CREATE INDEX job_history_finished ON job_history(finished_at);
                CREATE INDEX job_history_stage ON job_history(pipeline, stage_id, finished_at);

                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    item_id TEXT NOT NULL,
                    job_id INTEGER,
                    at REAL NOT NULL,
                    kind TEXT NOT NULL,
                    stage_id TEXT,
                    data TEXT NOT NULL DEFAULT '{}'
                );
                CREATE INDEX events_item ON events(item_id, id);
                CREATE INDEX events_kind_at ON events(kind, at);

                CREATE TABLE blobs (
                    hash TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    created_at REAL NOT NULL
                );

                CREATE TABLE leaders (
                    name TEXT PRIMARY KEY NOT NULL,
                    holder TEXT NOT NULL,
                    expires_at REAL NOT NULL
                );

                CREATE TABLE cron_ticks (
                    name TEXT NOT NULL,
                    tick REAL NOT NULL,
                    fired_by TEXT NOT NULL,
                    fired_at REAL NOT NULL,
                    PRIMARY KEY (name, tick)
                );

                -- Events are append-only: the database refuses changes and deletes of recent ones.
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                """)
        }
        // Business keys (vendor + invoice number + total): the same invoice seen twice, whatever its bytes.
        m.registerMigration("v2-business-keys") { db in
            try db.execute(sql: """
                CREATE TABLE business_keys (
                    pipeline TEXT NOT NULL,
                    key TEXT NOT NULL,
                    item_id TEXT NOT NULL REFERENCES items(id),
                    created_at REAL NOT NULL,
                    PRIMARY KEY (pipeline, key)
                );
                CREATE INDEX business_keys_item ON business_keys(item_id);
                """)
        }
        // The model registry with its lineage, every classification, and labelled training examples.
        m.registerMigration("v3-models") { db in
            try db.execute(sql: """
                CREATE TABLE models (
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    blob TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    training_data TEXT NOT NULL,
                    hyperparameters TEXT NOT NULL,
                    metrics TEXT NOT NULL,
                    parent INTEGER,
                    canary_percent REAL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (name, version)
                );
                -- One active model per name, and at most one on trial (shadow or canary).
                CREATE UNIQUE INDEX models_one_active ON models(name) WHERE state = 'active';
                CREATE UNIQUE INDEX models_one_trial ON models(name) WHERE state IN ('shadow', 'canary');
                CREATE TABLE model_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    forced INTEGER NOT NULL DEFAULT 0,
                    at REAL NOT NULL
                );
                CREATE INDEX model_events_name ON model_events(name, id);
                CREATE TABLE classifications (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    item_id TEXT NOT NULL,
                    pipeline TEXT NOT NULL,
                    model TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    probability REAL NOT NULL,
                    abstained INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX classifications_at ON classifications(model, at);
                CREATE INDEX classifications_item ON classifications(item_id);
                CREATE TABLE training_examples (
                    content_hash TEXT PRIMARY KEY NOT NULL,
                    label TEXT NOT NULL,
                    text TEXT NOT NULL,
                    page_count INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    item_id TEXT,
                    created_at REAL NOT NULL
                );
                """)
        }
        // Review queues: one row per item that needs a person, and every action taken on it.
        m.registerMigration("v4-reviews") { db in
            try db.execute(sql: """
                CREATE TABLE reviews (
                    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items(id),
                    pipeline TEXT NOT NULL,
                    queue TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    reasons TEXT NOT NULL,
                    due REAL,
                    state TEXT NOT NULL,
                    claimed_by TEXT,
                    lease_until REAL,
                    version INTEGER NOT NULL,
                    decision TEXT,
                    approvals TEXT NOT NULL DEFAULT '[]',
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX reviews_queue ON reviews(queue, state, priority DESC, due);
                CREATE TABLE review_actions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    item_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    before TEXT NOT NULL,
                    after TEXT NOT NULL,
                    reason_code TEXT,
                    note TEXT,
                    seconds REAL NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX review_actions_item ON review_actions(item_id, id);
                """)
        }
        // Governance: the hash-chained audit trail (append-only: triggers refuse changes) and the
        // API's bearer tokens (only their SHA-256 is kept).
        m.registerMigration("v5-audit-tokens") { db in
            try db.execute(sql: """
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    details TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_subject ON audit(subject, seq);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TABLE tokens (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    tenants TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    expires_at REAL,
                    revoked_at REAL,
                    created_by TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v6-webhooks") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    pipeline TEXT NOT NULL,
                    item_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    item_version INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_at REAL NOT NULL,
                    last_status INTEGER,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    delivered_at REAL,
                    UNIQUE (item_id, event, item_version, url)
                );
                CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_at);
                CREATE INDEX webhook_deliveries_item ON webhook_deliveries(item_id);
                CREATE TABLE webhook_cursor (
                    name TEXT PRIMARY KEY NOT NULL,
                    updated_at REAL NOT NULL,
                    item_id TEXT NOT NULL
                );
                CREATE INDEX items_updated ON items(updated_at, id);
                """)
        }
        // The day's activity, for metrics and the nightly report.
        m.registerMigration("v7-observations") { db in
            try db.execute(sql: """
                CREATE INDEX items_created ON items(created_at);
                CREATE INDEX review_actions_at ON review_actions(at);
                """)
        }
        // The nodes sharing this store, each with a heartbeat (quire status lists them).
        m.registerMigration("v8-nodes") { db in
            try db.execute(sql: """
                CREATE TABLE nodes (
                    id TEXT PRIMARY KEY NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    version TEXT NOT NULL,
                    state TEXT NOT NULL,
                    workers INTEGER NOT NULL,
                    details TEXT NOT NULL DEFAULT '{}',
                    started_at REAL NOT NULL,
                    heartbeat_at REAL NOT NULL
                );
                """)
        }
        // Idempotency keys are a tenant's own: two tenants may use the same key (security review, finding 3).
        m.registerMigration("v9-idempotency-per-tenant") { db in
            try db.execute(sql: """
                DROP INDEX items_idempotency;
                CREATE UNIQUE INDEX items_idempotency ON items(pipeline, IFNULL(tenant, ''), idempotency_key) WHERE idempotency_key IS NOT NULL;
                """)
        }
        // Target budgets that several nodes keep between them (a slot per running dispatch, with a lease).
        m.registerMigration("v11-budget-slots") { db in
            try db.execute(sql: """
                CREATE TABLE budget_slots (
                    id TEXT PRIMARY KEY NOT NULL,
                    key TEXT NOT NULL,
                    holder TEXT NOT NULL,
                    taken_at REAL NOT NULL,
                    lease_until REAL NOT NULL,
                    released_at REAL
                );
                CREATE INDEX budget_slots_key ON budget_slots(key, taken_at);
                """)
        }
        // Review rounds: the stage that asked, which round on the item, and what the stage adds
        // (a bot's question and evidence).
        m.registerMigration("v12-review-rounds") { db in
            try db.execute(sql: """
                ALTER TABLE reviews ADD COLUMN stage_id TEXT;
                ALTER TABLE reviews ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE reviews ADD COLUMN context TEXT;
                """)
        }
        // Known vendors: names with the VAT id and IBAN a person approved or an operator imported ('' for none).
        m.registerMigration("v13-vendors") { db in
            try db.execute(sql: """
                CREATE TABLE vendors (
                    name TEXT NOT NULL,
                    vat_id TEXT NOT NULL DEFAULT '',
                    iban TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL,
                    item_id TEXT,
                    confirmed_at REAL NOT NULL,
                    PRIMARY KEY (name, vat_id, iban)
                );
                CREATE INDEX vendors_confirmed ON vendors(confirmed_at);
                """)
        }
        return m
    }
}
