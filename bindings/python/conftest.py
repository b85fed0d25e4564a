"""Makes the generated module importable (bindings/generate.sh writes it, with the host
library beside it, to bindings/generated/python), and starts the real relay binary for the
scenarios that need one."""

import os
import pathlib
import subprocess
import sys

import pytest

GENERATED = pathlib.Path(__file__).resolve().parent.parent / "generated" / "python"
if not (GENERATED / "hearth_ffi.py").exists():
    raise RuntimeError(f"{GENERATED} has no bindings yet: run bindings/generate.sh first")
sys.path.insert(0, str(GENERATED))

ROOT = pathlib.Path(__file__).resolve().parents[2]
# scripts/test-all.sh says where cargo builds (CARGO_TARGET_DIR may move it).
TARGET = pathlib.Path(os.environ.get("HEARTH_TARGET_DIR", ROOT / "target"))
RELAY = TARGET / "debug" / "hearth-relay"


@pytest.fixture
def relay(tmp_path):
    """The built relay binary on a free loopback port, with a fresh database; its URL."""
    if not RELAY.exists():
        raise RuntimeError(f"{RELAY} is missing: run `cargo build -p hearth-relay` first")
    process = subprocess.Popen(
        [str(RELAY), "--listen", "127.0.0.1:0", "--db", str(tmp_path / "relay.db"),
         "--rate", "100000", "--burst", "100000"],
        stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert "listening on http://" in line, line
    yield line.strip().rsplit(" ", 1)[-1]
    process.terminate()
    process.wait(timeout=10)
