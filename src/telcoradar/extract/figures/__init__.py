"""Market figures: market sizes, user numbers, shares and growth rates, with their year.

`values` reads a number with its currency, scale and unit, `phrases` the
words that name what it measures, `years` the period it refers to; `prose`
reads the figures of a document's sentences.
"""

from __future__ import annotations

from telcoradar.extract.figures.prose import extract_figures

__all__ = ["extract_figures"]
