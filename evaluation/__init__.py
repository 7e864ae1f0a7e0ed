"""Search-quality evaluation of the project's search against baselines. Not an installed
package: run it from the repository root, ``python -m evaluation`` (``make eval``)."""
