"""Reading one typed medication entry into lower-case ASCII words.

People type names with accents (``héparine``), full-width letters from an East Asian
keyboard, soft hyphens and zero-width spaces pasted from a web page, in another script
(``варфарин``), glued to doses (``Eliquis5mg``) or split (``acetyl-salicylic acid``).
:func:`read` undoes all of that before anything is matched:

1. Unicode NFKC (full-width and compatibility letters become ordinary ones);
2. invisible characters (format characters such as soft hyphen, zero-width space and
   joiners, bidi marks) and combining marks are removed, so they never split a word;
3. every other letter is folded to ASCII with ``anyascii`` (accents dropped, ``ß`` ->
   ``ss``, Cyrillic, Greek, Japanese kana… transliterated); letters outside the Latin
   script are remembered, so a name acumat could not turn into a match is reported as
   unreadable instead of being silently ignored;
4. dotted abbreviations lose their dots (``A.S.A.`` -> ``asa``), ``5-ASA`` (mesalazine)
   is set apart from ASA (aspirin), and doses, dosage forms and filler words in the
   common European languages are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Characters of each entry that are looked at (longer input is cut, never parsed whole).
MAX_CHARS = 200
#: Words of one entry that are looked at.
MAX_WORDS = 40

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FORMS = _wordset(
    """
    tablet tablets tab tabs capsule capsules cap caps film coated filmcoated oral injection
    injections solution syringe syringes prefilled pen pens once twice three times daily day
    per an od bd bid qd tid qid x take taking takes sodium potassium dose low dosage and
    with of the every morning evening night at my i mg mcg ug g ml iu u ui ie unit units
    mmol gastro resistant enteric ec er sr xr retard chewable dispersible effervescent soluble
    tablette tabletten filmtablette filmtabletten kapsel kapseln brausetablette
    brausetabletten fertigspritze spritze injektion morgens abends taglich mal und mit
    comprime comprimes gelule gelules sachet sachets par jour fois le la les du des de et
    comprimido comprimidos capsula capsulas inyectable jeringa al dia por y con
    compressa compresse cpr cps fiala fiale siringa al giorno il di
    tablet tabletten dagelijks en met tabletter tablett dagligen daglig og
    mgs tbl tbs inj amp sol susp plus
    """
)

#: Words that suggest the entry may say the medicine is *not* taken (or is an allergy);
#: acumat still counts the medicine (conservative) but quotes the word so a person can
#: correct the list.
NEGATIONS = _wordset(
    """
    no not none never stopped stop quit former formerly previously ex without free
    discontinued anymore don dont doesn doesnt didn didnt used allergic allergy
    intolerant intolerance kein keine keinen nicht abgesetzt ohne allergie allergisch sin
    sans pas non aucun arrete niet geen gestopt ingen ikke inte ei nie senza nessun
    nessuno ninguno nada alergia alergico allergico
    """
)

_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?", re.IGNORECASE)
# 5-ASA (5-aminosalicylic acid, mesalazine) is not ASA (acetylsalicylic acid, aspirin).
_FIVE_ASA = re.compile(r"(?<![\w.,])5\s*-?\s*asa\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_CONTRACTION = re.compile(r"n['\u2019]t\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """How one entry was read: its words, and which came from a script other than Latin."""

    words: tuple[str, ...]
    foreign: tuple[bool, ...]
    scripts: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    lost_letters: bool = False

    @property
    def text(self) -> str:
        """The words, space-separated (what acumat matched)."""
        return " ".join(self.words)


def _fold(text: str) -> tuple[str, tuple[str, ...], bool]:
    """ASCII text: Latin letters lower-case, letters from other scripts UPPER-case."""
    from anyascii import anyascii  # only for text that is not ASCII (most entries are)

    text = unicodedata.normalize("NFKC", text.replace("\u00b5", "u"))
    out: list[str] = []
    scripts: list[str] = []
    lost = False
    for ch in text:
        if ch < "\x80":
            out.append(ch.lower())
            continue
        cat = unicodedata.category(ch)
        if cat == "Cf" or cat[0] == "M":
            continue  # invisible or combining: must not split the word it sits in
        if cat[0] == "L":
            name = unicodedata.name(ch, "")
            folded = anyascii(ch)
            if name.startswith("LATIN"):
                out.append(folded.lower())
                continue
            script = name.split(" ", 1)[0] or "UNKNOWN"
            if script not in scripts:
                scripts.append(script)
            if not folded.isalpha():
                lost = True
            out.append(folded.upper())
        elif cat == "Nd":
            out.append(anyascii(ch))
        else:
            out.append(" ")
    return "".join(out), tuple(scripts), lost


def read(text: str) -> Reading:
    """Read ``text`` (one medication entry) into words; see the module docstring."""
    t = text[:MAX_CHARS]
    if "'" in t or "\u2019" in t:
        t = _CONTRACTION.sub("nt", t)  # "don't" -> "dont", one word to quote
    scripts: tuple[str, ...] = ()
    if t.isascii():
        s, lost = t.lower(), False
    else:
        s, scripts, lost = _fold(t)
    if "." in s:
        s = _DOTTED.sub(lambda m: m.group().replace(".", ""), s)
    if "5" in s:
        s = _FIVE_ASA.sub(" mesalazine ", s)
    words: list[str] = []
    foreign: list[bool] = []
    negations: list[str] = []
    for w in _WORD.findall(s)[: MAX_WORDS * 2]:
        low = w.lower()
        if low in _FORMS:
            continue
        if low in NEGATIONS and low not in negations:
            negations.append(low)
        words.append(low)
        foreign.append(low != w)
    return Reading(tuple(words[:MAX_WORDS]), tuple(foreign[:MAX_WORDS]), scripts,
                   tuple(negations), lost)


def normalise(text: str) -> str:
    """Lower-case ASCII words of ``text`` without doses, dosage forms and punctuation."""
    return read(text).text


_DIGRAPHS = (("ph", "f"), ("th", "t"), ("ch", "c"))
_LETTERS = str.maketrans({"h": None, "y": "i", "w": "v", "k": "c", "z": "s"})
_AFTER = (("cs", "x"), ("ou", "u"), ("ae", "e"))
_DOUBLE = re.compile(r"(.)\1+")
_ENDING = re.compile(r"(?:um|[aeio])$")


def skeleton(word: str) -> str:
    """A spelling key shared by a name's variants across European languages.

    ``warfaryna``, ``varfarina``, ``warfarine`` and ``warfarin`` share ``varfarin``:
    ph/f, th/t, y/i, w/v, k/c, ks/x, doubled letters and a final vowel or Latin ``-um``
    are not told apart, and a silent ``h`` is dropped (``eparina`` -> heparin).
    """
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = word.translate(_LETTERS)
    for old, new in _AFTER:
        word = word.replace(old, new)
    return _ENDING.sub("", _DOUBLE.sub(r"\1", word))
