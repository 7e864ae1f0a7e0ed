"""Repair the Thai text that PDF extractors give for fonts without proper Unicode maps.

Each rule is one function, applied in ``repair_thai`` in this order:

1. ``map_private_use``: glyph variants in the private-use area (tone marks shifted down or left,
   vowels shifted left, consonants without descender) back to their Thai characters.
2. ``map_symbol_font``: pictographs of symbol fonts (Word's Wingdings and Symbol bullets, arrows
   and check marks, U+F021–U+F0FF) become a bullet "•".
3. ``map_latin_marks``: Latin-1 letters that stand for tone marks (``ทีÉ`` → ``ที่``).
4. ``collapse_doubled_marks``: a mark written twice over (a font drawing each mark twice:
   ``หน่่วยงาน``) once, before rule 8 takes the second for a stray.
5. ``fix_am_for_aa``: documents whose every sara aa came out as sara am (Word 2010 with some
   fonts: ``งำน``) get each ambiguous sara am chosen by the dictionary (``งาน``); a sara am
   torn off by a space (``ค ำ``) is a real one.
6. ``join_sara_am``: sara am decomposed into nikhahit (or its stand-in "l" / U+FFFD) + sara aa
   (``ประจlาปี`` → ``ประจำปี``), and spaces torn into it (``ค ำน ำ`` → ``คำนำ``); then a
   U+FFFD right after a mark, a second mark glyph without Unicode, is dropped
   (``ที่่\ufffdคาด`` → ``ที่คาด``).
7. ``restore_lost_am``: a sara am whose nikhahit was lost, leaving a space (``ค าน า``):
   sara am or sara aa, as the dictionary says (``คำนำ``; ``ม า`` → ``มา``).
8. ``place_stray_tones``: a tone mark drawn late lands on the next syllable, which then has two
   (``ขึนเพื ้ ่อ``); it is moved back where the dictionary says it belongs (``ขึ้นเพื่อ``).
9. ``remove_spaces_before_marks`` and mark order / duplicates: ``pythainlp.util.normalize``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.util import normalize

# From HarfBuzz's Thai shaper (src/hb-ot-shaper-thai.cc, thai_pua_shape: SD_mappings,
# SDL_mappings, SL_mappings, RD_mappings), the fallback glyph variants a font without Thai
# OpenType tables carries in the private-use area: (Thai character, Windows PUA, Mac PUA).
_HARFBUZZ_PUA: tuple[tuple[int, int, int], ...] = (
    # SD: shift combining mark down
    (0x0E48, 0xF70A, 0xF88B),  # MAI EK
    (0x0E49, 0xF70B, 0xF88E),  # MAI THO
    (0x0E4A, 0xF70C, 0xF891),  # MAI TRI
    (0x0E4B, 0xF70D, 0xF894),  # MAI CHATTAWA
    (0x0E4C, 0xF70E, 0xF897),  # THANTHAKHAT
    (0x0E38, 0xF718, 0xF89B),  # SARA U
    (0x0E39, 0xF719, 0xF89C),  # SARA UU
    (0x0E3A, 0xF71A, 0xF89D),  # PHINTHU
    # SDL: shift combining mark down-left
    (0x0E48, 0xF705, 0xF88C),  # MAI EK
    (0x0E49, 0xF706, 0xF88F),  # MAI THO
    (0x0E4A, 0xF707, 0xF892),  # MAI TRI
    (0x0E4B, 0xF708, 0xF895),  # MAI CHATTAWA
    (0x0E4C, 0xF709, 0xF898),  # THANTHAKHAT
    # SL: shift combining mark left
    (0x0E48, 0xF713, 0xF88A),  # MAI EK
    (0x0E49, 0xF714, 0xF88D),  # MAI THO
    (0x0E4A, 0xF715, 0xF890),  # MAI TRI
    (0x0E4B, 0xF716, 0xF893),  # MAI CHATTAWA
    (0x0E4C, 0xF717, 0xF896),  # THANTHAKHAT
    (0x0E31, 0xF710, 0xF884),  # MAI HAN-AKAT
    (0x0E34, 0xF701, 0xF885),  # SARA I
    (0x0E35, 0xF702, 0xF886),  # SARA II
    (0x0E36, 0xF703, 0xF887),  # SARA UE
    (0x0E37, 0xF704, 0xF888),  # SARA UEE
    (0x0E47, 0xF712, 0xF889),  # MAITAIKHU
    (0x0E4D, 0xF711, 0xF899),  # NIKHAHIT
    # RD: remove descender from base
    (0x0E0D, 0xF70F, 0xF89A),  # YO YING
    (0x0E10, 0xF700, 0xF89E),  # THO THAN
)
PRIVATE_USE_TABLE: dict[int, str] = {
    pua: chr(thai) for thai, win, mac in _HARFBUZZ_PUA for pua in (win, mac)
}
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")

THAI_CONSONANT = "\u0e01-\u0e2e"
TONE = "\u0e48-\u0e4b"
# Combining marks above and below (mai han-akat, sara i .. phinthu, maitaikhu .. yamakkan).
COMBINING = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
THAI = "\u0e01-\u0e5b"
COMBINING_MARKS = frozenset(
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)

# Fonts whose tone-mark glyphs sit where cp1252 has É Ê Ë Ì Í map them to those letters: the
# order is that of the tone marks (mai ek .. thanthakhat), as in the private-use variants.
_LATIN_MARKS = {"É": "\u0e48", "Ê": "\u0e49", "Ë": "\u0e4a", "Ì": "\u0e4b", "Í": "\u0e4c"}
LATIN_MARK_LETTERS = frozenset(_LATIN_MARKS)
_LATIN_MARK = re.compile(
    rf"(?<=[{THAI_CONSONANT}{COMBINING}])[{''.join(_LATIN_MARKS)}](?=[{THAI}]|\s|$)"
)

# Sara am drawn as nikhahit + sara aa, with the nikhahit extracted as itself, as "l" or as
# U+FFFD; a tone mark may sit before or after the nikhahit.
_SPLIT_AM = re.compile(rf"([{THAI_CONSONANT}])([{TONE}]?)(?:\u0e4d|l|\ufffd)([{TONE}]?)\u0e32")
# A space torn between a consonant (and its tone mark) and sara am or a combining mark.
_SPACE_BEFORE_AM = re.compile(
    rf"(?<=[{THAI_CONSONANT}{COMBINING}])[ \t\u00a0]+(?=[\u0e33{COMBINING}])"
)

_THAI_RUN = re.compile(rf"[{THAI}]+")
# A glyph without Unicode right after a mark (not the nikhahit of a sara am: no sara aa follows).
_UNMAPPED_AFTER_MARK = re.compile(rf"(?<=[{COMBINING}])\ufffd(?![{TONE}]?\u0e32)")


def map_private_use(text: str) -> str:
    """Private-use glyph variants (HarfBuzz's table) back to their Thai characters."""
    return text.translate(PRIVATE_USE_TABLE)


# Symbol fonts (Wingdings, Symbol) are encoded at U+F020-U+F0FF: bullets, arrows, check marks.
_SYMBOL_FONT = re.compile(r"[\uf021-\uf0ff]")


def map_symbol_font(text: str) -> str:
    """Pictographs of symbol fonts (Word's bullets, arrows, check marks) as a bullet "•"."""
    return _SYMBOL_FONT.sub("\u2022", text.replace("\uf020", " "))


def map_latin_marks(text: str) -> str:
    """Latin-1 letters standing for tone marks inside Thai words (``ทีÉ`` → ``ที่``)."""
    return _LATIN_MARK.sub(lambda m: _LATIN_MARKS[m.group()], text)


def join_sara_am(text: str) -> str:
    """Sara am from its decomposed or torn forms (``ประจlาปี``, ``ค ำน ำ``); a U+FFFD left
    right after a mark is a second mark glyph without Unicode, dropped."""
    text = _SPLIT_AM.sub(lambda m: m.group(1) + (m.group(2) or m.group(3)) + "\u0e33", text)
    text = _UNMAPPED_AFTER_MARK.sub("", text)
    return _SPACE_BEFORE_AM.sub("", text)


_DOUBLED_MARK = re.compile(rf"([{COMBINING}\u0e33])\1+")


def collapse_doubled_marks(text: str) -> str:
    """A mark written twice over, once (``หน่่วยงาน`` → ``หน่วยงาน``, ``ประจำำปี``)."""
    return _DOUBLED_MARK.sub(r"\1", text)


_TWO_TONES = re.compile(rf"[{TONE}](?=[{TONE}])")
_ABOVE_OR_BELOW = "\u0e31\u0e34-\u0e3a\u0e47"
# Where a tone mark can go: after a consonant and its vowel above or below, if it has none.
_TONE_SLOT = re.compile(rf"[{THAI_CONSONANT}][{_ABOVE_OR_BELOW}]?(?![{_ABOVE_OR_BELOW}{TONE}])")
_STRAY_REACH = 12  # characters back to look for the syllable a stray tone mark belongs to


def place_stray_tones(text: str) -> str:
    """Of two tone marks on one letter, move the first back to the syllable before where the
    dictionary finds the most words (or drop it when no place is better)."""
    while True:
        match = _TWO_TONES.search(text)
        if match is None:
            return text
        mark, at = match.group(), match.start()
        rest = text[:at] + text[at + 1 :]
        start = max(0, at - _STRAY_REACH)
        while start > 0 and "\u0e01" <= text[start - 1] <= "\u0e5b":
            start -= 1
            if at - start > 3 * _STRAY_REACH:
                break
        end = at + 1
        while end < len(rest) and "\u0e01" <= rest[end] <= "\u0e5b" and end - at < _STRAY_REACH:
            end += 1
        best, best_score = rest, dictionary_chars(rest[start:end])
        for slot in _TONE_SLOT.finditer(rest, start, at):
            pos = slot.end()
            candidate = rest[:pos] + mark + rest[pos:]
            score = dictionary_chars(candidate[start : end + 1])
            if score > best_score:
                best, best_score = candidate, score
        text = best


# A consonant, a space, then sara aa: the nikhahit of a sara am was lost and left a space
# (``ค าน า``), or a space was torn into a word (``ม า``).
_LOST_AM = re.compile(
    rf"(?:(?<=[{THAI_CONSONANT}])|(?<=[{THAI_CONSONANT}][{TONE}]))[ \u00a0]+(?=\u0e32)"
)
_LOST_AM_RUN = re.compile(rf"[{THAI}]+(?:[ \u00a0]+\u0e32[{THAI}]*)+")
_MAX_JOINT = 4  # gaps in one run chosen together (2**4 readings); more are chosen one by one


def restore_lost_am(text: str) -> str:
    """At each space torn before sara aa, choose sara am or sara aa by the dictionary, all
    the gaps of a word run together (``ค าน า`` → ``คำนำ``, ``ม า`` → ``มา``)."""
    return _LOST_AM_RUN.sub(lambda m: _choose_lost_am(m.group()), text)


def _choose_lost_am(run: str) -> str:
    parts = _LOST_AM.split(run)  # the pieces between the gaps; each later one starts with า
    if len(parts) == 1:
        return run
    gaps = len(parts) - 1

    def reading(choice: tuple[bool, ...]) -> str:
        out = parts[0]
        for am, part in zip(choice, parts[1:], strict=True):
            out += ("\u0e33" + part[1:]) if am else part
        return out

    if gaps <= _MAX_JOINT:
        choices = [tuple(bool(bits >> i & 1) for i in range(gaps)) for bits in range(2**gaps)]
        # ties go to sara am: a lost nikhahit is what leaves a space before sara aa
        return reading(max(choices, key=lambda c: (dictionary_chars(reading(c)), sum(c))))
    choice = [True] * gaps
    for _ in range(2):
        for i in range(gaps):
            options = []
            for am in (True, False):
                choice[i] = am
                options.append((dictionary_chars(reading(tuple(choice))), am))
            choice[i] = max(options)[1]
    return reading(tuple(choice))


def has_am_for_aa(text: str) -> bool:
    """True if the text shows the sara-am-for-sara-aa fault: sara aa, the commonest Thai
    vowel, (almost) never appears while sara am does, again and again."""
    am = text.count("\u0e33")
    return am >= 5 and text.count("\u0e32") * 20 < am


def fix_am_for_aa(text: str) -> str:
    """In text with the sara-am-for-sara-aa fault, choose sara am or sara aa at each sara am
    by the dictionary (``ว่ำด้วยงำนสำรบรรณ`` → ``ว่าด้วยงานสารบรรณ``)."""
    if not has_am_for_aa(text):
        return text
    return _THAI_RUN.sub(lambda m: _choose_am(m.group()), text)


def _choose_am(run: str) -> str:
    if "\u0e33" not in run:
        return run
    chars = list(run)
    # A sara am first in its run was torn off by a space (``ค ำ``): a real one.
    choices = [i for i, ch in enumerate(chars) if ch == "\u0e33" and i > 0]
    for _ in range(2):  # a second pass sees every other choice made
        for i in choices:
            chars[i] = "\u0e32"
            as_aa = dictionary_chars("".join(chars))
            chars[i] = "\u0e33"
            as_am = dictionary_chars("".join(chars))
            if as_aa >= as_am:  # ties go to sara aa: far the commoner in these documents
                chars[i] = "\u0e32"
    return "".join(chars)


@lru_cache(maxsize=1)
def thai_dictionary() -> frozenset[str]:
    """The Thai word list used to judge text (pythainlp's)."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=4096)
def dictionary_chars(run: str) -> tuple[int, int]:
    """How well a Thai run reads: characters in dictionary words (newmm segmentation), then
    fewer words (one long word beats two short ones)."""
    from pythainlp.tokenize import word_tokenize

    words = thai_dictionary()
    tokens = word_tokenize(run, engine="newmm")
    return sum(len(w) for w in tokens if w in words), -len(tokens)


def repair_thai(text: str) -> str:
    """All the rules, line by line (line breaks are kept)."""
    text = map_private_use(text)
    text = map_symbol_font(text)
    text = map_latin_marks(text)
    text = collapse_doubled_marks(text)
    text = fix_am_for_aa(text)
    text = join_sara_am(text)
    text = restore_lost_am(text)
    text = place_stray_tones(text)
    return "\n".join(normalize(line).strip() if line.strip() else "" for line in text.split("\n"))
