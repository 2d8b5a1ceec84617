import time, datetime as dt
from sqlalchemy import create_engine, text
from tools.services import postgres_server
from tools.bench_retention import fill_candidates, NOW, DAYS
from bot.candidates.privacy import purge_expired
from bot.store.engine import session
from bot.store.migrate import upgrade
IDX = ["trajecten (candidate_id)", "checkins (traject_id)", "checkin_answers (checkin_id)", "events (candidate_id)", "escalations (candidate_id)", "notifications (escalation_id)", "invite_codes (candidate_id)", "audit_log (target)", "werkprocessen (traject_id)"]
with postgres_server() as pg:
    for k, idx in ((250, False), (500, False), (500, True), (2000, True)):
        url = pg.database("ret"); upgrade(url)
        if idx:
            e = create_engine(url, future=True)
            with e.begin() as c:
                for n, i in enumerate(IDX):
                    c.execute(text(f"CREATE INDEX ix_try{n} ON {i}"))
        fill_candidates(url, k, NOW - dt.timedelta(days=DAYS + 1))
        e = create_engine(url, future=True)
        with e.begin() as c: c.execute(text("ANALYZE"))
        with session(url) as s:
            t = time.perf_counter(); n = purge_expired(s, None, NOW, DAYS); d = time.perf_counter() - t
        print(k, idx, n, f"{1000*d/n:.1f} ms/candidate", flush=True)
