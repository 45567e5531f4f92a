"""HTTP routes of the mock ministry, one module per area of the API."""
