"""`parkops serve [--bind HOST:PORT] [--workers N]`: the platform in production.

Runs, as separate processes it supervises:
- gunicorn with N workers (default 2 × cores + 1) serving the pages, the API, the static files
  (whitenoise, collected first) and the uploads through the authenticated file view;
- the task-queue worker (`parkops run_huey`), unless tasks run in the request
  (PARKOPS_TASKS_IMMEDIATE=1);
- the MQTT ingest worker (`parkops mqtt-ingest`), when that command exists and
  PARKOPS_MQTT_URL is set.
SIGTERM or SIGINT stops every process (gunicorn finishes the requests in flight) and waits
for them; if one process dies, the others are stopped and the command exits 1, so that the
service manager (systemd) restarts the whole set.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError

GRACE_SECONDS = 30


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "在生产服务器（gunicorn）下运行平台，并启动任务队列与 MQTT 接入进程"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("PARKOPS_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--no-tasks", action="store_true", help="不启动任务队列进程")
        parser.add_argument("--no-mqtt", action="store_true", help="不启动 MQTT 接入进程")
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, bind: str, workers: int | None, **options):
        workers = workers or default_workers()
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        if not options["no_collectstatic"]:
            from parkops.core.version import collect_static_if_changed

            if not collect_static_if_changed():
                self.stdout.write("Static files unchanged since they were last collected")
        try:  # the PDFs' embedded font, converted once per machine, not in a worker's request
            from parkops.core.pdf import FontMissing, cached_font

            cached_font()
        except FontMissing as exc:
            self.stderr.write(f"warning: {exc}")
        from parkops.accounts.api_docs import build_schema_files

        for path in build_schema_files():  # once per version: longer than a request may take
            self.stdout.write(f"API schema built: {path.name}")
        python = sys.executable
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "parkops.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--graceful-timeout",
                str(GRACE_SECONDS - 5),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                os.environ.get("PARKOPS_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ]
        }
        if not options["no_tasks"] and not settings.HUEY.get("immediate"):
            commands["tasks"] = [python, "-m", "parkops", "run_huey", "--workers", "2"]
        if not options["no_mqtt"] and "mqtt-ingest" in get_commands() and settings.MQTT_URL:
            commands["mqtt"] = [python, "-m", "parkops", "mqtt-ingest"]
        self.stdout.write(f"ParkOps: http://{bind}/ ({workers} workers; {', '.join(commands)})")
        self.stdout.flush()
        sys.exit(supervise(commands, self.stderr))


def supervise(commands: dict[str, list[str]], log) -> int:
    """Start every command, forward SIGTERM/SIGINT, stop all when one ends; the exit code."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    processes = {name: subprocess.Popen(command) for name, command in commands.items()}  # noqa: S603
    failed = None
    try:
        while not stopping and failed is None:
            for name, process in processes.items():
                if process.poll() is not None:
                    failed = name
                    log.write(f"{name} ({' '.join(commands[name][2:4])}) exited with {process.returncode}")
                    break
            time.sleep(0.2)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + GRACE_SECONDS
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failed else 0
