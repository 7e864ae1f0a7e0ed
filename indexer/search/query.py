"""The query syntax and its expansion: what a user types, as a Whoosh query over the index
fields plus the facet filters typed in it.

Syntax: words (all must match), "quoted phrases", OR, NOT / -word, ``facet:value``. A typed word
searches every word field, its parts through the title sub-words and the index vocabulary, and
the entities it names: a country, city or organisation by any of its names in any language
(``indexer.search.entity_query``), a year in BE or CE.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import qparser
from whoosh import query as q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import And, AndMaybe, Every, Or, Phrase, Query, Term

from archive.reference.entities import entity_named
from indexer.search.analysis import subwords as split_subwords
from indexer.search.analysis import words
from indexer.search.documents import SUBWORD_FIELDS, WORD_FIELDS, facet_field
from indexer.search.entity_query import entity_clauses, quote_names
from indexer.search.facets import facet_names, normalise, typed_year
from indexer.search.index_vocabulary import Vocabulary, infix_clauses

_PARSERS = threading.local()


def _parser(facets: tuple[str, ...]) -> qparser.QueryParser:
    """A parser for the query syntax only: words stay as typed, fields name facets (one per
    thread, built once for the facet names: building one costs more than parsing)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None or _PARSERS.facets != facets:
        fields = {"q": TEXT(analyzer=SpaceSeparatedTokenizer())}
        fields.update({name: ID() for name in facets})
        parser = qparser.QueryParser("q", Schema(**fields), group=qparser.AndGroup)
        parser.add_plugin(qparser.PlusMinusPlugin())
        parser.remove_plugin_class(qparser.BoostPlugin)
        _PARSERS.parser, _PARSERS.facets = parser, facets
    return parser


_TREES: dict[tuple[tuple[str, ...], str], Query] = {}


def _parse(text: str, facets: tuple[str, ...]) -> Query:
    """The syntax tree of a query (remembered: a search parses its query three times)."""
    key = (facets, text)
    tree = _TREES.get(key)
    if tree is None:
        tree = _parser(facets).parse(text)
        if len(_TREES) >= 1024:
            _TREES.clear()
        _TREES[key] = tree
    return tree


@lru_cache(maxsize=8)
def _field_value(facets: tuple[str, ...]) -> re.Pattern[str]:
    """A facet value typed in a query ("month:2018-11"), to be quoted so that its hyphen is not
    read as a minus."""
    return re.compile(r"(?<![\w\"])((?:%s):)([^\s\"()]+)" % "|".join(facets))


@dataclass
class ParsedQuery:
    """A typed query: the Whoosh query, the facet filters and exclusions typed in it, its words
    as typed, and a notice when its syntax was not understood."""

    query: Query
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    notice: str | None = None


@dataclass
class _Options:
    """How a typed query becomes a Whoosh query (one search builds it in several modes)."""

    vocabulary: Vocabulary | None = None
    subwords: bool = True  # add part-of-a-word matches (title sub-words, vocabulary)
    join: str = "all"  # Thai typed without spaces: "all" words, "phrase" as written, "any"
    single: bool = False  # the query is one word (common words then skip sub-word expansion)
    bonus: bool = True  # words typed together rank higher when found together
    quoted: frozenset[str] = frozenset()
    facets: tuple[str, ...] = ()  # the facet names, which ``facet:value`` may use


def _word_query(word: str, opts: _Options, *, phrase: bool = False) -> Query | None:
    """A typed word (or quoted phrase) across the word fields, its substrings through the title
    sub-word field and the vocabulary, and its entities: a country, city or organisation named
    in any language (every other name of it too), a year in BE or CE."""
    phrase = phrase or word in opts.quoted
    terms = words(word)
    clauses: list[Query] = []
    if len(terms) == 1:
        clauses += [Term(name, terms[0]) for name in WORD_FIELDS]
    elif terms and (phrase or opts.join == "phrase"):
        clauses += [Phrase(name, terms) for name in WORD_FIELDS]
    elif terms and opts.join == "any":
        clauses += [Term(name, t) for t in terms for name in WORD_FIELDS]
    elif terms:
        # Thai typed without spaces is several words: each must match somewhere; found
        # together as written, they rank higher.
        every = And([Or([Term(name, t) for name in WORD_FIELDS]) for t in terms])
        if opts.bonus:
            every = AndMaybe(every, Or([Phrase(name, terms) for name in WORD_FIELDS]))
        clauses.append(every)
    grams = split_subwords(word) if opts.subwords else []
    if grams and len(word.strip()) >= 2:
        for name in SUBWORD_FIELDS:
            sub = Phrase(name, grams) if len(grams) > 1 else Term(name, grams[0])
            sub.boost = 0.3
            clauses.append(sub)
    short_latin = word.isascii() and len(word.strip()) < 4
    if opts.subwords and (not phrase or len(terms) <= 3) and not short_latin:
        clauses += infix_clauses(terms, opts.vocabulary, gate=opts.single)
    entity = entity_named(word)
    if entity is not None:
        clauses += entity_clauses(entity, word)
    year = typed_year(word)
    if year:
        clauses.append(Term(facet_field("year"), str(year), boost=2.0))
    return Or(clauses) if clauses else None


