import pytest

from archive.thai.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "number"), [("10", 10), ("๑๐", 10), (" 7 ", 7), ("10.0", 10), ("๒๕๖๗", 2567)]
)
def test_whole_numbers_as_written(text: str, number: int) -> None:
    assert whole_number(text) == number


@pytest.mark.parametrize("text", ["10.5", "", "ten", "inf", "nan", "1e400", "๑๐.๕"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        whole_number(text)
