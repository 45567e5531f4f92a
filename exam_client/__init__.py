"""Desktop client for THPT exam registration and university admissions."""

__version__ = "0.1.0"
