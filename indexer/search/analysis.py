"""Whoosh analysis chain for Thai + English text: a word field and a sub-word field.

Whoosh pickles the schema, analyzers included, so every class used here is a plain
module-level class without state that cannot be pickled (no lambdas, no closures, no loaded
dictionary): the nlpo3 dictionary is looked up by name, per process, on first use.

Word field: ``word_analyzer()`` = ``ThaiTokenizer() | FoldFilter()``
    Text is cut into *runs*: Thai runs (letters, vowels and marks) and other runs (letters of
    other scripts and digits, Thai digits ๐-๙ included). A Thai run never starts with a
    dangling mark (tone mark, above/below vowel, ์ ํ ๎ ฺ), so such marks left at the start of a
    run are dropped, as ``pythainlp.util.normalize`` would. Thai runs are segmented with nlpo3
    (newmm) using a custom dictionary: pythainlp's word list plus the gazetteer, agency and
    organisation names (space-free), so "กรุงสตอกโฮล์ม", "กระทรวงการต่างประเทศ" and
    "สำนักป้องกันและบรรเทาสาธารณภัย" stay whole tokens. Other runs are matched by a regex of
    letters and digits: hyphens, dots and apostrophes split, so "COVID-19" is ``covid``, ``19``
    at consecutive positions (a phrase query "covid-19" still finds it, and "covid" alone
    does too), "8.30" is ``8``, ``30``. Whitespace, punctuation, ฯ and ๆ are separators, never
    tokens. Zero-width characters inside a Thai run are ignored for segmentation (the word
    stays whole) but offsets still point into the original text.

    Positions are consecutive from ``start_pos``; ``startchar``/``endchar`` are offsets into the
    value as given (plus ``start_char``), so ``value[startchar:endchar]`` is the surface of the
    token: phrase queries and pinpoint highlighting rely on it.

    ``FoldFilter`` changes token text only, never offsets: Thai digits to Arabic, Latin
    lower-cased and stripped of accents, and Thai repair with ``pythainlp.util.normalize``
    semantics (repeated vowels/tone marks, order of marks, dangling marks, zero-width
    characters). The normaliser is slow (about 20 regex substitutions), so it runs only when
    one precompiled regex (``needs_repair``) says the token could change; ASCII tokens take an
    ``str.lower`` fast path. There is no stop-word list on purpose: pythainlp's holds ร่วม,
    ด้าน, ความ, การ, words that matter in this archive.

Sub-word field: ``subword_analyzer()`` = ``SubwordTokenizer() | FoldFilter()``
    Thai words are written without spaces and the word segmenter keeps compounds whole
    ("ความร่วมมือ", "การก่อการร้าย", "กรุงสตอกโฮล์ม"), so a word query for "ร่วมมือ" would miss
    them. The sub-word field indexes every Thai run as overlapping *bigrams of character
    clusters*, at consecutive positions with exact character offsets; a substring query is a
    phrase of the query's own bigrams (use ``multitoken_query="phrase"`` on the field, or build
    a ``Phrase`` from ``subwords(text)``). A run of a single cluster is indexed as that
    cluster. Other runs: letter runs of three or more letters are indexed as overlapping
    character trigrams (a shorter one whole), digit runs whole.

    Clusters are local: a cluster is leading vowels (เ แ โ ใ ไ) + one consonant + the marks
    and following vowels (ะ า ำ ๅ) attached to it. A boundary depends only on the two
    characters around it, so a query cut on cluster boundaries yields exactly the bigrams found
    inside any longer text: a substring is found whenever it does not start right after a
    leading vowel or end right before a mark or following vowel, i.e. whenever it is made of
    whole syllable pieces. Measured on the first 1000 thaigov articles (2.76 M Thai chars):

    ======================  ==========  ======================  ========  =============
    splitter                M chars/s   tokens (bigrams/grams)  vocab     missed queries
    ======================  ==========  ======================  ========  =============
    pythainlp ``tcc``           3.5     1.52 M (TCC bigrams)    31,184        2
    TCC regex, ``finditer``     5.9     same                    same          2
    local clusters (here)      11.5     1.61 M                  25,784        4
    character trigrams          --      2.52 M                  26,256        0
    ======================  ==========  ======================  ========  =============

    "Missed queries": 35,454 substrings made of 1-3 consecutive nlpo3 words of a run, whose
    bigrams are not found at the same offsets in the run; the 4 local misses are all malformed
    text (a decomposed sara am "ํา", a stray mark), which the archive cleans before indexing.
    Why cluster bigrams rather than character trigrams: 36 % fewer postings for the same
    exactness (consecutive overlapping grams spell the substring exactly in both schemes), no
    gram starts or ends inside a cluster (a trigram may start with a tone mark), and two-cluster
    queries such as "ไทย" or "ภัย" are one bigram (a character trigram scheme cannot index
    a two-character query). Why local clusters rather than TCC: twice as fast, a smaller
    vocabulary, and a boundary rule one can state (TCC is a greedy left-to-right regex whose
    result depends on what follows).

    Latin trigrams: Latin letters are 3.5 % of the letters of the corpus (314 k of 8.9 M in
    3000 articles, mostly URL parts); trigrams of them add 181 k tokens to about 5 M Thai
    bigrams (+3.6 %), which buys substring recall ("covid" in "covid19", "payment" in
    "copayment") at negligible cost, so they are on. Digits stay whole (a substring of a number
    is another number).

Speed: short Thai runs repeat a lot (42 % of the Thai text of 3000 articles is in runs seen
more than once), so short runs' segmentations and sub-word spans, and token folds, are
memoised in bounded module-level dicts (never attributes: whoosh pickles the analyzers).
``benchmarks/analysis.py`` on 3000 articles (9.9 M chars), one core, memos cold each round:
nlpo3.segment alone 6.1 M chars/s; word analyzer 3.9 M chars/s (0.69 M tokens/s); sub-word
analyzer 2.7 M chars/s (1.47 M tokens/s).

Index formats: Whoosh turns a field value into postings with ``Format.word_values``, which
walks the analyzer's Token stream (a generator per stage, attributes set per token).
``word_format()`` gives the word fields ``WordPositions`` / ``WordCharacters``: the same
postings, byte for byte, computed from ``word_spans`` (plain tuples) when the analyzer is
``word_analyzer()``; any other analyzer or call goes through Whoosh's own code.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import as_file, files
from pathlib import Path

import nlpo3
from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer
from whoosh.formats import Characters, Positions

from archive.reference.agencies import known_agencies
from archive.reference.gazetteer import dictionary_words
from archive.reference.organizations import organizations
from archive.reference.prepared import cache_folder
from archive.reference.tables import DATA
from archive.thai.normalize import THAI_DIGITS

__all__ = [
    "FoldFilter",
    "SubwordTokenizer",
    "ThaiTokenizer",
    "WordCharacters",
    "WordPositions",
    "clear_memos",
    "custom_dictionary_words",
    "dictionary_name",
    "fold_token",
    "needs_repair",
    "pythainlp_dictionary_name",
    "subword_analyzer",
    "subwords",
    "word_analyzer",
    "word_format",
    "word_spans",
    "words",
]

# --- character classes -------------------------------------------------------------------------

_CONSONANTS = "\u0e01-\u0e2e"  # ก-ฮ (ฤ ฦ included: they take the place of a consonant)
_LEADING = "\u0e40-\u0e44"  # เ แ โ ใ ไ
_FOLLOWING = "\u0e30\u0e32\u0e33\u0e45"  # ะ า ำ ๅ
# Non-spacing marks: ั, ิ ี ึ ื ุ ู ฺ, ็ ่ ้ ๊ ๋ ์ ํ ๎ (pythainlp's "dangling" characters).
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# A Thai run starts with a consonant or a vowel letter, never with a mark, and may contain
# invisible characters (ignored for segmentation). ฯ ๆ ฿ ๏ ๚ ๛ and Thai digits end it.
_THAI_START = _CONSONANTS + _LEADING + _FOLLOWING
_THAI_BODY = _THAI_START + _MARKS
_THAI_RUN = "[%s][%s%s]*" % (_THAI_START, _THAI_BODY, _INVISIBLE)
# Letters and digits of every other script; Thai digits are digits.
_OTHER_WORD = r"(?:[^\W_\u0e00-\u0e7f]|[\u0e50-\u0e59])+"

_WORD_RUNS = re.compile("(%s)|%s" % (_THAI_RUN, _OTHER_WORD))
# Sub-word runs: Thai, letters (not digits), digits (any script, Thai digits included).
_SUB_RUNS = re.compile(r"(%s)|([^\W\d_\u0e00-\u0e7f]+)|\d+" % _THAI_RUN)
_HAS_INVISIBLE = re.compile("[%s]" % _INVISIBLE)
_MARK_SET = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | frozenset(
    map(chr, range(0x0E47, 0x0E4F))
)
_MARK_CHARS = "".join(sorted(_MARK_SET))

# One cluster: leading vowels + consonant + marks/following vowels; or, in malformed text,
# leading vowels or marks without a consonant.
_CLUSTER = "(?:[%s]*[%s][%s%s]*|[%s]+[%s%s]*|[%s%s]+)" % (
    _LEADING, _CONSONANTS, _MARKS, _FOLLOWING,
    _LEADING, _MARKS, _FOLLOWING,
    _MARKS, _FOLLOWING,
)  # fmt: skip
# Each match is one cluster followed (lookahead, group 1) by the next: the pair is a bigram.
# Matches are consecutive: a match ends where the next cluster starts.
_BIGRAMS = re.compile("%s(?=(%s))" % (_CLUSTER, _CLUSTER))
_TRIGRAMS = re.compile(r"[^\W\d_](?=([^\W\d_]{2}))")

# --- folding -------------------------------------------------------------------------------------

_TONES = "\u0e48-\u0e4b"
_ABOVE_BELOW = "\u0e31\u0e34-\u0e39\u0e47\u0e4d"
_DANGLING = "\u0e31\u0e34-\u0e39\u0e47-\u0e4b\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = "\u0e30\u0e32\u0e33\u0e45\u0e40-\u0e44\u0e31\u0e34-\u0e39\u0e47\u0e3a\u0e4c-\u0e4e"
# Everything on which pythainlp.util.normalize may change a space-free token (see its
# _REORDER_PAIRS, _NOREPEAT_PAIRS, _RE_TONEMARKS, _RE_REMOVE_DANGLINGS and remove_zw):
# invisible characters, a dangling mark first, เเ, tone mark or ์ before an above/below
# vowel, any nikhahit (ํา → ำ), a following vowel before a tone mark, any lakkhangyao,
# a doubled vowel/sign, two tone marks in a row.
_NEEDS_REPAIR = re.compile(
    "[%s]|^[%s]|\u0e40\u0e40|[%s\u0e4c][%s]|\u0e4d|[%s][%s]|\u0e45|([%s])\\1|[%s]{2}"
    % (_INVISIBLE, _DANGLING, _TONES, _ABOVE_BELOW, _FOLLOWING, _TONES, _NO_REPEAT, _TONES)
)
_FOLD_TABLE = str.maketrans(
    {**{ord(d): str(i) for i, d in enumerate(THAI_DIGITS)}, **dict.fromkeys(map(ord, _INVISIBLE))}
)


def needs_repair(token: str) -> bool:
    """Whether ``pythainlp.util.normalize`` might change this space-free Thai token."""
    return _NEEDS_REPAIR.search(token) is not None


def _repair_thai(text: str) -> str:
    # pythainlp is imported on first use: it adds 50 ms to every start of the web site and
    # of the command line, most of which never need it.
    from pythainlp.util import normalize as thai_normalize

    return thai_normalize(text.translate(_FOLD_TABLE))


def _fold_other(text: str) -> str:
    """Non-ASCII, non-Thai token: Thai digits to Arabic, lower-case, accents stripped."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE).lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --- dictionaries ------------------------------------------------------------------------------

