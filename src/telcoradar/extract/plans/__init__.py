"""Tariff plans of a document: price, validity, data, minutes, perks, kind, with evidence.

The flow, in the order the data moves: `segments` cuts text into the units
that state plans; `facts` finds the typed facts of a phrase (prices, sizes,
minutes, periods) and `names` the plan names; `tables` maps a header to
plan fields and `flat` rebuilds tables that lost their grid; `prose` reads
plans stated in sentences and lists; `fill` adds what a page states apart
from the plan; `context` gives a plan its operator and currency when its own
words do not, `audience` and `kinds` say who it is for and what kind it is;
`dedupe` keeps one plan per key. `document` runs them over a document.
"""

from __future__ import annotations

from telcoradar.extract.plans.document import extract_plans

__all__ = ["extract_plans"]
