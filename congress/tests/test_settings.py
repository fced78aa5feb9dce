"""Settings from the environment, production's deploy check, and the container files.

Each case imports the settings in a fresh interpreter with only the variables it names, the
way a deployment would start."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
OUR_VARIABLES = (
    "DJANGO_",
    "CONGRESS_",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CELERY_",
    "SECURE_",
    "EMAIL_URL",
    "SESSION_",
    "LOGIN_",
)
PRODUCTION = {
    "SECRET_KEY": "prod-test-" + "k3y-Vx9#q" * 8,
    "ALLOWED_HOSTS": "congress.example.org",
}
DUMP = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'db': s.DATABASES['default'], 'cache': s.CACHES['default']['BACKEND'],"
    "'broker': s.CELERY_BROKER_URL, 'transport': s.CELERY_BROKER_TRANSPORT_OPTIONS,"
    "'otp': s.CONGRESS_ADMIN_REQUIRE_OTP, 'ssl': getattr(s, 'SECURE_SSL_REDIRECT', False),"
    "'session_age': s.SESSION_COOKIE_AGE, 'demo': s.CONGRESS_ALLOW_DEMO_DATA, 'key': s.SECRET_KEY,"
    "'hosts': s.ALLOWED_HOSTS, 'static_root': s.STATIC_ROOT, 'static_storage': s.STORAGES['staticfiles'],"
    "'secure_cookies': getattr(s, 'SESSION_COOKIE_SECURE', False)}, default=str))"
)


def clean_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    env.update(CONGRESS_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="congress.settings", **extra)
    return env


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def settings_with(tmp_path, **env):
    result = run(["-c", DUMP], clean_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_set_in_debug_means_sqlite_filesystem_broker_database_cache(tmp_path):
    loaded = settings_with(tmp_path, DJANGO_DEBUG="1")

    assert loaded["debug"] is True
    assert loaded["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["db"]["NAME"] == str(tmp_path / "var" / "congress.sqlite3")
    assert loaded["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert loaded["broker"] == "filesystem://"
    assert loaded["transport"]["data_folder_in"] == str(tmp_path / "var" / "broker" / "out")
    assert (tmp_path / "var" / "broker" / "processed").is_dir()
    assert loaded["otp"] is False and loaded["demo"] is True


def test_database_url_and_redis_url_switch_to_postgresql_and_redis(tmp_path):
    loaded = settings_with(
        tmp_path,
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://congress:pw@db.internal:5433/congress",
        REDIS_URL="redis://cache.internal:6380/2",
    )

    assert loaded["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (loaded["db"]["HOST"], loaded["db"]["PORT"], loaded["db"]["NAME"]) == (
        "db.internal",
        5433,
        "congress",
    )
    assert loaded["db"]["CONN_HEALTH_CHECKS"] is True
    assert loaded["cache"] == "congress.cache_backends.ResilientRedisCache"
    # a killed worker's message comes back within minutes, not an hour (tests/test_worker_killed.py)
    assert loaded["transport"]["visibility_timeout"] == 300
    assert loaded["transport"]["unacked_restore_throttle"] == 1
    assert loaded["broker"] == "redis://cache.internal:6380/2"


def test_production_defaults_are_the_safe_ones(tmp_path):
    loaded = settings_with(tmp_path, **PRODUCTION)

    assert loaded["debug"] is False
    assert loaded["otp"] is True  # staff need a second factor for the admin
    assert loaded["ssl"] is True
    assert loaded["demo"] is False
    assert loaded["session_age"] == 1800


def test_require_otp_can_be_switched_by_the_environment(tmp_path):
    assert settings_with(tmp_path, CONGRESS_ADMIN_REQUIRE_OTP="0", **PRODUCTION)["otp"] is False
    assert settings_with(tmp_path, CONGRESS_ADMIN_REQUIRE_OTP="1", DJANGO_DEBUG="1")["otp"] is True


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = run(["manage.py", "check"], clean_env(tmp_path, ALLOWED_HOSTS="congress.example.org"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_secret_key_refuses_even_with_a_key_file_in_var(tmp_path):
    """Only `make run` (CONGRESS_LOCAL) reads or makes var/secret_key."""
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("k" * 60)

    result = run(["manage.py", "check"], clean_env(tmp_path, ALLOWED_HOSTS="congress.example.org"))

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_local_mode_runs_as_a_district_would_over_plain_http(tmp_path):
    # given `make run`'s environment: CONGRESS_LOCAL, no DJANGO_DEBUG, no SECRET_KEY
    loaded = settings_with(tmp_path, CONGRESS_LOCAL="1")

    assert loaded["debug"] is False
    assert loaded["otp"] is False  # the demo accounts have no authenticator
    assert loaded["ssl"] is False and loaded["secure_cookies"] is False  # http://127.0.0.1
    assert {"127.0.0.1", "localhost"} <= set(loaded["hosts"])
    assert "example" not in " ".join(loaded["hosts"])
    assert loaded["static_root"] == str(tmp_path / "var" / "static")
    assert loaded["static_storage"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert loaded["db"]["ENGINE"] == "django.db.backends.sqlite3"


def test_local_mode_generates_its_secret_key_once_into_var(tmp_path):
    first = settings_with(tmp_path, CONGRESS_LOCAL="1")["key"]
    second = settings_with(tmp_path, CONGRESS_LOCAL="1")["key"]

    key_file = tmp_path / "var" / "secret_key"
    assert key_file.read_text().strip() == first == second
    assert len(first) >= 50 and "dev-only" not in first
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert list((tmp_path / "var").glob(".secret_key.*")) == []  # no drafts left behind


def test_local_mode_uses_a_secret_key_that_is_set(tmp_path):
    loaded = settings_with(tmp_path, CONGRESS_LOCAL="1", SECRET_KEY=PRODUCTION["SECRET_KEY"])

    assert loaded["key"] == PRODUCTION["SECRET_KEY"]
    assert not (tmp_path / "var" / "secret_key").exists()


def test_local_mode_refuses_an_empty_key_file(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("\n")

    result = run(["-c", DUMP], clean_env(tmp_path, CONGRESS_LOCAL="1"))

    assert result.returncode != 0
    assert "holds no usable key" in result.stderr


def _recipe(makefile: str, target: str) -> str:
    lines = makefile.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        body.append(line)
    return lines[start] + "\n" + "\n".join(body)


def test_make_run_serves_with_debug_off_and_collected_static_files():
    makefile = (BASE_DIR / "Makefile").read_text(encoding="utf-8")
    run_chain = {target: _recipe(makefile, target) for target in ("run", "demo", "migrate", "static")}

    assert run_chain["run"].startswith("run: demo static")
    assert "collectstatic --noinput" in run_chain["static"]
    for target, recipe in run_chain.items():
        assert "DJANGO_DEBUG" not in recipe, target
        assert all("$(LOCAL)" in line for line in recipe.splitlines()[1:] if "manage.py" in line), target
    assert "LOCAL := CONGRESS_LOCAL=1" in makefile
    assert "DJANGO_DEBUG=1" in _recipe(makefile, "test")  # the tests keep their settings


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], clean_env(tmp_path, **PRODUCTION)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_healthz_is_reachable_over_plain_http(tmp_path):
    """The container healthcheck calls http://127.0.0.1:8000/healthz: no HTTPS redirect."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; import re;"
        "print(any(re.search(p, 'healthz') for p in s.SECURE_REDIRECT_EXEMPT), '127.0.0.1' in s.ALLOWED_HOSTS)"
    )
    env = clean_env(
        tmp_path, SECRET_KEY=PRODUCTION["SECRET_KEY"], ALLOWED_HOSTS="congress.example.org,127.0.0.1"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


# --- docker-compose.yml and Dockerfile -------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


def _command(service) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_has_the_five_services_with_healthchecks(compose):
    services = compose["services"]

    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"


def test_compose_web_migrates_bootstraps_collects_static_then_serves_gunicorn(compose):
    web = compose["services"]["web"]
    command = _command(web)

    steps = ["manage.py migrate", "manage.py bootstrap", "manage.py collectstatic", "gunicorn congress.wsgi"]
    positions = [command.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_compose_worker_and_beat(compose):
    worker = _command(compose["services"]["worker"])
    beat = _command(compose["services"]["beat"])

    assert "celery -A congress worker" in worker
    assert "celery -A congress beat" in beat
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_compose_app_services_use_postgresql_and_redis_and_wait_for_them(compose):
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["REDIS_URL"].startswith("redis://redis:6379"), name
        assert "SECRET_KEY" in env and "DJANGO_DEBUG" not in env, name
        assert service["depends_on"]["db"]["condition"] == "service_healthy", name
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_compose_volumes_are_declared_and_used(compose):
    declared = set(compose["volumes"])
    used = {
        volume.split(":")[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
    }
    assert used == declared == {"pgdata", "redisdata", "appdata"}


def test_docker_compose_config_validates_where_the_client_exists(tmp_path):
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("docker compose client not installed")
    env = {**os.environ, "SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [docker, "compose", "-f", str(BASE_DIR / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_dockerfile():
    text = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]

    assert "FROM python:3.11-slim" in lines
    assert "fonts-noto-cjk" in text
    assert "RUN pip install ." in lines
    user_lines = [line for line in lines if line.startswith("USER ")]
    assert user_lines and user_lines[-1] != "USER root"
    assert "/healthz" in text
    dockerignore = (BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "var", ".env"} <= set(dockerignore)


def test_dockerfile_copies_every_package_the_project_installs():
    """The image is built from the packages pyproject names; one left out (meetings/ and
    appointments/ were, after they moved to the top level) installs an image that cannot import
    its own settings."""
    import tomllib

    text = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\w+) \./\1$", text, flags=re.MULTILINE))
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {name.rstrip("*") for name in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}

    assert packages <= copied, f"Dockerfile does not copy {sorted(packages - copied)}"
