"""When a PI is due: quarterly always, annual in its quarter, biennial every second year."""

import numpy as np
import pandas as pd

from perflib.inputs.schedule import due_mask


def test_due_mask():
    frame = pd.DataFrame(
        {
            "frequency": ["quarterly", "annual", "annual", "biennial", "biennial", "biennial"],
            "reporting_quarter": [pd.NA, "Q3", "Q1", "Q3", "Q3", "Q3"],
            "first_year_start": [np.nan, np.nan, np.nan, 2019, 2019, 2020],
            "fy_start": [2023, 2023, 2023, 2023, 2022, 2023],
            "q": [3, 3, 3, 3, 3, 3],
        }
    )
    assert due_mask(frame).tolist() == [True, True, False, True, False, False]
