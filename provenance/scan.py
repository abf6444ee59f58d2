"""Scan: find and hash the words of a text with numpy, a whole batch at a time.

A word is what :data:`WORD_PATTERN` matches: an abbreviation written with dots
(``U.S.``), or a run of letters and digits that may hold inner apostrophes and
hyphens (``Baku's``, ``Nagorno-Karabakh``). The pattern is the definition and
the tests' oracle; :func:`scan` finds exactly its matches without running it,
by classifying every character once through a lookup table and finding the
boundaries of runs with array operations. Python's regular expressions move
about 30 MB of text a second; the scan is several times faster, and it hashes
the words in the same pass.

A word's normal form is NFKC, case-folded, with typographic apostrophes and
hyphens folded (:func:`normalize_word`). Its 64-bit hash (:func:`word_hash`)
mixes the UTF-8 bytes of the normal form eight at a time. For words of ASCII
letters (and the folded marks), the normal form is the lower-cased text, so the
scan hashes all of them at once from the folded characters; the rare word
holding any other character is normalised on its own.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from provenance.arrays import distinct

__all__ = [
    "FOLD",
    "WORD_PATTERN",
    "CharTable",
    "lookup",
    "mix64",
    "normalize_word",
    "scan",
    "scan_with",
    "solo_words",
    "word_hash",
    "word_hashes",
]

_ASSIGNED = ((0, 0x3FFFF), (0xE0000, 0xE0FFF))  # the planes where characters are assigned


def _code_point_ranges(
    test: Callable[[str], bool], spans: Sequence[tuple[int, int]] = _ASSIGNED
) -> list[tuple[int, int]]:
    """The ranges ``[first, last]`` of code points inside ``spans`` (each ``[first,
    last]``) whose character passes ``test`` (asked of every code point, in C loops)."""
    found: list[tuple[int, int]] = []
    for lo, last in spans:
        size = last + 1 - lo
        passes = np.fromiter(map(test, map(chr, range(lo, last + 1))), dtype=np.int8, count=size)
        edges = np.flatnonzero(np.diff(np.concatenate([[0], passes, [0]]))).tolist()
        found.extend((lo + a, lo + b - 1) for a, b in zip(edges[0::2], edges[1::2], strict=True))
    return found


def _char_class(ranges: list[tuple[int, int]]) -> str:
    """A regular expression's character class of ``ranges`` (without the brackets)."""
    return "".join(
        re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges
    )


# Characters that belong to the word they follow and never start one: combining marks
# (an Arabic vowel sign, a Devanagari vowel sign, an accent in decomposed text) and
# the invisible format characters (zero-width spaces and joiners, the soft hyphen,
# bidirectional controls, tags). Without them a mark or a zero-width space inside a
# word would cut it in two.
_ATTACHED_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cf"})
_ATTACHED = _code_point_ranges(lambda ch: unicodedata.category(ch) in _ATTACHED_CATEGORIES)
# Word characters of the scripts written without spaces between words (Chinese,
# Japanese kana, Thai, Lao, Khmer, Myanmar): each is a word of its own, with the marks
# it carries, so that their text is matched character by character (shingles of
# ``shingle_size`` words are character n-grams there).
_SOLO_BLOCKS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x3005, 0x3007),  # ideographic iteration and zero
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x303B, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana extension
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x323AF),  # CJK extensions B to H, compatibility supplement
)
_SOLO = _code_point_ranges(str.isalnum, _SOLO_BLOCKS)
_ATTACH_CLASS, _SOLO_CLASS = _char_class(_ATTACHED), _char_class(_SOLO)
# A word character that joins its neighbours (``\W`` inside a negated class: neither
# a non-word character nor one that is a word by itself), a mark or invisible
# character, and a run of both that starts with the first.
_PLAIN = rf"[^\W{_SOLO_CLASS}]"
_ATTACHING = rf"[{_ATTACH_CLASS}]"
_PLAIN_RUN = rf"{_PLAIN}+(?:{_ATTACHING}+{_PLAIN}*)*"

WORD_PATTERN = re.compile(
    rf"(?=\w)(?:(?:[^\W\d_{_SOLO_CLASS}]\.){{2,}}"
    rf"|[{_SOLO_CLASS}]{_ATTACHING}*"
    rf"|{_PLAIN_RUN}(?:['’\-‐‑]{_PLAIN_RUN})*)"
)
"""The words of a text: a dotted abbreviation (``U.S.``); a character of a script
written without spaces, with its marks; or a run of other letters, digits and the
marks and invisible characters they carry, which may hold inner apostrophes and
hyphens (``Baku's``, ``Nagorno-Karabakh``). The lookahead only skips non-word
positions faster."""

