"""The wire contract shared with the mock ministry, and the HTTP client."""
