"""Curation: people's corrections, history and withdrawal of records; the review queue and the
links between records (the same meeting reported twice, meetings of one series)."""
