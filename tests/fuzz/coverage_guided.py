"""Coverage-guided fuzzing of the readers and extractors with atheris (libFuzzer), for long runs.

    pip install -e '.[fuzz]'
    python tests/fuzz/coverage_guided.py -max_total_time=3600 tests/fuzz/corpus

The first byte of each input picks the format it is read as (html, txt, md,
csv, xlsx, pdf); the rest is the file. Each input goes through the same
harness as the property-based tests (`harness.check`, with its per-document
budget). An input that crashes the pipeline is written to `tests/fuzz/cases/`
under a name with its format's suffix, where `test_fuzz.py` keeps it as a
regression case, and the run stops there, as libFuzzer does.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports(include=["telcoradar"]):
    # the extractors import their parts when first called: import them here to instrument them
    from harness import SUFFIXES, Crash, check

    import telcoradar.extract.events.prose
    import telcoradar.extract.figures.prose
    import telcoradar.extract.plans.document  # noqa: F401

CASES = Path(__file__).with_name("cases")


def one_input(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    body = data[1:]
    try:
        check(body, "input" + suffix)
    except Crash as crash:
        if crash.known:
            return  # already kept under cases/, its fix still open
        CASES.mkdir(exist_ok=True)
        kept = CASES / f"found-{hashlib.sha256(body).hexdigest()[:12]}{suffix}"
        kept.write_bytes(body)
        print(f"crash kept as {kept}: {crash}", file=sys.stderr)
        raise


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