_DICT_PREFIX = "thai-meeting-archive"
_SPACES = re.compile(r"\s+")
_THAI_WORD = re.compile("[%s]+" % _THAI_BODY)
_load_lock = threading.Lock()


def custom_dictionary_words() -> list[str]:
    """The segmentation dictionary, sorted: pythainlp's word list plus the gazetteer, agency
    and organisation names. Spaces are removed from names; entries that could never be one
    Thai run (dots, ๆ, ฯ, Latin) are left out."""
    from pythainlp.corpus import thai_words  # on first use, as in ``_repair_thai``

    names: set[str] = set(dictionary_words()) | set(known_agencies())
    names.update(agency.name_th for agency in known_agencies().values())
    for org in organizations():
        names.add(org.name_th)
        names.update(org.cues)
    words = set(thai_words()) | {_SPACES.sub("", name) for name in names}
    return sorted(w for w in words if _THAI_WORD.fullmatch(w))


def _cached_file(content: str, label: str) -> Path:
    """A file under the temp dir holding ``content``, named by its hash, written atomically."""
    data = content.encode("utf-8")
    digest = hashlib.blake2b(data, digest_size=10).hexdigest()
    path = Path(tempfile.gettempdir()) / f"{_DICT_PREFIX}-{label}-{digest}.txt"
    if not path.exists() or path.stat().st_size != len(data):
        _write(path, data)
    return path


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sources_digest() -> str:
    """A digest of what the custom dictionary is made from: pythainlp's version (its word
    list), the reference tables, the modules that read them and this one."""
    digest = hashlib.blake2b(digest_size=10)
    with contextlib.suppress(PackageNotFoundError):
        digest.update(version("pythainlp").encode())
    reference = DATA.parent
    sources = [*sorted(DATA.iterdir()), *sorted(reference.glob("*.py")), Path(__file__)]
    for path in sources:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _prepared_dictionary() -> Path:
    """The custom dictionary's file, kept in the user's cache folder under a digest of what it
    is made from: a new process finds it there without building the word list (0.1-0.2 s,
    most of a first query). In the temp dir, named by its content, when the cache is off
    (``ARCHIVE_REFERENCE_CACHE=0``) or cannot be written."""
    folder = cache_folder()
    if folder is not None:
        path = folder / f"{_DICT_PREFIX}-words-{_sources_digest()}.txt"
        with contextlib.suppress(OSError):
            found = path.stat()
            if found.st_uid == os.getuid() and found.st_size > 0:
                return path  # our own file, in our private folder
    content = "\n".join(custom_dictionary_words()) + "\n"
    if folder is not None:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _write(path, content.encode("utf-8"))
            for old in folder.glob(f"{_DICT_PREFIX}-words-*.txt"):
                if old != path:
                    old.unlink(missing_ok=True)
            return path
        except OSError:
            pass  # a read-only home
    return _cached_file(content, "words")


