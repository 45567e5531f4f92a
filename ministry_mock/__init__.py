"""The mock ministry API: a separate FastAPI process that plays the Ministry of Education.

Run it: ``ministry-mock --demo`` (or ``python -m ministry_mock --demo``); see ``--help``.
Embed it (tests, the client's ``--demo`` mode)::

    from ministry_mock.app import create_app
    from ministry_mock.server import start_in_thread
    from ministry_mock.settings import MockSettings

    app = create_app(MockSettings(db_url="sqlite:///path/mock.sqlite3", citizens=500))
    with start_in_thread(app) as server:      # free loopback port, returns once /health answers
        ...server.base_url...

Layout: ``settings`` (one frozen value per instance), ``store/`` (SQLAlchemy models, session
factory), ``geography``/``names``/``population``/``schools`` (deterministic synthetic data from
``resources/data``), ``seed`` (fills an empty database; demo accounts), ``security`` (scrypt,
opaque tokens), ``auth`` (sign-in, lockout, refresh rotation), ``audit``, ``problems`` (RFC 9457
errors for everything), ``routes/`` (HTTP), ``server`` (uvicorn on a thread), ``__main__`` (CLI).
"""
