"""PySide6 widgets. Talks to services only; never to api or storage."""
