"""The public face: what `import telcoradar` and `telcoradar.api` offer a notebook user, pinned."""

from __future__ import annotations

import telcoradar
import telcoradar.api

TOP = ["Document", "Event", "Evidence", "Extraction", "Figure", "Plan", "Snapshot", "__version__", "open"]
API = ["Day", "Radar", "open"]


def test_the_package_exports_the_domain_types_and_open() -> None:
    assert sorted(telcoradar.__all__) == sorted(TOP)
    for name in TOP:
        assert getattr(telcoradar, name) is not None
    assert telcoradar.open is telcoradar.api.open
    assert telcoradar.Plan.__module__ == "telcoradar.model"


def test_the_notebook_module_exports_radar_and_open() -> None:
    assert sorted(telcoradar.api.__all__) == API
    public = sorted(
        name
        for name, value in vars(telcoradar.api).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == "telcoradar.api"
    )
    assert public == ["Radar", "open"]  # `Day` is a type alias, the rest is private


def test_radar_methods_are_the_documented_ones() -> None:
    methods = sorted(name for name in vars(telcoradar.api.Radar) if not name.startswith("_"))
    assert methods == [
        "activity",
        "change_list",
        "close",
        "compare",
        "comparison",
        "event_list",
        "events",
        "figures",
        "frontier",
        "hedonic",
        "lags",
        "moves",
        "options",
        "plan_list",
        "plans",
        "strategy",
        "unit_prices",
    ]
