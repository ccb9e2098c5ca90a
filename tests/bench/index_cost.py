#!/usr/bin/env python3
# What migration 6's two event indexes (app, name) cost inserts: rows/s of 300,000 eyed-like
# events in 10,000-row transactions with the indexes of schema 5 and with those of 6, three
# alternating runs each, in a temporary folder. Not part of make bench: run once by hand.
import hashlib, os, sqlite3, tempfile, time
N=300_000
rows=[(f"session-{i%300}", ["page interaction","form interaction","navigation","media"][i%4], ["pageview","cta click","submit"][i%3],
       '{"element":"chat bubble","host":"www.example.com","path":"/p%d"}'%(i%50), 1609459200000000+i*17280000, 1609459200000000+i*17280000,
       hashlib.sha256(str(i).encode()).digest(), ["web","mobile"][i%2]) for i in range(N)]
def run(extra):
    path=os.path.join(work, "ab.db")
    for f in (path, path+"-wal", path+"-shm"):
        if os.path.exists(f): os.remove(f)
    db=sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
    db.executescript("""CREATE TABLE events (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, category TEXT NOT NULL, name TEXT NOT NULL,
      data TEXT NOT NULL, timestamp INTEGER NOT NULL, received_at INTEGER NOT NULL, event_id TEXT, fingerprint BLOB NOT NULL UNIQUE, app TEXT NOT NULL);
      CREATE INDEX events_by_session ON events (session_id, timestamp); CREATE INDEX events_by_category ON events (category, timestamp);
      CREATE INDEX events_by_time ON events (timestamp);""")
    if extra: db.executescript("CREATE INDEX events_by_app ON events (app, timestamp); CREATE INDEX events_by_name ON events (name, timestamp);")
    t=time.perf_counter()
    for k in range(0,N,10_000):
        db.execute("BEGIN")
        db.executemany("INSERT INTO events (session_id, category, name, data, timestamp, received_at, fingerprint, app) VALUES (?,?,?,?,?,?,?,?)", rows[k:k+10_000])
        db.execute("COMMIT")
    return N/(time.perf_counter()-t)
work=tempfile.mkdtemp(prefix="eye-index-cost-")
res={False:[],True:[]}
for r in range(3):
    for extra in (False, True): res[extra].append(run(extra))
for extra in (False, True): print("v6 (+app,+name)" if extra else "v5", " ".join("%.0f"%x for x in res[extra]), "median %.0f"%sorted(res[extra])[1])
print("ratio of medians v6/v5: %.2f"%(sorted(res[True])[1]/sorted(res[False])[1]))
import shutil
shutil.rmtree(work)
