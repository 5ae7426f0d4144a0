"""Document -> Extraction: tariff plans, competitor moves and market figures.

Pure functions, no I/O beyond loading the package's data files once. Each
extractor takes a `Document` and returns its records with `Evidence` whose
offsets point into `Document.text`.
"""

from __future__ import annotations

from telcoradar.model import Document, Extraction

EXTRACTOR_VERSION = "1"


def extract(document: Document) -> Extraction:
    """Run every extractor over one document."""
    from telcoradar.extract.events import extract_events
    from telcoradar.extract.figures import extract_figures
    from telcoradar.extract.plans import extract_plans

    return Extraction(
        document=document,
        plans=tuple(extract_plans(document)),
        events=tuple(extract_events(document)),
        figures=tuple(extract_figures(document)),
    )
