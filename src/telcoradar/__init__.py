"""telcoradar: telecom competition intelligence with evidence."""

from telcoradar.model import Document, Event, Evidence, Extraction, Figure, Plan, Snapshot

__all__ = ["Document", "Event", "Evidence", "Extraction", "Figure", "Plan", "Snapshot", "__version__"]
__version__ = "0.1.0"
