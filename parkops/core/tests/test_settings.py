"""Settings come from PARKOPS_* variables, refuse bad values clearly, and pass Django's
deployment check with production values."""

import os
import subprocess
import sys

import pytest

from parkops.env import ImproperlyConfiguredValue, env_bool, env_int, env_list, env_url


def run_parkops(*args, **env):
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("PARKOPS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "parkops", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "reader,name,value,message",
    [
        (lambda: env_bool("PARKOPS_X", False), "PARKOPS_X", "maybe", "expected one of 1/0"),
        (lambda: env_int("PARKOPS_X", 5, minimum=1), "PARKOPS_X", "five", "expected a whole number"),
        (lambda: env_int("PARKOPS_X", 5, minimum=1), "PARKOPS_X", "0", "must be at least 1"),
        (lambda: env_url("PARKOPS_X", None, schemes=("postgresql",)), "PARKOPS_X", "mysql://h/db", "scheme"),
        (lambda: env_url("PARKOPS_X", None, schemes=("redis",)), "PARKOPS_X", "redis://", "no host"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(monkeypatch, reader, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfiguredValue) as excinfo:
        reader()
    assert name in str(excinfo.value)
    assert message in str(excinfo.value)


def test_lists_and_defaults(monkeypatch):
    monkeypatch.delenv("PARKOPS_X", raising=False)
    assert env_list("PARKOPS_X", ["a"]) == ["a"]
    monkeypatch.setenv("PARKOPS_X", " park.example.cn , ops.example.cn ,")
    assert env_list("PARKOPS_X", []) == ["park.example.cn", "ops.example.cn"]


def test_a_bad_database_url_stops_start_up_with_a_clear_message(tmp_path):
    result = run_parkops("check", PARKOPS_VAR_DIR=str(tmp_path), PARKOPS_DATABASE_URL="oracle://db/x")
    assert result.returncode != 0
    assert "PARKOPS_DATABASE_URL" in result.stderr


def test_deploy_check_has_no_warnings_with_production_values(tmp_path):
    result = run_parkops(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PARKOPS_VAR_DIR=str(tmp_path),
        PARKOPS_SECRET_KEY="k" * 20 + "Q9x!v#2Lm$7Tz@4Rp&8Wn^6Yb*1Hc(5Jd)3",
        PARKOPS_DEBUG="0",
        PARKOPS_HTTPS="1",
        PARKOPS_ALLOWED_HOSTS="park.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_chinese_and_shanghai_by_default():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert ("en", "English") in [(code, str(name)) for code, name in settings.LANGUAGES]
