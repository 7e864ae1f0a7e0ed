"""Run the search-quality evaluation: ``python -m evaluation``."""

import sys

from evaluation.harness import main

if __name__ == "__main__":
    sys.exit(main())
