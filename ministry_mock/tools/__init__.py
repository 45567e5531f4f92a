"""Developer tools that regenerate the mock's shipped data files (not used at run time)."""
