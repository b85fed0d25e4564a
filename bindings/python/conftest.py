"""Makes the generated module importable: bindings/generate.sh writes it, with the host
library beside it, to bindings/generated/python."""

import pathlib
import sys

GENERATED = pathlib.Path(__file__).resolve().parent.parent / "generated" / "python"
if not (GENERATED / "hearth_ffi.py").exists():
    raise RuntimeError(f"{GENERATED} has no bindings yet: run bindings/generate.sh first")
sys.path.insert(0, str(GENERATED))
