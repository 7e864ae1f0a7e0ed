"""Background work: upload jobs (rows in the database) and the task queue that runs them."""
