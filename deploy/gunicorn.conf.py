"""gunicorn's settings for the web service, beside its command line (Procfile,
deploy/systemd/cop-web.service): ``gunicorn cop_portal.wsgi -c deploy/gunicorn.conf.py …``.

A worker grows by some 15 MB over its first requests (compiled templates, translation
catalogues, the allocator's fragmentation) and slowly after that; each one is replaced after
about ``max_requests`` requests (the jitter keeps the three from restarting together), which
bounds that growth at the price of a worker start (about two seconds of CPU) per replacement.

With prometheus-client's multiprocess mode (``COP_METRICS_DIR``), a replaced worker's files
stay: its counters and histograms still count in the sums, as they must. ``child_exit``
removes what must not outlive it (live gauges). The folder is emptied when the service starts.
That hook imports prometheus-client in the master process, and workers forked later inherit
the module as it was imported there: the master must already know the folder, or those
workers would count in memory only and drop out of every scrape.
"""

import os

if os.environ.get("COP_METRICS_DIR"):
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", os.environ["COP_METRICS_DIR"])

max_requests = int(os.environ.get("COP_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0


def child_exit(server, worker):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, folder)
