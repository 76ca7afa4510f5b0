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
# the export (`perflib run`) hides the code. Change only the parameters cell.

# %% tags=["parameters"]
quarter = "2023-24 Q3"
config = "data/council.yml"

# %%
from IPython.display import display

from perflib.report.sections import Report

report = Report(quarter, config)

# %%
report.title_block()

# %%
report.contents()

# %%
report.summary()

# %%
report.overall()

# %%
for section in report.priorities():
    display(section)

# %%
report.key_challenges()

# %%
report.key_improvers()

# %%
report.spc()

# %%
report.data_quality()

# %%
report.scorecard()

# %%
report.key()

# %%
report.method()