def parse_query(
    text: str,
    vocabulary: Vocabulary | None = None,
    *,
    subwords: bool = True,
    join: str = "all",
    bonus: bool = True,
) -> ParsedQuery:
    """The user's query as a Whoosh query plus facet filters typed in it ("country:JP").

    Syntax: words (all must match), "quoted phrases", OR, NOT / -word, field:value for facets.
    A query the parser cannot make sense of is searched as plain words, with a notice.
    ``subwords=False`` leaves out the part-of-a-word clauses; ``join`` says how a word typed
    without spaces is matched: all its words ("all"), as written ("phrase"), or any ("any",
    where the query's words are also OR-ed: the relaxed query when nothing has them all)."""
    text = quote_names((text or "").strip()[:500])
    if not text:
        return ParsedQuery(query=Every())
    pieces = [w for w in text.split() if w not in ("AND", "OR", "NOT") and ":" not in w]
    facets = facet_names()
    field_value = _field_value(facets)
    opts = _Options(
        vocabulary=vocabulary,
        subwords=subwords,
        join=join,
        single=len(pieces) <= 1,
        bonus=bonus,
        # Whoosh turns a quoted single token into a plain term: remember what was quoted.
        quoted=frozenset(m.strip() for m in re.findall(r'"([^"]+)"', text)),
        facets=facets,
    )
    notice = None
    try:
        tree = _parse(field_value.sub(r'\1"\2"', text), facets)
        result = ParsedQuery(query=Every())
        if tree is q.NullQuery and text.lstrip().startswith("-"):
            # "-ญี่ปุ่น" or "-country:TH" alone: everything except that
            tree = q.Not(_parse(field_value.sub(r'\1"\2"', text.lstrip()[1:]), facets))
        result.query = _expand(tree, result, opts, negated=False, top=True)
        if isinstance(result.query, q.Not):
            result.query = q.And([Every(), result.query])
        if result.query is q.NullQuery:
            raise ValueError("empty")
    except Exception:  # the parser or the expansion choked: fall back to plain words
        notice = "syntax"  # a code of indexer.search.service.NOTICES
        plain = "".join(
            ch if ch.isalnum() or ch.isspace() or "\u0e00" <= ch <= "\u0e7f" else " " for ch in text
        )
        result = ParsedQuery(query=Every())
        clauses = [c for c in (_word_query(w, opts) for w in plain.split()) if c]
        result.words = plain.split()
        group = q.Or if join == "any" else q.And
        if clauses:
            result.query = group(clauses)
        else:  # only symbols: nothing to search for (not the whole archive)
            result.query = q.NullQuery
            notice = "syntax_empty"
    result.notice = notice
    return result


def _expand(node: Query, result: ParsedQuery, opts: _Options, *, negated: bool, top: bool) -> Query:
    if isinstance(node, q.Term) and node.fieldname == "q":
        result.words.append(node.text)
        return _word_query(node.text, opts) or q.NullQuery
    if isinstance(node, q.Phrase) and node.fieldname == "q":
        phrase = " ".join(node.words)
        result.words.append(phrase)
        return _word_query(phrase, opts, phrase=True) or q.NullQuery
    if isinstance(node, (q.Prefix, q.Wildcard)) and node.fieldname == "q":
        stem = node.text.rstrip("*?")
        if isinstance(node, q.Wildcard) and not node.text.endswith("*"):
            raise ValueError("only trailing wildcards are supported")
        terms = words(stem)
        if not terms:
            raise ValueError("empty wildcard")
        return q.Or([q.Prefix(name, terms[-1]) for name in ("title", "content")])
    if isinstance(node, q.Term) and node.fieldname in opts.facets:
        value = normalise(node.fieldname, node.text)
        if not top:
            return q.Term(facet_field(node.fieldname), value)
        target = result.excluded if negated else result.filters
        target.setdefault(node.fieldname, []).append(value)
        return Every()
    if isinstance(node, q.Not):
        inner = _expand(node.query, result, opts, negated=not negated, top=top)
        return Every() if isinstance(inner, Every) else q.Not(inner)
    if isinstance(node, q.AndNot):
        return q.AndNot(
            _expand(node.a, result, opts, negated=negated, top=False),
            _expand(node.b, result, opts, negated=not negated, top=False),
        )
    if isinstance(node, q.AndMaybe):
        return q.AndMaybe(
            _expand(node.a, result, opts, negated=negated, top=False),
            _expand(node.b, result, opts, negated=negated, top=False),
        )
    if isinstance(node, q.CompoundQuery):
        # Facet conditions directly under the top-level AND become filters; anywhere else
        # (under OR) they are terms of the query.
        keep_top = top and isinstance(node, q.And)
        children = [
            _expand(child, result, opts, negated=negated, top=keep_top) for child in node.subqueries
        ]
        children = [c for c in children if not isinstance(c, Every)] or [Every()]
        kind = type(node)
        if opts.join == "any" and kind is q.And:
            kind = q.Or  # relaxed: records with most of the words first
        return kind(children) if len(children) > 1 else children[0]
    raise ValueError(f"unsupported query part: {node!r}")
