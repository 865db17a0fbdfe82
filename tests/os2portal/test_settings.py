import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org/portal",
    "SMTP_HOST": "smtp.example.org",
}


def start_django(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "os2portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_start_when_every_required_variable_is_set():
    result = start_django(PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "SMTP_HOST"]
)
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = start_django(env)

    assert result.returncode != 0
    assert f"The environment variable {missing} is required when DJANGO_DEBUG is off." in (
        result.stderr
    )


def test_production_settings_use_secure_cookies_hsts_and_manifest_storage():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, "
        "s.STORAGES['staticfiles']['BACKEND'], s.MAILERS['default']['BACKEND'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "os2portal.settings", **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_a_redis_cache_url_makes_redis_the_shared_cache_for_pages_too():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(sorted({c['BACKEND'] for c in settings.CACHES.values()}), "
            "settings.CACHES['pages']['LOCATION'])",
        ],
        cwd=BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "os2portal.settings",
            **PRODUCTION_ENV,
            "CACHE_URL": "redis://cache.example.org:6379/1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "['django.core.cache.backends.redis.RedisCache'] redis://cache.example.org:6379/1"
    )


def test_a_cache_url_that_is_not_redis_is_refused_with_a_clear_message():
    result = start_django({**PRODUCTION_ENV, "CACHE_URL": "memcached://cache.example.org"})

    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address (redis://host:6379/0); got memcached://" in (
        result.stderr
    )
