"""The comparators block of data/methodology.yml: read, checked, and missing settings named."""

from __future__ import annotations

import pytest
import yaml

from perflib.core.methodology import ConfigError, load_methodology
from perflib.core.paths import METHODOLOGY_CONFIG
from perflib.rules.comparator_method import comparator_method


def _methodology(tmp_path, change):
    data = yaml.safe_load(METHODOLOGY_CONFIG.read_text(encoding="utf-8"))
    change(data["comparators"])
    path = tmp_path / "methodology.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_methodology(path)


def test_the_bundled_numbers():
    m = comparator_method()
    assert (m.lookback_months, m.min_areas_quartile) == (24, 4)
    assert (m.z_inner, m.z_outer, m.winsor_fraction, m.funnel_min_areas) == (1.960, 3.090, 0.10, 4)
    assert comparator_method(load_methodology()) == m


def test_a_changed_number_reaches_the_rules(tmp_path):
    m = comparator_method(_methodology(tmp_path, lambda c: c.update(lookback_months=36)))
    assert m.lookback_months == 36


@pytest.mark.parametrize(
    ("change", "setting"),
    [
        (lambda c: c.pop("lookback_months"), "comparators.lookback_months"),
        (lambda c: c.update(lookback_months=-1), "comparators.lookback_months"),
        (lambda c: c.update(min_areas_quartile=1.5), "comparators.min_areas_quartile"),
        (lambda c: c["funnel"].pop("z_outer"), "comparators.funnel.z_outer"),
        (lambda c: c["funnel"].update(z_outer=1.0), "comparators.funnel.z_outer"),  # not above z_inner
        (lambda c: c["funnel"].update(winsor_fraction=0.6), "comparators.funnel.winsor_fraction"),
        (lambda c: c["funnel"].update(min_areas="four"), "comparators.funnel.min_areas"),
    ],
)
def test_missing_or_malformed_settings_are_named(tmp_path, change, setting):
    with pytest.raises(ConfigError, match=setting.replace(".", r"\.")):
        comparator_method(_methodology(tmp_path, change))
