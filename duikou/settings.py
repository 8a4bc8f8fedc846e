"""Duikou settings: one file, every deployment choice read from the environment.

DATABASE_URL unset  -> embedded SQLite under DUIKOU_DATA_DIR (default ./data)
DATABASE_URL=postgres://user@host:5432/db -> PostgreSQL (psycopg 3)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DUIKOU_DEBUG", False)
SECRET_KEY = os.environ.get("DUIKOU_SECRET_KEY", "")
if not SECRET_KEY:
    if env_bool("DUIKOU_PRODUCTION"):
        raise ImproperlyConfigured("DUIKOU_SECRET_KEY must be set when DUIKOU_PRODUCTION=1.")
    SECRET_KEY = "insecure-development-key-set-DUIKOU_SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("DUIKOU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DUIKOU_CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(os.environ.get("DUIKOU_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_bootstrap5",
    "duikou.core",
    "duikou.regions",
    "duikou.accounts",
    "duikou.notifications",
    "duikou.plans",
    "duikou.projects",
    "duikou.imports",
    "duikou.search",
    "duikou.parks",
    "duikou.funding",
    "duikou.exchanges",
    "duikou.events",
    "duikou.talent",
    "duikou.reforms",
    "duikou.supervision",
    "duikou.evaluation",
    "duikou.dashboards",
    "duikou.goals",
    "duikou.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duikou.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "duikou.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "duikou.urls"
WSGI_APPLICATION = "duikou.wsgi.application"
ASGI_APPLICATION = "duikou.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "duikou" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duikou.core.context_processors.navigation",
                "duikou.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'duikou.sqlite3'}",
        conn_max_age=int(os.environ.get("DUIKOU_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["duikou.accounts.backends.OrganisationModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "duikou.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# Login policy (等保 level-3 practice): lock after N failures for M minutes; idle sessions end.
DUIKOU_LOGIN_MAX_FAILURES = int(os.environ.get("DUIKOU_LOGIN_MAX_FAILURES", "5"))
DUIKOU_LOGIN_LOCK_MINUTES = int(os.environ.get("DUIKOU_LOGIN_LOCK_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("DUIKOU_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the 30 minutes count from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "duikou" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DUIKOU_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "duikou" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DUIKOU_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DUIKOU_PRODUCTION")
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# WhiteNoise serves static files itself, also under runserver (make demo) without collectstatic; in
# production (DUIKOU_PRODUCTION=1) it serves the collected, hashed and compressed files only.
WHITENOISE_USE_FINDERS = not env_bool("DUIKOU_PRODUCTION")
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("DUIKOU_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: attachments go through scoped, audited download views

# Plans (issue #3): attachments, traffic lights, document templates.
DUIKOU_MAX_UPLOAD_MB = int(os.environ.get("DUIKOU_MAX_UPLOAD_MB", "20"))
DATA_UPLOAD_MAX_MEMORY_SIZE = (DUIKOU_MAX_UPLOAD_MB + 1) * 1024 * 1024
# Excel imports (issue #4): a larger file, or more rows, is refused with a message before it is parsed. The
# reverse proxy's body limit (e.g. nginx client_max_body_size) must be above it, so the message is shown.
DUIKOU_MAX_IMPORT_MB = int(os.environ.get("DUIKOU_MAX_IMPORT_MB", "20"))
DUIKOU_MAX_IMPORT_ROWS = int(os.environ.get("DUIKOU_MAX_IMPORT_ROWS", "50000"))
# Projects (issue #4): monthly progress reports are due by this day of the next month.
DUIKOU_PROJECT_REPORT_DUE_DAY = int(os.environ.get("DUIKOU_PROJECT_REPORT_DUE_DAY", "10"))
# A coordination request must be answered within this many working days (Monday to Friday).
DUIKOU_COORDINATION_WORKING_DAYS = int(os.environ.get("DUIKOU_COORDINATION_WORKING_DAYS", "15"))
DUIKOU_LIGHT_WARNING_DAYS = int(os.environ.get("DUIKOU_LIGHT_WARNING_DAYS", "15"))
# Cadre secondments are anonymised this many days after their end (manage.py secondments_anonymise, daily).
DUIKOU_SECONDMENT_RETENTION_DAYS = int(os.environ.get("DUIKOU_SECONDMENT_RETENTION_DAYS", "1826"))
# The dashboards' map boundaries: a static path or a URL path of a GeoJSON of China's provinces (adcodes). The
# shipped one is openly licensed demo data; a deployment in China loads officially approved map data (审图号).
DUIKOU_MAP_GEOJSON = os.environ.get("DUIKOU_MAP_GEOJSON", "vendor/maps/china.json")
# A directory whose .docx files replace the shipped document templates of the same name.
DUIKOU_DOCUMENT_TEMPLATE_DIR = os.environ.get("DUIKOU_DOCUMENT_TEMPLATE_DIR", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["duikou.core.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "duikou.core.permissions.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "duikou.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DUIKOU_API_ANON_RATE", "60/minute")},
}
# A filter's empty choice reads "All" (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

BOOTSTRAP5 = {"field_renderers": {"default": "duikou.core.renderers.QuietFieldRenderer"}}

SPECTACULAR_SETTINGS = {
    "TITLE": "Duikou API 对口合作工作平台接口",
    "DESCRIPTION": "Open API of the Northeast–East paired-cooperation work platform (国办发〔2017〕22号).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PlanKindEnum": "duikou.plans.models.PlanKind",
        "NotificationKindEnum": "duikou.notifications.models.Notification.Kind",
        "ProjectStageEnum": "duikou.projects.models.Stage",
        "ReplicationStatusEnum": "duikou.reforms.models.ReplicationStatus",
        "CoordinationRequestKindEnum": "duikou.projects.models.CoordinationRequest.Kind",
        "ImportBatchKindEnum": "duikou.imports.models.ImportBatch.Kind",
        "ImportBatchStatusEnum": "duikou.imports.models.ImportBatch.Status",
        "FrameworkIndicatorSourceEnum": "duikou.evaluation.models.Indicator.Source",
        "FrameworkIndicatorDirectionEnum": "duikou.evaluation.models.Indicator.Direction",
        "EvaluationSideEnum": "duikou.evaluation.models.Side",
    },
}

EMAIL_BACKEND = os.environ.get("DUIKOU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DUIKOU_DEFAULT_FROM_EMAIL", "duikou@localhost")

# Production hardening (python manage.py check --deploy is clean with DUIKOU_PRODUCTION=1).
if env_bool("DUIKOU_PRODUCTION"):
    DEBUG = False
    SECURE_SSL_REDIRECT = env_bool("DUIKOU_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DUIKOU_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DUIKOU_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "duikou.core.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DUIKOU_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

DUIKOU_DEMO_PASSWORD = os.environ.get("DUIKOU_DEMO_PASSWORD", "Duikou-Demo-2017")
