"""Gunicorn's logger with every resident ID number masked (`logger_class` in deploy/gunicorn.conf.py).

The access log format of deploy/gunicorn.conf.py leaves out the query string and the referrer,
where a search by ID number would put it; this logger masks whatever is left (a path, an error
message, a traceback) as the application's own logs do (xixiang/core/logs.py).
"""

from gunicorn.glogging import Logger

from .logs import MaskingFormatter


class MaskingLogger(Logger):
    """gunicorn.glogging.Logger whose error and access handlers format through MaskingFormatter."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                current = handler.formatter or MaskingFormatter()
                handler.setFormatter(MaskingFormatter(current._fmt, current.datefmt))
