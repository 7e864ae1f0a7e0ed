"""Review pages: the queue of records to check (``/review``), a record's doubtful facts, and
the links editors make between records (same meeting, one series)."""