FOLD = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    }
)  # fmt: skip
"""Typographic quotes and dashes, and their plain forms (a ``str.translate`` table)."""

_U64 = np.uint64
# Character classes, as bit flags: a word character that joins its neighbours (not one
# of a script without spaces), such a letter, a joiner, a character past ASCII
# (a word holding it is normalised on its own), a mark or invisible character (it
# belongs to the word it follows), a character that is a word by itself.
_WORD_CHAR, _LETTER, _JOINER, _OTHER, _ATTACH, _ALONE = 1, 2, 4, 8, 16, 32
_JOINERS = "'’-‐‑"  # the marks WORD_PATTERN admits inside a word
_FOLDS_TO_ASCII = {"’": "'", "‐": "-", "‑": "-"}  # the non-ASCII ones, and their folds
_DOT = ord(".")
_PIECE = 1 << 20  # characters scanned at once: bounds the temporaries of a long text
_SPACE = re.compile("[ \n]")

_CHUNK_MULTIPLIER = 0x100000001B3  # odd (the FNV prime)
_LENGTH_SALT = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


# Marks a word is the same word without: what is left of the combining diacritics
# once NFKC has composed the letters that have them (a stray accent, a strike-through
# overlay), the optional vowel signs and cantillation of Arabic and Hebrew, and the
# variation selectors. The vowel signs of the Indic and South-East Asian scripts are
# letters of their words, and stay.
_OPTIONAL_MARK_BLOCKS = (
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0591, 0x05C7),  # Hebrew points and cantillation
    (0x0610, 0x061A),  # Arabic signs
    (0x064B, 0x065F),  # Arabic harakat
    (0x0670, 0x0670),  # Arabic superscript alef
    (0x06D6, 0x06ED),  # Arabic Quranic marks
    (0x08CA, 0x08FF),  # Arabic extended marks
    (0x180B, 0x180F),  # Mongolian variation selectors
    (0x1AB0, 0x1AFF),  # combining diacritical marks extended
    (0x1DC0, 0x1DFF),  # combining diacritical marks supplement
    (0x20D0, 0x20FF),  # combining marks for symbols
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFE20, 0xFE2F),  # combining half marks
    (0xE0100, 0xE01EF),  # variation selectors supplement
)


@functools.cache
def _dropped() -> tuple[dict[int, None], dict[int, None]]:
    """``str.translate`` tables that drop the invisible format characters (Unicode's
    Cf: zero-width spaces and joiners, the soft hyphen, bidirectional controls, tags),
    and the optional marks (:data:`_OPTIONAL_MARK_BLOCKS`, those of them that are
    non-spacing marks)."""
    invisible = {
        c: None
        for a, b in _ATTACHED
        for c in range(a, b + 1)
        if unicodedata.category(chr(c)) == "Cf"
    }
    marks = {
        c: None
        for a, b in _code_point_ranges(
            lambda ch: unicodedata.category(ch) == "Mn", _OPTIONAL_MARK_BLOCKS
        )
        for c in range(a, b + 1)
    }
    return invisible, marks


@functools.cache
def _folds() -> dict[int, str]:
    """A ``str.translate`` table of case-folded text: :data:`FOLD`, and the letters and
    digits of other scripts that look like an ASCII one (Unicode's confusables, as the
    ``confusable_homoglyphs`` package ships them), to it: Cyrillic ``а`` and Greek
    ``ο`` to ``a`` and ``o``. Only characters past ASCII are folded, so no two ASCII
    words become one (``rn`` is not ``m``). A capital that looks like an ASCII letter
    folds its small letter too, which case folding gives (Cyrillic ``в``, ``н`` to
    ``b``, ``h``): a word reads the same in capitals and not."""
    from confusable_homoglyphs.confusables import confusables_data

    def ascii_twin(char: str) -> str | None:
        twins = sorted(
            h["c"]
            for h in confusables_data.get(char, ())
            if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()
        )
        return twins[0].casefold() if twins else None

    table: dict[int, str] = {}
    singles = sorted(k for k in confusables_data if len(k) == 1 and not k.isascii())
    for key in singles:  # small letters (and others without case) first
        twin = ascii_twin(key)
        if twin is not None and key.casefold() == key:
            table[ord(key)] = twin
    for key in singles:  # then the small letters of capitals that look like ASCII
        twin, small = ascii_twin(key), key.casefold()
        if twin is not None and len(small) == 1 and not small.isascii():
            table.setdefault(ord(small), twin)
    table.update({k: v for k, v in FOLD.items() if isinstance(v, str)})
    return table


