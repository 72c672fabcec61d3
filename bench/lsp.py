"""The language server's speed, as an editor feels it: the time from a ``didChange`` of one
plan to the diagnostics published for that version, and the server's memory.

    python bench/lsp.py REPOSITORY [--edits 15]

Drives ``omrade lsp`` (``python -m omrade lsp``) over stdio with plain JSON-RPC, as an
editor does: initialize, open the plan, then change it again and again (two texts in
turn, each a new version), timing each change until ``publishDiagnostics`` arrives for
its version. Prints the median in seconds and the server's peak memory (VmHWM, KiB).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

AS_OF = "2025-10-01"


class Server:
    """``omrade lsp`` in a child process, spoken to over its stdin and stdout."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return ident

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server stopped")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params: Any) -> Any:
        ident = self.send(method, params, request=True)
        while True:
            message = self.receive()
            if message.get("id") == ident and "method" not in message:
                return message.get("result")
            self.answer(message)

    def answer(self, message: dict[str, Any]) -> None:
        """Requests from the server (registering file watching): answered with null."""
        if "method" in message and "id" in message:
            body = json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": None}).encode()
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def published(self, uri: str, version: int) -> list[Any]:
        while True:
            message = self.receive()
            self.answer(message)
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return list(params["diagnostics"])

    def peak_kib(self) -> int:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        try:
            self.request("shutdown", None)
            self.send("exit", None)
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def plan_of(repo: Path) -> Path:
    return sorted((repo / "data" / "programmes").glob("*/plan-*.yaml"))[0]


def change_to_diagnostics(repo: Path, edits: int = 15) -> tuple[float, int, float]:
    """(median seconds from didChange to its diagnostics, peak KiB, seconds to the first
    diagnostics after opening)."""
    server = Server([sys.executable, "-m", "omrade", "lsp"])
    try:
        started = time.perf_counter()
        server.request(
            "initialize",
            {
                "processId": None,
                "rootUri": repo.resolve().as_uri(),
                "capabilities": {},
                "initializationOptions": {"asOf": AS_OF},
            },
        )
        server.send("initialized", {})
        plan = plan_of(repo)
        uri = plan.resolve().as_uri()
        text = plan.read_text(encoding="utf-8")
        other = text.replace("responsible: kof", "responsible: sof", 1)
        assert other != text, "the generated plan has no 'responsible: kof'"
        server.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        server.published(uri, 1)
        opened = time.perf_counter() - started
        times = []
        for version in range(2, edits + 2):
            body = other if version % 2 == 0 else text
            start = time.perf_counter()
            server.send(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": body}],
                },
            )
            server.published(uri, version)
            times.append(time.perf_counter() - start)
        return statistics.median(times), server.peak_kib(), opened
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", type=Path)
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args()
    median, peak, opened = change_to_diagnostics(args.repo, args.edits)
    print(f"didChange → diagnostics: {median * 1000:.1f} ms (median of {args.edits})")
    print(f"first diagnostics after start: {opened:.1f} s; peak memory {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
