"""No secret in the repository: every committed file is read for private keys, cloud and service
tokens, and credentials written as values. The settings read secrets from the environment, and
production refuses to start with the development or test key (tests/test_settings.py)."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

TOKENS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Stripe key": re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}"),
    "Sentry DSN": re.compile(r"https://[0-9a-f]{32}@[^\s\"']*sentry\.io"),
    "credential": re.compile(
        r"(?i)\b(?:password|passwd|secret(?:_key)?|api_key|token|dsn)[\"']?\s*[:=]\s*"
        r"[\"']([^\"'\s]{8,})[\"']"
    ),
}
# Values that are meant to be public: the demo's documented throwaway admin password, and the
# development and test keys production refuses.
ALLOWED = {"change-me-demo-only", "dev-only-insecure-key-never-use-in-production", "test-only-key"}


def committed_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_committed_file_holds_a_secret():
    found = []
    for path in committed_files():
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        data = path.read_bytes()
        if b"\0" in data[:8000]:
            continue  # binary: images, fonts, compiled catalogues
        text = data.decode(errors="replace")
        for kind, pattern in TOKENS.items():
            for match in pattern.finditer(text):
                value = match.group(1) if pattern.groups else match.group(0)
                if value in ALLOWED:
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {kind}")
    assert not found, "\n".join(found)


def test_the_checker_finds_what_it_looks_for():
    # Put together here, so that this file does not hold what it looks for.
    samples = {
        "private key": "-----BEGIN OPENSSH " + "PRIVATE KEY-----",
        "AWS access key": "AKIA" + "ABCDEFGHIJKLMNOP",
        "credential": "SECRET_KEY = " + '"s3cr3t-value-in-the-code"',
    }
    for kind, sample in samples.items():
        assert TOKENS[kind].search(sample), kind