def normalize_word(word: str) -> str:
    """The normalised form of one word: NFKC, case-folded, quotes and dashes folded;
    invisible characters and optional marks dropped, look-alike letters of other
    scripts folded to ASCII (:func:`_folds`).

    >>> normalize_word("Baku’s")
    "baku's"
    >>> normalize_word("U.S.")
    'u.s.'
    >>> normalize_word("Pre\u200bsi\u00addent")  # a zero-width space, a soft hyphen
    'president'
    >>> normalize_word("Ukr\u0430\u0456ne")  # Cyrillic а and і
    'ukraine'
    >>> normalize_word("كَتَبَ") == normalize_word("كتب")  # Arabic vowel signs
    True
    """
    if word.isascii():
        return word.lower()  # what NFKC, case folding and FOLD make of ASCII
    invisible, marks = _dropped()
    # Marks go after case folding, which makes some (İ folds to i and a dot above).
    folded = unicodedata.normalize("NFKC", word.translate(invisible)).casefold()
    return folded.translate(marks).translate(_folds())


def mix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser, element-wise: spreads every input bit over the output."""
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def _mix64_int(h: int) -> int:
    """:func:`mix64` of one Python int."""
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _MASK64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _MASK64
    return h ^ (h >> 33)


def word_hash(word: str) -> int:
    """The 64-bit hash of one normalised word.

    Its UTF-8 bytes are read as little-endian 64-bit chunks (the last padded with
    zeros); starting from the length times a constant, each chunk is added to the
    state times an odd multiplier and the sum mixed by :func:`mix64`.

    >>> word_hash("u.s.") == int(word_hashes(["envoy", "u.s."])[1])
    True
    """
    data = word.encode("utf-8")
    h = (len(data) * _LENGTH_SALT) & _MASK64
    for k in range(0, len(data), 8):
        chunk = int.from_bytes(data[k : k + 8], "little")
        h = _mix64_int((h * _CHUNK_MULTIPLIER + chunk) & _MASK64)
    return h


_TAIL_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [_MASK64], dtype=_U64)


def _span_hashes(
    units: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """:func:`word_hash` of ``units[s:e]`` for every span, units being UTF-8 bytes.

    Eight bytes of every span are read at once (an unaligned 64-bit view gathered
    at the span starts), for all spans, then the next eight of the longer spans,
    and so on: the work follows the number of chunks, not of characters.
    """
    padded = np.zeros(len(units) + 8, dtype=np.uint8)
    padded[: len(units)] = units
    # The 64-bit little-endian value at every byte offset (unaligned, overlapping).
    at = np.ndarray(shape=(len(units) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    lengths = ends - starts
    with np.errstate(over="ignore"):
        state = lengths.astype(_U64) * _U64(_LENGTH_SALT)
        chunk = at[starts] & _TAIL_MASKS[np.minimum(lengths, 8)]
        state = mix64(state * _U64(_CHUNK_MULTIPLIER) + chunk)
        active = np.flatnonzero(lengths > 8)
        offset = 8
        while len(active):  # the next eight bytes of the longer spans
            rest = lengths[active] - offset
            chunk = at[starts[active] + offset] & _TAIL_MASKS[np.minimum(rest, 8)]
            state[active] = mix64(state[active] * _U64(_CHUNK_MULTIPLIER) + chunk)
            active = active[rest > 8]
            offset += 8
    return state


def word_hashes(words: list[str] | tuple[str, ...]) -> npt.NDArray[np.uint64]:
    """:func:`word_hash` of every word of a list, in bulk."""
    if not words:
        return np.zeros(0, dtype=_U64)
    data = np.frombuffer("\x00".join(words).encode("utf-8"), dtype=np.uint8)
    seps = np.flatnonzero(data == 0)
    starts = np.concatenate([[0], seps + 1]).astype(np.int64)
    ends = np.concatenate([seps, [len(data)]]).astype(np.int64)
    return _span_hashes(data, starts, ends)


def solo_words(words: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Whether each word is a character of a script written without spaces (a Chinese
    character, a kana, a Thai letter: :data:`WORD_PATTERN` makes each one a word),
    with any marks it carries.

    >>> solo_words(["中", "ก็", "harbour", ""]).tolist()
    [True, True, False, False]
    """
    firsts = np.fromiter((ord(w[0]) if w else 0 for w in words), dtype=np.int64, count=len(words))
    lows = np.array([a for a, _ in _SOLO], dtype=np.int64)
    highs = np.array([b for _, b in _SOLO], dtype=np.int64)
    at = np.searchsorted(lows, firsts, side="right") - 1
    return (at >= 0) & (firsts <= highs[np.maximum(at, 0)])