def _load(path: Path | str, name: str) -> str:
    with _load_lock:
        message, ok = nlpo3.load_dict(str(path), name)
        # nlpo3 never replaces a loaded name; the names here are content hashes, so a name
        # already loaded holds the same words.
        if not ok and "already exists" not in message:
            raise RuntimeError(f"nlpo3 could not load {path}: {message}")
    return name


@cache
def dictionary_name() -> str:
    """The nlpo3 name of the custom dictionary, loaded on first use (once per process)."""
    path = _prepared_dictionary()
    return _load(path, path.stem)


@cache
def pythainlp_dictionary_name() -> str:
    """The nlpo3 name of pythainlp's plain word list (the baseline dictionary)."""
    with as_file(files("pythainlp.corpus").joinpath("words_th.txt")) as path:
        data = Path(path).read_bytes()
        name = f"{_DICT_PREFIX}-pythainlp-{hashlib.blake2b(data, digest_size=10).hexdigest()}"
        return _load(path, name)


# --- tokenizers --------------------------------------------------------------------------------


def _visible(run: str) -> tuple[str, list[int]]:
    """``run`` without invisible characters, and the index in ``run`` of each kept char."""
    kept = [i for i, ch in enumerate(run) if ch not in _INVISIBLE]
    return "".join(run[i] for i in kept), kept


