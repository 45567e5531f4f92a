"""``ministry-mock``: run the mock ministry API from the command line until Ctrl-C.

Creates and seeds the database on first start (an existing database is reused as it is), prints
the URL and the credentials to sign in with, then serves in the foreground: in this process, or
in ``--workers N`` forked processes sharing the listening socket (:mod:`ministry_mock.workers`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

import uvicorn

from ministry_mock.app import create_app, seed_report
from ministry_mock.faults import FaultConfig
from ministry_mock.seed import (
    ADMIN_USERNAME,
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_CANDIDATE_PASS,
    DEMO_OTHER_STAFF_USERNAME,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
)
from ministry_mock.server import bind_socket, server_config
from ministry_mock.settings import (
    DEFAULT_DB_URL,
    LOOKUP_LIMIT,
    MAX_IN_FLIGHT,
    MAX_QUEUE_WAIT_MS,
    MockSettings,
)
from ministry_mock.workers import parse_workers, prepare, serve_workers, why_not_several


def _faults(spec: str) -> FaultConfig:
    try:
        return FaultConfig.parse(spec)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise argparse.ArgumentTypeError(str(exc).splitlines()[0]) from exc


def _lookup_limit(spec: str) -> tuple[float, int | None]:
    if spec == "off":
        return (0.0, None)
    rate, _, burst = spec.partition("/")
    try:
        return (float(rate), int(burst or rate))
    except ValueError as exc:
        raise argparse.ArgumentTypeError("expected RATE/BURST, e.g. 10/30, or off") from exc


def _max_in_flight(spec: str) -> int | None:
    if spec == "off":
        return None
    try:
        value = int(spec)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive number of requests, or off")
    return value


def _workers(spec: str) -> int:
    try:
        return parse_workers(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ministry-mock", description="Mock Ministry of Education API (synthetic data)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0 = any free port)")
    parser.add_argument("--db", default=DEFAULT_DB_URL, help="SQLAlchemy database URL")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic data")
    parser.add_argument("--citizens", type=int, default=50_000, help="population register size")
    parser.add_argument("--schools", type=int, default=400, help="number of high schools")
    parser.add_argument(
        "--demo", action="store_true", help="create the demo accounts with known passwords"
    )
    parser.add_argument(
        "--access-log", action="store_true", help="log every request (IDs are masked)"
    )
    parser.add_argument(
        "--faults",
        type=_faults,
        default=FaultConfig(),
        metavar="SPEC",
        help="inject faults, e.g. latency=200,jitter=100,error=0.05,drop=0.02,overload=0.01,"
        "capacity=20,retry_after=2,slow=512:40,paths=/sync|/registrations,max=10,seed=7",
    )
    parser.add_argument(
        "--lookup-limit",
        type=_lookup_limit,
        default=LOOKUP_LIMIT,
        metavar="RATE/BURST",
        help="population look-ups per second and burst per account (default 10/30; off)",
    )
    parser.add_argument(
        "--max-in-flight",
        type=_max_in_flight,
        default=MAX_IN_FLIGHT,
        metavar="N",
        help=f"answer 503 + Retry-After beyond N requests in flight (default {MAX_IN_FLIGHT}; off)",
    )
    parser.add_argument(
        "--max-queue-wait-ms",
        type=_max_in_flight,
        default=MAX_QUEUE_WAIT_MS,
        metavar="MS",
        help="answer 503 + Retry-After to a request that waited MS in the queue "
        f"(default {MAX_QUEUE_WAIT_MS}; off)",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="worker processes sharing the port (default 1; auto = one per CPU); "
        "--max-in-flight is split between them",
    )
    args = parser.parse_args(argv)
    if args.workers > 1 and (reason := why_not_several(args.db, args.faults)):
        parser.error(f"--workers {args.workers}: {reason}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = MockSettings(
        db_url=args.db,
        seed=args.seed,
        citizens=args.citizens,
        schools=args.schools,
        demo=args.demo,
        faults=args.faults,
        lookup_rate=args.lookup_limit[0],
        lookup_burst=args.lookup_limit[1],
        max_in_flight=args.max_in_flight,
        max_queue_wait_ms=args.max_queue_wait_ms,
    )
    print(f"Preparing database {args.db} …", flush=True)
    app = create_app(settings)
    report = seed_report(app)
    if report.citizens_created:
        print(
            f"Seeded {report.citizens_created} citizens and {report.schools_created} schools "
            f"in {report.seconds:.1f} s.",
            flush=True,
        )
    prepare(app, args.workers)  # once, before any worker: the catalog, the shared clock
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"Cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    port = sock.getsockname()[1]
    print(f"Mock ministry API on http://{args.host}:{port}  (OpenAPI: /docs, /openapi.json)")
    if args.demo:
        print(f"  staff:     {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASS}")
        print(f"  staff 2:   {DEMO_OTHER_STAFF_USERNAME} / {DEMO_STAFF_PASS}")
        print(f"  admin:     {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASS}")
        if report.demo_candidate_username:
            print(f"  candidate: {report.demo_candidate_username} / {DEMO_CANDIDATE_PASS}")
    elif report.generated_admin_pass:
        print(f"  admin: {ADMIN_USERNAME} / {report.generated_admin_pass}  (shown once)")
    if args.faults.enabled:
        print(f"  faults on: {args.faults.model_dump(exclude_defaults=True)}")
    if args.workers > 1:
        print(f"  {args.workers} worker processes", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    code = 0
    try:
        if args.workers > 1:
            code = serve_workers(app, sock, args.workers, access_log=args.access_log)
        else:
            server = uvicorn.Server(
                server_config(app, access_log=args.access_log, log_level="info")
            )
            server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
        pass
    finally:
        sock.close()
    print("Stopped.", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
