"""Notices by e-mail: saved-search digests, follow-up reminders, agency digests and the
dashboard summary (``kinds.KINDS``), composed once, kept in ``notices`` and sent by
``archive notify`` (``outbox``)."""
