"""Use cases: plain Python, no Qt. Each returns plain results or raises typed errors."""
