# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (perflib)
#     language: python
#     name: perflib
# ---

# %% [markdown] tags=["remove-cell"]
# # Prepare a quarter
#
# Loads the catalogue and every return up to the quarter, checks them, rates
# every PI in every period and writes the processed data to
# `data/processed/<quarter>/`. The report notebook (`02_appendix1`) reads it.
# Run with papermill (see README) or here in JupyterLab: `make lab
# QUARTER="2024-25 Q1"` opens it with that quarter in the parameters cell.
# Values in the parameters cell are for your session only: saving puts the
# defaults back.

# %% tags=["parameters"]
quarter = "2023-24 Q3"
config = "data/council.yml"

# %%
from perflib.workflow.cache import prepare
from perflib.workflow.lab import show_in_full

show_in_full()  # every problem and receipt in full, not cut at 50 characters
prepared = prepare(quarter, config)

# %% [markdown]
# ## Returns received

# %%
prepared.receipts[["directorate_name", "file", "state", "submitted", "detail"]]

# %% [markdown]
# ## Data-quality problems

# %%
prepared.problems[["severity", "file", "sheet", "row", "column", "value", "expected", "message"]]

# %% [markdown]
# ## Scorecard

# %%
prepared.scorecard[
    ["pi_code", "title", "value", "target", "amber_threshold", "status", "status_reason", "short_trend", "long_trend"]
]
