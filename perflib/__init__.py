"""perflib: a council's quarterly Strategic Performance Report, built from returns.

The package holds all of the logic; the notebooks in ``notebooks/`` import it,
call it and display what it returns. Modules follow the pipeline's stages:

``paths``           where things live, anchored on the project root
``quarters``        financial-year quarters ("2023-24 Q3") and their arithmetic
``config``          the council configuration (``data/council.yml``)
``catalogue``       the indicator catalogue, targets and Flagship Actions
``returns``         loading the services' return workbooks
``validation``      problems found in returns, with file, sheet, row and column
``rules``           RAG status of each PI against target and tolerance
``trends``          direction of travel (short and long term)
``pipeline``        building the quarter's processed data (parquet)
``charts``          seaborn charts with alt text
``narrative``       sentences written from the data
``report``          the HTML sections of Appendix 1
``export``          HTML (nbconvert), PDF (WeasyPrint) and scorecard files
``run``             executing the notebooks with papermill, safely
``cli``             the ``perflib`` command
"""

__version__ = "0.1.0"
