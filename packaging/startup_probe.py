"""Measure how long the frozen app takes to show its first window, from the outside.

``exam-client --startup-probe`` prints ``first-window-shown <s>`` and then, once the services are
built behind that window (store opened and migrated, keyring read), ``services-ready <s>``, both
counted from when ``app.py`` is imported: they miss the bootloader and interpreter start. The
honest figure is the wall time from launching the process to each line, measured here. Both are
reported.

Why a probe keyring: without ``--demo`` and without a secure OS keyring the app (rightly) asks
for a data passphrase in a modal dialog, which would block a headless run forever. On Windows the
Credential Manager is always there; a headless Linux box has none. So each run gets its own
``XDG_CONFIG_HOME`` whose ``python_keyring/keyringrc.cfg`` selects a tiny file-backed backend
written into the temporary folder (keyring's documented ``keyring-path`` option), which behaves
like the Credential Manager: the database key is created on the first start and found on the
next ones. It exists only for this measurement and is deleted with the folder.

Runs: a first start (creates and migrates the store), then warm starts of the same install, then
one ``--demo`` start (which also starts the mock ministry in-process and seeds it). Usage::

    python packaging/startup_probe.py dist/exam-client/exam-client [--runs 3] [--budget 2.0]

Exit status: 0 within the goal, 1 over it, 2 when a start failed (the output says why).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

PROBE_LINE = "first-window-shown"
READY_LINE = "services-ready"
TIMEOUT_S = 60.0
PROBE_KEYRING = textwrap.dedent(
    '''
    """File-backed keyring for the start-up probe only (see packaging/startup_probe.py)."""
    import json
    from pathlib import Path

    from keyring.backend import KeyringBackend

    _FILE = Path(__file__).with_name("probe-keyring.json")


    class ProbeKeyring(KeyringBackend):
        priority = 1

        def _load(self):
            return json.loads(_FILE.read_text()) if _FILE.exists() else {}

        def get_password(self, service, username):
            return self._load().get(service + "/" + username)

        def set_password(self, service, username, password):
            entries = self._load()
            entries[service + "/" + username] = password
            _FILE.write_text(json.dumps(entries))

        def delete_password(self, service, username):
            entries = self._load()
            entries.pop(service + "/" + username, None)
            _FILE.write_text(json.dumps(entries))
    '''
)


@dataclass(frozen=True, slots=True)
class Start:
    label: str
    wall_s: float  # process launch → the first window, measured here
    inside_s: float  # what the app itself printed for the first window
    ready_s: float | None  # process launch → services ready (None: the app does not say)
    exit_s: float  # process launch → exit


def probe_env(home: Path) -> dict[str, str]:
    """Environment for one probed install: offscreen Qt, the probe keyring, nothing of ours."""
    keyring_dir = home / "keyring"
    keyring_dir.mkdir(parents=True, exist_ok=True)
    (keyring_dir / "exam_client_probe_keyring.py").write_text(PROBE_KEYRING, encoding="utf-8")
    config = home / "config"
    (config / "python_keyring").mkdir(parents=True, exist_ok=True)
    (config / "python_keyring" / "keyringrc.cfg").write_text(
        "[backend]\n"
        "default-keyring = exam_client_probe_keyring.ProbeKeyring\n"
        f"keyring-path = {keyring_dir}\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXAM_CLIENT_")}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(config),  # also hides any real config.toml of exam-client
        XDG_DATA_HOME=str(home / "share"),
        EXAM_CLIENT_CONFIG=str(config / "none.toml"),
    )
    return env


def start_once(command: list[str], env: dict[str, str], label: str) -> Start:
    """Launch, wait for the probe line, wait for exit; raise with the output if it fails."""
    began = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 (our own bundle, fixed arguments)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    wall = inside = ready = None
    for line in process.stdout:
        if line.startswith(PROBE_LINE):
            wall = time.perf_counter() - began
            inside = float(line.split()[1])
        elif line.startswith(READY_LINE):
            ready = time.perf_counter() - began
    try:
        _, errors = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        _, errors = process.communicate()
        raise StartFailed(f"{label}: no exit within {TIMEOUT_S} s\n{errors[-3000:]}") from None
    finished = time.perf_counter() - began
    if wall is None or inside is None or process.returncode != 0:
        raise StartFailed(
            f"{label}: exit {process.returncode}, probe line {'seen' if wall else 'missing'}\n"
            f"{errors[-3000:]}"
        )
    return Start(label, wall, inside, ready, finished)


class StartFailed(RuntimeError):
    """The bundle did not start (a packaging bug, or a broken build of the app)."""


def run(executable: Path, runs: int) -> tuple[list[Start], list[str]]:
    """Time every start; a start that fails is reported with its output, the others still run."""
    starts: list[Start] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="exam-client-probe-") as tmp:
        home = Path(tmp)
        env = probe_env(home)
        staff = [
            str(executable),
            "--startup-probe",
            "--data-dir",
            str(home / "data"),
            "--api-url",
            "http://127.0.0.1:9",
        ]
        demo = [str(executable), "--startup-probe", "--demo", "--data-dir", str(home / "demo")]
        plan = [(staff, "first start (new store)")]
        plan += [(staff, f"warm start {i + 1}") for i in range(runs)]
        plan.append((demo, "--demo (mock in-process)"))
        for command, label in plan:
            try:
                starts.append(start_once(command, env, label))
            except StartFailed as failure:
                failures.append(str(failure))
    return starts, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("executable", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="warm starts to time (default 3)")
    parser.add_argument("--budget", type=float, default=2.0, help="goal for a warm start, s")
    args = parser.parse_args(argv)
    starts, failures = run(args.executable, args.runs)
    for failure in failures:
        print(f"FAILED TO START: {failure}", file=sys.stderr)
    print(f"{'start':<26} {'first window':>12} {'(in-app)':>9} {'services ready':>14} {'exit':>7}")
    for s in starts:
        ready = f"{s.ready_s:>12.2f} s" if s.ready_s is not None else f"{'n/a':>14}"
        print(f"{s.label:<26} {s.wall_s:>10.2f} s {s.inside_s:>7.2f} s {ready} {s.exit_s:>5.2f} s")
    warm = [s for s in starts if s.label.startswith("warm")]
    if not warm:
        return 2
    window = statistics.median(s.wall_s for s in warm)
    ready_times = [s.ready_s for s in warm if s.ready_s is not None]
    ready_text = (
        f", to services ready {statistics.median(ready_times):.2f} s" if ready_times else ""
    )
    verdict = "within" if window <= args.budget else "OVER"
    print(
        f"median warm start: to first window {window:.2f} s{ready_text} "
        f"({verdict} the {args.budget} s goal for the first window)"
    )
    if failures:
        return 2
    return 0 if window <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