_ATTACH_CHAR = re.compile(f"[{_ATTACH_CLASS}]")
_SOLO_CHAR = re.compile(f"[{_SOLO_CLASS}]")


def _classify(ch: str) -> int:
    """The class flags of one character, as WORD_PATTERN sees it."""
    flags = 0
    if _SOLO_CHAR.fullmatch(ch):
        flags |= _ALONE
    else:
        if re.fullmatch(r"\w", ch):
            flags |= _WORD_CHAR
        if re.fullmatch(r"[^\W\d_]", ch):
            flags |= _LETTER
    if ch in _JOINERS:
        flags |= _JOINER
    if _ATTACH_CHAR.fullmatch(ch):
        flags |= _ATTACH
    if not ch.isascii() and ch not in _FOLDS_TO_ASCII:
        flags |= _OTHER  # a word holding it is normalised on its own
    return flags


class CharTable:
    """A function of one character, tabulated: its values for every character of a text
    come from one ``bytes.translate`` of the characters' low bytes (ten times faster
    than numpy's indexing with a byte array), then the non-ASCII characters are
    looked up, each distinct one computed once and remembered."""

    def __init__(self, value: Callable[[str], int]) -> None:
        self.value = value
        # Indexed by a low byte; the entries past ASCII are overwritten for wide characters.
        self.ascii = bytes(value(chr(i)) if i < 128 else 0 for i in range(256))
        self.wide: dict[int, int] = {}

    def of_wide(self, code_points: list[int]) -> npt.NDArray[np.uint8]:
        """The values of distinct non-ASCII code points."""
        known, value = self.wide, self.value
        for c in code_points:
            if c not in known:
                known[c] = value(chr(c))
        return np.fromiter(map(known.__getitem__, code_points), np.uint8, len(code_points))


def lookup(text: str, tables: tuple[CharTable, ...]) -> list[npt.NDArray[np.uint8]]:
    """The value of every character of ``text`` in each table (code points read once)."""
    if text.isascii():
        units = text.encode("ascii")
        return [np.frombuffer(units.translate(t.ascii), dtype=np.uint8) for t in tables]
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    low = points.astype(np.uint8).tobytes()  # the wide characters are overwritten below
    wide = np.flatnonzero(points >= 128)
    distinct, where = np.unique(points[wide], return_inverse=True)
    code_points = distinct.tolist()
    values = []
    for t in tables:
        value = np.frombuffer(bytearray(low.translate(t.ascii)), dtype=np.uint8)
        value[wide] = t.of_wide(code_points)[where]
        values.append(value)
    return values


def _fold(ch: str) -> int:
    """The folded unit of a character: the lower-case ASCII code of the characters a plain
    word may hold, the ASCII fold of the typographic marks that have one, else 0 (never a
    dot)."""
    if ch.isascii():
        return ord(ch.lower())
    return ord(_FOLDS_TO_ASCII[ch]) if ch in _FOLDS_TO_ASCII else 0


_CLASSES = CharTable(_classify)
_FOLDED = CharTable(_fold)


