"""Writing the outputs: HTML, PDF, the scorecard as CSV and XLSX, data quality, return templates."""
