"""Runs every benchmark script in turn and prints their figures (`make bench`). Not a test: nothing is asserted.

Each script measures its own baseline in the same run and prints the ratio, so figures from a busy machine
stay comparable.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_obligations.py",
    "bench_pdf.py",
    "bench_bundle.py",
    "bench_bundle_export.py",
    "bench_events_page.py",
    "bench_import.py",
    "bench_export.py",
    "bench_startup.py",
)


def main() -> int:
    failed = []
    for script in SCRIPTS:
        print(f"\n===== {script} =====", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)], check=False).returncode != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
