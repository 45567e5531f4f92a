"""Kiosk mode: one candidate at a time, full screen, a guided flow that forgets everything.

Entry point: :class:`exam_client.ui.kiosk.shell.KioskShell`. New steps of the candidate journey
are pages of the step framework (:mod:`exam_client.ui.kiosk.steps`, see its docstring).
"""
