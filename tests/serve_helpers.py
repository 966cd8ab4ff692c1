"""A proof desk on a copy of the sample issue, for the serve tests (HTTP and browser)."""

from __future__ import annotations

import http.client
import json
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
PARAGRAPH = "1月10日，天平街道第五届社区代表会议第二次会议顺利召开。"


def sample_project(tmp_path: Path) -> Path:
    """The sample issue copied into a throwaway project (layouts and fonts linked in)."""
    folder = tmp_path / "issues" / SAMPLE.name
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.pdf"))
    for name in ("layouts", "fonts"):
        (tmp_path / name).symlink_to(ROOT / name)
    return folder


def edit(folder: Path, old: str, new: str) -> None:
    yaml_file = folder / "issue.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert old in text, old
    yaml_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def wait_for(condition, timeout: float = 60.0, step: float = 0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"waited {timeout} s in vain")


class Client:
    def __init__(self, server):
        self.host, self.port = server.server_address[:2]

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def state(self) -> dict:
        status, _, body = self.get("/state")
        assert status == 200
        return json.loads(body)
