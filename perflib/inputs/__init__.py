"""Reading what comes in: the catalogue, the services' returns, the narrative and comparator files."""
