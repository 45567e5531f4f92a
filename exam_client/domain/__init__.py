"""The regulation as pure Python: no Qt, no database, no network.

Both the desktop client and the mock ministry import this package, so one implementation of each
rule serves both sides (the server stays the authority).
"""
