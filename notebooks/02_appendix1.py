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
# # Appendix 1: Strategic Performance Report
#
# Reads the processed data written by `01_prepare` and displays each section
# of Appendix 1. Every cell only calls perflib and displays what it returns;
# the export (`perflib run`) hides the code. `make lab QUARTER="2024-25 Q1"`
# opens it with that quarter in the parameters cell; values there are for your
# session only: saving puts the defaults back.

# %% tags=["parameters"]
quarter = "2023-24 Q3"
config = "data/council.yml"

# %%
from IPython.display import display

from perflib.report.sections import Report

report = Report(quarter, config)

# %% [markdown] tags=["remove-cell"]
# Every section of Appendix 1, in the report's one order
# (`perflib.report.outline.SECTIONS`). To look at one section while you work,
# call it in a new cell, e.g. `report.key_challenges()`.

# %%
for section in report.sections():
    display(section)
