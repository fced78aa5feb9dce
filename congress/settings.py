"""Settings for the district congress portal, read from the environment.

With nothing set, the portal runs embedded: SQLite in ``var/``, Celery on kombu's
``filesystem://`` broker, the database cache. ``DATABASE_URL`` and ``REDIS_URL`` switch the
same code to PostgreSQL and Redis. ``DJANGO_DEBUG`` defaults to off, so a deployment that
forgets it gets the safe settings; ``make run`` and the tests turn it on explicitly.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("CONGRESS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
TESTING = env.bool("CONGRESS_TESTING", default=False)
# `make run`: the portal as a district runs it (DEBUG off, static files collected and served by
# WhiteNoise, Chinese error pages) on this machine over plain HTTP: a SECRET_KEY generated once
# into var/, localhost only, no HTTPS redirect or secure-only cookies, no admin TOTP by default.
# Production (docker-compose) never sets it.
CONGRESS_LOCAL = env.bool("CONGRESS_LOCAL", default=False)


def _local_secret_key(path: Path) -> str:
    """The key in ``path``, made (0600) by the first process that starts: web, worker and beat
    share it, and sessions survive a restart of ``make run``."""
    import os
    import secrets

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        try:
            os.link(draft, path)  # atomic: when two processes race, the first key stays
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{path} holds no usable key: delete it and start again.")
    return key


_DEV_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = _DEV_KEY
elif not SECRET_KEY and CONGRESS_LOCAL:
    SECRET_KEY = _local_secret_key(VAR_DIR / "secret_key")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")

# The default is what CONGRESS_LOCAL needs: this machine only.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "congress.thirdparty.AdminConfig",  # django.contrib.admin with Chinese model names
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "congress.thirdparty.ObjectPermissionsConfig",  # guardian, named in Chinese
    "simple_history",
    "import_export",
    "congress.thirdparty.AxesConfig",  # axes, named in Chinese
    "django_otp",
    "congress.thirdparty.TOTPConfig",  # django_otp.plugins.otp_totp, named in Chinese
    "django_htmx",
    "django_celery_beat",
    "django_celery_results",
    # ours
    "congress",
    # Order matters: demo loaders run in this order, and the deputies come before the apps
    # whose demo rows need deputies (congress.demo).
    "deputies",
    "meetings",
    "appointments",
    "proposals",
    "supervision",
    "budget",
    "liaison",
    # Consumers of the domain apps (they read the apps' public selectors).
    "opendata",
]

MIDDLEWARE = [
    # First: the client's address from trusted proxies only (CONGRESS_TRUSTED_PROXIES), in
    # REMOTE_ADDR for everything after it (axes, DRF throttles, the login throttle).
    "congress.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public HTML from the cache, keyed by the apps' data versions (before sessions:
    # a hit reads no session and runs no query).
    "congress.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The idle timeout, renewed at most once a minute (not a session write per request).
    "congress.sessions.IdleSessionMiddleware",
    # Chinese unless the visitor chose English (/i18n/setlang/): the browser's language is not asked.
    "congress.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff must pass a TOTP second factor before the admin (CONGRESS_ADMIN_REQUIRE_OTP).
    "congress.middleware.AdminOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A signed-in user's 403, and 404 on a record's address, go to the audit log.
    "congress.audit.AuditDenialsMiddleware",
    "congress.middleware.ContentSecurityPolicyMiddleware",
    # An address with too many failed logins (any usernames) is refused for a while (429).
    "congress.middleware.LoginAddressThrottleMiddleware",
    # axes last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"
AUTH_USER_MODEL = "congress.User"

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
                "congress.context_processors.site",
            ],
            # {% url %} with its answers kept per view name and arguments (issue 16).
            "builtins": ["congress.templatetags.cached_url"],
        },
    },
]
# Plain inputs, textareas and selects written out in Python (same HTML, a fraction of the time).
FORM_RENDERER = "congress.form_renderer.FormRenderer"

# --- database ---------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'congress.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # A file for the SQLite test database, so that `pytest --reuse-db` keeps it between runs:
    # creating it runs every migration (minutes on a busy machine) for a run of a few tests.
    if env.str("CONGRESS_TEST_DB", default=""):
        DATABASES["default"]["TEST"] = {"NAME": env.str("CONGRESS_TEST_DB")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    # A `SELECT 1` before the first query of a request on a reused connection (~0.1 ms): a
    # database restart costs no failed request. DB_CONN_HEALTH_CHECKS=0 saves it.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, broker ----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # A Redis that is down is a cache miss, not a 500 (congress/cache_backends.py).
    CACHES = {"default": {"BACKEND": "congress.cache_backends.ResilientRedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    # A message taken by a worker that dies (acks_late) goes back to the queue after this many
    # seconds. Every task is a scan over state or idempotent, so a message redelivered while the
    # first worker still runs it does no harm; keep it above the longest task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
        # Look for such messages every 10 s (kombu's default scans only every 10th time, ~100 s).
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
        # Publishing while Redis is down fails fast (the outbox keeps the work), not after minutes.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    # The database cache is shared by web, worker and beat, unlike local memory.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "congress_cache"}
    }
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcast/control messages (remote control, pidbox) would otherwise land in ./control.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Two installations (or a test server and the bench) on one Redis must not read each other's
# cached profile, roles or pages: keys are prefixed with the database's name.
CACHES["default"].setdefault(
    "KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default=str(DATABASES["default"].get("NAME", "")))
)

CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Work is queued through the outbox (congress/outbox.py), which retries on its own: a broker
# that is down fails the publish at once instead of holding the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A minimal tracked item on the case-work kernel, for the kernel's own tests (tests/casework_app).
if TESTING:
    INSTALLED_APPS.append("tests.casework_app")

CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
# Each app adds its periodic scans here (see congress/celery.py); they are scans over state,
# so a message lost in a crash is caught by the next run.
# Task names are contracts between the apps and beat; django-celery-beat copies these
# entries into its database table at start, where staff may change the times.
CELERY_BEAT_SCHEDULE: dict = {
    # The transactional outbox's sweep (congress/outbox.py): work queued while the broker was
    # down, or whose worker died, is published again within a minute or two.
    "outbox-relay": {
        "task": "congress.tasks.relay_outbox",
        "schedule": 60.0,
    },
    "liaison-daily-reminders": {
        "task": "liaison.tasks.send_daily_reminders",
        "schedule": crontab(hour=8, minute=20),
    },
    "proposals-daily-reminders": {
        "task": "proposals.tasks.send_daily_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "meetings-publish-closed-sweep": {
        "task": "meetings.tasks.publish_closed_meetings_sweep",
        "schedule": 120.0,
    },
    "appointments-daily-checks": {
        "task": "appointments.tasks.run_daily_checks",
        "schedule": crontab(hour=7, minute=30),
    },
    "supervision-daily-reminders": {
        "task": "supervision.tasks.send_daily_reminders",
        "schedule": crontab(hour=8, minute=10),
    },
    "budget-daily-reminders": {
        "task": "budget.tasks.send_daily_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "budget-execution-warnings": {
        "task": "budget.tasks.scan_execution_warnings",
        "schedule": crontab(hour=6, minute=40),
    },
    # Audit rows and login records past the retention rule (at least 180 days): congress.audit.
    "congress-purge-audit-log": {
        "task": "congress.tasks.purge_audit_log",
        "schedule": crontab(hour=3, minute=20),
    },
}

# --- auth and security ------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "congress.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "public:home"

# MLPS level 3: idle sessions end after 30 minutes; each request renews the window
# (congress.sessions.IdleSessionMiddleware: the renewal is written at most once a minute, so a
# read-only request writes nothing). Sessions are read from the cache, written to both.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_TOUCH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Whole public pages for anonymous visitors (congress.page_cache): off in tests, where writes
# commit only at the end (on by itself in congress/tests/test_page_cache.py).
CONGRESS_PAGE_CACHE = env.bool("CONGRESS_PAGE_CACHE", default=not TESTING)
CONGRESS_PAGE_CACHE_SECONDS = env.int("CONGRESS_PAGE_CACHE_SECONDS", default=10 * 60)
# The portal home's panels of each user (congress.portal), keyed on the data versions: what moves
# with the clock alone is at most this old. Off in tests, like the page cache (0 = off).
CONGRESS_PANEL_CACHE_SECONDS = env.int("CONGRESS_PANEL_CACHE_SECONDS", default=0 if TESTING else 60)
# The count of a portal list (proposals.selectors.proposal_list_count), keyed on its SQL and the
# proposals data version, so exact after every write; this bounds writes made around the ORM.
CONGRESS_LIST_COUNT_CACHE_SECONDS = env.int(
    "CONGRESS_LIST_COUNT_CACHE_SECONDS", default=0 if TESTING else 600
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=0.5)
# Lock the account after N failures (and the account from that address), never an address
# alone: behind a NAT or proxy one attacker would lock everyone out. An address cycling
# usernames is slowed by the login throttle below instead.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
# Which proxies' X-Forwarded-For is believed (congress.client_address): addresses or networks
# ("10.0.0.5,172.16.0.0/12") or a number of hops ("1"); empty: none, the peer is the client.
CONGRESS_TRUSTED_PROXIES = env.list("CONGRESS_TRUSTED_PROXIES", default=[])
# An address with this many failed logins (whatever the usernames) within the window gets 429
# on the login page, the admin login and POST /api/v1/auth/token/ until the window passes.
CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
CONGRESS_LOGIN_ADDRESS_WINDOW_MINUTES = env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=15)
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout page for people, a JSON 429 for the API.
AXES_LOCKOUT_CALLABLE = "congress.views.auth.lockout_response"
AXES_VERBOSE = False
# Login records are kept for the audit retention (congress.audit.audit_purge) and cannot be
# deleted otherwise (admin, PostgreSQL trigger): axes must not trim them per user.
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 2**31 - 1
# The key of the audit log's hash chain (congress.audit); by default derived from SECRET_KEY.
# Set it apart to keep the chain verifiable across a SECRET_KEY rotation.
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default="")

# Staff (is_staff) must verify a TOTP device before using the admin. On by default in
# production; off with DJANGO_DEBUG or CONGRESS_LOCAL (the demo accounts have no device) unless
# set. Devices are managed in the admin (TOTP 设备).
CONGRESS_ADMIN_REQUIRE_OTP = env.bool("CONGRESS_ADMIN_REQUIRE_OTP", default=not (DEBUG or CONGRESS_LOCAL))
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="区人大常委会工作平台")

# API tokens (congress.models.ApiToken): stored as a digest, valid this many hours from issue;
# integration accounts (role integration) get longer-lived ones. A password change or a
# deactivation revokes them all.
CONGRESS_API_TOKEN_TTL_HOURS = env.float("CONGRESS_API_TOKEN_TTL_HOURS", default=8)
CONGRESS_API_INTEGRATION_TOKEN_TTL_HOURS = env.float(
    "CONGRESS_API_INTEGRATION_TOKEN_TTL_HOURS", default=24 * 90
)
# A first authenticator is bound only with a one-time code from the security administrator
# (congress.models.EnrolmentCode), valid this many hours.
CONGRESS_OTP_ENROLMENT_CODE_HOURS = env.float("CONGRESS_OTP_ENROLMENT_CODE_HOURS", default=24)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or CONGRESS_LOCAL):  # CONGRESS_LOCAL serves http://127.0.0.1 only
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Container healthchecks call /healthz over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- i18n -------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["congress.formats"]

# --- static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
# `make run` collects into var/ (CONGRESS_LOCAL); the container image into /app/staticfiles.
STATIC_ROOT = Path(
    env.str("STATIC_ROOT", default=str(VAR_DIR / "static" if CONGRESS_LOCAL else BASE_DIR / "staticfiles"))
)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are private (congress/files.py): stored outside the web root under random names and
# read only through each record's download view, never by URL. MEDIA_ROOT is where uploads
# lived before (the data migrations move them); nothing serves it.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
# With the proxy's internal location set (e.g. "/_private/", nginx `internal;` alias of
# PRIVATE_MEDIA_ROOT; docs/uploads.md) the app checks the right and nginx sends the bytes.
PRIVATE_MEDIA_ACCEL_REDIRECT = env.str("PRIVATE_MEDIA_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- e-mail and SMS ---------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@congress.invalid")
SMS_BACKEND = env.str("SMS_BACKEND", default="congress.sms.LoggingSmsBackend")

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Our hashed, expiring tokens (congress.models.ApiToken), same "Token <key>" header.
        "congress.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "congress.api.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "congress.api.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "congress.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "login": "20/min"},
    # Throttles key on REMOTE_ADDR, which ClientAddressMiddleware has set from trusted proxies
    # only; None would key on the raw X-Forwarded-For, which any client can make up.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "区人大常委会工作平台 API",
    "DESCRIPTION": "District people's congress standing committee portal: deputies, proposals, "
    "supervision, budget review, meetings and attendance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files (drf-spectacular-sidecar): nothing loads from outside.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: Swagger UI would fetch it from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True, "validatorUrl": None},
    # Several models have a "kind"/"status"/"state" field: give each choice set its own name.
    "ENUM_NAME_OVERRIDES": {
        "StationKindEnum": "liaison.models.Station.Kind",
        "StationRecordKindEnum": "liaison.models.StationRecord.Kind",
        "OpinionStateEnum": "liaison.models.Opinion.State",
        "OpinionLayerEnum": "liaison.models.Opinion.Layer",
        "OpinionChannelEnum": "liaison.models.Opinion.Channel",
        "OpinionCitizenResultEnum": "liaison.models.Opinion.CitizenResult",
        "BudgetBookEnum": "budget.models.Book",
        "BudgetStageEnum": "budget.models.Stage",
        "OrganizationKindEnum": "congress.models.Organization.Kind",
        "NewsKindEnum": "congress.models.NewsItem.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "ActivityKindEnum": "deputies.models_activities.Activity.Kind",
        "ActivityStateEnum": "deputies.models_activities.Activity.State",
        "ActivitySignupStatusEnum": "deputies.models_activities.ActivitySignup.State",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AttendanceStatusEnum": "meetings.models.RequiredAttendance.Status",
        "NominationKindEnum": "appointments.models.Nomination.Kind",
        "NominationStatusEnum": "appointments.models.Nomination.Status",
        "ProposalKindEnum": "proposals.models.Proposal.Kind",
        "ProposalStateEnum": "proposals.models.Proposal.State",
        "CoSignerStateEnum": "proposals.models.CoSigner.State",
        "AssignmentStateEnum": "proposals.models.Assignment.State",
        "ReplyKindEnum": "proposals.models.Reply.Kind",
        "ReplyStateEnum": "proposals.models.Reply.State",
        # extension and return requests share one set: pending / approved / rejected
        "RequestStateEnum": "proposals.models.ExtensionRequest.State",
        "WorkReportStateEnum": "supervision.models.WorkReport.State",
        "InterpellationStateEnum": "supervision.models.Interpellation.State",
        "InterpellationOccasionEnum": "supervision.models.Interpellation.Occasion",
        "AnswerModeEnum": "supervision.models.Interpellation.AnswerMode",
        "VoteResultEnum": "supervision.models.SatisfactionVote.Result",
        "InquiryKindEnum": "supervision.models.Inquiry.Kind",
        "InquiryStateEnum": "supervision.models.Inquiry.State",
        "InquiryQuestionStateEnum": "supervision.models.InquiryQuestion.State",
        "AnswererRoleEnum": "supervision.models.InquiryQuestion.AnswererRole",
        "InquiryCommitmentStateEnum": "supervision.models.InquiryCommitment.State",
        "InvestigationStateEnum": "supervision.models.Investigation.State",
        "InvestigationProposedByEnum": "supervision.models.Investigation.ProposedBy",
        "InspectionStateEnum": "supervision.models.Inspection.State",
        "InspectionIssueStateEnum": "supervision.models.InspectionIssue.State",
        "AuditFindingStateEnum": "budget.models_audit.AuditFinding.State",
        "RectificationOutcomeEnum": "congress.casework.models.RectificationRound.Outcome",
        "ReviewQuestionStateEnum": "budget.models_review.ReviewQuestion.State",
        "AssetOpinionStateEnum": "budget.models_assets.AssetOpinion.State",
        "AssetKindEnum": "budget.models_assets.AssetReport.Kind",
        "PerformanceGradeEnum": "budget.models_assets.PerformanceEvaluation.Grade",
        "AmendmentSuggestionStateEnum": "supervision.models.AmendmentSuggestion.State",
        # Named, not hashed (StateF40Enum …): a client generated from the schema keeps its types.
        "EvaluationStateEnum": "supervision.models.Evaluation.State",
        "MajorMatterStateEnum": "supervision.models.MajorMatter.State",
        "MajorMatterListStateEnum": "supervision.models.MajorMatterList.State",
        "PublicHearingKindEnum": "supervision.models_hearings.PublicHearing.Kind",
        "PublicHearingStateEnum": "supervision.models_hearings.PublicHearing.State",
        "HearingSignupStateEnum": "supervision.models_hearings.HearingSignup.State",
        "NormativeDocumentStateEnum": "supervision.models_filings.NormativeDocument.State",
        "FilingOutcomeEnum": "supervision.models_filings.NormativeDocument.Outcome",
        "FilingSuggestionStateEnum": "supervision.models_filings.FilingSuggestion.State",
    },
}

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Old versions are read, not restored: see congress.history_admin.SimpleHistoryAdmin.history_form_view.
SIMPLE_HISTORY_REVERT_DISABLED = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Demo data may only be loaded where this is on (make run sets it; production never does).
CONGRESS_ALLOW_DEMO_DATA = env.bool("CONGRESS_ALLOW_DEMO_DATA", default=DEBUG)
