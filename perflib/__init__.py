"""perflib: a council's quarterly Strategic Performance Report, built from returns.

The package holds all of the logic; the notebooks in ``notebooks/`` import it,
call it and display what it returns. Its subpackages are the pipeline's
stages, and each imports only from the stages before it (checked by
import-linter, ``make lint``):

``core``      paths, quarters, the council and methodology configuration, problems
``inputs``    the catalogue, the returns (workbooks, CSV, monthly figures), the narrative, comparator files
``rules``     status, year to date, trends, SPC, suppression, benchmarking, selection, roll-ups
``build``     the rated panel, the scorecard, Flagship Actions, the processed data of a quarter
``report``    the sections of Appendix 1: wording, sentences, charts, templates and stylesheet
``export``    HTML, PDF, scorecard CSV and XLSX, data quality CSV, return templates
``workflow``  running the notebooks, publishing, the cache, manifests, speed, the command line
"""

__version__ = "0.1.0"
