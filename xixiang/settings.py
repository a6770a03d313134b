"""Settings for the Xixiang grading-archives system.

Everything that differs between a laptop and the county server comes from the
environment; bad values fail loudly at start-up instead of half-working.

Environment variables:
  DJANGO_SECRET_KEY     required when DJANGO_DEBUG is off
  DJANGO_DEBUG          "1"/"0" (default "1" for the demo)
  DJANGO_ALLOWED_HOSTS  comma-separated host names (default "127.0.0.1,localhost")
  DATABASE_URL          e.g. postgres://user@127.0.0.1:5432/xixiang (default: SQLite in var/)
  XIXIANG_VAR_DIR       where SQLite, uploads and logs live (default: ./var)
  XIXIANG_MEDIA_ROOT    where uploaded files live (default: $XIXIANG_VAR_DIR/media)
  DJANGO_TASKS_BACKEND  "db" (default, worker via `manage.py run_worker`), "rq" (Redis, several
                        machines; also `manage.py run_worker`) or "immediate"
  XIXIANG_REDIS_URL     redis://host:6379/0: the task queue ("rq") and the shared progress cache
  XIXIANG_MEDIA_S3_*    the default storage (rosters, generated documents) in an S3-compatible store
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean from the environment; anything but 1/0/true/false is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "django-insecure-demo-key-only-for-local-use-xixiang-2009-升级晋档"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]

VAR_DIR = Path(os.environ.get("XIXIANG_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("XIXIANG_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # uploads are only served through permission-checked views

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",
    "xixiang.core",
    "xixiang.accounts",
    "xixiang.audit",
    "villages",
    "households",
    "archives",
    "assistance",
    "assessment",
    "targets",
    "projects",
    "demonstration",
    "documents",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "xixiang.core.middleware.NoStoreMiddleware",
    "xixiang.core.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xixiang.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xixiang.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xixiang.urls"
WSGI_APPLICATION = "xixiang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xixiang.core.context_processors.navigation",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'xixiang.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A persistent connection is checked before a request reuses it, so a database restart
        # costs only the requests in flight, not every request until CONN_MAX_AGE runs out.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 first (Django's recommended hasher; ~0.29 s of CPU per login here against PBKDF2's
# ~0.56 s); the others stay so that older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# django-axes: lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind nginx the client's address is the one the proxy writes into X-Forwarded-For
# (xixiang/core/proxy.py); XIXIANG_TRUSTED_PROXIES lists the proxies' addresses (none by default).
TRUSTED_PROXIES = frozenset(p.strip() for p in os.environ.get("XIXIANG_TRUSTED_PROXIES", "").split(",") if p.strip())
AXES_CLIENT_IP_CALLABLE = "xixiang.core.proxy.client_ip"

LANGUAGE_CODE = "zh-hans"
# Each language named in itself (the navigation shows Django's name_local): a reader finds their own.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["xixiang.formats"]  # 7,962 with intcomma on Chinese pages too
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("XIXIANG_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]


def s3_storage(prefix: str, default_location: str) -> dict | None:
    """An S3-compatible store (django-storages) from XIXIANG_<prefix>_S3_BUCKET, _ENDPOINT_URL,
    _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY and _PREFIX; None when no bucket is set. Never
    public: files are served only through permission-checked views."""
    bucket = os.environ.get(f"XIXIANG_{prefix}_S3_BUCKET", "")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get(f"XIXIANG_{prefix}_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get(f"XIXIANG_{prefix}_S3_REGION") or None,
            "access_key": os.environ.get(f"XIXIANG_{prefix}_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get(f"XIXIANG_{prefix}_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get(f"XIXIANG_{prefix}_S3_PREFIX", default_location),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # Reads that go through storage.open() spill to a temporary file above 8 MB.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }


# `default`: kept rosters, generated documents (income cards, booklets, print batches) — every
# file a web process or a worker writes for another to read. A folder under var/ on one machine,
# an S3-compatible store (XIXIANG_MEDIA_S3_*) when web and workers run on several.
STORAGES = {
    "default": s3_storage("MEDIA", "media") or {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("XIXIANG_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "db")
if TASKS_BACKEND not in {"db", "rq", "immediate"}:
    raise ImproperlyConfigured(f"DJANGO_TASKS_BACKEND must be db, rq or immediate, not {TASKS_BACKEND!r}")
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}

# Redis (several machines): the rq task queue (django-tasks-rq on django-rq and rq) and the
# `progress` cache of running jobs (xixiang/core/progress.py). Without it, progress is a file per
# job under XIXIANG_VAR_DIR/progress/, which only one machine's web and worker can share.
REDIS_URL = os.environ.get("XIXIANG_REDIS_URL", "")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("DJANGO_TASKS_BACKEND=rq needs XIXIANG_REDIS_URL (redis://host:6379/0)")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PROGRESS_CACHE = ""
if REDIS_URL:
    CACHES["progress"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("XIXIANG_REDIS_PREFIX", "xixiang") + ":progress",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
    }
    PROGRESS_CACHE = "progress"
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    # One queue, "default" (every task is queued there). The worker: `manage.py run_worker`.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env_int("XIXIANG_RQ_JOB_TIMEOUT", 3600)}}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# Sessions: signed out after XIXIANG_SESSION_IDLE_MINUTES without a request and, in any case,
# XIXIANG_SESSION_MAX_HOURS after signing in (xixiang.core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_SECONDS = env_int("XIXIANG_SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("XIXIANG_SESSION_MAX_HOURS", 10) * 3600
SESSION_ACTIVITY_WRITE_SECONDS = 60  # how often the time of the last request is saved
if SESSION_IDLE_SECONDS <= 0 or SESSION_ABSOLUTE_SECONDS <= 0:
    raise ImproperlyConfigured("XIXIANG_SESSION_IDLE_MINUTES and XIXIANG_SESSION_MAX_HOURS must be positive")
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Content Security Policy: everything is served from our own origin.
SECURE_CSP = {
    "default-src": ["'self'"],
    # Inline SVG charts carry their <style> element with the request's nonce (xixiang.lib.svg_charts).
    "style-src": ["'self'", CSP.NONCE],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
}
MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")

# Household list and other lists.
LIST_PAGE_SIZE = env_int("XIXIANG_LIST_PAGE_SIZE", 25)

# Logging: everything to standard error (gunicorn, systemd's journal or `make run` keep it),
# through a formatter that masks every resident ID number (xixiang/core/logs.py). Django's
# own loggers ("django.request", and "django.server" with runserver's request lines and their
# query strings) go the same way.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "masked": {
            "()": "xixiang.core.logs.MaskingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "masked"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Configured here so that Django's default handlers (unmasked) are replaced, not kept.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "rq.worker": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# App-specific settings live beside the app that reads them; see each app's `conf.py`
# if present. Keep them here when they need the environment.

# --- archives (village archives app) ----------------------------------------------------
# Files live in the `archives` storage: a folder under var/ by default, an S3-compatible
# object store (django-storages) when XIXIANG_ARCHIVE_S3_BUCKET is set. Never served from
# a public URL: only through the permission-checked views of the archives app.
ARCHIVE_DIR = Path(os.environ.get("XIXIANG_ARCHIVE_DIR", MEDIA_ROOT / "archives"))
ARCHIVE_S3_BUCKET = os.environ.get("XIXIANG_ARCHIVE_S3_BUCKET", "")
if ARCHIVE_S3_BUCKET:
    STORAGES["archives"] = s3_storage("ARCHIVE", "archives")
else:
    STORAGES["archives"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(ARCHIVE_DIR), "base_url": None},
    }

ARCHIVE_MAX_FILE_SIZE = env_int("XIXIANG_ARCHIVE_MAX_FILE_MB", 200) * 1024 * 1024
ARCHIVE_MAX_FILES_PER_UPLOAD = env_int("XIXIANG_ARCHIVE_MAX_FILES", 20)
ARCHIVE_MAX_IMAGE_PIXELS = env_int("XIXIANG_ARCHIVE_MAX_IMAGE_MEGAPIXELS", 80) * 1_000_000
ARCHIVE_FIRST_YEAR = env_int("XIXIANG_ARCHIVE_FIRST_YEAR", 2000)
# Canonical type codes (see archives/filetypes.py); zip archives are off by default.
ARCHIVE_ALLOWED_TYPES = tuple(
    t.strip().lower()
    for t in os.environ.get(
        "XIXIANG_ARCHIVE_ALLOWED_TYPES",
        "pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,rtf,jpg,png,gif,bmp,tif,webp,"
        "mp3,m4a,wav,amr,aac,flac,ogg,wma,mp4,m4v,mov,avi,wmv,flv,mkv,webm,mpg",
    ).split(",")
    if t.strip()
)
for _name, _value in [
    ("XIXIANG_ARCHIVE_MAX_FILE_MB", ARCHIVE_MAX_FILE_SIZE),
    ("XIXIANG_ARCHIVE_MAX_FILES", ARCHIVE_MAX_FILES_PER_UPLOAD),
    ("XIXIANG_ARCHIVE_MAX_IMAGE_MEGAPIXELS", ARCHIVE_MAX_IMAGE_PIXELS),
]:
    if _value <= 0:
        raise ImproperlyConfigured(f"{_name} must be a positive number")
# Django refuses requests with more files than this before our own limit can answer.
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, ARCHIVE_MAX_FILES_PER_UPLOAD + 10)

# --- issue 11: pdf ---
# Longest a background PDF render (a village's cards, an archive booklet) may take, in seconds;
# the render runs in a child process that is killed when it overruns (xixiang/lib/pdf.py).
XIXIANG_PDF_RENDER_SECONDS = env_int("XIXIANG_PDF_RENDER_SECONDS", 120)
if XIXIANG_PDF_RENDER_SECONDS <= 0:
    raise ImproperlyConfigured("XIXIANG_PDF_RENDER_SECONDS must be a positive number")

# --- issue 11: worker ---
# Task workers (`manage.py run_worker`) record a heartbeat; a running task whose worker's heartbeat
# is older than the lease is marked failed and its app recovers its object (xixiang/tasks_health/).
INSTALLED_APPS.append("xixiang.tasks_health")
TASK_WORKER_HEARTBEAT_SECONDS = env_int("XIXIANG_WORKER_HEARTBEAT_SECONDS", 10)
TASK_WORKER_LEASE_SECONDS = env_int("XIXIANG_WORKER_LEASE_SECONDS", 60)
# Progress pages say that no worker takes tasks once work has waited this long with none alive.
TASK_QUEUE_NOTICE_SECONDS = env_int("XIXIANG_TASK_NOTICE_SECONDS", 30)
if not 0 < TASK_WORKER_HEARTBEAT_SECONDS < TASK_WORKER_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "XIXIANG_WORKER_HEARTBEAT_SECONDS must be positive and below XIXIANG_WORKER_LEASE_SECONDS"
    )
if TASK_QUEUE_NOTICE_SECONDS < 0:
    raise ImproperlyConfigured("XIXIANG_TASK_NOTICE_SECONDS must not be negative")

# --- issue 14: notice board ---
# The office named on every public notice board (牌) and its telephone for questions and
# objections during the 公示 period (domain.md §10: office phones only, never a resident's).
XIXIANG_COUNTY_OFFICE_NAME = os.environ.get("XIXIANG_COUNTY_OFFICE_NAME", "西乡县升级晋档工作领导小组办公室")
XIXIANG_COUNTY_OFFICE_PHONE = os.environ.get("XIXIANG_COUNTY_OFFICE_PHONE", "0916-6212345")
