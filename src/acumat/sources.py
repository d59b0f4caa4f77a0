"""The statements of the source document that acumat's rules cite.

The source is a consumer health article on acupressure mats for back pain
(``acupressure-mats-back-pain.txt``). Each statement has an id (``C1`` …), the
section heading it comes from, and a one-line paraphrase in acumat's own words.
Statements marked ``informational`` back no decision; every other statement is
encoded by at least one rule (the test suite checks this).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Group = Literal["C", "M", "U", "T", "E"]


@dataclass(frozen=True, slots=True)
class Statement:
    """One numbered statement of the source document."""

    id: str
    section: str
    paraphrase: str
    informational: bool = False
    conflicts_with: str | None = None

    @property
    def group(self) -> str:
        """The letter of the statement's group: C safety, M mat, U use, T therapies, E expectations."""
        return self.id[0]


_S = Statement
_ALL: tuple[Statement, ...] = (
    _S("C1", "Precautions And Safety Tips", "Keep the mat off broken skin and wounds."),
    _S("C2", "Precautions And Safety Tips", "Skin allergies rule the mat out."),
    _S("C3", "Precautions And Safety Tips; Skin Sensitivity",
       "Skin infections and open wounds must stay away from the mat."),
    _S("C4", "Precautions And Safety Tips; Pregnancy Considerations",
       "In pregnancy, ask a doctor first: pressure points may set off contractions or early labour."),
    _S("C5", "Precautions And Safety Tips", "Get off the mat at once on sharp pain or dizziness."),
    _S("C6", "Precautions And Safety Tips", "Clean the mat regularly."),
    _S("C7", "Medical Conditions", "Clotting disorders rule the mat out because of bleeding risk."),
    _S("C8", "Medical Conditions", "Blood-thinning medicine rules the mat out because of bleeding risk."),
    _S("C9", "Medical Conditions", "Heart disease rules the mat out."),
    _S("C10", "Medical Conditions", "Severe nerve damage rules the mat out."),
    _S("C11", "Skin Sensitivity", "Sensitive or damaged skin should not go on the mat (irritation, cuts)."),
    _S("C12", "FAQ: Are Acupressure Mats Safe For All Back Pain Types?",
       "Severe injuries or specific medical conditions need a doctor's advice first."),
    _S("C13", "FAQ: Are Acupressure Mats Safe For All Back Pain Types?",
       "The safety claim covers mild to moderate back pain only, not severe pain."),
    _S("C14", "Who Should Avoid Acupressure Mats",
       "Screening for risky conditions before use is what prevents harm."),
    _S("C15", "Conclusion", "Use the mat alongside proper care and medical advice; results vary."),
    _S("M1", "Material And Quality", "Prefer a natural-fabric cover such as cotton or linen."),
    _S("M2", "Material And Quality", "Spikes should be non-toxic plastic."),
    _S("M3", "Material And Quality", "Buy durable quality; cheap mats break or irritate skin."),
    _S("M4", "Spike Density And Length",
       "Many spikes spread the pressure (gentler); few spikes focus it (stronger)."),
    _S("M5", "Spike Density And Length", "Short spikes are mild; long spikes stimulate more deeply."),
    _S("M6", "Spike Density And Length", "Pick density and length by pain level and comfort."),
    _S("M7", "Size And Portability", "Big mats cover more but are bulky; small ones travel and store easily."),
    _S("M8", "Size And Portability", "Portability counts if the mat will be used away from home."),
    _S("M9", "Size And Portability; Proper Positioning",
       "The size must suit body and lifestyle, and the mat must cover the painful area."),
    _S("U1", "How To Use Acupressure Mats", "Start slowly, lying down in a quiet place."),
    _S("U2", "How To Use Acupressure Mats; Tips From Regular Users",
       "Wear a thin layer at first if the spikes feel too sharp."),
    _S("U3", "How To Use Acupressure Mats", "Let the body adapt before lengthening sessions."),
    _S("U4", "Recommended Duration; Tips From Regular Users",
       "Begin at 5–10 minutes a session, building up gradually to 20–30 minutes a day.",
       conflicts_with="U5"),
    _S("U5", "FAQ: How Long Should I Use An Acupressure Mat Daily?",
       "Begin at 10–15 minutes a day, building up to 30–40 minutes.", conflicts_with="U4"),
    _S("U6", "Recommended Duration; FAQ", "Use it consistently, ideally daily; benefits build over time."),
    _S("U7", "Recommended Duration; FAQ",
       "Too long too soon brings discomfort; overuse irritates the skin."),
    _S("U8", "Proper Positioning",
       "Lie flat on the back with the mat under the painful area, relaxed, breathing deeply."),
    _S("U9", "Proper Positioning",
       "A pillow under the knees eases pressure; shift position if it is too strong."),
    _S("U10", "FAQ: How Long Should I Use An Acupressure Mat Daily?",
       "Bare skin works best, once the body has adapted."),
    _S("U11", "Tips From Regular Users", "Start on a soft surface such as a bed or couch."),
    _S("U12", "Common Challenges", "Early sessions may hurt a little; adapting takes a week or more."),
    _S("U13", "Common Challenges", "Lying still for 20–30 minutes is hard for some people."),
    _S("U14", "Common Challenges; Success Stories",
       "Relief is not immediate for everyone; patience and routine matter."),
    _S("T1", "Physical Therapy", "Use the mat before or after physical therapy to relax muscles."),
    _S("T2", "Massage Techniques", "Lie on the mat before a massage so it reaches deeper."),
    _S("T3", "Stretching Exercises",
       "Use the mat before stretching to warm up and after it to ease soreness."),
    _S("T4", "Tips From Regular Users", "Pair the mat with gentle stretching."),
    _S("T5", "FAQ: Can Acupressure Mats Reduce Chronic Back Pain?",
       "For chronic pain, combine the mat with other treatments."),
    _S("T6", "FAQ: Can Acupressure Mats Improve Posture And Spinal Health?",
       "For posture, the mat supports posture exercises and does not replace them."),
    _S("E1", "How Acupressure Mats Work",
       "Claimed mechanism: pressure points, blood flow, muscle tension.", informational=True),
    _S("E2", "Benefits For Back Pain",
       "Claimed benefits: less stiffness, chronic-pain relief, relaxation.", informational=True),
    _S("E3", "Enhancing Relaxation",
       "Stress worsens back pain; the mat may calm the nervous system.", informational=True),
    _S("E4", "Success Stories",
       "Users report less pain and tension, better sleep and posture.", informational=True),
)

#: Every statement by id, in document-inventory order.
STATEMENTS: MappingProxyType[str, Statement] = MappingProxyType({s.id: s for s in _ALL})


def statement(statement_id: str) -> Statement:
    """Return the statement with this id; raise ``KeyError`` naming it if there is none."""
    try:
        return STATEMENTS[statement_id]
    except KeyError:
        raise KeyError(f"no source statement {statement_id!r}") from None
