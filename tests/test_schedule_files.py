"""The ready-made schedules (cron, systemd, GitHub Actions) are valid and run the real command."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from fetch.cli import build_parser
from tests.pubmed_material import REPO

CRON_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def _cron_field_ok(field: str, low: int, high: int) -> bool:
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and not step.isdigit():
            return False
        if base == "*":
            continue
        bounds = base.split("-")
        if not all(b.isdigit() and low <= int(b) <= high for b in bounds) or len(bounds) > 2:
            return False
    return True


def _fetch_args(command: str) -> list[str]:
    """The arguments after `-m fetch` in a command line."""
    match = re.search(r"-m fetch (.*?)(?:\s*(?:>>|>|\|\||&&|$))", command)
    assert match, command
    return match.group(1).split()


def test_crontab_lines_are_valid_and_parse_as_fetch_commands():
    lines = [l for l in (REPO / "deploy" / "crontab.example").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert len(lines) == 2
    for line in lines:
        fields = line.split(None, 5)
        assert all(_cron_field_ok(f, lo, hi) for f, (lo, hi) in zip(fields[:5], CRON_RANGES)), line
        build_parser().parse_args(_fetch_args(fields[5]))  # exits 2 on a bad option


def test_cron_validator_rejects_bad_fields():
    assert not _cron_field_ok("61", 0, 59) and not _cron_field_ok("*/x", 0, 59)
    assert _cron_field_ok("*/15", 0, 59) and _cron_field_ok("1-5", 0, 7)


def test_systemd_units_verify(tmp_path):
    units = {}
    for path in (REPO / "deploy" / "systemd").glob("*"):
        text = path.read_text()
        parsed = configparser.ConfigParser(strict=True, interpolation=None)
        parsed.optionxform = str
        parsed.read_string(text)
        units[path.name] = parsed
        # point the unit at this checkout so systemd-analyze can check the executable
        text = text.replace("/opt/ketamine-evidence-monitor/.venv/bin/python", sys.executable)
        text = text.replace("/opt/ketamine-evidence-monitor", str(REPO)).replace("User=ketamine-monitor\n", "")
        (tmp_path / path.name).write_text(text)
    service = units["ketamine-monitor-refresh.service"]
    timer = units["ketamine-monitor-refresh.timer"]
    assert service["Service"]["Type"] == "oneshot"
    build_parser().parse_args(_fetch_args(service["Service"]["ExecStart"]))
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed: checked the INI structure only")
    result = subprocess.run(["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_github_workflow_refreshes_on_a_schedule_and_commits_data():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "refresh.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    cron = triggers["schedule"][0]["cron"].split()
    assert all(_cron_field_ok(f, lo, hi) for f, (lo, hi) in zip(cron, CRON_RANGES))
    steps = workflow["jobs"]["refresh"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "python -m fetch refresh" in runs and "git add data/" in runs and "git push" in runs
    refresh_step = next(s for s in steps if "fetch refresh" in s.get("run", ""))
    assert set(refresh_step["env"]) == {"NCBI_EMAIL", "NCBI_API_KEY"}
    assert all("secrets." in v for v in refresh_step["env"].values())
    assert workflow["permissions"]["contents"] == "write"
