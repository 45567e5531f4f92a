"""Sync state on screen: the sync panel, per-record badges, the status-bar summary and the
conflict view. Everything reads :class:`~exam_client.services.sync.SyncEngine` and
:class:`~exam_client.services.registrations.RegistrationService`; nothing here talks to the
network or the disk on the GUI thread."""
