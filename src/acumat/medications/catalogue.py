"""The blood-thinner catalogue: every ATC B01A antithrombotic, its names and brands.

Data only; :mod:`acumat.medications` reads it. Each :class:`Drug` carries its WHO ATC
code (the WHO Collaborating Centre's ATC/DDD index, group B01A "antithrombotic agents",
checked against an independent per-code copy of that index), its generic name in the
common European languages (aliases), and brand names from the national medicine
registers and formularies of the markets an app is likely to meet: US (FDA Orange Book,
DailyMed), UK and Ireland (BNF, EMC, HPRA), Canada (Health Canada DPD), Australia (TGA,
NPS MedicineWise), Germany, Austria and Switzerland (Rote Liste, ASPREGISTER,
Swissmedic), France (ANSM, Vidal), Spain (AEMPS CIMA), Italy (AIFA), the Netherlands
(CBG), the Nordics (FASS, Felleskatalogen, pro.medicin.dk, Pharmaca Fennica) and India
(CDSCO). A name is listed only where it is a registered product or the usual name of the
substance; nothing is guessed.

Scope decisions:

* **Thrombolytics (B01AD) are included.** They are hospital drugs given once, but
  someone treated for a stroke, heart attack or clot in the last days may list one, and
  they raise the bleeding risk that C8 is about. Their names (alteplase, Actilyse,
  tenecteplase…) look like no common drug, so including them costs no false alarms and
  keeps the catalogue a complete, checkable copy of B01A.
* **Aspirin counts at any dose.** Acetylsalicylic acid inhibits platelets for the life
  of the platelet whatever the dose, so analgesic aspirin products (ATC N02BA01) and
  aspirin combinations (N02BA51, e.g. with caffeine or paracetamol) are listed too, as
  antiplatelets: low-dose aspirin is the blood thinner people most often do not know
  they take, and pain-relief aspirin thins the blood as well.
* **Combination products count** (B01AC30 aspirin + dipyridamole, clopidogrel + aspirin;
  B01AC56 aspirin + a proton-pump inhibitor; B01AF51 rivaroxaban + aspirin; aspirin
  with atorvastatin, C10BX08).
* Heparin gels and creams for the skin (C05BA) are read as heparin (conservative).
* Not listed: medicines that raise bleeding risk without being antithrombotics (NSAIDs
  such as ibuprofen, SSRIs, omega-3, ginkgo) and 5-aminosalicylates (mesalazine,
  "5-ASA"), which are not aspirin.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class DrugClass(enum.StrEnum):
    """What kind of blood thinner a drug is (all of them fall under the source's C8)."""

    ANTICOAGULANT = "anticoagulant"
    ANTIPLATELET = "antiplatelet"
    THROMBOLYTIC = "thrombolytic"
    OTHER_ANTITHROMBOTIC = "other antithrombotic"


@dataclass(frozen=True, slots=True)
class Drug:
    """One blood-thinning drug or combination: generic name, WHO ATC code, class, names.

    ``aliases`` are other names of the substance (salts, INN spellings in other
    languages, abbreviations, class words); ``brands`` are product names;
    ``native`` holds names in their own script (Cyrillic…), matched exactly once
    transliterated; ``components`` lists the substances of a combination product.
    """

    generic: str
    atc: str
    drug_class: DrugClass
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    native: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The generic name, then every brand, alias and native-script name."""
        return (self.generic, *self.brands, *self.aliases, *self.native)


_A, _P = DrugClass.ANTICOAGULANT, DrugClass.ANTIPLATELET
_T, _O = DrugClass.THROMBOLYTIC, DrugClass.OTHER_ANTITHROMBOTIC
_ASA = "acetylsalicylic acid"

CATALOGUE: tuple[Drug, ...] = (
    # --- B01AA vitamin K antagonists ---------------------------------------------------
    Drug("dicoumarol", "B01AA01", _A, (), ("dicumarol", "dicoumarolum")),
    Drug("phenindione", "B01AA02", _A, ("Dindevan",), ("fenindiona", "phenindion")),
    Drug("warfarin", "B01AA03", _A,
         ("Coumadin", "Coumadine", "Jantoven", "Marevan", "Waran", "Aldocumar", "Uniwarfin",
          "Warf"),
         ("warfarin sodium", "warfarine", "warfarina", "varfarina", "warfaryna", "varfarin",
          "varfariini", "warfarinum")),
    Drug("phenprocoumon", "B01AA04", _A, ("Marcumar", "Marcoumar", "Falithrom", "Liquamar"),
         ("fenprocoumon", "fenprocumona", "fenprocumone", "phenprocoumone", "fenprokumon")),
    Drug("acenocoumarol", "B01AA07", _A, ("Sintrom", "Sinthrome", "Mini-Sintrom", "Acitrom"),
         ("acenocumarol", "acenocumarolo", "acenokumarol", "nicoumalone", "acenocoumarolum"),
         native=("аценокумарол",)),
    Drug("ethyl biscoumacetate", "B01AA08", _A, ("Tromexan",)),
    Drug("clorindione", "B01AA09", _A),
    Drug("diphenadione", "B01AA10", _A),
    Drug("tioclomarol", "B01AA11", _A),
    Drug("fluindione", "B01AA12", _A, ("Previscan",), ("fluindiona",)),
    # --- B01AB heparin group ----------------------------------------------------------
    Drug("heparin", "B01AB01", _A,
         ("Calciparine", "Monoparin", "Multiparin", "Liquemin", "Heparin Leo"),
         ("heparin sodium", "heparin calcium", "unfractionated heparin", "heparine",
          "heparina", "eparina", "hepariini", "heparyna", "heparinum"),
         native=("гепарин",)),
    Drug("antithrombin III", "B01AB02", _A, ("Kybernin", "Thrombate", "Atenativ", "Anbinex"),
         ("antithrombin", "antithrombine", "antitrombina")),
    Drug("antithrombin alfa", "B01AB03", _A, ("ATryn",)),
    Drug("dalteparin", "B01AB04", _A, ("Fragmin",),
         ("dalteparine", "dalteparina", "dalteparin sodium", "dalteparyna")),
    Drug("enoxaparin", "B01AB05", _A, ("Lovenox", "Clexane", "Klexane", "Inhixa", "Thorinane"),
         ("enoxaparine", "enoxaparina", "enoxaparin sodium", "enoksaparyna", "enoksaparin",
          "enoksapariini")),
    Drug("nadroparin", "B01AB06", _A, ("Fraxiparine", "Fraxiparin", "Fraxodi"),
         ("nadroparine", "nadroparina", "nadroparin calcium", "nadroparyna")),
    Drug("parnaparin", "B01AB07", _A, ("Fluxum",), ("parnaparina",)),
    Drug("reviparin", "B01AB08", _A, ("Clivarin", "Clivarine"), ("reviparina",)),
    Drug("danaparoid", "B01AB09", _A, ("Orgaran",), ("danaparoide",)),
    Drug("tinzaparin", "B01AB10", _A, ("Innohep", "Logiparin"),
         ("tinzaparine", "tinzaparina", "tinzaparin sodium")),
    Drug("sulodexide", "B01AB11", _A, ("Vessel Due F", "Vessel Due"), ("sulodexid", "sulodexida")),
    Drug("bemiparin", "B01AB12", _A, ("Hibor", "Zibor"), ("bemiparina", "bemiparine")),
    Drug("certoparin", "B01AB13", _A, ("Mono-Embolex",), ("certoparina",)),
    # --- B01AC platelet aggregation inhibitors excl. heparin ---------------------------
    Drug("ditazole", "B01AC01", _P),
    Drug("cloricromen", "B01AC02", _P),
    Drug("picotamide", "B01AC03", _P, ("Plactidil",), ("picotamida",)),
    Drug("clopidogrel", "B01AC04", _P,
         ("Plavix", "Iscover", "Grepid", "Zyllt", "Clopilet", "Clopivas", "Deplatt", "Ceruvin",
          "Clopitab"),
         ("clopidogrel bisulfate", "clopidogrel hydrogen sulfate", "clopidogrel besilate",
          "clopidogrelum", "klopidogrel", "klopidogreeli")),
    Drug("ticlopidine", "B01AC05", _P, ("Ticlid", "Tiklid", "Tiklyd"),
         ("ticlopidina", "tiklopidin", "tiklopidyna")),
    Drug(_ASA, "B01AC06", _P,
         # DE/AT/CH
         ("Aspirin Protect", "Aspirin Cardio", "Herz ASS", "Thrombo ASS", "ASS ratiopharm",
          "Godamed",
          # UK/IE
          "Nu-Seals", "Caprin", "Micropirin", "Disprin CV",
          # US/CA
          "Ecotrin", "Halfprin", "Durlaza", "Vazalore", "Asaphen", "Entrophen", "Novasen",
          "St Joseph",
          # AU
          "Cardiprin", "Astrix", "Cartia", "Spren", "Solprin",
          # FR/ES/IT
          "Kardégic", "Resitune", "Adiro", "Tromalyt", "Cardioaspirin", "Cardioaspirina",
          "Cardirene", "Aspirinetta",
          # Nordics
          "Magnyl", "Hjertemagnyl", "Albyl-E", "Albyl minor", "Trombyl", "Primaspan",
          # PL/CZ/RU
          "Acard", "Polocard", "Anopyrin", "Cardiomagnyl",
          # IN
          "Ecosprin", "Loprin", "Colsprin", "Aspocid",
          # US chart abbreviations and older brands
          "ECASA", "Zorprin", "Bayer Low Dose"),
         ("aspirin", "baby aspirin", "low dose aspirin", "acetylsalicylic", "acetyl salicylic acid",
          "asa", "ass", "aas", "ask", "lysine acetylsalicylate", "acetylsalicylate",
          "aspirine", "aspirina", "aspiryna", "aspiriini", "acide acetylsalicylique",
          "acetylsalicylate de lysine", "acetylsalicylsaure", "acido acetilsalicilico",
          "acetilsalicilico", "acetylsalicylzuur", "acetosal", "acetylsalicylsyra",
          "acetylsalicylsyre", "acetylsalisylsyre", "asetyylisalisyylihappo",
          "kwas acetylosalicylowy", "kyselina acetylsalicylova", "acetilsalicilna kiselina",
          "acidum acetylsalicylicum"),
         native=("ацетилсалициловая кислота", "Кардиомагнил", "Тромбо АСС", "аспирин")),
    Drug("dipyridamole", "B01AC07", _P, ("Persantine", "Persantin"),
         ("dipyridamol", "dipiridamol", "dipiridamolo", "dipyridamoli", "dipirydamol")),
    Drug("carbasalate calcium", "B01AC08", _P, ("Ascal",),
         ("carbasalaatcalcium", "carbasalate", "calcium carbasalate", "carbasalat calcium")),
    Drug("epoprostenol", "B01AC09", _P, ("Flolan", "Veletri"), ("epoprostenolo",)),
    Drug("indobufen", "B01AC10", _P, ("Ibustrin",), ("indobufene",)),
    Drug("iloprost", "B01AC11", _P, ("Ventavis", "Ilomedin", "Ilomedine"), ("iloprosto",)),
    Drug("abciximab", "B01AC13", _P, ("ReoPro",)),
    Drug("aloxiprin", "B01AC15", _P, (), ("aloxiprine",)),
    Drug("eptifibatide", "B01AC16", _P, ("Integrilin",), ("eptifibatida", "eptifibatid")),
    Drug("tirofiban", "B01AC17", _P, ("Aggrastat",), ("tirofibano",)),
    Drug("triflusal", "B01AC18", _P, ("Disgren",)),
    Drug("beraprost", "B01AC19", _P),
    Drug("treprostinil", "B01AC21", _P, ("Remodulin", "Tyvaso", "Orenitram"), ("treprostinilo",)),
    Drug("prasugrel", "B01AC22", _P, ("Effient", "Efient"), ("prasugrelum",)),
    Drug("cilostazol", "B01AC23", _P, ("Pletal", "Pletaal"), ("cilostazolo",), native=("цилостазол",)),
    Drug("ticagrelor", "B01AC24", _P, ("Brilinta", "Brilique", "Possia", "Axcer"),
         ("tikagrelor", "ticagrelorum")),
    Drug("cangrelor", "B01AC25", _P, ("Kengreal", "Kengrexal")),
    Drug("vorapaxar", "B01AC26", _P, ("Zontivity",)),
    Drug("selexipag", "B01AC27", _P, ("Uptravi",)),
    Drug("limaprost", "B01AC28", _P),
    Drug("aspirin and dipyridamole", "B01AC30", _P, ("Aggrenox", "Asasantin", "Asasantin Retard"),
         ("acetylsalicylic acid and dipyridamole", "aspirin dipyridamole",
          "dipyridamole aspirin", "dipyridamole and acetylsalicylic acid"),
         components=(_ASA, "dipyridamole")),
    Drug("clopidogrel and acetylsalicylic acid", "B01AC30", _P,
         ("DuoPlavin", "DuoCover", "CoPlavix", "Clopilet A", "Deplatt A", "Ceruvin A",
          "Clopitab A"),
         ("clopidogrel aspirin", "clopidogrel and aspirin", "clopidogrel asa",
          "aspirin clopidogrel"),
         components=("clopidogrel", _ASA)),
    Drug("acetylsalicylic acid and omeprazole", "B01AC56", _P, ("Yosprala",),
         ("aspirin omeprazole",), components=(_ASA, "omeprazole")),
    Drug("acetylsalicylic acid and atorvastatin", "C10BX08", _P, ("Ecosprin AV",),
         ("aspirin atorvastatin",), components=(_ASA, "atorvastatin")),
    # Aspirin for pain (N02BA01) and aspirin combinations (N02BA51): antiplatelet too.
    Drug("acetylsalicylic acid (pain relief)", "N02BA01", _P,
         ("Aspro", "Aspro Clear", "Disprin", "Aspirin N", "Aspégic", "Bufferin", "Ascriptin",
          "Bamyl", "Magnecyl", "Albyl", "Polopiryna", "Alka-Seltzer"),
         ("lysine aspirin",)),
    Drug("acetylsalicylic acid combinations", "N02BA51", _P,
         ("Excedrin", "Anacin", "Anadin", "Anadin Extra", "Thomapyrin", "Treo", "Aspirin Complex",
         "Aspirin Plus C",
          "Goody's", "BC Powder"),
         ("aspirin caffeine", "aspirin paracetamol", "aspirin acetaminophen"),
         components=(_ASA,)),
    # --- B01AD enzymes (thrombolytics) -------------------------------------------------
    Drug("streptokinase", "B01AD01", _T, ("Streptase", "Kabikinase"), ("estreptoquinasa",)),
    Drug("alteplase", "B01AD02", _T, ("Actilyse", "Activase", "Cathflo Activase"),
         ("rt-pa", "tissue plasminogen activator", "alteplasa")),
    Drug("anistreplase", "B01AD03", _T, ("Eminase",)),
    Drug("urokinase", "B01AD04", _T, ("Kinlytic", "Ukidan"), ("uroquinasa", "urochinasi")),
    Drug("fibrinolysin", "B01AD05", _T),
    Drug("brinase", "B01AD06", _T),
    Drug("reteplase", "B01AD07", _T, ("Rapilysin", "Retavase"), ("reteplasa",)),
    Drug("saruplase", "B01AD08", _T),
    Drug("ancrod", "B01AD09", _T),
    Drug("drotrecogin alfa (activated)", "B01AD10", _T, ("Xigris",), ("drotrecogin alfa",)),
    Drug("tenecteplase", "B01AD11", _T, ("Metalyse", "TNKase"), ("tenecteplasa",)),
    Drug("protein C", "B01AD12", _T, ("Ceprotin",), ("protein c concentrate",)),
    Drug("apadamtase alfa and cinaxadamtase alfa", "B01AD13", _T, ("Adzynma",), ("apadamtase alfa",)),
    # --- B01AE direct thrombin inhibitors ----------------------------------------------
    Drug("desirudin", "B01AE01", _A, ("Iprivask", "Revasc")),
    Drug("lepirudin", "B01AE02", _A, ("Refludan",)),
    Drug("argatroban", "B01AE03", _A, ("Argatra", "Exembol")),
    Drug("melagatran", "B01AE04", _A),
    Drug("ximelagatran", "B01AE05", _A, ("Exanta",)),
    Drug("bivalirudin", "B01AE06", _A, ("Angiomax", "Angiox"), ("bivalirudina",)),
    Drug("dabigatran", "B01AE07", _A, ("Pradaxa", "Pradax"),
         ("dabigatran etexilate", "dabigatran etexilat", "dabigatrano", "dabigatranum")),
    # --- B01AF direct factor Xa inhibitors ---------------------------------------------
    Drug("rivaroxaban", "B01AF01", _A, ("Xarelto",),
         ("rivaroxabanum", "rivaroksaban", "rivaroxabana")),
    Drug("apixaban", "B01AF02", _A, ("Eliquis",), ("apixabanum", "apiksaban", "apixabana")),
    Drug("edoxaban", "B01AF03", _A, ("Savaysa", "Lixiana", "Roteas"),
         ("edoxabanum", "edoksaban", "edoxaban tosilate")),
    Drug("betrixaban", "B01AF04", _A, ("Bevyxxa",)),
    Drug("rivaroxaban and acetylsalicylic acid", "B01AF51", _A, (),
         ("rivaroxaban aspirin",), components=("rivaroxaban", _ASA)),
    # --- B01AX other antithrombotic agents ---------------------------------------------
    Drug("defibrotide", "B01AX01", _O, ("Defitelio",), ("defibrotida",)),
    Drug("dermatan sulfate", "B01AX04", _A, (), ("dermatan sulphate",)),
    Drug("fondaparinux", "B01AX05", _A, ("Arixtra", "Quixidar"),
         ("fondaparinux sodium", "fondaparinuks", "fondaparinuxum")),
    Drug("caplacizumab", "B01AX07", _O, ("Cablivi",)),
    # --- People often name the class instead of the drug: a blood thinner too ----------
    Drug("unspecified anticoagulant", "B01A", _A, (),
         ("blood thinner", "blood thinners", "blood thinning", "blood thinning medication",
          "anticoagulant", "anticoagulants", "anticoagulation", "thinner", "thinners",
          "doac", "noac", "vitamin k antagonist", "low molecular weight heparin", "lmwh",
          "blutverdunner", "blutverdunnung", "gerinnungshemmer", "antikoagulans",
          "antikoagulantien", "anticoagulante", "anticoagulantes", "anticoagulanti",
          "fluidifiant", "fluidificante", "bloedverdunner", "bloedverdunners",
          "antistolling", "blodfortynnende", "blodfortyndende", "blodfortunnande",
          "verenohennuslaake", "antykoagulant", "lek przeciwzakrzepowy")),
    Drug("unspecified antiplatelet", "B01AC", _P, (),
         ("antiplatelet", "antiplatelets", "antiplatelet agent", "platelet inhibitor",
          "thrombozytenaggregationshemmer", "thrombozytenhemmer", "plattchenhemmer",
          "antiagregante", "antiagregante plaquetario", "antiaggregante",
          "antiaggregante piastrinico", "antiagregant plaquettaire", "antiagregant",
          "trombocytaggregationshammare", "plaatjesremmer")),
)

#: Names that contain a catalogue name but are not blood thinners: read as themselves and
#: never matched (the Australian aspirin Cartia against the US diltiazem Cartia XT).
#: Salicylates that are not acetylsalicylic acid (skin rubs, mouth gels), and other
#: medicines one or two letters from a blood-thinner name (captopril as Lopirin or
#: Lopril, mometasone as Novasone; the INNs hexamine, phenindamine and dimazole, the
#: only near misses among the other substances of the ATC index) are here too. None of
#: them may be part of a blood thinner's name: they are set aside before matching.
NOT_BLOOD_THINNERS: tuple[str, ...] = ("Cartia XT", "mesalazine", "mesalamine",
                                       "aminosalicylic acid", "aminosalicylate",
                                       "methyl salicylate", "choline salicylate",
                                       "Lopirin", "Lopril", "Novasone", "hexamine",
                                       "phenindamine", "dimazole")
