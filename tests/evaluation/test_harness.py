"""The command line. The full evaluation builds an archive of 5,000 articles (``make eval``)
and never runs here."""

import pytest

from evaluation.harness import main


def test_help_names_the_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m evaluation ")
    assert "--generate" in out and "--home" in out and "--unseen" in out
