"""Gunicorn settings for the county server: `gunicorn -c deploy/gunicorn.conf.py xixiang.wsgi`.

Environment: XIXIANG_BIND (default 127.0.0.1:8000, behind nginx on the same machine),
XIXIANG_WEB_WORKERS (default 2 × cores + 1), XIXIANG_WEB_TIMEOUT (seconds, default 60; PDF
batches and imports run in the task worker, not in a request), XIXIANG_FORWARDED_ALLOW_IPS
(the proxy's address, default 127.0.0.1).
"""

import multiprocessing
import os

bind = os.environ.get("XIXIANG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("XIXIANG_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("XIXIANG_WEB_TIMEOUT", 60))
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then, so a slow leak never grows for ever
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("XIXIANG_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Both logs go to standard output/error (systemd's journal keeps them). The access line has
# the method, the path without its query string, the status, size and time: a search by ID
# number (/households/?q=…) or a referrer holding one never reaches the log, and the logger
# masks any ID number left in a path or an error (xixiang/core/gunicorn.py).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
logger_class = "xixiang.core.gunicorn.MaskingLogger"
