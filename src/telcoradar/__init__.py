"""telcoradar: telecom competition intelligence with evidence."""

from typing import TYPE_CHECKING, Any

from telcoradar.model import Document, Event, Evidence, Extraction, Figure, Plan, Snapshot

if TYPE_CHECKING:
    from telcoradar.api import open

__all__ = ["Document", "Event", "Evidence", "Extraction", "Figure", "Plan", "Snapshot", "__version__", "open"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`telcoradar.open` is imported on first use, so `import telcoradar` stays light."""
    if name == "open":
        from telcoradar.api import open

        return open
    raise AttributeError(f"module 'telcoradar' has no attribute {name!r}")