class ThaiTokenizer(Tokenizer):
    """Thai runs segmented by nlpo3 with the custom dictionary; letters/digits of other
    scripts by regex. See the module docstring."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        assert isinstance(value, str), "%r is not unicode" % value
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from _whole(t, value, positions, chars, start_pos, start_char)
            return
        pos = start_pos
        # The token loop is written out in each tokenizer: it runs once per token while
        # indexing, where a shared generator layer costs measurable build time.
        for word, start, end in word_spans(value):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            pos += 1
            yield t


def word_spans(value: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each ``ThaiTokenizer`` token of ``value``, in order, unfolded."""
    segment = nlpo3.segment
    name = dictionary_name()
    marks = _MARK_SET
    memo = _SEGMENTED
    out: list[tuple[str, int, int]] = []
    append = out.append
    for match in _WORD_RUNS.finditer(value):
        start = match.start()
        if match.lastindex is None:  # letters/digits of another script
            append((match.group(), start, match.end()))
            continue
        run = match.group()
        if _HAS_INVISIBLE.search(run):
            out += [(word, start + s, start + e) for word, s, e in _segment_visible(run, name)]
            continue
        found = memo.get(run)
        if found is None:
            found = segment(run, name)
            if len(run) <= _MEMO_RUN:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[run] = found
        for word in found:
            end = start + len(word)
            if not (word[0] in marks and not word.strip(_MARK_CHARS)):
                append((word, start, end))
            start = end
    return out


