"""The peer in the scheduler comparison: pgqueuer (PyPI), a PostgreSQL job queue, doing what `quire bench scheduler
--postgres` measures for Quire — no-op jobs queued, then dequeued, run and acknowledged by one worker process with up to
--workers jobs at once. Prints one JSON line: {"jobs": N, "seconds": S, "per_second": R}.

    python pgqueuer_bench.py --dsn postgres://quire@127.0.0.1:PORT/db --jobs 20000 --workers 32
"""
import argparse, asyncio, json, time
from datetime import timedelta

import asyncpg
from pgqueuer import AsyncpgDriver, Queries, QueueManager
from pgqueuer.domain.types import QueueExecutionMode

ap = argparse.ArgumentParser()
ap.add_argument("--dsn", required=True)
ap.add_argument("--jobs", type=int, default=20000)
ap.add_argument("--workers", type=int, default=32)
ap.add_argument("--batch", type=int, default=0, help="jobs taken per dequeue (default: half of --workers, the most pgqueuer allows)")
a = ap.parse_args()


async def main():
    conn = await asyncpg.connect(a.dsn)
    queries = Queries(AsyncpgDriver(conn))
    try:
        await queries.install()
    except Exception:
        pass  # installed by an earlier run on this database
    await conn.execute("TRUNCATE pgqueuer")
    # Queued in batches of 1,000 (pgqueuer takes lists), as Quire's benchmark queues its jobs before it starts the clock.
    for start in range(0, a.jobs, 1000):
        n = min(1000, a.jobs - start)
        await queries.enqueue(["noop"] * n, [None] * n, [0] * n)
    qm = QueueManager(queries)
    done = 0

    @qm.entrypoint("noop")
    async def noop(job):
        nonlocal done
        done += 1

    t0 = time.perf_counter()
    await qm.run(dequeue_timeout=timedelta(seconds=1), batch_size=a.batch or max(1, a.workers // 2), mode=QueueExecutionMode.drain,
                 max_concurrent_tasks=a.workers)
    seconds = time.perf_counter() - t0
    await conn.close()
    print(json.dumps({"jobs": done, "seconds": round(seconds, 3), "per_second": round(done / seconds, 1)}))


asyncio.run(main())
