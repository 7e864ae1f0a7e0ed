"""Documents through the site: editors upload files (form and API), follow their jobs, and
anyone who may read a record downloads its original file."""