def _segment_visible(run: str, name: str) -> list[tuple[str, int, int]]:
    """Slow path for a run with invisible characters: (word, start, end) segmented without
    them, offsets mapped back into ``run``."""
    visible, index = _visible(run)
    out = []
    offset = 0
    for word in nlpo3.segment(visible, name):
        first, last = index[offset], index[offset + len(word) - 1]
        offset += len(word)
        if not (word[0] in _MARK_SET and not word.strip(_MARK_CHARS)):
            out.append((word, first, last + 1))
    return out


class SubwordTokenizer(Tokenizer):
    """Thai runs as overlapping bigrams of character clusters, letter runs as character
    trigrams (shorter ones whole), digit runs whole. See the module docstring."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        assert isinstance(value, str), "%r is not unicode" % value
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from _whole(t, value, positions, chars, start_pos, start_char)
            return
        memo = _SUBWORD_SPANS
        pos = start_pos
        for match in _SUB_RUNS.finditer(value):
            run = match.group()
            spans = memo.get(run)
            if spans is None:
                spans = _subword_spans(run, match.lastindex)
                if len(run) <= _SPANS_RUN:
                    if len(memo) >= _SPANS_SIZE:
                        memo.clear()
                    memo[run] = spans
            base = start_char + match.start()
            for s, e, text in spans:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = base + s
                    t.endchar = base + e
                pos += 1
                yield t


def _subword_spans(run: str, kind: int | None) -> list[tuple[int, int, str]]:
    """(start, end, text) of the sub-word tokens of one run of ``_SUB_RUNS``: cluster bigrams
    of a Thai run (kind 1), trigrams of a letter run (kind 2), a digit run whole (None)."""
    if kind == 1 and _HAS_INVISIBLE.search(run):
        visible, index = _visible(run)
        return [(index[s], index[e - 1] + 1, text) for s, e, text in _subword_spans(visible, 1)]
    if kind is not None and len(run) >= 3:
        grams = (_BIGRAMS if kind == 1 else _TRIGRAMS).finditer(run)
        spans = [(m.start(), m.end(1)) for m in grams]
        if spans:
            return [(s, e, run[s:e]) for s, e in spans]
    return [(0, len(run), run)]  # digits, a short word, a single cluster


def _whole(
    t: Token, value: str, positions: bool, chars: bool, start_pos: int, start_char: int
) -> Iterator[Token]:
    """The whole value as one token (``tokenize=False``), as whoosh's tokenizers do."""
    t.original = t.text = value
    t.boost = 1.0
    if positions:
        t.pos = start_pos
    if chars:
        t.startchar = start_char
        t.endchar = start_char + len(value)
    yield t


