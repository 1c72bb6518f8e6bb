"""Where NCA RK's public GOST test keys are: `shared/reference/nca-test-keys` beside the repository (as CI lays
it out), or the folder HATTAMA_NCA_TEST_KEYS names."""

from __future__ import annotations

import os
from pathlib import Path

NCA = Path(os.environ.get("HATTAMA_NCA_TEST_KEYS")
           or Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "nca-test-keys")
