"""The methodology's rules, each implemented once: status, year to date, trends, SPC, suppression, benchmarking."""
