"""`bulletin-pdf serve ISSUE`: the proof desk in the browser.

A small web server from the standard library (http.server, one thread per request): the
page and its two assets, the pages as images, the findings of `check` as JSON, a stream of
server-sent events that says "rebuilt", and the proof, the final PDF and its preflight
report to download. No framework and no front-end build: the page is plain HTML, CSS and
JavaScript shipped in the package (data/serve/), so a fresh offline machine runs it.

Safe by default. It listens on 127.0.0.1 unless told otherwise (with a warning). A request
never names a file: every answer comes from a fixed table of routes — the assets are read
into memory when the server starts, the images and PDFs are made in memory — so no path in
a request (../, %2e%2e, an absolute path, a NUL) can reach the file system; anything not in
the table is a 404. Requests whose Host header is not this server's are refused, so a web
page elsewhere cannot read the desk through a DNS trick. Ctrl-C stops it; it writes no
files of its own (preflight's temporary PDF lives in a folder removed straight after).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from bulletin_pdf.commands.session import ProofSession, Snapshot
from bulletin_pdf.errors import EXIT_OK, BulletinError

LOCAL = "127.0.0.1"
POLL_SECONDS = 0.1  # how often the inputs' versions are read
SETTLE_SECONDS = 0.05  # an editor's save may touch several files; let it finish
KEEPALIVE_SECONDS = 15.0  # an SSE comment now and then, so a dead connection is noticed

ASSETS = {  # route -> (file in data/serve/, content type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}
_PAGE_IMAGE = re.compile(r"/page/([1-9][0-9]{0,3})\.png")


def load_assets() -> dict[str, tuple[bytes, str]]:
    """The page's files, read once from the package: the only files the server reads."""
    folder = resources.files("bulletin_pdf") / "data" / "serve"
    return {
        route: (folder.joinpath(name).read_bytes(), kind) for route, (name, kind) in ASSETS.items()
    }


class Hub:
    """Tells every open event stream that a new snapshot is there."""

    def __init__(self):
        self._changed = threading.Condition()
        self.generation = 0
        self.stopping = False

    def publish(self, generation: int) -> None:
        with self._changed:
            self.generation = generation
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.stopping, timeout)
            return self.generation


class DeskServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, session: ProofSession, hub: Hub, proof_stamp=lambda: ""):
        super().__init__(address, DeskHandler)
        self.session = session
        self.proof_stamp = proof_stamp  # the build time for a proof's slug (workflow's clock)
        self.hub = hub
        self.assets = load_assets()
        self.stop_watch = threading.Event()  # set on shutdown: ends the watch loop
        host, port = self._host_port()
        self.hosts = {f"{host}:{port}", f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"}

    def _host_port(self) -> tuple[str, int]:
        host, port = self.server_address[:2]
        return (host.decode() if isinstance(host, bytes) else str(host)), int(port)

    @property
    def url(self) -> str:
        host, port = self._host_port()
        return f"http://{host}:{port}/"


class DeskHandler(BaseHTTPRequestHandler):
    server: DeskServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the terminal shows builds, not requests
        pass

    def do_GET(self):
        self._answer(head=False)

    def do_HEAD(self):
        self._answer(head=True)

    def _not_allowed(self):
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            b"only GET and HEAD\n",
            "text/plain; charset=utf-8",
            extra={"Allow": "GET, HEAD"},
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _answer(self, head: bool) -> None:
        if self.headers.get("Host", "") not in self.server.hosts:
            return self._send(
                HTTPStatus.FORBIDDEN,
                b"this proof desk answers only to its own address\n",
                "text/plain; charset=utf-8",
                head=head,
            )
        route = urlsplit(self.path).path  # compared as sent: never decoded, never a file name
        snapshot = self.server.session.snapshot
        if route in self.server.assets:
            body, kind = self.server.assets[route]
            return self._send(HTTPStatus.OK, body, kind, head=head)
        if route == "/state":
            return self._send(
                HTTPStatus.OK, state_json(snapshot), "application/json; charset=utf-8", head=head
            )
        match = _PAGE_IMAGE.fullmatch(route)
        if match:
            page = snapshot.page(int(match.group(1)))
            if page is not None:
                return self._send(HTTPStatus.OK, page.png, "image/png", head=head)
        if route == "/events" and not head:
            return self._events()
        if route in DOWNLOADS:
            return self._download(route, head)
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head=head)

    def _download(self, route: str, head: bool) -> None:
        name, kind, make = DOWNLOADS[route]
        session = self.server.session
        try:
            with session.lock:  # never beside a rebuild: they share the fonts' ReportLab state
                body = make(self.server)
        except BulletinError as e:
            return self._send(
                HTTPStatus.CONFLICT,
                f"{e.message()}\n".encode(),
                "text/plain; charset=utf-8",
                head=head,
            )
        filename = f"{session.file.parent.name}{name}"
        self._send(
            HTTPStatus.OK,
            body,
            kind,
            head=head,
            extra={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def _events(self) -> None:
        hub = self.server.hub
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while not hub.stopping:
                generation = hub.generation if seen == -1 else hub.wait(seen, KEEPALIVE_SECONDS)
                if hub.stopping:
                    break
                if generation != seen:
                    self.wfile.write(
                        f"event: build\ndata: {json.dumps({'generation': generation})}\n\n".encode()
                    )
                    seen = generation
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the tab was closed

    def _send(
        self, status, body: bytes, kind: str, *, head: bool = False, extra: dict | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # the page's own scripts and images only: nothing it shows can load from elsewhere
        self.send_header(
            "Content-Security-Policy", "default-src 'self'; img-src 'self'; connect-src 'self'"
        )
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


def state_json(snapshot: Snapshot) -> bytes:
    """Everything the page shows except the images (which it fetches by version)."""
    return json.dumps(
        {
            "generation": snapshot.generation,
            "title": snapshot.title,
            "error": snapshot.error,
            "seconds": round(snapshot.seconds, 3),
            "rendered": list(snapshot.rendered),
            "pages": [
                {
                    "number": p.number,
                    "version": p.version,
                    "width": p.width,
                    "height": p.height,
                    "boxes": [
                        {"block": b.block, "x": b.x, "y": b.y, "width": b.width, "height": b.height}
                        for b in p.boxes
                    ],
                }
                for p in snapshot.pages
            ],
            "findings": list(snapshot.findings),
            "blocks": snapshot.blocks,
            "grid": snapshot.grid,
        },
        ensure_ascii=False,
    ).encode("utf-8")


# ---- downloads: made from the last good make-up, in memory ----------------------------------


def _made(session: ProofSession):
    if session.made is None:
        raise BulletinError(
            "the issue has not been made up yet", None, "fix the error shown on the page"
        )
    return session.made


def proof_pdf(server: DeskServer) -> bytes:
    from bulletin_pdf.commands.build import render_made

    return render_made(_made(server.session), proof=True, proof_stamp=server.proof_stamp())


def final_pdf(server: DeskServer) -> bytes:
    from bulletin_pdf.commands.build import overset_error, refuse_unprintable, render_made

    made = _made(server.session)
    refuse_unprintable(made)  # what build --final refuses, refused here too
    if made.makeup.overset:
        raise overset_error(made.makeup.overset)
    return render_made(made, final=True)


def preflight_report(server: DeskServer) -> bytes:
    from bulletin_pdf.preflight.checks import format_report, preflight

    pdf = final_pdf(server)
    made = _made(server.session)
    with tempfile.TemporaryDirectory(prefix="bulletin-preflight-") as folder:
        path = Path(folder) / "final.pdf"
        path.write_bytes(pdf)
        report = preflight(path, trim_expected=_trim_mm(made.layout))
        return (format_report(report) + "\n").encode("utf-8")


def _trim_mm(layout) -> tuple[float, float]:
    return (round(layout.trim_width / 72 * 25.4, 1), round(layout.trim_height / 72 * 25.4, 1))


DOWNLOADS = {
    "/download/proof.pdf": ("-proof.pdf", "application/pdf", proof_pdf),
    "/download/final.pdf": ("-final.pdf", "application/pdf", final_pdf),
    "/download/preflight.txt": ("-preflight.txt", "text/plain; charset=utf-8", preflight_report),
}


# ---- the command ------------------------------------------------------------------------------


def start(
    issue: Path, *, host: str = LOCAL, port: int = 0, out=None, proof_stamp=lambda: ""
) -> tuple[DeskServer, threading.Event]:
    """Start the server and its watch loop in background threads; returns the server (its
    `url`) and the event that stops the watch loop. The first build has finished when
    `server.session.snapshot.generation` is 1 or more."""
    from bulletin_pdf.commands.watch import Outcome, watch

    out = out or sys.stderr
    session = ProofSession(issue)
    hub = Hub()
    server = DeskServer((host, port), session, hub, proof_stamp)
    stop = server.stop_watch

    def rebuild():
        try:
            snapshot = session.rebuild()
        except BulletinError:
            raise
        except Exception as exc:  # a bug must not end the desk: show it, keep the pages
            session.snapshot = _failed(
                session.snapshot, f"internal error: {type(exc).__name__}: {exc}"
            )
            raise BulletinError(session.snapshot.error) from exc
        finally:
            hub.publish(session.snapshot.generation)
        drawn = ", ".join(map(str, snapshot.rendered)) or "none"
        return Outcome(session.inputs(), [], f"{len(snapshot.pages)} pages, drawn again: {drawn}")

    def loop():
        watch(
            rebuild,
            [session.file],
            interval=POLL_SECONDS,
            settle=SETTLE_SECONDS,
            out=out,
            should_stop=stop.is_set,
            sleep=stop.wait,
        )

    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True, name="desk-http"
    ).start()
    threading.Thread(target=loop, daemon=True, name="desk-watch").start()
    return server, stop


def _failed(snapshot: Snapshot, error: str) -> Snapshot:
    from dataclasses import replace

    return replace(snapshot, generation=snapshot.generation + 1, error=error, rendered=())


def shutdown(server: DeskServer) -> None:
    server.stop_watch.set()
    server.hub.stop()
    server.shutdown()
    server.server_close()


def serve(issue: Path, *, host: str = LOCAL, port: int = 8717, proof_stamp=lambda: "") -> int:
    from bulletin_pdf.source.load import issue_file

    if not issue_file(Path(issue)).is_file():
        raise BulletinError(
            f"{issue} is not an issue folder or issue.yaml",
            None,
            "name the issue's folder, e.g. issues/2020-01-tianping",
        )
    if host != LOCAL:
        print(
            f"warning: listening on {host}: anyone who can reach this machine can read the issue",
            file=sys.stderr,
        )
    try:
        server, _ = start(Path(issue), host=host, port=port, proof_stamp=proof_stamp)
    except OSError as exc:
        raise BulletinError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            None,
            "choose another port with --port N, or stop the program using it",
        ) from None
    print(f"proof desk for {issue} at {server.url}  (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        shutdown(server)
    print("stopped", file=sys.stderr)
    return EXIT_OK
