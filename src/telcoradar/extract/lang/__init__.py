"""The language the extractors read: text, numbers, units, periods, dates and the keyword lexicon.

Shared by the plan, event and figure extractors and independent of them.
`text` folds and splits text (offsets stay in the original), `numbers` and
`units` read amounts as operators write them, `periods` reads how long a
plan runs, `dates` reads dates with their precision, `spaced` closes up Han
text written a character apart, and `lexicon` holds the event and figure
keywords of `data/lexicon.toml`.
"""
