"""A headless Chromium driven through the DevTools protocol (websocket-client), for the page tests.

It records every request the page makes, every console message and uncaught exception, can evaluate
JavaScript and take a screenshot.  Chromium runs with no network services (sync, updates, background
networking off; host names resolve to nothing), in a throw-away profile folder.
"""
from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1200,900"]


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


class Chromium:
    """``with Chromium(profile_dir) as page: page.open(url)``; events in ``requests`` / ``console``."""

    def __init__(self, profile: Path, timeout: float = 60) -> None:
        self.profile, self.timeout = profile, timeout
        self.requests: list[str] = []
        self.console: list[dict] = []
        self.events: list[str] = []  # every event's method, in order (so none is missed while a call waits)
        self._id = 0

    def __enter__(self) -> Chromium:
        import websocket

        log = (self.profile / "chromium.log").open("wb")
        self.process = subprocess.Popen([find_browser(), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                        stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        port = self._port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            targets = json.load(answer)
        page = next(t for t in targets if t.get("type") == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=self.timeout,
                                                  suppress_origin=True)
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _port(self) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if marker.is_file() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port")

    def _record(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method:
            self.events.append(method)
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append({"level": params.get("type"), "text": text})
        elif method == "Runtime.exceptionThrown":
            self.console.append({"level": "error", "text": json.dumps(params.get("exceptionDetails", {}))[:500]})
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.console.append({"level": entry.get("level"), "text": entry.get("text", "")})

    def call(self, method: str, **params: object) -> dict:
        """Send a command and return its result; events that arrive meanwhile are recorded."""
        self._id += 1
        self.socket.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._record(message)

    def wait_for(self, event: str, since: int = 0) -> None:
        """Until ``event`` has arrived (counting those from index ``since`` of ``events`` on)."""
        deadline = time.monotonic() + self.timeout
        while event not in self.events[since:]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {event} within {self.timeout} s")
            self._record(json.loads(self.socket.recv()))

    def open(self, url: str) -> None:
        since = len(self.events)
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", since)

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, max_height: int = 8000) -> Path:
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], max_height), "scale": 1}
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