def _scan_piece(
    text: str, classes: npt.NDArray[np.uint8], folded: npt.NDArray[np.uint8]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """The words of ``text``, whose characters' class flags and folded units are given."""
    n = len(classes)
    word = (classes & _WORD_CHAR).astype(bool)
    alone = (classes & _ALONE).astype(bool)
    inside = word.copy()  # inside a word of joined characters
    attached = np.flatnonzero(classes & _ATTACH)
    owner = np.zeros(0, dtype=np.int64)  # of each attached character, the one it follows
    if len(attached):
        # The last character before each that is not attached: the word it continues.
        base = np.arange(n)
        base[attached] = -1
        owner = np.maximum.accumulate(base)[attached]
        held = owner >= 0
        attached, owner = attached[held], owner[held]
        inside[attached[word[owner]]] = True
    # A joiner between a word's character and a joining word character is inside the word.
    if n > 2:
        inside[1:-1] |= (classes[1:-1] & _JOINER).astype(bool) & inside[:-2] & word[2:]
    edges = np.flatnonzero(inside[1:] != inside[:-1]) + 1
    if n and inside[0]:
        edges = np.concatenate([[0], edges])
    if n and inside[-1]:
        edges = np.concatenate([edges, [n]])
    starts, ends = edges[0::2].astype(np.int64), edges[1::2].astype(np.int64)
    starts, ends = _abbreviations(classes, folded, inside, starts, ends)
    if alone.any():  # each such character a word, with the characters attached to it
        solo = np.flatnonzero(alone)
        solo_ends = solo + 1
        mine = alone[owner]
        np.maximum.at(solo_ends, np.searchsorted(solo, owner[mine]), attached[mine] + 1)
        starts = np.concatenate([starts, solo])
        ends = np.concatenate([ends, solo_ends])
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
    hashes = _span_hashes(folded, starts, ends)
    other = np.flatnonzero((classes & _OTHER) != 0)  # faster on booleans than on bytes
    if len(other) and len(starts):  # words holding other characters: full normalisation
        word_of = np.searchsorted(starts, other, side="right") - 1  # the word each may be in
        held = (word_of >= 0) & (other < ends[np.maximum(word_of, 0)])
        chosen = distinct(word_of[held])
        if len(chosen):
            forms = [
                normalize_word(text[a:b])
                for a, b in zip(starts[chosen].tolist(), ends[chosen].tolist(), strict=True)
            ]
            hashes[chosen] = word_hashes(forms)
    return starts, ends, hashes


def _abbreviations(
    classes: npt.NDArray[np.uint8],
    folded: npt.NDArray[np.uint8],
    inside: npt.NDArray[np.bool_],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Replace the one-letter runs of dotted abbreviations with the abbreviations.

    A letter followed by a dot is a pair; a chain of two or more pairs in a row is
    one word, unless its first letter ends a longer word (``Xa.b.c.``: the chain
    starts at ``b``), as the pattern, tried left to right, finds it.
    """
    n = len(classes)
    if n < 4:
        return starts, ends
    dots = np.flatnonzero(folded[1:] == _DOT)  # characters before a dot
    pair = dots[(classes[dots] & _LETTER) != 0]
    if len(pair) < 2:
        return starts, ends
    breaks = np.flatnonzero(np.diff(pair) != 2) + 1
    first = np.concatenate([[0], breaks])
    stop = np.concatenate([breaks, [len(pair)]])
    head = pair[first]
    first = first + ((head > 0) & inside[np.maximum(head - 1, 0)])
    chain = stop - first >= 2
    if not chain.any():
        return starts, ends
    a_starts = pair[first[chain]].astype(np.int64)
    a_ends = pair[stop[chain] - 1].astype(np.int64) + 2
    # A chain's letters are one-letter words, the first starting the chain (no word
    # character precedes it): that word becomes the abbreviation, the others go.
    lo, hi = np.searchsorted(starts, a_starts), np.searchsorted(starts, a_ends)
    gone = hi - lo - 1
    before = np.cumsum(gone) - gone  # words gone before each chain
    keep = np.ones(len(starts), dtype=bool)
    keep[np.arange(int(gone.sum())) + np.repeat(lo + 1 - before, gone)] = False
    starts, ends = starts[keep], ends[keep]
    ends[lo - before] = a_ends
    return starts, ends


def scan(
    text: str,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """The words of ``text``: their start and end offsets and normal-form hashes.

    Offsets are in characters; ``hashes[i] == word_hash(normalize_word(text[s:e]))``.

    >>> starts, ends, hashes = scan("The U.S. envoy’s “visit”")
    >>> starts.tolist(), ends.tolist()
    ([0, 4, 9, 18], [3, 8, 16, 23])
    >>> int(hashes[2]) == word_hash("envoy's")
    True
    """
    starts, ends, hashes, _ = scan_with(text, ())
    return starts, ends, hashes


def scan_with(
    text: str, tables: tuple[CharTable, ...]
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.uint64],
    list[npt.NDArray[np.uint8]],
]:
    """:func:`scan`, and every character's value in each of ``tables``, as :func:`lookup`
    gives them: the characters are read once for both."""
    parts: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64]]] = []
    values: list[list[npt.NDArray[np.uint8]]] = []
    lo = 0
    while lo < len(text) or not parts:
        # Cut a long text after white space (no word holds or abuts it) into pieces.
        hi = min(lo + _PIECE, len(text))
        if hi < len(text):
            cut = max(text.rfind(" ", lo, hi), text.rfind("\n", lo, hi))
            if cut < lo:  # no space in a whole piece: cut at the next one
                found = _SPACE.search(text, hi)
                cut = found.start() if found else len(text) - 1
            hi = cut + 1
        piece = text[lo:hi] if hi - lo < len(text) else text
        classes, folded, *extra = lookup(piece, (_CLASSES, _FOLDED, *tables))
        s, e, h = _scan_piece(piece, classes, folded)
        parts.append((s + lo, e + lo, h))
        values.append(extra)
        lo = hi
    if len(parts) == 1:
        return (*parts[0], values[0])
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        [np.concatenate(v) for v in zip(*values, strict=True)],
    )
