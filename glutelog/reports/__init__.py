"""Reports: the period report object, its insight, and one module per output format."""