class FoldFilter(Filter):
    """Token text to its comparison form; offsets untouched. See the module docstring."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        memo = _FOLDED
        for t in tokens:
            folded = memo.get(t.text)
            if folded is None:
                folded = fold_token(t.text)
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[t.text] = folded
            if folded:
                t.text = folded
                yield t


def fold_token(text: str) -> str:
    """The folded form of one token (``FoldFilter``'s work, without its memo)."""
    if text.isascii():
        return text.lower()
    if "\u0e01" <= text[0] <= "\u0e4e":
        return _repair_thai(text) if _NEEDS_REPAIR.search(text) else text
    return _fold_other(text)


# Short Thai run -> its nlpo3 words (runs repeat a lot: 42 % of Thai text is in runs seen
# more than once in 3000 articles).
_SEGMENTED: dict[str, list[str]] = {}
# Short run -> its sub-word (start, end, text) spans.
_SUBWORD_SPANS: dict[str, list[tuple[int, int, str]]] = {}
_SPANS_RUN = 12
_SPANS_SIZE = 20_000
_MEMO_RUN = 20
# Token text -> folded text. Module-level, never an attribute: whoosh pickles the filter.
_FOLDED: dict[str, str] = {}
_MEMO_SIZE = 200_000


def clear_memos() -> None:
    """Forget memoised segmentations and folds (benchmarks measure cold runs with it)."""
    _SEGMENTED.clear()
    _SUBWORD_SPANS.clear()
    _FOLDED.clear()


# --- index formats -----------------------------------------------------------------------------


def _folded_words(
    value: object, analyzer: object, kwargs: dict
) -> list[tuple[str, int, int]] | None:
    """(folded term, start, end) of the tokens ``analyzer`` indexes for ``value``, when the
    analyzer is ``word_analyzer()`` and the call a plain one; else None."""
    if (
        type(value) is not str
        or kwargs.keys() - {"mode"}
        or not isinstance(analyzer, CompositeAnalyzer)
        or [type(item) for item in analyzer.items] != [ThaiTokenizer, FoldFilter]
    ):
        return None
    memo = _FOLDED
    out = []
    for word, start, end in word_spans(value):
        folded = memo.get(word)
        if folded is None:
            folded = fold_token(word)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[word] = folded
        if folded:
            out.append((folded, start, end))
    return out


class WordPositions(Positions):
    """``Positions`` whose postings for the word analyzer are computed without Token objects
    and generator chains (a third of a document's indexing time); same bytes, same terms."""

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[no-untyped-def]
        """(term, frequency, weight, encoded positions) per distinct term of ``value``."""
        found = _folded_words(value, analyzer, kwargs)
        if found is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses: dict[str, list[int]] = {}
        for pos, (text, _, _) in enumerate(found):
            seen = poses.get(text)
            if seen is None:
                poses[text] = [pos]
            else:
                seen.append(pos)
        fb, encode = self.field_boost, self.encode
        for text, poslist in poses.items():
            yield (text, len(poslist), float(len(poslist)) * fb, encode(poslist))


class WordCharacters(Characters):
    """``Characters`` with the fast path of ``WordPositions``."""

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[no-untyped-def]
        """(term, frequency, weight, encoded positions and offsets) per distinct term."""
        found = _folded_words(value, analyzer, kwargs)
        if found is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        seen: dict[str, list[tuple[int, int, int]]] = {}
        for pos, (text, start, end) in enumerate(found):
            spans = seen.get(text)
            if spans is None:
                seen[text] = [(pos, start, end)]
            else:
                spans.append((pos, start, end))
        fb, encode = self.field_boost, self.encode
        for text, poslist in seen.items():
            yield (text, len(poslist), float(len(poslist)) * fb, encode(poslist))


def word_format(*, chars: bool, field_boost: float = 1.0) -> Positions:
    """The posting format of a word field (``chars``: with character offsets)."""
    return (WordCharacters if chars else WordPositions)(field_boost=field_boost)


# --- factories and helpers ---------------------------------------------------------------------


def word_analyzer():
    """Analyzer for the word field: nlpo3 words with the custom dictionary, folded."""
    return ThaiTokenizer() | FoldFilter()


def subword_analyzer():
    """Analyzer for the sub-word field: cluster bigrams / letter trigrams, folded."""
    return SubwordTokenizer() | FoldFilter()


@cache
def _analyzers():
    return word_analyzer(), subword_analyzer()


def words(text: str) -> list[str]:
    """The word-field terms of ``text``, in order (query mode)."""
    return [t.text for t in _analyzers()[0](text, mode="query")]


def subwords(text: str) -> list[str]:
    """The sub-word-field terms of ``text``, in order (query mode): a substring query is the
    phrase of these terms."""
    return [t.text for t in _analyzers()[1](text, mode="query")]
