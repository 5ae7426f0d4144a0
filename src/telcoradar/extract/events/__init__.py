"""Competitor moves: who launched, partnered, invested, built or cut what, and when.

`clauses` reads what one clause states (kind, operators, money, domain),
`counterparties` the organisations named beside the operator, `prose` walks
the sentences of a document and `tables` the operator tables of a report;
`drafts` merges the mentions of one move into one event.
"""

from __future__ import annotations

from telcoradar.extract.events.prose import extract_events

__all__ = ["extract_events"]
