"""Production settings pass Django's deployment checklist once the secrets are set."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from rathaus.core.crypto.keyring import generate_key

ROOT = Path(__file__).resolve().parents[3]


def production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production installation, as README.md tells an operator to set it."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("RATHAUS_", "DJANGO_")) and name != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="rathaus.settings",
        PYTHONPATH=str(ROOT),
        RATHAUS_ENV="production",
        RATHAUS_SECRET_KEY=secrets.token_urlsafe(64),
        RATHAUS_ENCRYPTION_KEYS=f"prod1:{generate_key()}",
        RATHAUS_BLIND_INDEX_KEY=generate_key(),
        RATHAUS_ALLOWED_HOSTS="rathaus.example.org",
        RATHAUS_CSRF_TRUSTED_ORIGINS="https://rathaus.example.org",
        RATHAUS_BASE_URL="https://rathaus.example.org",
        RATHAUS_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'rathaus.sqlite3'}",
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage(production_env(tmp_path, RATHAUS_SECRET_KEY=""), "check")

    assert result.returncode != 0
    assert "RATHAUS_SECRET_KEY" in result.stderr


def test_readme_documents_every_environment_variable_the_settings_read():
    source = (ROOT / "rathaus" / "settings.py").read_text()
    read = set(
        re.findall(r"""\b(?:env|env_bool|env_list|environ\.get)\(\s*"([A-Z0-9_]+)\"""", source)
    )
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", (ROOT / "README.md").read_text(), re.M))

    assert read, "no variables found: did settings.py change how it reads the environment?"
    missing = sorted(read - documented)
    assert not missing, f"add to the table in README.md: {', '.join(missing)}"
