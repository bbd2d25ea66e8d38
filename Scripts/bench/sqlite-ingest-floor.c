/*
 * What SQLite alone costs for the ReputationBench ingest (2,000 allocations of 256 entries, 256 per
 * transaction, WAL, synchronous=NORMAL, foreign keys on), with no Swift, no parsing and no GRDB:
 * the floor under any per-row ingest of reward_allocation_entries on this machine, beside the cost
 * of storing each allocation's entries as one packed value instead.
 *
 *   cc -O2 -o /tmp/sqlite-ingest-floor Scripts/bench/sqlite-ingest-floor.c -lsqlite3
 *   /tmp/sqlite-ingest-floor rows 0 32 /tmp/floor.db    # v3 table: rowid + (allocation_id, miner_hotkey) index
 *   /tmp/sqlite-ingest-floor rows 1 32 /tmp/floor.db    # v5 table: WITHOUT ROWID; 32 = rows per INSERT
 *   /tmp/sqlite-ingest-floor packed 25600 0 /tmp/floor.db  # one row per allocation with a 25,600-byte value
 *
 * It prints wall and CPU seconds and the files per second the CPU time alone would allow.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double clock_s(clockid_t id) { struct timespec t; clock_gettime(id, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void run(sqlite3 *db, const char *sql) {
    char *e = 0;
    if (sqlite3_exec(db, sql, 0, 0, &e)) { fprintf(stderr, "%s: %s\n", sql, e); exit(1); }
}
static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, 0)) { fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db)); exit(1); }
    return s;
}
static void step(sqlite3 *db, sqlite3_stmt *s) {
    if (sqlite3_step(s) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); exit(1); }
    sqlite3_reset(s);
}
static int compare(const void *a, const void *b) { return strcmp(a, b); }
static const char *alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s rows|packed ARG CHUNK DB\n", argv[0]); return 2; }
    int packed = strcmp(argv[1], "packed") == 0, arg = atoi(argv[2]), chunk = atoi(argv[3]);
    const char *path = argv[4];
    const int files = 2000, per = 256, batch = 256;
    char wal[1024];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(path); unlink(wal);
    sqlite3 *db;
    sqlite3_open(path, &db);
    run(db, "PRAGMA journal_mode=WAL"); run(db, "PRAGMA synchronous=NORMAL"); run(db, "PRAGMA cache_size=-32768");
    run(db, "PRAGMA foreign_keys=ON");
    run(db, "CREATE TABLE miners (hotkey TEXT PRIMARY KEY, uid INTEGER, first_seen_at TEXT NOT NULL)");
    run(db, "CREATE TABLE reward_allocations (id INTEGER PRIMARY KEY AUTOINCREMENT, validator_hotkey TEXT NOT NULL,"
            " cycle_id TEXT NOT NULL, step_id TEXT NOT NULL, rep_snapshot_version TEXT, timestamp TEXT, received_at TEXT,"
            " source_file TEXT, ingested_at TEXT NOT NULL, rep_processed_at TEXT, packed BLOB,"
            " UNIQUE (validator_hotkey, cycle_id, step_id))");
    run(db, "CREATE INDEX reward_allocations_unprocessed ON reward_allocations(rep_processed_at, id)");
    run(db, "CREATE TABLE ingested_files (path TEXT PRIMARY KEY, size BIGINT NOT NULL, ingested_at TEXT NOT NULL)");
    char sql[16384];
    snprintf(sql, sizeof sql, "CREATE TABLE reward_allocation_entries (allocation_id BIGINT NOT NULL REFERENCES"
             " reward_allocations(id), miner_hotkey TEXT NOT NULL, uid INTEGER, base_reward REAL NOT NULL, rep_score REAL"
             " NOT NULL, rep_tier TEXT NOT NULL, reputation_bonus REAL NOT NULL, total_reward REAL NOT NULL,"
             " PRIMARY KEY (allocation_id, miner_hotkey))%s", !packed && arg ? " WITHOUT ROWID" : "");
    run(db, sql);
    char hotkeys[256][49];  /* 48-character base58-like keys, inserted in key order */
    for (int m = 0; m < per; m++) {
        for (int j = 0; j < 48; j++) hotkeys[m][j] = alphabet[(m * 131 + j * 17 + (m >> 3) * j) % 58];
        hotkeys[m][0] = '5'; hotkeys[m][1] = 'M'; hotkeys[m][2] = alphabet[m % 58]; hotkeys[m][3] = alphabet[m / 58];
        hotkeys[m][48] = 0;
    }
    qsort(hotkeys, per, 49, compare);
    sqlite3_stmt *allocation = prepare(db, "INSERT INTO reward_allocations (validator_hotkey, cycle_id, step_id,"
        " rep_snapshot_version, timestamp, received_at, source_file, ingested_at, packed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (validator_hotkey, cycle_id, step_id) DO NOTHING");
    strcpy(sql, "INSERT INTO reward_allocation_entries (allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier,"
                " reputation_bonus, total_reward) VALUES ");
    for (int i = 0; !packed && i < chunk; i++) strcat(sql, i ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)");
    sqlite3_stmt *entries = packed ? 0 : prepare(db, sql);
    sqlite3_stmt *miner = prepare(db, "INSERT INTO miners (hotkey, uid, first_seen_at) VALUES (?, ?, ?)"
                                      " ON CONFLICT (hotkey) DO NOTHING");
    sqlite3_stmt *ledger = prepare(db, "INSERT INTO ingested_files (path, size, ingested_at) VALUES (?, ?, ?)"
        " ON CONFLICT (path) DO UPDATE SET size = excluded.size, ingested_at = excluded.ingested_at");
    char *value = packed ? calloc(1, arg) : 0;
    const char *now = "2026-12-02T07:00:00.000Z";
    double wall0 = clock_s(CLOCK_MONOTONIC), cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (int b = 0; b < files; b += batch) {
        run(db, "BEGIN IMMEDIATE");
        for (int f = b; f < b + batch && f < files; f++) {
            char v[64], c[32], s[32], p[256];
            snprintf(v, sizeof v, "5V%046d", f % 8); snprintf(c, sizeof c, "C%d", f / 96 + 1); snprintf(s, sizeof s, "step_%d", f / 8);
            snprintf(p, sizeof p, "/tmp/reputation-bench/data/rewards/%s/%s/reward_%06d.%08x.json", c, v, f / 8, f);
            const char *text[8] = {v, c, s, "v1", "2026-12-01T00:00:00Z", "2026-12-01T00:00:01Z", p, now};
            for (int i = 0; i < 8; i++) sqlite3_bind_text(allocation, i + 1, text[i], -1, SQLITE_TRANSIENT);
            if (packed) { value[0] = (char)f; sqlite3_bind_blob(allocation, 9, value, arg, SQLITE_STATIC); }
            else sqlite3_bind_null(allocation, 9);
            step(db, allocation);
            sqlite3_int64 id = sqlite3_last_insert_rowid(db);
            for (int m = 0; f == b && m < per; m++) {
                sqlite3_bind_text(miner, 1, hotkeys[m], 48, SQLITE_TRANSIENT);
                sqlite3_bind_int(miner, 2, m);
                sqlite3_bind_text(miner, 3, now, -1, SQLITE_TRANSIENT);
                step(db, miner);
            }
            for (int k = 0; !packed && k < per; k += chunk) {
                for (int j = 0; j < chunk; j++) {
                    int m = k + j, o = j * 8;
                    double base = ((m * 7919 + f * 31) % 1000) / 1000.0;
                    sqlite3_bind_int64(entries, o + 1, id);
                    sqlite3_bind_text(entries, o + 2, hotkeys[m], 48, SQLITE_TRANSIENT);
                    sqlite3_bind_int(entries, o + 3, m);
                    sqlite3_bind_double(entries, o + 4, base);
                    sqlite3_bind_double(entries, o + 5, 1.05);
                    sqlite3_bind_text(entries, o + 6, "Silver", 6, SQLITE_TRANSIENT);
                    sqlite3_bind_double(entries, o + 7, base * 0.05);
                    sqlite3_bind_double(entries, o + 8, base * 1.05);
                }
                step(db, entries);
            }
            sqlite3_bind_text(ledger, 1, p, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ledger, 2, 51234);
            sqlite3_bind_text(ledger, 3, now, -1, SQLITE_TRANSIENT);
            step(db, ledger);
        }
        run(db, "COMMIT");
    }
    double wall = clock_s(CLOCK_MONOTONIC) - wall0, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    printf("%s %d%s: %.3f s wall, %.3f CPU s -> %.0f files/s (CPU alone allows %.0f)\n", argv[1], arg,
           packed ? " bytes" : (arg ? " WITHOUT ROWID" : " rowid+index"), wall, cpu, files / wall, files / cpu);
    sqlite3_close(db);
    return 0;
}
