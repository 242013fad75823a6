#include "adapters/sqlite/Schema.h"

namespace huzhu::adapters::sqlite {

const std::vector<std::vector<std::string>>& schemaMigrations() {
    static const std::vector<std::vector<std::string>> migrations = {
        // 1: the walking skeleton
        {
            R"(CREATE TABLE unions (
                id INTEGER PRIMARY KEY,
                union_code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                parent_id INTEGER REFERENCES unions(id),
                credit_code TEXT
            ) STRICT)",
            R"(CREATE TABLE plans (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL,
                version INTEGER NOT NULL,
                name TEXT NOT NULL,
                period_start TEXT NOT NULL,
                period_end TEXT NOT NULL,
                definition TEXT NOT NULL,
                loaded_at TEXT NOT NULL,
                UNIQUE (code, version)
            ) STRICT)",
            R"(CREATE TABLE members (
                id INTEGER PRIMARY KEY,
                member_no TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                union_id INTEGER NOT NULL REFERENCES unions(id),
                national_id_enc TEXT NOT NULL,
                national_id_index TEXT NOT NULL UNIQUE,
                national_id_masked TEXT NOT NULL,
                gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
                birth_date TEXT NOT NULL,
                insured INTEGER NOT NULL DEFAULT 1 CHECK (insured IN (0, 1)),
                bank_name TEXT NOT NULL,
                bank_account_enc TEXT NOT NULL,
                bank_account_masked TEXT NOT NULL,
                phone TEXT
            ) STRICT)",
            "CREATE INDEX members_union ON members(union_id)",
            R"(CREATE TABLE enrolments (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES members(id),
                plan_id INTEGER NOT NULL REFERENCES plans(id),
                shares INTEGER NOT NULL CHECK (shares >= 1),
                contribution_fen INTEGER NOT NULL CHECK (contribution_fen >= 0),
                enrolled_on TEXT NOT NULL,
                cover_start TEXT NOT NULL,
                cover_end TEXT NOT NULL,
                renewed_after_days INTEGER CHECK (renewed_after_days >= 0),
                UNIQUE (member_id, plan_id)
            ) STRICT)",
            R"(CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('member', 'union_officer', 'claims_officer',
                    'senior_officer', 'finance', 'auditor', 'admin')),
                member_id INTEGER REFERENCES members(id),
                union_id INTEGER REFERENCES unions(id),
                failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
                locked_until INTEGER,
                is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
            ) STRICT)",
            R"(CREATE TABLE claims (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES members(id),
                plan_id INTEGER NOT NULL REFERENCES plans(id),
                filed_by INTEGER NOT NULL REFERENCES users(id),
                proxy INTEGER NOT NULL CHECK (proxy IN (0, 1)),
                claim_type TEXT NOT NULL,
                admission TEXT,
                discharge TEXT,
                event_date TEXT,
                filed_on TEXT NOT NULL,
                diagnosis TEXT NOT NULL,
                hospital TEXT NOT NULL,
                hospital_level TEXT,
                local_hospital INTEGER NOT NULL CHECK (local_hospital IN (0, 1)),
                died INTEGER NOT NULL CHECK (died IN (0, 1)),
                total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
                fund_paid_fen INTEGER NOT NULL CHECK (fund_paid_fen >= 0),
                critical_insurance_fen INTEGER NOT NULL CHECK (critical_insurance_fen >= 0),
                assistance_fen INTEGER NOT NULL CHECK (assistance_fen >= 0),
                other_paid_fen INTEGER NOT NULL CHECK (other_paid_fen >= 0),
                out_of_scope_fen INTEGER NOT NULL CHECK (out_of_scope_fen >= 0),
                settlement_no TEXT UNIQUE,
                invoice_no TEXT UNIQUE,
                status TEXT NOT NULL CHECK (status IN ('submitted', 'info_requested',
                    'pending_second_approval', 'approved', 'rejected', 'appealed', 'in_batch',
                    'paid', 'returned')),
                payout_fen INTEGER NOT NULL CHECK (payout_fen >= 0),
                quote TEXT NOT NULL,
                first_approver INTEGER REFERENCES users(id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (fund_paid_fen + critical_insurance_fen + assistance_fen + other_paid_fen
                       <= total_fen)
            ) STRICT)",
            "CREATE INDEX claims_member_plan ON claims(member_id, plan_id)",
            "CREATE INDEX claims_status ON claims(status, id)",
            R"(CREATE TABLE claim_events (
                id INTEGER PRIMARY KEY,
                claim_id INTEGER NOT NULL REFERENCES claims(id),
                at TEXT NOT NULL,
                actor_id INTEGER REFERENCES users(id),
                from_status TEXT,
                to_status TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT ''
            ) STRICT)",
            "CREATE INDEX claim_events_claim ON claim_events(claim_id, id)",
            R"(CREATE TABLE claim_lines (
                claim_id INTEGER NOT NULL REFERENCES claims(id),
                benefit TEXT NOT NULL,
                payout_fen INTEGER NOT NULL CHECK (payout_fen >= 0),
                deductible_fen INTEGER NOT NULL CHECK (deductible_fen >= 0),
                PRIMARY KEY (claim_id, benefit)
            ) STRICT)",
            R"(CREATE TABLE batches (
                id INTEGER PRIMARY KEY,
                status TEXT NOT NULL CHECK (status IN ('draft', 'released', 'exported',
                    'settled')),
                created_by INTEGER NOT NULL REFERENCES users(id),
                released_by INTEGER REFERENCES users(id),
                item_count INTEGER NOT NULL CHECK (item_count > 0),
                total_fen INTEGER NOT NULL CHECK (total_fen > 0),
                created_at TEXT NOT NULL,
                released_at TEXT,
                exported_at TEXT,
                CHECK (released_by IS NULL OR released_by <> created_by),
                CHECK ((status = 'draft') = (released_by IS NULL))
            ) STRICT)",
            R"(CREATE TABLE payouts (
                id INTEGER PRIMARY KEY,
                claim_id INTEGER NOT NULL REFERENCES claims(id),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                status TEXT NOT NULL CHECK (status IN ('payable', 'in_batch', 'paid',
                    'returned')),
                batch_id INTEGER REFERENCES batches(id),
                batch_seq INTEGER,
                predecessor_id INTEGER REFERENCES payouts(id),
                created_at TEXT NOT NULL,
                CHECK ((status = 'payable') = (batch_id IS NULL)),
                CHECK ((batch_id IS NULL) = (batch_seq IS NULL))
            ) STRICT)",
            "CREATE INDEX payouts_status ON payouts(status, id)",
            "CREATE INDEX payouts_batch ON payouts(batch_id, batch_seq)",
            // A claim has at most one live payout; a returned one is re-issued as a new row.
            "CREATE UNIQUE INDEX payouts_claim_live ON payouts(claim_id) "
            "WHERE status <> 'returned'",
            R"(CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE
            ) STRICT)",
        },
        // 2: the facts lump-sum tiers and disability benefits need
        {
            "ALTER TABLE claims ADD COLUMN severity TEXT",
            "ALTER TABLE claims ADD COLUMN disability_grade INTEGER "
            "CHECK (disability_grade BETWEEN 1 AND 10)",
        },
        // 3: roster details (docs/import-formats.md)
        {
            "ALTER TABLE members ADD COLUMN employment TEXT",
            "ALTER TABLE members ADD COLUMN left_on TEXT",
        },
        // 4: appeals (who rejected) and signed audit checkpoints
        {
            "ALTER TABLE claims ADD COLUMN rejected_by INTEGER REFERENCES users(id)",
            R"(CREATE TABLE audit_checkpoints (
                audit_id INTEGER PRIMARY KEY REFERENCES audit_log(id),
                hash TEXT NOT NULL,
                signature TEXT NOT NULL,
                at TEXT NOT NULL
            ) STRICT)",
        },
        // 5: claim documents (adapters/files/FileDocumentStore: the bytes live outside the
        // database, once per SHA-256)
        {
            R"(CREATE TABLE documents (
                id INTEGER PRIMARY KEY,
                claim_id INTEGER NOT NULL REFERENCES claims(id),
                sha256 TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
                file_name TEXT NOT NULL,
                size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
                uploaded_by INTEGER NOT NULL REFERENCES users(id),
                uploaded_at TEXT NOT NULL
            ) STRICT)",
            "CREATE INDEX documents_claim ON documents(claim_id)",
            "CREATE INDEX documents_sha256 ON documents(sha256)",
        },
        // 6: payment files (CONTRACT §7): the payee as at batching, the message id and payer
        // fixed at the first export, settings, member notices, and the payment rules as
        // constraints rather than only code
        {
            "ALTER TABLE payouts ADD COLUMN payee_name TEXT",
            "ALTER TABLE payouts ADD COLUMN payee_bank TEXT",
            "ALTER TABLE payouts ADD COLUMN payee_account_enc TEXT",
            "ALTER TABLE batches ADD COLUMN message_id TEXT",
            "ALTER TABLE batches ADD COLUMN payer TEXT",
            "ALTER TABLE batches ADD COLUMN filter TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE batches ADD COLUMN export_format TEXT",
            "CREATE UNIQUE INDEX batches_message_id ON batches(message_id) "
            "WHERE message_id IS NOT NULL",
            R"(CREATE TABLE counters (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL CHECK (value >= 0)
            ) STRICT)",
            R"(CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) STRICT)",
            R"(CREATE TABLE notices (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES members(id),
                claim_id INTEGER REFERENCES claims(id),
                kind TEXT NOT NULL CHECK (kind IN ('check_bank_account')),
                message TEXT NOT NULL,
                created_at TEXT NOT NULL,
                read_at TEXT
            ) STRICT)",
            "CREATE INDEX notices_member ON notices(member_id, id)",
            // A payout once batched stays in that batch: it can never be in a second one.
            R"(CREATE TRIGGER payouts_batch_fixed BEFORE UPDATE OF batch_id, batch_seq ON payouts
               WHEN OLD.batch_id IS NOT NULL BEGIN
                 SELECT RAISE(ABORT, 'a batched payout cannot move to another batch');
               END)",
            // Paid and returned are final: a paid payout is never paid (or exported) again. The
            // one way on is a paid transfer the bank later returns (a camt.054 RtrInf).
            R"(CREATE TRIGGER payouts_final BEFORE UPDATE OF status ON payouts
               WHEN OLD.status IN ('paid', 'returned') AND NEW.status <> OLD.status
                 AND NOT (OLD.status = 'paid' AND NEW.status = 'returned') BEGIN
                 SELECT RAISE(ABORT, 'a paid or returned payout is final');
               END)",
            // Only a payable payout joins a batch, and only a draft batch takes payouts.
            R"(CREATE TRIGGER payouts_join_draft BEFORE UPDATE OF batch_id ON payouts
               WHEN NEW.batch_id IS NOT NULL AND (OLD.status <> 'payable' OR
                 (SELECT status FROM batches WHERE id = NEW.batch_id) <> 'draft') BEGIN
                 SELECT RAISE(ABORT, 'only a payable payout joins a draft batch');
               END)",
            "CREATE INDEX payouts_predecessor ON payouts(predecessor_id)",
        },
        // 7: the audit log without the unique index on `hash`. Nothing looks a record up by
        // its hash (verification walks the chain by id), and the index of random 64-hex keys
        // made every appended record dirty a random page: a 4 KiB WAL frame per staff view.
        // The two tables are copied aside and rebuilt (the checkpoints reference the log).
        {
            "CREATE TABLE audit_checkpoints_v6 AS SELECT * FROM audit_checkpoints",
            "CREATE TABLE audit_log_v6 AS SELECT * FROM audit_log",
            "DROP TABLE audit_checkpoints",
            "DROP TABLE audit_log",
            R"(CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            ) STRICT)",
            "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail, prev_hash, "
            "hash) SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash "
            "FROM audit_log_v6 ORDER BY id",
            R"(CREATE TABLE audit_checkpoints (
                audit_id INTEGER PRIMARY KEY REFERENCES audit_log(id),
                hash TEXT NOT NULL,
                signature TEXT NOT NULL,
                at TEXT NOT NULL
            ) STRICT)",
            "INSERT INTO audit_checkpoints (audit_id, hash, signature, at) "
            "SELECT audit_id, hash, signature, at FROM audit_checkpoints_v6 ORDER BY audit_id",
            "DROP TABLE audit_checkpoints_v6",
            "DROP TABLE audit_log_v6",
        },
        // 8: a claim's timeline read from the index alone: opening a claim reads one page
        // for its events instead of two (bench/http_bench.sh).
        {
            "CREATE INDEX claim_events_timeline ON claim_events(claim_id, id, at, actor_id, "
            "from_status, to_status, reason)",
            "DROP INDEX claim_events_claim",
        },
        // 9: a claim carries a copy of its member's number, name and union, kept by triggers:
        // opening a claim no longer reads the member's row, a random page of the largest
        // table (measured on the benchmark database: about 10 % less server CPU per claim view).
        // Not followed: a member replaced with INSERT OR REPLACE by a tool writing to the file
        // (REPLACE fires no update trigger; Huzhu never replaces members). An AFTER INSERT
        // trigger on members that would follow it doubled the time of a roster import of new
        // members (300,000 rows: 4.9 s to 10.1 s). A rebuild of `claims` or `members` (as
        // migration 7 rebuilt the audit log) must create these triggers again.
        {
            "ALTER TABLE claims ADD COLUMN member_no TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE claims ADD COLUMN member_name TEXT NOT NULL DEFAULT ''",
            // 0 is no union: until the copy is made, no union officer's scope holds the claim.
            "ALTER TABLE claims ADD COLUMN union_id INTEGER NOT NULL DEFAULT 0",
            "UPDATE claims SET (member_no, member_name, union_id) = "
            "(SELECT member_no, name, union_id FROM members WHERE id = claims.member_id)",
            // Whatever inserts a claim, the copy is made in the same statement ...
            "CREATE TRIGGER claims_member_filed AFTER INSERT ON claims BEGIN "
            "UPDATE claims SET (member_no, member_name, union_id) = "
            "(SELECT member_no, name, union_id FROM members WHERE id = NEW.member_id) "
            "WHERE id = NEW.id; END",
            "CREATE TRIGGER claims_member_moved AFTER UPDATE OF member_id ON claims BEGIN "
            "UPDATE claims SET (member_no, member_name, union_id) = "
            "(SELECT member_no, name, union_id FROM members WHERE id = NEW.member_id) "
            "WHERE id = NEW.id; END",
            // ... follows the member's changes (a roster import: a corrected name, a move to
            // another union, which takes the claims out of the old union officer's scope) ...
            "CREATE TRIGGER members_into_claims "
            "AFTER UPDATE OF member_no, name, union_id ON members "
            "WHEN (NEW.member_no, NEW.name, NEW.union_id) IS NOT "
            "(OLD.member_no, OLD.name, OLD.union_id) BEGIN "
            "UPDATE claims SET (member_no, member_name, union_id) = "
            "(NEW.member_no, NEW.name, NEW.union_id) WHERE member_id = NEW.id; END",
            // ... and is never written with anything but the member's values.
            "CREATE TRIGGER claims_member_checked "
            "BEFORE UPDATE OF member_no, member_name, union_id ON claims "
            "WHEN (NEW.member_no, NEW.member_name, NEW.union_id) IS NOT "
            "(SELECT member_no, name, union_id FROM members WHERE id = NEW.member_id) BEGIN "
            "SELECT RAISE(ABORT, 'a claim''s member_no, member_name and union_id are copies of "
            "its member''s'); END",
        },
    };
    return migrations;
}

}  // namespace huzhu::adapters::sqlite
