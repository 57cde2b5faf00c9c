"""Every word list and pattern the labels use, in one place a reviewer can read and edit.

How to edit
-----------
* Patterns are Python regular expressions, matched case-insensitively unless a comment
  says otherwise.  ``\\b`` marks a word boundary; ``\\w*`` allows any word ending.
* To add a condition, add an entry to ``CONDITIONS`` (a ``label``, the ``mesh`` descriptors
  that mean it, and the ``text`` patterns that mean it).  Nothing else needs to change: the
  labeller, the column documentation and the dashboard read the keys from here.
* Every label keeps the sentence or the metadata item that produced it (``*_evidence``), so a
  change here is visible in the dashboard at once.

The lists are general clinical language.  They must not be tuned to particular abstracts
of the development set: the labels are judged on abstracts nobody here has seen.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Ketamine and its forms
# --------------------------------------------------------------------------------------

# Any mention of the drug (used for `is_ketamine` and to find the intervention sentences).
KETAMINE_TERMS = (
    r"\b(?:es|ar)?ketamine?s?\b",
    r"\b[SR]-ketamine\b",
    r"\([SR]\)-ketamine\b",
    r"\b(?:hydroxy)?norketamine\b",
    r"\bspravato\b",
    r"\bketalar\b",
    r"\bketanest\b",
    r"\bvesierra\b",
)

# Formulation: which enantiomer.  Checked in this order; the first that matches a mention wins.
FORMULATION_TERMS = {
    "esketamine": (
        r"\besketamine\b", r"\bS-ketamine\b", r"\(S\)-ketamine\b", r"\bS ?\(\+\)-? ?ketamine\b",
        r"\(S\)\(\+\)-ketamine\b", r"\bS\+-ketamine\b", r"\bspravato\b", r"\bketanest[- ]?S\b",
    ),
    "arketamine": (
        r"\barketamine\b", r"\bR-ketamine\b", r"\(R\)-ketamine\b", r"\bR ?\(-\)-? ?ketamine\b",
        r"\(R\)\(-\)-ketamine\b", r"\bPCN-101\b",
    ),
    "racemic_ketamine": (
        r"\bracemic ketamine\b",
        r"\(R,\s?S\)-ketamine",
        r"\bRS-ketamine\b",
        r"\bketalar\b",
        r"(?<![-(])\bketamine\b",
    ),
}
# A bare "ketamine" in an esketamine paper is usually the drug class ("esketamine, the
# S-enantiomer of ketamine").  It counts as racemic ketamine only when a phrase shows it was
# given (route, dose, infusion) or the paper says "racemic".
RACEMIC_GIVEN = (
    r"\bracemic\b",
    r"(?:intravenous|i\.v\.|\bIV|oral|intranasal|intramuscular|subcutaneous|sublingual)\s+(?:racemic\s+)?ketamine\b",
    r"(?<![-(])\bketamine\s+(?:infusion|injection|bolus|treatment|administration|group|arm|\(?\d)",
    r"(?<![-(])\bketamine\s+(?:versus|vs\.?|compared (?:with|to))\s+(?:intranasal\s+)?esketamine",
    r"\besketamine\s+(?:versus|vs\.?|compared (?:with|to))\s+(?:intravenous\s+|IV\s+|racemic\s+)?ketamine",
)

# Route of administration.  A route counts when it is written next to a ketamine mention
# (within ROUTE_WINDOW characters, same sentence).
ROUTE_TERMS = {
    "intravenous": (
        r"\bintravenous(?:ly)?\b", r"\bi\.\s?v\.?(?=\W)", r"(?-i:(?<!Phase )(?<!phase )\bIV\b)", r"\binfusions?\b", r"\binfused\b",
    ),
    "intranasal": (
        r"\bintra-?nasal(?:ly)?\b", r"\bnasal spray\b", r"\bnasal\b", r"(?-i:\bIN) (?:es)?ketamine\b",
        r"\bspravato\b",
    ),
    "oral": (r"\boral(?:ly)?\b", r"\bp\.o\.", r"\btablets?\b", r"\bcapsules?\b"),
    "intramuscular": (r"\bintra-?muscular(?:ly)?\b", r"\bi\.m\.", r"(?-i:\bIM\b)"),
    "subcutaneous": (r"\bsub-?cutaneous(?:ly)?\b", r"\bs\.c\.", r"(?-i:\bSC\b)(?= (?:ketamine|esketamine|injection))"),
    "other": (
        r"\bsublingual(?:ly)?\b", r"\bbuccal\b", r"\blozenges?\b", r"\btroches?\b", r"\btransmucosal\b",
        r"\bepidural(?:ly)?\b", r"\bintrathecal(?:ly)?\b", r"\bcaudal\b", r"\btopical(?:ly)?\b",
        r"\bnebuli[sz]ed\b", r"\binhaled\b", r"\brectal(?:ly)?\b", r"\bintraperitoneal(?:ly)?\b",
        r"\bi\.p\.", r"\bperineural\b", r"\bwound infiltration\b", r"\bnerve block\b",
    ),
}
ROUTE_WINDOW = 60

# Comparator: what ketamine was compared against.  Checked in this order.
COMPARATOR_TERMS = {
    "active_placebo": (r"\bmidazolam\b", r"\bactive placebo\b", r"\bactive[- ]control(?:led)? \(?midazolam"),
    "ect": (r"\belectroconvulsive\b", r"(?-i:\bECT\b)", r"\belectroshock\b"),
    "placebo": (r"\bplacebo\b", r"\bsaline\b", r"\bsham\b", r"\bvehicle\b"),
    "active_treatment": (
        r"\b(?:versus|vs\.?|compared (?:with|to)|comparison (?:with|to)|than)\s+(?:\w+[- ]?){0,3}?"
        r"(?:propofol|etomidate|dexmedetomidine|fentanyl|morphine|opioids?|lidocaine|escitalopram|"
        r"sertraline|quetiapine|lithium|aripiprazole|antidepressants?|SSRIs?|psychotherapy|"
        r"rTMS|transcranial|magnetic stimulation|treatment as usual|usual care|standard (?:care|treatment)|"
        r"nitrous oxide|psilocybin|diazepam|haloperidol|clonidine|gabapentin|pregabalin|paracetamol|"
        r"acetaminophen|ketorolac|ondansetron|magnesium|dexamethasone|thiopental|methohexital|"
        r"esketamine|ketamine)",
        r"\bactive (?:comparator|control)\b",
        r"\btreatment as usual\b",
        r"\bwait-?list\b",
    ),
}

# --------------------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------------------
# label: shown in the dashboard; mesh: MeSH descriptor names (exact, case-insensitive) that
# mean the condition; text: patterns in title/abstract/keywords; exclude_before: a pattern
# that, when it ends right before a text match, cancels it ("respiratory depression");
# threshold (optional): score needed for this condition (default CONDITION_THRESHOLD).
CONDITIONS: dict[str, dict] = {
    "depression": {
        "label": "Depression (major, treatment-resistant, bipolar, postpartum depression)",
        "mesh": (
            "Depression", "Depressive Disorder", "Depressive Disorder, Major",
            "Depressive Disorder, Treatment-Resistant", "Depression, Postpartum", "Dysthymic Disorder",
        ),
        "text": (
            r"\bdepress(?:ion|ions|ive|ed)\b", r"(?-i:\bMDD\b)", r"(?-i:\bTRD\b)", r"(?-i:\bMDE\b)", r"\bdysthymi\w*",
            r"\bmelanchol\w*", r"\bantidepressant (?:effects?|response|efficacy|actions?|properties|outcomes?|treatment)",
            r"\banti-?depressive\b", r"\bmood disorders?\b", r"\banhedoni\w*", r"(?-i:\bPPD\b)",
        ),
        "exclude_before": (
            r"(?:respiratory|ventilatory|cardiac|cardiovascular|myocardial|cns|central nervous system|"
            r"spreading|cortical|synaptic|long[- ]term|st[- ]segment|st|neuronal|immune|bone marrow|"
            r"psychomotor|sedation and|non|non-)\s*-?\s*$"
        ),
    },
    "ptsd": {
        "label": "Post-traumatic stress disorder",
        "mesh": ("Stress Disorders, Post-Traumatic", "Combat Disorders"),
        "text": (r"(?-i:\bc?PTSD\b)", r"\bpost-?\s?traumatic stress", r"\bcombat[- ]related trauma"),
    },
    "ocd": {
        "label": "Obsessive-compulsive disorder",
        "mesh": ("Obsessive-Compulsive Disorder",),
        "text": (r"\bobsessive[- ]compulsive\b", r"(?-i:\bOCD\b)"),
    },
    "pain": {
        "label": "Pain (acute, chronic, neuropathic, cancer, postoperative; analgesia)",
        "mesh": (
            "Pain", "Chronic Pain", "Pain, Postoperative", "Acute Pain", "Cancer Pain", "Neuralgia",
            "Fibromyalgia", "Complex Regional Pain Syndromes", "Migraine Disorders", "Headache",
            "Hyperalgesia", "Analgesia", "Pain Management", "Low Back Pain", "Breakthrough Pain",
            "Neuralgia, Postherpetic", "Diabetic Neuropathies", "Headache Disorders",
        ),
        "text": (
            r"\bpain(?:s|ful)?\b", r"\banalges(?:ia|ic)\b", r"\bneuropathic\b", r"\bneuralgi\w*",
            r"\bfibromyalgi\w*", r"(?-i:\bCRPS\b)", r"\bmigraines?\b", r"\bheadaches?\b", r"\bhyperalgesi\w*",
            r"\ballodyni\w*", r"\bopioid[- ]sparing\b", r"\bopioid (?:consumption|requirements?)\b",
        ),
        "exclude_before": r"(?:injection|propofol injection|no|without)\s*$",
    },
    "anxiety": {
        "label": "Anxiety disorders and anxiety symptoms as the treated condition",
        "mesh": (
            "Anxiety", "Anxiety Disorders", "Panic Disorder", "Phobia, Social", "Phobic Disorders",
            "Generalized Anxiety Disorder",
        ),
        "text": (
            r"\banxiety\b", r"\banxious\b", r"(?-i:\bGAD\b)", r"\bpanic disorder\b", r"\bphobi\w*",
            r"\bexistential distress\b",
        ),
        "exclude_before": r"(?:separation|performance|test|preoperative|dental|without)\s*$",
    },
    "suicidality": {
        "label": "Suicidal ideation or behaviour",
        "mesh": ("Suicidal Ideation", "Suicide", "Suicide, Attempted"),
        "text": (r"\bsuicid\w*", r"\bself-harm\w*"),
    },
    "bipolar": {
        "label": "Bipolar disorder (incl. bipolar depression)",
        "mesh": ("Bipolar Disorder",),
        "text": (r"\bbipolar\b", r"\bmanic[- ]depress\w*"),
    },
    "substance_use": {
        "label": "Substance use disorders (alcohol, opioids, cocaine, tobacco, ketamine)",
        "mesh": (
            "Substance-Related Disorders", "Alcoholism", "Alcohol-Related Disorders", "Opioid-Related Disorders",
            "Cocaine-Related Disorders", "Tobacco Use Disorder", "Amphetamine-Related Disorders",
            "Marijuana Abuse", "Smoking Cessation", "Substance Withdrawal Syndrome",
        ),
        "text": (
            r"\balcohol(?:ism|ic)\b",
            r"\b(?:alcohol|opioid|opiate|heroin|cocaine|cannabis|methamphetamine|amphetamine|stimulant|"
            r"ketamine|substance|drug|nicotine|tobacco|gambling)[- ](?:use[- ]disorders?|dependen\w*|"
            r"addict\w*|abuse|misuse|withdrawal)",
            r"(?-i:\b(?:AUD|OUD|SUDs?|CUD)\b)", r"\baddict(?:ion|ions|ive|ed)\b", r"\bsmoking cessation\b",
            r"\bheavy drink\w*", r"\bquit(?:ting)? smoking\b", r"\bsmokers\b", r"\bcraving\b",
        ),
        "exclude_before": r"(?:history of|without|no|free of|excluding)\s*$",
    },
    "recreational_use": {
        "label": "Recreational or non-medical use (people who use the drug, not a disorder treated)",
        "mesh": ("Recreational Drug Use", "Illicit Drugs"),
        "text": (
            r"\brecreational(?:ly)?\b",
            r"\b(?:ecstasy|mdma|ketamine|drug|polydrug|psychedelic|hallucinogen|cannabis|lsd|"
            r"psilocybin|mushroom|ayahuasca|dmt|stimulant)[- ]users?\b",
            r"\b(?:ecstasy|polydrug) use\b", r"\bnon-?medical use\b", r"\billicit (?:use|drug use)\b",
            r"\bclubbers?\b", r"\bnightlife\b", r"\b(?:music )?festivals?\b", r"\brave(?:s|rs)?\b",
            r"\bnaturalistic (?:use|settings?)\b", r"\bself-administ\w* (?:ecstasy|mdma|drugs?)\b",
            r"\bdrug checking\b", r"\bmicrodosers?\b",
            r"\b(?:ayahuasca|psilocybin|lsd|mdma|ecstasy|psychedelic|hallucinogen|mushroom) (?:drinkers|consumers|takers)\b",
            r"\bceremon(?:y|ies|ial)\b", r"\bnon-?users\b", r"\bex-?users\b",
            r"\b(?:current|former|previous|past|regular|heavy|chronic|abstinent|novice|experienced|moderate|"
            r"light|frequent|occasional) (?:\w+ ){0,2}?users\b",
            r"\bpeople who (?:have )?(?:used|use|consumed|took|take)\b", r"\b(?:lifetime|past-year|self-reported) "
            r"(?:\w+ )?(?:psychedelic|hallucinogen|drug|ecstasy|mdma|lsd|psilocybin) use\b",
        ),
        "threshold": 2.0,
    },
    "healthy_volunteers": {
        "label": "Healthy volunteers or non-clinical samples (no condition treated)",
        "mesh": ("Healthy Volunteers",),
        "text": (
            r"\bhealthy (?:human |adult |young |male |female |older |elderly |right-handed |)"
            r"(?:volunteers?|participants?|subjects?|adults?|individuals?|men|women|males?|females?|"
            r"people|persons?|humans?|students?|population|samples?)\b",
            r"\bnormal (?:healthy )?(?:volunteers?|subjects?)\b", r"(?-i:\bNVs\b)",
            r"\bnon-?clinical (?:sample|population|participants)\b",
            r"\bhallucinogen-?na[iï]ve (?:volunteers?|adults?|participants?)\b",
            r"\b(?:community|general population|population-based|student|non-patient) samples?\b",
        ),
        # one mention of healthy volunteers in the aims, methods or results decides
        "threshold": 1.0,
    },
    "other": {
        "label": "Other conditions (psychosis, eating disorders, delirium, cancer distress, anaesthesia...)",
        "mesh": (
            "Schizophrenia", "Psychotic Disorders", "Anorexia Nervosa", "Bulimia Nervosa", "Autism Spectrum Disorder",
            "Attention Deficit Disorder with Hyperactivity", "Dementia", "Alzheimer Disease", "Parkinson Disease",
            "Delirium", "Emergence Delirium", "Psychomotor Agitation", "Status Epilepticus", "Asthma", "Neoplasms",
            "Sleep Initiation and Maintenance Disorders", "Borderline Personality Disorder", "Catatonia",
            "Anesthesia", "Conscious Sedation", "Deep Sedation", "Postoperative Cognitive Complications",
        ),
        "text": (
            r"\bschizophreni\w*", r"\bpsychos[ie]s\b", r"\bpsychotic disorders?\b", r"\banorexi\w*",
            r"\bbulimi\w*", r"\beating disorders?\b", r"\bautis\w*", r"(?-i:\bADHD\b)", r"\bdementia\b",
            r"\balzheimer\w*", r"\bparkinson\w*", r"\bdelirium\b", r"\bemergence agitation\b",
            r"\bagitat(?:ion|ed)\b", r"\bstatus epilepticus\b", r"\bseizures?\b", r"\basthma\w*",
            r"\bcancer\b", r"\bpalliative\b", r"\bend[- ]of[- ]life\b", r"\bterminal(?:ly)? ill\w*",
            r"\blife-threatening (?:illness|disease|cancer)", r"\binsomnia\b", r"\btinnitus\b",
            r"\bstroke\b", r"\btraumatic brain injury\b", r"\bborderline personality\b", r"\bcatatoni\w*",
            r"\bsedation\b", r"\ban(?:a)?esthe(?:sia|tic)\b", r"\bpostoperative cognitive\b",
            r"\bdisorders? of consciousness\b", r"\bcluster headache\b",
        ),
    },
}

# A condition that implies another (the product counts suicidality and bipolar studies under
# depression, as its PubMed query does: fetch/queries.toml).
CONDITION_IMPLIES = {"suicidality": "depression", "bipolar": "depression"}
# A treatment that implies the condition when the abstract names none: electroconvulsive therapy
# (with ketamine as its anaesthetic or as its rival) is overwhelmingly a treatment for depression,
# unless the abstract names one of its other uses.  {condition: (treatment, other uses)}
TREATMENT_IMPLIES = {
    "depression": ((r"\belectroconvulsive\b", r"(?-i:\bECT\b)"),
                   r"\b(?:psychos[ie]s|psychotic|schizophreni\w*|catatoni\w*|mani[ac])\b"),
}
# A mention followed by these words names a rating instrument or a score ("Beck Depression
# Inventory", "anxiety scores"): an outcome measured, not the condition of the participants.
INSTRUMENT_WORDS = r"scale|inventor|questionnaire|rating|index|checklist|score|item|screener|interview"
INSTRUMENT_AFTER = (
    r"[\w ,'/&()-]{0,40}?\b(?:scales?|inventory|inventories|questionnaires?|rating|ratings|index|subscales?|"
    r"checklists?|scores?|items?|screener|interview)\b"
)

# Conditions that name a clinical problem (any of them present means the sample is not
# "healthy volunteers" unless the abstract says healthy volunteers were studied).
CLINICAL_CONDITIONS = ("depression", "ptsd", "ocd", "pain", "anxiety", "suicidality", "bipolar", "substance_use", "other")

# Words that show a condition is the one treated/studied: "patients with X", "X patients",
# "treatment of X", "for X".  {term} is replaced by the condition's text pattern.
PARTICIPANT_NOUNS = (
    r"(?:patients?|participants?|individuals?|adults?|people|persons?|subjects?|veterans?|women|men|"
    r"children|adolescents?|youths?|outpatients?|inpatients?|volunteers?|sufferers?|cases?|those|"
    r"samples?|cohort|populations?|mothers|parturients|elderly)"
)
# Words before a condition that show it is the condition treated: a participant noun followed
# by a link ("patients with ...", "adults suffering from ..."), or a treatment word
# ("treatment of ...", "reduced ...") among the few words before it.  Words after it: a
# participant noun ("depression patients", "PTSD veterans").
TREATED_PARTICIPANTS = frozenset(
    "patient patients participant participants individual individuals adult adults people person persons "
    "subject subjects veteran veterans women men woman man children child adolescent adolescents youth youths "
    "outpatients inpatients volunteers sufferers cases mothers parturients elderly sample cohort population".split()
)
TREATED_LINKS = frozenset("with from diagnosed having experiencing suffering who met".split())
TREATED_WORDS = frozenset(
    "treatment treatments treating treat treated therapy therapies management efficacy effectiveness relief "
    "prevention prevent reduction reduce reduces reduced reducing alleviate alleviates alleviating alleviation "
    "improve improves improved improving improvement amelioration against remission".split()
)
TREATED_WINDOW_WORDS = 6
# Words that may sit between a condition and its participant noun ("depressive disorder patients").
CONDITION_NOUN_TAIL = frozenset("disorder disorders disease symptoms episode episodes type subtype i ii".split())
# Where in the abstract a mention sits decides how much it says about the condition studied.
# (A background sentence often names conditions the study does not treat.)
CONDITION_SECTION_WEIGHTS = {
    "title": 3.0,
    "objective": 2.0,
    "methods": 1.5,
    "results": 1.0,
    "body": 1.0,
    "conclusions": 1.5,
    "background": 0.5,
    "registration": 0.0,
    "disclosures": 0.0,
    "other": 0.3,
    "keywords": 1.5,
}
CONDITION_TREATED_BONUS = 1.5   # added when the mention reads "patients with X", "treatment of X", ...
CONDITION_MESH_MAJOR = 4.0
CONDITION_MESH_MINOR = 2.5
CONDITION_THRESHOLD = 3.0       # a condition is labelled when its score reaches this
CONDITION_RELATIVE = 0.25       # ... and is at least this share of the best condition's score

# Sentences that name conditions as exclusions say nothing about the condition treated.
EXCLUSION_SENTENCE = r"\b(?:exclu(?:ded|sion|ding)|were not eligible|contraindicat\w*|history of)\b"

# --------------------------------------------------------------------------------------
# Population
# --------------------------------------------------------------------------------------
ANIMAL_TERMS = (
    r"\b(?:rats?|mice|mouse|murine|rodents?|rodent models?|hamsters?|gerbils?|guinea pigs?|rabbits?|"
    r"piglets?|pigs?|swine|sheep|ewes?|lambs?|dogs?|canine|cats?|feline|horses?|equine|cattle|calves|"
    r"monkeys?|macaques?|marmosets?|non-?human primates?|NHPs?|primates|zebrafish|drosophila|"
    r"c\. elegans|larvae|chicks?|pups?|dams)\b",
    r"\b(?:sprague[- ]dawley|wistar|long[- ]evans|c57bl/?6\w*|balb/?c|icr|cd-1|knockout|transgenic|"
    r"wild[- ]type)\b",
    r"\b(?:animal models?|in vivo model|chronic (?:unpredictable|mild|social defeat) stress|"
    r"forced swim(?:ming)? test|tail suspension test|sucrose preference|novelty suppressed feeding|"
    r"learned helplessness|open field test|elevated plus maze|morris water maze|"
    r"intraperitoneal(?:ly)?|i\.p\.)\b",
)
IN_VITRO_TERMS = (
    r"\bin vitro\b", r"\bcell lines?\b", r"\bcultured (?:cells|neurons|astrocytes|microglia)\b",
    r"\b(?:primary|neuronal|cell) cultures?\b", r"\borganoids?\b", r"\bHEK[- ]?293\w*\b", r"\bSH-SY5Y\b",
    r"\bPC12\b", r"\biPSCs?\b", r"\binduced pluripotent\b", r"\bin silico\b", r"\bmolecular docking\b",
    r"\bmolecular dynamics simulation", r"\bcrystal structure\b", r"\bbrain slices?\b",
    r"\bhippocampal slices?\b", r"\bsynaptosomes?\b", r"\bmicrosomes?\b", r"\brecombinant\b",
)
# People (narrower than PARTICIPANT_NOUNS: "cases", "samples" or "cohort" also name things).
HUMAN_NOUNS = (
    r"(?:patients?|participants?|individuals?|adults?|people|persons?|subjects?|veterans?|women|men|"
    r"children|adolescents?|youths?|outpatients?|inpatients?|volunteers?|sufferers?|mothers|parturients|elderly)"
)
HUMAN_TERMS = (
    r"\b" + HUMAN_NOUNS + r"\b",
    r"-year-old (?:man|woman|male|female|boy|girl|patient)\b",
    r"\b(?:human subjects?|humans|healthy volunteers?|respondents?|clinicians?|psychiatrists?|"
    r"physicians?|nurses?|users|students|twins|survivors?|clients|consumers|residents|visits|"
    r"admissions|prescriptions|randomi[sz]ed (?:controlled )?trials?|RCTs?|case reports?|"
    r"clinical trials?|"
    r"meta-analys[ie]s|systematic review)\b",
)
# MeSH check tags (present on most MEDLINE records).
MESH_HUMAN = ("Humans",)
MESH_ANIMAL = (
    "Animals", "Rats", "Mice", "Rats, Sprague-Dawley", "Rats, Wistar", "Mice, Inbred C57BL", "Disease Models, Animal",
    "Macaca mulatta", "Swine", "Dogs", "Zebrafish",
)
MESH_IN_VITRO = ("In Vitro Techniques", "Cells, Cultured", "Cell Line")

# --------------------------------------------------------------------------------------
# Study design
# --------------------------------------------------------------------------------------
# PubMed publication type -> design, first match in this order wins.
PUBLICATION_TYPE_DESIGN = (
    ("Retraction of Publication", "other"),
    ("Clinical Trial Protocol", "protocol"),
    ("Systematic Review", "systematic_review"),
    ("Meta-Analysis", "systematic_review"),
    ("Network Meta-Analysis", "systematic_review"),
    ("Randomized Controlled Trial", "rct"),
    ("Randomized Controlled Trial, Veterinary", "preclinical"),
    ("Equivalence Trial", "rct"),
    ("Pragmatic Clinical Trial", "rct"),
    ("Case Reports", "case_report"),
    ("Observational Study", "observational"),
    ("Observational Study, Veterinary", "preclinical"),
    ("Controlled Clinical Trial", "nonrandomised_trial"),
    ("Clinical Trial, Phase I", "nonrandomised_trial"),
    ("Clinical Trial, Phase II", "nonrandomised_trial"),
    ("Clinical Trial, Phase III", "nonrandomised_trial"),
    ("Clinical Trial, Phase IV", "nonrandomised_trial"),
    ("Clinical Trial", "nonrandomised_trial"),
    ("Scoping Review", "review"),
    ("Review", "review"),
    ("Editorial", "other"),
    ("Comment", "other"),
    ("Letter", "other"),
    ("News", "other"),
    ("Practice Guideline", "other"),
    ("Guideline", "other"),
    ("Consensus Development Conference", "other"),
)
# Publication types weaker than text cues (a "Clinical Trial" tag is given to many
# randomised and non-randomised reports alike; "Review" to systematic ones).
WEAK_PUBLICATION_DESIGNS = ("nonrandomised_trial", "review", "other")

# Instruments that are "administered" or "given" like a drug is ("participants were administered a
# structured clinical interview"): giving one of these is not an intervention.
INSTRUMENT_NOUNS = (
    r"(?:interviews?|questionnaires?|scales?|tests?|batter(?:y|ies)|surveys?|measures?|inventor(?:y|ies)|tasks?|"
    r"assessments?)"
)
NOT_AN_INSTRUMENT = r"(?! (?:a |an |the )?(?:[\w-]+ ){0,4}?" + INSTRUMENT_NOUNS + r"\b)"

# Text cues per design.  `strong` cues decide on their own (title, objective or methods);
# the decision order is in analysis/design.py.
DESIGN_TEXT = {
    "protocol": (
        r"\bstudy protocol\b", r"\btrial protocol\b", r"\bprotocol (?:for|of) (?:a|an|the)\b",
        r"\bthis protocol\b", r"\bprotocol paper\b", r"\bstudy design and rationale\b",
        r"\brationale(?:,| and) (?:study )?design\b", r"\bdesign and methods? of\b",
        r"\bdesign of (?:a|an|the) (?:\w+[- ]){0,4}(?:trial|study)\b",
    ),
    # Future tense in the methods: a study still to be done.
    "protocol_future": (
        r"\b(?:will|shall) be (?:randomi[sz]ed|recruited|enrolled|assigned|allocated|included|assessed|"
        r"measured|conducted|administered|collected|analy[sz]ed|evaluated|followed|compared|screened|"
        r"invited|offered|treated|given|performed|carried out|used|obtained|monitored|asked|examined|"
        r"randomly (?:assigned|allocated))\b",
        r"\bwill (?:also )?(?:receive|recruit|enrol+|randomi[sz]e|undergo|assess|evaluate|"
        r"examine|investigate|compare|test|measure|include|be the|provide|determine|explore|complete|"
        r"participate|attend)\b",
        r"\b(?:is|are) (?:expected|planned|anticipated) to\b", r"\bwe (?:aim|plan|propose) to\b",
        r"\bwill be disseminated\b", r"\brecruitment (?:is|began|started|commenced)\b",
        r"\b(?:recruitment|enrol+ment) (?:is )?(?:ongoing|underway|expected)\b",
    ),
    "systematic_review": (
        r"\bsystematic(?:ally)? (?:literature )?(?:review|search|searched|reviewed)\w*",
        r"\bmeta-?analy[st]\w*", r"\bmeta-?regression\b", r"\bumbrella review\b", r"(?-i:\bPRISMA\b)",
        r"(?-i:\bPROSPERO\b)",
        r"\b(?:searched|search of|searches of) (?:\w+ ){0,6}(?:pubmed|medline|embase|psycinfo|cochrane|web of science|scopus|cinahl)",
    ),
    "review": (
        r"\b(?:narrative|literature|scoping|critical|brief|comprehensive|historical|mini-?|integrative|"
        r"rapid|clinical|selective|state-of-the-art) (?:review|overview)\b",
        r"\bthis (?:review|commentary|perspective|overview)\b",
        # "this article/paper" is a review only when what it does is reviewing ("This paper assesses the
        # safety of ketamine in 104 patients" is a study)
        r"\bthis (?:article|paper|chapter) (?:will )?(?:\w+ )?(?:reviews?|summari[sz]es?|discuss(?:es)?|outlines?|"
        r"highlights?|synthesi[sz]es?|describes?|delineates?|explores?|argues?|proposes?|considers?|reflects?|"
        r"focus(?:es)? on|offers?|provides?|presents? an? (?:\w+ )?(?:overview|framework|perspective|model)|"
        r"suggests? a (?:\w+ )?framework|examines the (?:literature|evidence))\b",
        r"\bwe (?:review|summari[sz]e|discuss|describe the (?:current|evidence|literature)|provide an overview|highlight)\b",
        r"\b(?:a |an )?(?:review|overview) of (?:the )?(?:current |recent |existing |available )?(?:literature|evidence|research|studies|data|findings)\b",
        r"^(?:\w+\W+){0,12}(?:a |an )?(?:\w+ )?review\b",
        r"\bcommentary\b", r"\beditorial\b", r"\bviewpoint\b", r"\bposition (?:paper|statement)\b",
        r"(?<!visual )\bperspective\b(?! (?:shift|taking)\w*)",  # not "visual perspective shifting" (a measure)
        r"\bguidelines?\b", r"\bconsensus statement\b", r"\bexpert (?:opinion|consensus|panel)\b",
    ),
    "case_report": (
        r"\bcase report\b", r"\bcase study\b", r"\bsingle[- ]case\b", r"\bcase presentation\b",
        r"\bwe (?:report|present|describe) (?:the )?(?:a |an |one )?(?:case|patient)\b",
        r"\bwe (?:report|present|describe) on (?:a|an|one) (?:[\w-]+ ){0,2}?(?:case|patient)\b(?!s)",
        r"\bwe (?:report|present|describe) (?:\w+ ){1,2}?(?:in|on|of) (?:a|an|one) (?:\w+ )?patient\b"
        r"(?!s| (?:sample|population|cohort|group|registry|database))",
        r"-year-old (?:\w+ ){0,3}?(?:man|woman|male|female|boy|girl|patient|veteran|gentleman|lady)\b",
        r" year old (?:\w+ ){0,3}?(?:man|woman|male|female|boy|girl|patient|veteran|gentleman|lady)\b",
        r"\bthis case\b", r"\bcase (?:description|summary)\b", r"\bour patient\b",
    ),
    "case_series": (
        r"\bcase series\b", r"\bseries of (?:\w+ )?(?:cases|patients)\b",
        r"\bwe (?:report|present|describe) (?:\w+ )?(?:two|three|four|five|six|seven|eight|nine|ten|\d+) "
        r"(?:\w+ )?(?:cases|patients|individuals|adults|veterans|women|men)\b",
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten) (?:consecutive )?cases\b", r"(?<=\d) (?:consecutive )?cases\b",
    ),
    # Only in a title: in an abstract's results "in two patients" is a subgroup, not the study.
    "case_series_title": (r"\bin (?:two|three|four|five|six) patients\b",),
    "qualitative": (
        r"\bqualitative\b", r"\bsemi-?structured interviews?\b", r"\bin-?depth interviews?\b", r"\bfocus groups?\b",
        r"\bthematic(?:al)? analy\w*", r"\binterpretative phenomenological\b", r"\bgrounded theory\b",
        r"\bphenomenolog\w* (?:analysis|study|approach)\b", r"\bcontent analysis\b", r"\bethnograph\w*",
        r"\bnarrative (?:analysis|inquiry)\b",
    ),
    "rct": (
        r"(?<!non-)(?<!non)(?<!quasi-)\brandomi[sz]ed\b", r"\brandomly\b", r"(?<!non-)\brandomi[sz]ation\b",
        r"(?-i:\bRCTs?\b)", r"\brandom (?:order|assignment|allocation|insertion|sequence)\b",
    ),
    # Phrases that name a randomised controlled trial outright (no separate control cue needed).
    "rct_named": (
        r"\brandomi[sz]ed (?:\w+[- ,]+){0,4}?(?:controlled|clinical|placebo-controlled|comparative|"
        r"double-blind\w*|pilot|crossover|cross-over) (?:\w+ )?trial\b", r"(?-i:\bRCTs?\b)",
    ),
    # Controlled / blinded cues that make a randomised study an RCT (PsyNamic and CONSORT both
    # require a control arm).
    "controlled": (
        r"\bplacebo\b", r"\bcontrolled\b", r"\bdouble[- ]blind\w*", r"\bsingle[- ]blind\w*",
        r"\btriple[- ]blind\w*", r"\bblinded\b", r"\bmasked\b", r"\bcrossover\b", r"\bcross-over\b",
        r"\bversus\b", r"\bvs\.?\b", r"\bcompared (?:with|to)\b", r"\bcontrol (?:group|arm|condition)\b",
        r"\bsaline\b", r"\bmidazolam\b", r"\bsham\b", r"\bwait-?list\b", r"\bactive comparator\b",
    ),
    # Reports that re-use trial data (secondary/post hoc/pooled analyses) are not the trial
    # report itself; PsyNamic files these under "Other".
    "secondary_analysis": (
        r"\b(?:secondary|post[- ]?hoc|exploratory|ancillary|follow-up|pooled|re-?) analys[ie]s\b",
        r"\banaly[sz]ed data from\b",
        # ... but not data collected from a stated number of people ("EEG data were obtained from
        # 16 healthy volunteers"): that is this study's own sample.
        r"\bdata (?:were|was) (?:derived|drawn|obtained|taken|pooled) from\b(?! (?:a total of )?(?:\d+|(?:one|two|"
        r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|"
        r"seventy|eighty|ninety)(?:-\w+)?) (?:[\w-]+ ){0,3}(?:patients|participants|subjects|volunteers|"
        r"individuals|adults|users|people|women|men)\b)",
        r"\bdata from (?:a|an|the|two|three|four|\d+) (?:\w+[- ]){0,6}?(?:trials?|studies)\b",
        # "Data from TRANSFORM-1 and TRANSFORM-2 (...) were analyzed" (named trials), not "data
        # from 40 patients were analysed"
        r"\bdata from (?![^.;]{0,20}\b(?:\d+|[a-z]+(?:ty|teen|one|two|three|four|five|six|seven|eight|nine|ten)) "
        r"(?:[\w-]+ ){0,3}?(?:patients|participants|subjects|volunteers|individuals|adults|people)\b)"
        r"[^.;]{0,160}?\b(?:were|was) (?:re-?)?(?:analy[sz]ed|pooled)\b",
        r"\busing data from\b", r"\bpooled data\b", r"\bsub-?study\b", r"\bsecondary (?:data |outcomes? )?analys\w*",
        r"\bin a (?:secondary|post hoc) analysis\b", r"\bparent (?:trial|study)\b", r"\bextension study\b",
        r"\bre-?analys[ie]s\b",
        r"\bbased on (?:data from )?(?:a|an|the|two|three|four|\d+) (?:\w+[- ]){0,4}?(?:trials?|studies)\b",
    ),
    "nonrandomised_trial": (
        r"\bopen[- ]label\b", r"\bsingle[- ]arm\b", r"\bnon-?randomi[sz]ed\b", r"\buncontrolled\b",
        r"\bphase (?:I|1|I/II|1/2|IIa|2a|Ib|1b)\b(?! (?:randomi))", r"\bpilot (?:study|trial)\b",
        r"\bfeasibility (?:study|trial)\b", r"\bdose[- ](?:escalation|finding|ranging)\b",
        r"\bproof[- ]of[- ]concept\b", r"\bclinical trial\b", r"\bprospective (?:\w+ ){0,2}(?:trial|intervention)",
        r"\bwithin-subjects?\b", r"\bwere (?:treated|administered|given)\b" + NOT_AN_INSTRUMENT,
        r"\breceived (?:a |an |\d|one|two|three|four|six|repeated|serial|single)",
    ),
    "observational": (
        r"\bretrospective(?:ly)?\b", r"\bchart reviews?\b", r"\bmedical records?\b", r"\bhealth records?\b",
        r"(?-i:\bEHRs?\b)", r"\bregistry\b", r"\bregist(?:er|ries)\b", r"\bdatabases?\b", r"\bclaims data\b",
        r"\bcross-?sectional\b", r"\b(?:online |web-?based |internet |anonymous |national )?surveys?\b",
        r"\bquestionnaire-based\b", r"\bcase-?control\b", r"\breal-?world\b", r"\bnaturalistic\b",
        r"\bobservational\b", r"\bcohort\b", r"\bpopulation[- ]based\b", r"\bpharmacovigilance\b",
        r"\badverse event reporting system\b", r"(?-i:\bFAERS\b)", r"\bpoison(?:s)? (?:control|centre|center)\b",
        r"\bemergency department (?:visits|presentations|admissions)\b", r"\bepidemiolog\w*",
        r"\bprevalence\b", r"\blongitudinal (?:study|cohort|survey)\b", r"\bfollow-up study\b",
        r"\bearly[- ]access program\w*\b", r"\bclinic(?:al)? (?:practice|setting)\b", r"\bcommunity sample\b",
        r"\brespondents\b",
    ),
}

# --------------------------------------------------------------------------------------
# Abstract structure
# --------------------------------------------------------------------------------------
# Section headings of structured abstracts mapped to a canonical section.  The first keyword
# found in the heading (in this order) decides; all-capital headings not listed are "other".
SECTION_KEYWORDS = (
    ("registration", "registration"), ("clinicaltrials", "registration"), ("trial reg", "registration"),
    ("funding", "disclosures"), ("conflict", "disclosures"), ("disclosure", "disclosures"),
    ("competing interest", "disclosures"), ("declaration of interest", "disclosures"),
    ("acknowledg", "disclosures"), ("level of evidence", "other"),
    ("conclu", "conclusions"), ("interpretation", "conclusions"), ("implication", "conclusions"),
    ("lessons", "conclusions"), ("discussion", "conclusions"), ("significance", "conclusions"),
    ("summary", "conclusions"), ("take-home", "conclusions"), ("relevance", "conclusions"),
    ("primary outcome", "methods"), ("secondary outcome", "methods"), ("outcome measure", "methods"),
    # "RECENT FINDINGS" (Current Opinion reviews) is the review's own text, not a study's results
    ("outcomes and measure", "methods"), ("recent finding", "body"), ("result", "results"), ("finding", "results"),
    ("case", "results"), ("observation", "results"),
    ("data synthesis", "results"), ("evidence synthesis", "results"), ("outcome", "results"),
    ("objective", "objective"), ("aim", "objective"), ("purpose", "objective"), ("goal", "objective"),
    ("question", "objective"), ("hypothes", "objective"),
    ("background", "background"), ("introduction", "background"), ("context", "background"),
    ("rationale", "background"), ("importance", "background"), ("motivation", "background"),
    ("method", "methods"), ("design", "methods"), ("setting", "methods"), ("participant", "methods"),
    ("patient", "methods"), ("subject", "methods"), ("population", "methods"), ("intervention", "methods"),
    ("measure", "methods"), ("data source", "methods"), ("study selection", "methods"),
    ("data extraction", "methods"), ("eligibility", "methods"), ("search", "methods"),
    ("material", "methods"), ("procedure", "methods"), ("exposure", "methods"), ("sample", "methods"),
    ("analysis", "methods"), ("approach", "methods"), ("review method", "methods"), ("selection", "methods"),
    ("limitation", "other"),
)
# Headings some publishers' abstracts reach PubMed with, glued to the next sentence with no
# colon or space ("...respectively.PurposeThis paper explores ..."); read as headings only when
# an abstract has two or more of them.
GLUED_TITLE_HEADINGS = (
    "Background", "Introduction", "Objectives?", "Aims?", "Purpose", "Methods?", "Results", "Conclusions?",
    "Design", "Setting", "Participants", "Subjects", "Measures", "Interventions?", "Findings", "Discussion",
)
# Title-case headings accepted when written "Background: ..." (capitalised, not all caps).
TITLE_CASE_HEADINGS = (
    "background", "introduction", "objective", "objectives", "aim", "aims", "aims and methods", "purpose",
    "rationale", "context", "importance", "methods", "method", "design", "setting", "participants",
    "patients", "subjects", "interventions", "measurements", "main outcome measures", "results", "findings",
    "conclusion", "conclusions", "interpretation", "discussion", "limitations", "trial registration",
    "data sources", "study selection", "data extraction", "data synthesis", "significance", "implications",
    "case presentation", "case report", "case", "case description", "study design", "materials and methods",
    "methods and materials", "background and aims", "background and objectives", "background/objectives",
    "background/aims", "objectives and methods", "aims/hypothesis", "research design and methods",
    "design, setting, and participants", "design, setting and participants", "exposure", "exposures",
    "main outcomes and measures", "conclusions and relevance", "clinical trial registration",
    "registration", "funding", "disclosure", "disclosures", "disclosure statement", "conflict of interest",
    "conflicts of interest", "declaration of interest", "competing interests", "acknowledgements",
    "acknowledgments", "evidence synthesis", "eligibility criteria", "search strategy",
    "selection criteria", "data collection and analysis", "main results", "authors' conclusions",
    "review methods", "procedure", "procedures", "outcomes", "measures", "sample", "analysis",
    "statistical analysis", "study selection and data extraction", "methods/design", "discussion/conclusions",
    "ethics and dissemination", "methods and analysis", "hypothesis", "goals", "goal", "purpose of review",
    "recent findings", "summary", "clinical relevance", "lessons from the case", "introduction and background",
    "clinical trials registration", "trial registration number", "protocol registration", "registration number",
    "clinical trial number", "trial number", "trial registry", "clinical trial registry", "study registration",
    "subjects and methods", "patients and methods", "participants and methods", "material and methods",
    "methodology", "study population", "aim of the study", "aims of the study", "purpose of the study",
    "objective of the study", "conclusions and implications", "conclusion and relevance", "conclusion and implications",
)

# Unstructured abstracts: sentence openings that mark the aim or the conclusion.
OBJECTIVE_CUES = (
    r"\b(?:aims?|objectives?|purposes?|goals?) (?:of (?:this|the|our)|was|is|were)\b",
    r"\bwe (?:aimed|sought|set out|wanted|hypothesi[sz]ed|investigated|examined|evaluated|assessed|tested|"
    r"explored|compared|studied|conducted|performed|report|present|describe|analy[sz]ed|carried out|"
    r"determined|measured|review|reviewed|undertook|used|here)\b",
    r"(?:(?<=this )|(?<=our )|(?<=present )|(?<=current ))(?:study|trial|review|analysis|paper|article|report|work|"
    r"investigation|meta-analysis) (?:aim\w*|investigat\w*|examin\w*|evaluat\w*|assess\w*|test\w*|explor\w*|"
    r"compar\w*|report\w*|describ\w*|present\w*|sought|provides|determin\w*|focus\w*|address\w*)\b",
    r"\b(?:study|trial) (?:was|is) designed to\b",
    r"^(?:here|in this (?:study|trial|paper|report|article|review|work)|to (?:investigate|examine|evaluate|"
    r"assess|determine|explore|test|compare|characteri[sz]e|identify|address))\b",
)
# The first sentence of an unstructured abstract is background unless it already reports this
# study's own participants ("Sleep was measured in 30 adults with depression enrolled in a
# randomized cross-over trial of ketamine").
METHODS_OPENING = (
    r"\b(?:were|was) (?:\w+ )?(?:enrolled|recruited|randomi[sz]ed|randomly (?:assigned|allocated))\b",
    r"\benrolled in (?:a|an|this|the present|our)\b",
)
CONCLUSION_CUES = (
    r"^(?:in |to )?(?:conclusions?|summary|sum)\b", r"^conclusively\b", r"^overall\b", r"^taken together\b", r"^together\b",
    r"^collectively\b", r"^thus\b", r"^therefore\b", r"^hence\b", r"^altogether\b",
    r"\bwe conclude\b",
    r"\b(?:findings|results|data|observations|study|trial|evidence|analysis|review|meta-analysis) "
    r"(?:\w+ ){0,2}?(?:suggest|indicate|show|demonstrate|support|provide|confirm|highlight|imply|"
    r"point|add|extend|are consistent|underscore|raise|warrant|do not support|did not support|reveal)",
    r"\bthis is the first\b",
)
# Sentences that are not part of the scientific text (copyright lines, registration numbers).
BOILERPLATE = (
    r"^\(?(?:c|©)\s*\d{4}", r"\ball rights reserved\b", r"\bpsyc ?info database record\b",
    r"^(?:trial |clinical trials? )?registration\b", r"\bclinicaltrials\.gov\b", r"\bNCT\d{6,}\b",
    r"\bUMIN\d{6,}\b", r"\bEudraCT\b", r"\bDRKS\d{6,}\b", r"\bIRCT\d+", r"\bregistration (?:number|no)\b",
    r"\bISRCTN\d+\b", r"\bACTRN\d+\b", r"\bChiCTR[\w-]+\b", r"\bCRD\d{6,}\b", r"^funding\b",
    r"\bpublished by\b", r"\bthe authors? declare", r"\bconflicts? of interest\b", r"^copyright\b",
    r"\bwiley periodicals\b", r"\belsevier\b", r"\bspringer\b", r"\bcreative commons\b",
)

# --------------------------------------------------------------------------------------
# Conclusion (the authors' own verdict)
# --------------------------------------------------------------------------------------
CONCLUSION_POSITIVE = (
    r"\b(?:significant(?:ly)?|substantial(?:ly)?|marked(?:ly)?|rapid(?:ly)?|robust(?:ly)?|sustained|"
    r"greater|large|dramatic(?:ally)?|clinically meaningful|clinically significant|meaningful)\s+"
    r"(?:(?!(?:predictors?|biomarkers?|markers?|correlates?|moderators?)\b)\w+[- ]){0,3}?(?:reduc\w*|decreas\w*|improv\w*|declin\w*|relie\w*|benefit\w*|"
    r"antidepressant|anti-?suicid\w*|anxiolytic|analgesi\w*|response|remission|effects?)",
    r"\b(?:reduc|improv|decreas|alleviat|attenuat|reliev|amelior|lower|lessen|prevent|diminish|"
    r"sustain|maintain|accelerat|enhanc)(?:e|es|ed|ing|tion|ement|s)?\s+(?:\w+[- ]){0,5}?"
    r"(?:symptoms?|depressi\w*|pain|suicid\w*|anxiety|severity|scores?|ideation|distress|craving|"
    r"consumption|use|incidence|risk|intensity|anhedonia|antidepressant|response|remission|onset|"
    r"outcomes?|functioning|quality of life|QoL|HRQoL|wellbeing|well-being|mood|opioids?|analgesi\w*|PTSD|"
    r"obsessi\w*|relapse)",
    r"\bbenefit(?:ted|ed|s)? from\b", r"\b(?:functions?|acts?|serves?) as (?:a |an )?(?:\w+ )?(?:prophylactic|therapeutic|"
    r"protective|preventive|effective|useful|promising)\b",
    r"\b(?:potential|viable|valuable|alternative|new|novel|promising|useful) (?:\w+ )?(?:treatment |therapeutic )?"
    r"(?:options?|alternatives?|tools?|strateg(?:y|ies)|interventions?|treatments?|therap(?:y|ies)|approach(?:es)?|agents?)\b",
    r"\b(?:positive|beneficial|favou?rable|encouraging|therapeutic|substantive|lasting|persisting|enduring) "
    r"(?:\w+ )?(?:effects?|outcomes?|results|findings|changes|response)\b",
    r"\bpotentially (?:helpful|useful|beneficial|effective)\b",
    r"\b(?:leads?|led) to (?:\w+ )?(?:cessation|reduction|improvement|remission|relief|recovery|abstinence)\b",
    r"\b(?:anti-?suicidal|antidepressant|anxiolytic|analgesic|anti-?anhedonic) (?:effects?|efficacy|properties|action|response|benefits?)\b",
    r"\b(?:safe|well[- ]tolerated|tolerable|feasible|acceptable)\b",
    r"\bincreas\w* (?:\w+ ){0,3}?(?:response|remission|abstinence|well-?being|quality of life|rates of response)\b",
    r"\beffectively (?:treat|reduce|improve|relieve|manage|maintain|prevent|control)\w*",
    r"\bnon-?inferior(?:ity)?\b", r"\bsupports? (?:the )?(?:further |continued )?(?:clinical |product )?development\b",
    r"\bpromise (?:for|of) (?:the )?(?:\w+ ){0,2}?(?:effectiveness|efficacy)\b",
    r"\b(?:symptoms?|depression|depressive symptoms|suicidality|suicidal ideation|pain|anxiety|well-being|wellbeing|"
    r"sleep|functioning|quality of life|mood|craving|scores?)\s+(?:\w+\s+){0,3}?(?:improved|decreased|declined|"
    r"resolved|remitted|diminished|(?:was|were) (?:\w+ )?(?:reduced|improved|alleviated|relieved))\b",
    r"\b(?:supports?|supported|confirm\w*) (?:\w+ ){0,2}?(?:safety|efficacy|effectiveness|use|tolerability)\b",
    r"\b(?:safety|efficacy|effectiveness) (?:and \w+ )?(?:of \w+ )?(?:(?:was|were) )?(?:consistent|comparable|confirmed|attained|"
    r"demonstrated|established)\b",
    r"\b(?:safety|efficacy|effectiveness)\b[^.;]{0,100}?\b(?:was|were) (?:\w+ )?(?:consistent with|comparable to|similar to) "
    r"(?:\w+ ){0,3}?(?:trials?|studies|phase \d|registration|pivotal)",
    r"\b(?:first[- ](?:choice|line)|treatment of choice|method of choice|agent of choice)\b",
    r"\bpro-?cognitive\b", r"\bregardless of\b(?=[^.]*\beffective)", r"\bsafely\b",
    r"\bimprovements? (?:\w+ ){0,3}?(?:was|were) (?:observed|seen|noted|found|achieved|evident)",
    r"\bimproved (?:over|after|following|with|during|across)\b",
    r"\bsuperior (?:\w+ )?(?:outcomes?|efficacy|effects?|response|results)\b",
    r"\b(?:leads?|led) to (?:a |an )?(?:\w+ ){0,2}?(?:relief|improvement|reduction|remission|recovery)\b",
    r"\b(?:rapid|robust|sustained|significant|large|strong|marked|durable)\s+(?:and (?:\w+ )?)?"
    r"(?:antidepressant|anti-?suicidal|anxiolytic|analgesic|therapeutic|clinical)\s+(?:effects?|response|"
    r"efficacy|action|benefits?|improvements?)",
    r"\b(?:effective|efficacious|promising|beneficial|safe and (?:effective|efficacious|well[- ]tolerated)|"
    r"well[- ]tolerated and (?:effective|efficacious))\b",
    r"\b(?:supports?|supported|support for|evidence for|evidence of|demonstrates?|demonstrated|"
    r"confirms?|confirmed|shows?|showed) (?:\w+ ){0,4}?(?:efficacy|effectiveness|benefit|"
    r"therapeutic (?:potential|value)|antidepressant|potential)\b",
    r"\bfavou?r(?:ed|s|ing)? (?:\w+ ){0,2}?(?:ketamine|esketamine|arketamine|the intervention|"
    r"psilocybin|mdma|active treatment|treatment)\b",
    r"\b(?:therapeutic|clinical) (?:potential|promise|benefit|value)\b", r"\b(?:potential|possible|promising) therapeutic role\b",
    r"\b(?:may|might|could|can) (?:be (?:an? )?(?:\w+ )?(?:effective|useful|promising|beneficial|valuable|"
    r"viable|safe)|(?:effectively |rapidly |significantly )?(?:reduce|improve|relieve|alleviate|decrease|"
    r"prevent|help|benefit|enhance))\b",
    r"\b(?:response|remission) rates? (?:of|was|were) \d",
    r"\bimprovements? in\b", r"\bsuperior to\b", r"\boutperform\w*\b",
    r"\b(?:is|are|was|were) (?:\w+ )?clinically (?:meaningful|significant|relevant)\b",
    r"\b(?:is|are|was|were|as) (?:a |an )?(?:\w+ )?rapid-?acting\b",
    r"\b(?:suggests?|suggested|shows?|showed|shown|indicates?|indicated|demonstrates?|demonstrated|found|"
    r"observed|reveals?|revealed) (?:(?!that\b)\w+[- ]){0,3}?(?<!non-)(?:improvements?|reductions?|relief|benefits?)\b",
    r"\bconfirm\w* (?:[\w']+ ){0,2}?(?:activity|efficacy|effectiveness|effects?|benefits?) (?:against|in|on|for)\b",
    r"\bmore (?:effective|efficacious)\b", r"\bwas associated with (?:significant |greater |rapid )?(?:\w+ ){0,2}?(?:improvement|reduction|decrease|relief)",
)
CONCLUSION_NEGATIVE = (
    r"\b(?:did|does|do|was|were|is|are) not (?:\w+ ){0,2}?(?:significantly |meaningfully |substantially )?"
    r"(?:reduce|decrease|improve|prevent|differ|alter|change|lower|attenuate|affect|enhance|"
    r"accelerate|shorten|show|demonstrate|result|lead|separate|outperform|superior|effective|"
    r"efficacious|beneficial|better|support|associated|confer|provide|produce|improve)\w*",
    r"\bno (?:\w+[- ]){0,3}?(?:significant|statistically significant|meaningful|clinically meaningful|"
    r"clinically relevant|detectable|evidence|benefit|difference|differences|effect|effects|"
    r"improvement|advantage|superiority|association)\b",
    r"\b(?:failed|fail|fails) to\b", r"\black (?:of )?(?:\w+ )?(?:efficacy|effect|benefit|evidence)\b",
    r"\blacks? (?:\w+ )?(?:efficacy|effects?|benefit)\b", r"\bineffective\b", r"\bnot (?:\w+ )?(?:effective|efficacious|superior|useful|beneficial|feasible|safe|tolerable|practical|suitable)\b",
    r"\bunlikely to (?:be|have|provide|produce)\b", r"\bnon-?significant\b", r"\bnot (?:statistically )?significant\b",
    r"\bsimilar (?:\w+ ){0,3}?(?:to|in both|between|across)\b", r"\bcomparable\b", r"\bnull\b",
    r"\bdid not (?:find|observe|detect)\b", r"\bnot (?:be )?recommended\b", r"\bshould not be\b",
    r"\bmight cause harm\b", r"\bmay cause harm\b", r"\bincreased risk of harm\b",
    r"\b(?:may|might|could|would) not (?:be )?(?:(?:an? )?(?:\w+ )?(?:feasible|safe|practical|suitable)|sufficient|enough|adequate|effective|efficacious|beneficial|useful|"
    r"reduce|improve|prevent|relieve|alleviate|decrease|lower|help|benefit)\w*",
    r"\b(?:insufficient|not sufficient) to (?:reduce|improve|prevent|relieve|alleviate|decrease|lower|produce|achieve)\b",
)
# Harms framed as the verdict (safety signal) make a conclusion negative when nothing positive is said.
CONCLUSION_HARM = (
    r"\b(?:harm|harmful|dangerous|toxic|neurotoxic\w*|adverse (?:outcomes|effects) (?:outweigh|dominate))\b",
    r"\b(?:caution|cautious(?:ly)?)\b", r"\b(?:impair(?:s|ed|ment)?|deficits?)\b",
)
# Contrast words that make a verdict mixed when both sides are present.
CONCLUSION_CONTRAST = r"\b(?:however|but|although|though|whereas|while|despite|yet|nevertheless|nonetheless|except|only)\b"
# Where a clause ends: a negation ("did not reduce ...") reaches no further.
CLAUSE_BREAK = r"[,;:()]|\s(?:and|but|however|although|though|whereas|while|despite|yet|except)\b"
# Hedged or inconclusive verdicts.
CONCLUSION_NEUTRAL = (
    r"\binconclusive\b", r"\b(?:insufficient|limited|low[- ]quality|weak|scarce|conflicting|mixed|"
    r"inconsistent|equivocal) (?:\w+ ){0,2}?(?:evidence|data|support|results|findings)\b",
    r"\bremains? (?:unclear|uncertain|unknown|to be (?:determined|established|elucidated))\b",
    r"\bcannot be (?:determined|established|concluded)\b", r"\bno firm conclusions?\b",
    r"\bconvincing evidence (?:\w+ ){0,5}?(?:lacking|is lacking|remains lacking)\b",
)
# A title that states a benefit as its finding, in the present tense ("Oral ketamine reduces the
# experience of stress in people with chronic suicidality"); read when the abstract's own
# conclusion carries no verdict.
TITLE_CLAIM_POSITIVE = (
    r"^(?![^:]*\bto (?:reduce|improve|relieve|prevent)\b)[^:?]*\b(?:reduces|improves|relieves|decreases|alleviates|"
    r"prevents|attenuates|ameliorates|lowers|reverses|rescues) "
)
# Efficacy words: a conclusion that mentions none of these, nor the condition treated, is
# about mechanism or method (not an efficacy claim).
EFFICACY_WORDS = (
    r"\b(?:efficacy|efficacious|effective(?:ness)?|ineffective|treatments?|therap(?:y|ies|eutic)|prevent\w*|"
    r"antidepressant|antisuicidal|anti-suicidal|anxiolytic|analgesi[ac]|symptoms?|improv\w*|"
    r"reduc\w*|relie\w*|remission|respon(?:se|ders?)|benefi\w*|outcomes?|recovery|alleviat\w*|"
    r"promising|superior|placebo|safe(?:ty)?|tolerab\w*|well[- ]tolerated|abstinence|craving|prophyla\w*|decreas\w*|harm\w*|"
    r"protective|preventi\w*|feasib\w*|effects?|efficac\w*|useful|helpful|cessation|"
    r"quality of life|wellbeing|well-being|functioning|severity|scores?)\b",
)
# Mechanistic / biomarker focus: studies that explain how the drug acts rather than whether
# it helps (PsyNamic: no efficacy conclusion).
MECHANISTIC_FOCUS = (
    r"\b(?:biomarkers?|predictors?|predict\w*|mechanisms?|neural correlates?|correlates?|connectivity|"
    r"f?MRI|PET|EEG|MEG|magnetoencephalograph\w*|electroencephalograph\w*|imaging|neuroimaging|"
    r"spectroscopy|genetic|genotypes?|polymorphisms?|gene expression|GWAS|genome|metabolom\w*|"
    r"proteom\w*|transcriptom\w*|BDNF|cytokines?|inflammat\w*|plasma levels?|serum levels?|"
    r"pharmacokinetic\w*|plasma concentrations?|metabolites?|moderat(?:or|ors|es|ed|ion)|mediat(?:or|ors|es|ed|ion)|"
    r"brain (?:activity|network|regions?|structure)|cortical|neurophysiolog\w*|electrophysiolog\w*|evoked potentials?|"
    r"gamma|oscillations?|entropy|default mode|network|glutamate|GABA|receptor occupancy)\b",
)
# A safety verdict: in studies of healthy volunteers (phase 1, safety pharmacology) the authors'
# conclusion that the drug is safe/tolerated/feasible is their verdict (positive).
SAFETY_VERDICT = (
    r"\b(?:is|was|were|are|be|appears?|proved|seems?|remained?) (?:\w+ ){0,2}?(?:safe|well[- ]tolerated|tolerable|feasible)\b",
    r"\b(?:demonstrated?|demonstrates|supports?|suggests?|confirms?|showed|shows) (?:the |its |a |an )?(?:\w+ ){0,2}?"
    r"(?:safety|tolerability|feasibility)\b",
    r"\bsafe and (?:well[- ]tolerated|feasible|effective)\b", r"\bgenerally well[- ]tolerated\b",
    r"\bsafety and (?:effectiveness|efficacy|tolerability|feasibility)\b", r"\bsafe(?:ly)? (?:in|for|to)\b",
)

# --------------------------------------------------------------------------------------
# Sample size
# --------------------------------------------------------------------------------------
# Nouns that name people (counted as participants).
SAMPLE_NOUNS = (
    r"(?:patients?|participants?|subjects?|individuals?|adults?|volunteers?|persons?|people|veterans?|"
    r"women|men|males?|females?|children|adolescents?|youths?|outpatients?|inpatients?|respondents?|"
    r"users?|ex-users|cases?|mothers|parturients|students|undergraduates|attendees|clubbers|ravers|smokers|drinkers|completers|responders|"
    r"non-?responders|non-?users|controls|healthy controls|pairs|couples|clients|residents|survivors|"
    r"infants|neonates|nurses|physicians|clinicians|psychiatrists|workers|employees|members|"
    r"recipients|athletes|soldiers|service members|military personnel|older adults|elderly)"
)
# Nouns that name included studies in reviews.
STUDY_NOUNS = r"(?:studies|trials|RCTs|articles|publications|papers|reports|records|datasets)"
# Words allowed between the number and the noun ("24 adult outpatients with TRD"), after an
# optional count by sex in brackets ("40 (22 female) ketamine users") or "age- and
# sex-matched" (whose "and" joins no groups).
SAMPLE_MODIFIERS = (
    r"(?:\(\d+ (?:male|female|men|women|males|females)\b[^()]{0,30}\)\s+)?"
    r"(?:age-? (?:and|,) (?:sex|gender)-matched,?\s+)?"
    r"(?:(?!(?:of|and|or|in|with|to|from|per|each|who|were|was|had|studies|trials|articles|RCTs|records)\b|"
    r"(?:on|at|by|which|that)\b(?!-))"  # "on two days on which members": no count of members
    r"(?:[A-Za-z]|\d+(?:st|nd|rd|th)-)[\w'‐/-]*,?\s+){0,4}?"  # ... "10th-grade students"
)
# Number words.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "a hundred": 100, "a thousand": 1000, "dozen": 12, "a dozen": 12,
}

# --------------------------------------------------------------------------------------
# Outcomes reported in the abstract
# --------------------------------------------------------------------------------------
# Effect measures: (written form, canonical name), longest written forms first.  Words are
# matched case-insensitively, abbreviations (the second list) as written.  A value is read
# only after one of these names: a bare "difference of 2.0 weeks" is not an effect estimate.
EFFECT_MEASURE_WORDS = (
    (r"standard(?:i[sz]ed)? mean differences?", "SMD"),
    (r"weighted mean differences?", "WMD"),
    (r"difference (?:of|in) least[- ]squares? means", "MD"),
    (r"(?:least[- ]squares? (?:\(LS\) )?)?mean differences?", "MD"),
    (r"median differences?", "median difference"),
    (r"log[- ]odds ratios?", "log OR"),
    (r"(?:adjusted )?odds ratios?", "OR"),
    (r"relative risks?|risk ratios?", "RR"),
    (r"incidence rate ratios?", "IRR"),
    (r"(?:adjusted )?hazard ratios?", "HR"),
    (r"risk differences?", "RD"),
    (r"numbers? needed to treat", "NNT"),
    (r"numbers? needed to harm", "NNH"),
    (r"hedge'?s'?\s?g", "Hedges' g"),
    (r"cohen'?s?\s?d", "Cohen's d"),
    (r"effect sizes?", "effect size"),
)
EFFECT_MEASURE_ABBREVIATIONS = (
    (r"SMDs?", "SMD"), (r"WMDs?", "WMD"), (r"LS ?MDs?", "MD"), (r"MDs?", "MD"), (r"log ?OR", "log OR"),
    (r"a?ORs?", "OR"), (r"a?RRs?", "RR"), (r"IRRs?", "IRR"), (r"a?HRs?", "HR"), (r"RDs?", "RD"),
    (r"NNTs?", "NNT"), (r"NNHs?", "NNH"), (r"ES", "effect size"),
)
# Ratio measures: value and CI must be positive.
RATIO_MEASURES = ("OR", "RR", "HR", "IRR")
# A value followed by one of these is a count, not an effect ("OR of 12 studies").
EFFECT_NOT_BEFORE_UNIT = r"\s*(?:mg|kg|years?|patients?|participants?|subjects?|studies|trials|RCTs|articles|cases)\b"

# Response and remission: the keywords, and what a percentage next to them must not be.
RESPONSE_WORDS = r"\b(?:respon(?:se|ses|ded|ders?)|responsive)\b"
REMISSION_WORDS = r"\b(?:remission|remissions|remitt(?:ed|ers?)|remit)\b"
# Keyword uses that are not a treatment response ("partial response", "non-responders",
# "dose-response", "survey response rate", "in response to").
NOT_A_RATE_KEYWORD_BEFORE = (
    r"(?:\bnon|\bpartial|\bpartially|\bdose|\bimmune|\binflammatory|\bstress|\bhaemodynamic|\bhemodynamic|"
    r"\bsurvey|\bearly non|\bfunctional|\bsustained non)[\s-]*$"
)
NOT_A_RATE_SENTENCE = r"\b(?:survey|respondents|questionnaires? (?:were|was) returned)\b"
# A percentage followed by these is a criterion ("50% reduction in MADRS"), not a rate.
RATE_THRESHOLD_AFTER = (
    r"\s*(?:or (?:more|greater|higher|less)\s*)?(?:reduction|decrease|improvement|drop|decline|change|increase|"
    r"fall|lower|higher|more|greater|or more|or greater|of the (?:baseline|initial)|from baseline|"
    r"in (?:the )?(?:MADRS|HAM-?D|HDRS|PHQ|QIDS|BDI|CAPS|PCL|Y-BOCS|C-SSRS|BSS|SSI))\b"
)
# A percentage preceded by these is not a rate (bounds, p values, I², sex ratios, criteria).
RATE_NOT_BEFORE = (
    r"(?:\bCI|confidence interval|\bp\s?[<=>]|\bI\s?2\s?[=:]?|\bI²\s?[=:]?|female|male|women|men|≥|>=|>|<|≤|"
    r"at least|of at least|defined as(?: a)?|up to|approximately|almost|nearly|about|roughly|over|more than|less than|"
    r"ca\.|an estimated|"
    r"(?:reduction|decrease|improvement|change|drop|decline|increase) (?:of|by|in)(?: at least)?)\W*$"
)
# A percentage of studies, trials or clinics is not a patients' rate.
RATE_OF_UNITS = r"\b(?:stud(?:y|ies)|trials|RCTs|articles|clinics|sites|reports|of them|of clinics)\b"
# Words between a percentage and its keyword that show the percentage measures something else.
RATE_BLOCKERS = (
    r"\b(?:relapse\w*|discontinu\w*|adverse|incidence|prevalence|dropout|withdr[ae]w\w*|female|male|"
    r"non-?respon\w*|partial|stage|sensitivit\w*|specificit\w*|dose|weeks with|more weeks|reduction in|"
    r"improvement in|comorbid\w*|diagnos\w*|history|prior|abuse|use disorder|odds|risk|likelihood|probability)\b"
)
# Arm names recognised next to a percentage (as written), besides "<word> group/arm".
ARM_NAMES = (
    r"(?:es|ar|r-|s-)?ketamine(?:\s+\d+(?:\.\d+)?\s?mg(?:/kg)?)?", r"placebo", r"midazolam", r"saline",
    r"ECT", r"electroconvulsive therapy", r"control", r"psilocybin", r"MDMA", r"escitalopram", r"fentanyl",
    r"usual care", r"treatment as usual", r"propofol", r"comparator", r"quetiapine(?: XR)?", r"ESK(?:-| )?NS",
    r"dexmedetomidine", r"younger(?: adult)?(?: MDE)?(?: patients)?", r"older(?: MDE)?(?: patients)?",
)

# --------------------------------------------------------------------------------------
# Findings: outcomes, their domain and instrument (analysis/findings.py)
# --------------------------------------------------------------------------------------
# Rating scales: written form (case-sensitive abbreviations, or case-insensitive names) ->
# (canonical instrument, domain).
INSTRUMENTS = (
    (r"MADRS(?:-S)?|Montgomery[- ]+[ÅAa]+sberg(?: Depression Rating Scale)?|Montgomery-Ǻsberg", "MADRS", "depressive_symptoms"),
    (r"HAM-?D(?:-?17|17)?|HDRS(?:-?17|17|-?24)?|HRSD(?:-?17)?|Hamilton (?:Rating Scale for Depression|Depression (?:Rating )?Scale)",
     "HAM-D", "depressive_symptoms"),
    (r"BDI(?:-II)?|Beck Depression Inventory", "BDI", "depressive_symptoms"),
    (r"QIDS(?:-SR(?:16)?|-C)?|Quick Inventory of Depressive Symptomatology", "QIDS", "depressive_symptoms"),
    (r"PHQ-?9|Patient Health Questionnaire", "PHQ-9", "depressive_symptoms"),
    (r"EPDS|Edinburgh Postnatal Depression Scale", "EPDS", "depressive_symptoms"),
    (r"CES-D", "CES-D", "depressive_symptoms"),
    (r"SHAPS|Snaith-Hamilton Pleasure Scale", "SHAPS", "depressive_symptoms"),
    (r"HADS-A|HADS[- ]anxiety", "HADS-A", "anxiety"),
    (r"HADS(?:-D)?|Hospital Anxiety and Depression Scale", "HADS", "depressive_symptoms"),
    (r"CGI(?:-S|-I)?|Clinical Global Impression", "CGI", "depressive_symptoms"),
    (r"C-SSRS|Columbia[- ]Suicide Severity Rating Scale", "C-SSRS", "suicidality"),
    (r"MSSI|Modified Scale for Suicidal Ideation", "MSSI", "suicidality"),
    (r"SSI|BSS|Beck Scale for Suicid(?:e|al) Ideation|Scale for Suicid(?:e|al) Ideation", "SSI", "suicidality"),
    (r"BSI|Beck (?:Inventory for Suicidality|Suicide Inventory)", "BSI", "suicidality"),
    (r"CAPS-?5|CAPS|Clinician[- ]Administered PTSD Scale(?: for DSM-5)?", "CAPS-5", "ptsd_symptoms"),
    (r"PCL-?5|PCL|PTSD Checklist(?: for DSM-5)?", "PCL-5", "ptsd_symptoms"),
    (r"Y-?BOCS|Yale-Brown Obsessive[- ]Compulsive Scale", "Y-BOCS", "ocd_symptoms"),
    (r"GAD-?7", "GAD-7", "anxiety"),
    (r"HAM-?A|HARS|Hamilton Anxiety (?:Rating )?Scale", "HAM-A", "anxiety"),
    (r"STAI|State-Trait Anxiety Inventory", "STAI", "anxiety"),
    (r"BAI|Beck Anxiety Inventory", "BAI", "anxiety"),
    (r"NRS|NPRS|[Nn]umeric(?:al)? (?:[Rr]ating|[Pp]ain) [Ss]cale", "NRS", "pain_intensity"),
    (r"VAS|[Vv]isual [Aa]nalog(?:ue)? [Ss]cale", "VAS", "pain_intensity"),
    (r"BPI|Brief Pain Inventory", "BPI", "pain_intensity"),
    (r"CADSS|Clinician[- ]Administered Dissociative States Scale", "CADSS", "dissociation_psychotomimetic"),
    (r"BPRS(?:\+)?|Brief Psychiatric Rating Scale", "BPRS", "dissociation_psychotomimetic"),
    (r"5D-ASC|11D-ASC|MEQ", "ASC", "dissociation_psychotomimetic"),
    (r"MMSE|Mini-Mental State Examination", "MMSE", "cognition"),
    (r"MoCA|Montreal Cognitive Assessment", "MoCA", "cognition"),
    (r"RBANS", "RBANS", "cognition"),
    (r"PSQI|Pittsburgh Sleep Quality Index", "PSQI", "other"),
)
# Outcome words by domain (case-insensitive; longer phrases first where they overlap).
OUTCOME_TERMS = (
    (r"respiratory depression", "adverse_events"),
    (r"postoperative (?:cognitive dysfunction|neurocognitive disorders?)|delayed neurocognitive recovery|"
     r"neurocognitive (?:dysfunction|disorders?)|cognitive (?:function(?:ing)?|performance|impairment|dysfunction|scores?)|"
     r"cognition|memory|attention|executive function", "cognition"),
    (r"suicidal (?:ideation|thoughts?|behaviou?rs?|events?)|suicidality|suicide attempts?|suicide risk|"
     r"anti-?suicidal (?:effects?|responses?)", "suicidality"),
    (r"post-?traumatic stress (?:disorder )?symptoms?|PTSD (?:symptoms?|symptom severity|severity|scores?)", "ptsd_symptoms"),
    (r"obsessive-?compulsive symptoms?|OCD symptoms?|obsessions?|compulsions?", "ocd_symptoms"),
    (r"(?:post-?partum|postnatal|postoperative|perioperative)? ?depress(?:ion|ive) (?:symptoms?|scores?|severity|ratings?)|"
     r"depressive symptoms?|depressive episodes?|(?:post-?partum|postnatal|postoperative) depression|depression|"
     r"anhedoni\w+|antidepressant (?:effects?|responses?|efficacy)|(?:treatment |clinical )?response rates?|remission rates?|"
     r"response|remission|PPD", "depressive_symptoms"),
    (r"anxiety(?: scores?| symptoms?| levels?)?|preoperative anxiety", "anxiety"),
    (r"(?:opioid|morphine|sufentanil|remifentanil|fentanyl|oxycodone|hydromorphone|tramadol|analgesic)s? "
     r"(?:consumption|requirements?|use|dosages?|doses?|needs?)|rescue analges\w+|remedial analgesia|"
     r"(?:need|requirement|use)s? (?:for|of) (?:(?:any|oral|rescue|non-?opioid|daily) )*(?:opioids?|analgesics?|analgesic agents|"
     r"morphine(?: milligram)? equivalents)|(?:oral )?morphine(?: milligram)? equivalents", "analgesic_use"),
    (r"(?:postoperative |acute |chronic |rest |movement |dynamic |static )*pain(?: intensity| scores?| severity| ratings?)?", "pain_intensity"),
    (r"dissociat\w+(?: symptoms?| effects?)?|psychotomimetic\w*(?: effects?| symptoms?)?|hallucinations?|"
     r"psychiatric (?:symptoms|adverse \w+)|psychotic symptoms", "dissociation_psychotomimetic"),
    (r"(?:systolic |diastolic |mean arterial )?blood pressure|mean arterial pressure|heart rate|hypotension|hypertension|"
     r"bradycardia|tachycardia|ha?emodynamic\w*(?: stability| changes| parameters)?", "haemodynamic"),
    (r"adverse (?:events?|effects?|reactions?)|side[- ]effects?|nausea(?: and vomiting)?|vomiting|PONV|dizziness|"
     r"headache|complications?|sedation|shivering|pruritus", "adverse_events"),
    (r"(?:emergence |postoperative )?delirium|emergence agitation|sleep (?:quality|disturbance)|quality of life|"
     r"length of (?:hospital )?stay|function(?:ing|al (?:impairment|outcomes?))|work productivity|"
     r"(?:serum |plasma )?(?:levels of )?(?:IL-\d+|TNF-[αa]|BDNF|CRP)|fatigue|(?:continuous )?abstinence(?: rates?)?", "other"),
)
FINDING_DOMAINS = (
    "depressive_symptoms", "suicidality", "anxiety", "ptsd_symptoms", "ocd_symptoms", "pain_intensity",
    "analgesic_use", "dissociation_psychotomimetic", "cognition", "haemodynamic", "adverse_events", "other",
)
SAFETY_DOMAINS = ("dissociation_psychotomimetic", "haemodynamic", "adverse_events")
# Domains where a higher value is better (all others: lower is better, so a decrease favours
# the arm that produced it; for safety domains more means harm).
HIGHER_IS_BETTER_DOMAINS = ("cognition",)
# Outcome words that flip the domain's sense: a response rate or quality of life is better
# higher, a cognitive dysfunction or delirium incidence is better lower.
HIGHER_IS_BETTER_OUTCOME = r"\b(?:respon\w*|remission|remitt\w*|improvement|quality|satisfaction|function(?:ing)?\b|productivity|BDNF|abstinen\w*)"
LOWER_IS_BETTER_OUTCOME = r"\b(?:dysfunction|disorders?|impairment|decline|deficits?|delirium|delayed|incidence|risk|loss|odds|prevalence)\b"
# Words naming the ketamine arm in a result sentence.
KETAMINE_ARM = r"\b(?:(?:es|ar|s-|r-)?ketamine|ESK(?:-NS| NS)?|esketamine nasal spray|spravato)\b"
# Words naming the comparator arm in a result sentence (as written).
# Inactive comparators: in a trial of one ketamine arm against one of these, "the experimental group" and "between
# the two groups" name the two arms without naming a drug; a trial with more arms or doses does not qualify.
INACTIVE_ARMS = r"active placebo|placebo|(?:normal )?saline|sham|control(?:s| group| arm| condition)?|group C|C group"
COMPARATOR_ARM = (
    r"\b(?:" + INACTIVE_ARMS + r"|midazolam|ECT|electroconvulsive therapy|propofol|"
    r"dexmedetomidine|fentanyl|remifentanil|sufentanil|quetiapine(?: XR)?|escitalopram|psilocybin|"
    r"treatment as usual|usual care|standard care|comparator|rTMS|TMS)\b"
)
INACTIVE_COMPARATOR = r"^(?:" + INACTIVE_ARMS + r")$"
GENERIC_KETAMINE_GROUP = r"\b(?:experimental|intervention|treatment|study)\s+(?:group|arm)\b"
BETWEEN_TWO_GROUPS = r"\bbetween\s+(?:the\s+)?(?:two|2|both)\s+(?:groups|arms)\b|\bbetween[\s-]groups?\b"
MORE_THAN_TWO_ARMS = r"\b(?:three|four|five|six|3|4|5|6)\s+(?:[\w-]+\s+)?(?:groups|arms|cohorts)\b"
# Change from baseline in a single arm ("pre vs post").
PRE_POST = r"\b(?:from baseline|compared (?:with|to) baseline|baseline to|pre-? ?(?:to|and|vs\.?|versus) ?-?post|before and after|relative to baseline|over time)\b"
# A result sentence worth reading: a p value, a significance word or a comparative word.
FINDING_CUE = (
    r"\bp\s?[<=>≤≥]|\bp-value|signific|\bdiffer|\bsimilar\b|\bcomparable\b|\bthan\b|\bcompared\b|\bversus\b|\bvs\b|"
    r"\breduc|\blower|\bhigher|\bincreas|\bdecreas|\bimprov|\bgreater|\bfewer\b|\bless\b|\bworse"
)
# Method sentences that look like results ("response was defined as ..."), and sentences comparing patients with
# healthy controls (populations, not arms: "MDD subjects improved, and healthy control subjects worsened").
FINDING_NOT_RESULT = r"\b(?:healthy controls?\b|(?:most|several|many|some|all|the included|included) (?:studies|trials|treatments)|correlat\w*|predict\w*|regression|moderat(?:e|ed|or|ion)\b|mediat\w*|hypothes\w*|will|we expect|is expected|defined as|was assessed|were assessed|were measured|was measured|primary (?:end ?point|outcome) (?:was|is|were)|were used to|was used to|we (?:compared|assessed|examined|evaluated))\b"

# Time points: units in hours; an expression introduced by a window word has no single time.
TIME_UNITS_HOURS = {
    "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    "h": 1, "hr": 1, "hrs": 1, "hour": 1, "hours": 1,
    "day": 24, "days": 24, "d": 24,
    "week": 168, "weeks": 168, "wk": 168, "wks": 168,
    "month": 720, "months": 720,  # 30 days
    "year": 8760, "years": 8760,
}
TIME_WINDOW_WORDS = r"(?:within|over|up to|during|throughout|through|for|until)\s*$"

# --------------------------------------------------------------------------------------
# Retraction
# --------------------------------------------------------------------------------------
RETRACTED_PUBLICATION_TYPES = ("Retracted Publication",)
RETRACTED_TITLE = r"^\s*(?:\[?retracted\]?[:.]|retracted article[:.]|withdrawn[:.])"

# --------------------------------------------------------------------------------------
# Design: helper patterns
# --------------------------------------------------------------------------------------
# Title words that make a paper a study protocol (a "ketamine infusion protocol" is a treatment
# protocol, so the word alone is not enough).
PROTOCOL_TITLE = (
    r"\b(?:study|trial|research|clinical trial|rct) protocol\b|\bprotocol (?:for|of) (?:a|an|the)\b|"
    r":\s*(?:a |an |the )?(?:\w+ ){0,3}protocol\b|\bprotocol paper\b|\brationale (?:and|&) (?:study )?design\b|"
    r"\bdesign (?:and|&) rationale\b|\bstudy design and methods\b|\bdesign of (?:a|an|the) (?:\w+[- ]){0,6}(?:trial|study)\b"
)
# "The study protocol was approved by ..." is a results paper talking about its own protocol.
PROTOCOL_NOT_A_PROTOCOL = (
    r"\bprotocols? (?:was|were|has been|had been|is) (?:\w+ )?(?:approved|registered|reviewed|published|followed|amended)|"
    r"\bper[- ]protocol\b|\baccording to (?:the|a|our) (?:\w+ )?protocol\b|\bprotocol[- ](?:specified|defined|driven|deviations?)\b|"
    r"\b(?:treatment|infusion|dosing|anaesthe\w*|anesthe\w*|clinical|institutional|standard|ECT) protocols?\b"
)
# Signs that an abstract reports its own results (so future tense elsewhere is about next steps).
RESULTS_REPORTED = (
    r"\bp ?[<=>≤] ?0?\.\d", r"\b95 ?% ?(?:CI|confidence)", r"\b(?:was|were) (?:\w+ )?significantly\b",
    r"\bsignificant(?:ly)? (?:higher|lower|greater|reduc\w*|improv\w*|increas\w*|decreas\w*|differences?|effects?|"
    r"associations?|changes?)\b", r"\b(?:we|this study) (?:found|observed|showed|demonstrated|identified)\b",
    r"\b(?:results?|findings|analys[ie]s|data) (?:showed|revealed|indicated|demonstrated|suggested|suggest|show|indicate)\b",
    r"\b(?:did|does) not (?:differ|reduce|improve|change)\b", r"\bno significant\b", r"\bthere (?:was|were) (?:a |an |no )",
    r"\b(?:was|were) (?:\w+ )?associated with\b", r"\b(?:was|were) (?:observed|found|detected|seen|conducted)\b",
    r"\b(?:was|were) (?:similar|higher|lower|greater|smaller|larger|comparable)\b",
    r"\bscored (?:\w+ )?(?:higher|lower|better|worse)\b",
    r"(?:\bpercent|%) of (?:the )?(?:sample|participants|patients|respondents)\b",
)
# Present-tense aims ("The goal of this study is to ...") are written by trials not yet reported.
PROTOCOL_PRESENT_AIM = (
    r"\b(?:aims?|purposes?|objectives?|goals?|hypothes[ie]s) of (?:this|the present|the current|"
    r"the proposed|our|the) (?:\w+ )?(?:study|trial|project|research|protocol) (?:is|are)\b",
    r"\b(?:study|trial|project) (?:aims|intends|seeks|proposes|is designed|is intended|is planned|"
    r"hypothesi[sz]es|therefore compares)\b",
    r"\baim is to\b", r"\bprimary goals? (?:is|are)\b", r"\bpresent study hypothesis\b",
    r"\bwe propose to\b", r"\bhere,? we (?:propose|suggest evaluating)\b",
)
# Titles of narrative reviews and commentaries ("chart review" is a method, not a review).
REVIEW_TITLE = (
    r"(?<!chart )(?<!record )(?<!records )(?<!retrospective )(?<!systematic )(?<!case )\breview\b(?! of (?:medical |health |electronic )?(?:records|charts))|"
    r"\boverview\b|\bupdate on\b|\bcommentary\b|\beditorial\b|\bviewpoint\b|\bperspectives? on\b|"
    r"\bstate of the (?:art|science)\b|\bwhere (?:are|do) we\b|\bprimer\b"
)
# A methods section that opens by naming a review ("DESIGN: A comprehensive mini overview of ...").
# (Not "An institutional review board approved ...".)
REVIEW_METHODS_OPENING = (
    r"^(?:this is )?(?:a |an |this )(?:[\w-]+ ){0,3}(?:review|overview)\b(?! boards?| committees?| panels?)"
)
# A review of patients' records is an observational study, not a literature review ("a
# retrospective review of 21 patients", "chart review").
CHART_REVIEW = (
    r"\b(?:retrospective|chart|charts|record|records|file|case[- ]note) review\b|"
    r"\breview (?:of|of the) (?:\d+|(?:medical |health |electronic |clinical )?(?:records|charts|case notes|files))\b"
)
# A secondary analysis of a survey, registry or cohort is observational (of a trial: "other").
OBSERVATIONAL_SOURCE = (
    r"\b(?:surveys?|cross-?sectional|regist(?:ry|ries)|databases?|claims data|cohorts?|(?:health|medical) records?)\b"
)
# Databases of publications or documents: a study of these is not observational research on people.
LITERATURE_SOURCE = (
    r"\b(?:literature|publications|bibliometric\w*|articles|documents|pubmed|medline|embase|scopus|"
    r"web of science)\b"
)
# A sentence that says "this article describes ..." and names data the authors collected
# ("interviews with 29 participants") introduces a study, not a review.
OWN_DATA = (
    r"\b(?:interviews?|surveys?|questionnaires?|data|responses|focus groups?) (?:with|from|of) \d[\d,]* "
    r"(?:\w+ )?(?:participants|respondents|people|individuals|patients|users|adults|students|veterans)\b"
)
# A title whose head noun is "review" ("...: Pipeline clinical trial review 2022") is a review
# whatever designs it names before.
REVIEW_TITLE_END_WORDS = ("view",)  # review, overview
REVIEW_TITLE_END = r"(?<!systematic )(?<!chart )(?<!charts )(?<!record )(?<!records )(?<!retrospective )(?<!case )(?<!file )(?<!peer )\b(?:review|overview)(?:\s+(?:19|20)\d\d)?[\s.?!]*$"
# Words one of which each title pattern above needs (a cheap test before the regex runs).
PROTOCOL_TITLE_WORDS = ("protocol", "design", "rationale")
REVIEW_TITLE_WORDS = ("review", "overview", "update on", "commentary", "editorial", "viewpoint", "perspective",
                      "state of the", "where are", "where do", "primer")
# "we describe three patients" turns a case report cue into a case series.
CASE_SERIES_COUNT = (
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|1\d) (?:\w+ ){0,2}?"
    r"(?:patients|cases|individuals|veterans|adults|women|men|children|adolescents)\b"
)
# Trial-registry records (ClinicalTrials.gov / EU CTR entries imported into literature databases):
# headings like "INTERVENTION:", "CONDITION:", "PRIMARY OUTCOME:".  Matched case-sensitively.
# A qualitative strand inside a quantitative study (mixed methods, a cross-sectional
# study) does not make the study qualitative.
MIXED_METHODS = r"\bmixed[- ]methods?\b|\bquantitative\b|\bcross-sectional\b"
# Words one of which every registry heading contains (a cheap test before the patterns run).
REGISTRY_HEADING_WORDS = ("INTERVENTION", "CONDITION", "OUTCOME", "CRITERIA", "ELIGIBILITY", "STUDY TYPE",
                          "ENROLLMENT", "SPONSOR", "INN or Proposed", "Pharmaceutical Form", "Sponsor code")
REGISTRY_HEADINGS = (
    r"(?-i:\b(?:INTERVENTIONS?|CONDITIONS?|PRIMARY OUTCOMES?|SECONDARY OUTCOMES?|INCLUSION CRITERIA|"
    r"EXCLUSION CRITERIA|ELIGIBILITY|STUDY TYPE|ENROLLMENT|SPONSOR)):",
    r"\bINN or Proposed INN\b", r"\bPharmaceutical Form:", r"\bCurrent Sponsor code\b",
)
# A sample defined by what people already do (users vs non-users): a non-interventional study.
EXPOSURE_SAMPLE = (
    r"\b(?:current|former|past|previous|regular|heavy|light|moderate|recreational|chronic|abstinent|"
    r"experienced|lifetime|polydrug|long-term|frequent|occasional|problematic|non-problematic|novice|"
    r"naive|naïve|ex-|illicit)[- ](?:\w+[- ]){0,2}?users?\b",
    r"\bnon-?users\b", r"\b(?:ecstasy|mdma|ketamine|lsd|psilocybin|ayahuasca|psychedelic|hallucinogen|"
    r"drug|cannabis|dmt) (?:\w+ )?users\b", r"\bwho (?:had )?(?:used|use|take|took|consumed)\b",
    r"\b(?:lifetime|naturalistic|self-reported|past-year|past year|recent) (?:\w+ )?(?:drug|substance|psychedelic|"
    r"hallucinogen|ecstasy|mdma|ketamine|lsd|psilocybin|cannabis|ayahuasca|dmt|stimulant|alcohol) use\b",
    r"\bceremon(?:y|ies|ial)\b", r"\britual\w*\b", r"\bretreats?\b", r"\bclubbers?\b", r"\bparties\b",
    r"\busers of (?:\w+ ){0,2}?(?:ecstasy|mdma|ketamine|lsd|psilocybin|ayahuasca|psychedelics?|hallucinogens?|"
    r"drugs|cannabis|dmt)\b",
    r"\b(?:drug|substance|ecstasy|mdma|ketamine|psychedelic|cannabis) use patterns\b", r"\bpatterns of (?:\w+ )?use\b",
    r"\bwho reported (?:\w+ ){0,2}?(?:using|taking|quitting|reducing|having used|having taken)\b",
)
# A natural setting (ceremonies, retreats, festivals): a real-world study even when measures are taken.
NATURALISTIC_SETTING = (
    r"\bceremon(?:y|ies|ial)\b", r"\britual(?:s|istic)?\b", r"\bretreats?\b", r"\bfestivals?\b",
    r"\bnaturalistic(?:ally)?\b", r"\breal-?world\b", r"\bin (?:the )?field\b", r"\bclubbing\b", r"\bparties\b",
)
# Signs that the investigators gave the drug (an experiment or trial, not observation).
INTERVENTION_GIVEN = (
    r"(?<!self-)\badminist(?:ered|ration of|ering)\b" + NOT_AN_INSTRUMENT,
    r"\b(?:were|was) (?:given|dosed|treated)\b" + NOT_AN_INSTRUMENT,
    r"\breceived (?:a |an |\d|one|two|three|single|repeated|oral|intravenous|placebo)", r"\bplacebo\b",
    r"\brandomi[sz]ed\b", r"\binfusions?\b", r"\bopen-label\b", r"\bdouble-blind\b", r"\bdose of\b",
    r"\bmg/kg\b", r"(?<=\d)(?:mg|µg|mcg|μg)\b", r"(?<=\d )(?:mg|µg|mcg|μg)\b", r"\bassisted (?:psycho)?therapy\b",
)
# "A questionnaire that was administered to users": an instrument given, not a drug (unless
# the sentence also names a dose or a placebo).
INSTRUMENT_GIVEN = (
    r"^(?!.*\b(?:placebo|doses?|dosed|infusions?|mg|µg|mcg|μg)\b).*\b" + INSTRUMENT_NOUNS
    + r"\b(?: \w+){0,3} (?:was|were) administ"
)

# A title that says the trial was not randomised; other trial titles ("A Pilot Study") give way
# to methods that randomised.
NOT_RANDOMISED_TITLE = r"\b(?:open[- ]label|single[- ]arm|non-?randomi[sz]ed|uncontrolled|extension)\b"
# A randomisation word that is not about this study ("further randomized trials are needed").
RCT_NOT_THIS_STUDY = (
    r"\b(?:further|future|larger|well-designed|lack(?:ing)? of|absence of|without (?:\w+ ){0,2}?(?:randomi[sz]\w*|control\w*|blind\w*)|(?:are|is) (?:needed|required|"
    r"warranted)|randomly (?:selected|chosen|sampled)|random(?:ly)? sampl\w*|based on (?:\w+ ){0,3}randomi[sz]ed|"
    r"randomi[sz]ation (?:statistics|tests?|testing|inference))\b"
)
# Measurements taken in a laboratory (imaging, EEG, samples, tests): a study that recruits drug
# users for these is an experiment, not a real-world (observational) study (PsyNamic guideline).
LAB_MEASURES = (
    r"\b(?:f?MRI|PET|SPECT|EEG|MEG|ERPs?|fNIRS|DTI|MRS|magnetic resonance|tomograph\w*|imaging|"
    r"evoked potentials?|event-related potentials?|spectroscopy|neuropsycholog\w*|cognitive (?:tests?|tasks?|"
    r"battery|performance|assessment)|tasks?|test battery|tests? of|blood|plasma|serum|saliva\w*|urine|hair|"
    r"genotyp\w*|polymorphisms?|cortisol|prolactin|challenge|psychophysic\w*|reaction times?|laboratory)\b"
)

# --------------------------------------------------------------------------------------
# Sample size: phrases, strongest basis first (analysis/sample_size.py fills in NUM, NOUN, MOD)
# --------------------------------------------------------------------------------------
# {NUM} a number (digits or words), {NOUN} SAMPLE_NOUNS, {STUDY} STUDY_NOUNS, {MOD} SAMPLE_MODIFIERS.
SAMPLE_SIZE_PATTERNS = {
    "randomised": (
        r"{NUM}\s+(?:(?:patients|participants|subjects|individuals)\s+)?(?:were|was)\s+(?:\w+\s+)?(?:randomi[sz]ed|randomly(?! (?:selected|chosen|sampled)))",
        r"{NUM}\s+{MOD}{NOUN}\b[^.;\d]{{0,80}}?\b(?:were|was|being|are|had been)\s+(?:\w+\s+)?(?:randomi[sz]ed|randomly(?! (?:selected|chosen|sampled)))",
        r"\brandomi[sz](?:ed|ing)\s+(?:a total of\s+)?{NUM}\s+{MOD}{NOUN}\b",
        r"\brandomly (?:assigned|allocated|divided|distributed)\s+(?:a total of\s+)?{NUM}\s+{MOD}{NOUN}\b",
        r"\b(?:a total of\s+)?{NUM}\s+{MOD}{NOUN}\s+(?:\w+\s+){{0,6}}?underwent randomi[sz]ation",
        r"\b{NUM}\s+{MOD}{NOUN}\s+(?:were\s+)?(?:randomi[sz]ed|randomly assigned)",
        r"\b(?:randomi[sz]ed|randomly assigned)\s*\(\s*[nN]\s*=\s*{NUM}\s*\)",
        # a participant flow: "310 patients were screened, 148 randomized, and 131 completed"
        r"\b(?:screened|eligible|enrol+ed|consented)\b[^.;]{{0,40}}?,\s*(?:and\s+)?{NUM}\s+(?:were\s+)?randomi[sz]ed\b",
        # "healthy participants (n = 89; mean age 36; 41 females, 48 males) were randomised"
        r"\b{NOUN}\s*\(\s*[nN]\s*=\s*{NUM}(?=\s*[;,)])[^()]{{0,120}}\)\s*(?:were|was)\s+(?:\w+\s+)?(?:randomi[sz]ed|randomly(?! (?:selected|chosen|sampled)))",
    ),
    "enrolled": (
        r"\b(?:a total of|total of|overall,?|in total,?)\s+{NUM}\s+{MOD}{NOUN}\b",
        r"\bin total,?\s+{NUM}\s+of (?:the |all )?{NOUN}\b",  # "In total, 845 of the respondents reported ..."
        # a subsample drawn for this study: "Twelve of 80 trial patients were randomly selected"
        r"{NUM}\s+of\s+(?:the\s+|all\s+)?\d[\d,]*\s+{MOD}{NOUN}\b[^.;]{{0,80}}?\b(?:were|was)\s+(?:randomly\s+)?"
        r"(?:selected|chosen|sampled)\b",
        r"\b(?:enrol+(?:ed|ing)|recruit(?:ed|ing)|includ(?:ed|ing)|studied|evaluated|assessed|examined|tested|"
        r"investigated|treated|compared|surveyed|interviewed|involv(?:ed|ing)|compris(?:ed|ing)|consist(?:ed|ing) of)\s+"
        r"(?:a total of\s+|a sample of\s+|data (?:from|on)\s+)?{NUM}\s+{MOD}{NOUN}\b",
        r"{NUM}\s+{MOD}{NOUN}\b[^.;\d]{{0,60}}?\b(?:were|was)\s+(?:\w+\s+)?(?:enrol+ed|recruited|included|studied|"
        r"evaluated|assessed|examined|tested|treated|surveyed|interviewed|identified|administered|given|scanned)",
        r"{NUM}\s+{MOD}{NOUN}\s+(?:\w+\s+){{0,3}}?(?:participated|took part|completed|received|underwent|"
        r"responded|enrolled|entered|were|with)\b",
        r"\b(?:sample|cohort|population|group) of\s+{NUM}\s+{MOD}{NOUN}\b",
        r"\b(?:sample|cohort) of\s+{NUM}\b",
        r"\b(?:in|of|from|among|for|on)\s+{NUM}\s+{MOD}{NOUN}\b",
        # "N = 2, 128": a thousands separator that reached PubMed as comma and space
        r"\b(?<![-\w])[Nn]\s*=\s*(?P<num>\d{{1,3}}, \d{{3}})(?![\d,])",
        r"\b(?<![-\w])[Nn]\s*=\s*{NUM}(?!\s*(?:studies|trials))",
        r"^{NUM}\s+{MOD}{NOUN}\b",
        r"{NUM}\s+{MOD}{NOUN}\b",
    ),
    "analysed": (
        r"{NUM}\s+{MOD}{NOUN}\s+(?:\w+\s+){{0,3}}?(?:were\s+)?(?:analy[sz]ed|included in (?:the )?(?:final )?analys[ie]s)",
        r"\bdata (?:from|of|on)\s+{NUM}\s+{MOD}{NOUN}\b",
        r"\banaly[sz](?:ed|is of|ing)\s+(?:data (?:from|of)\s+)?{NUM}\s+{MOD}{NOUN}\b",
    ),
}
# Reviews: participants pooled across the included studies, else the number of studies.
REVIEW_SIZE_PATTERNS = {
    "included_participants": (
        r"\b(?:total of|totall?ing|comprising|involving|including|included|enrolling|encompassing|representing|"
        r"pooled|with(?: a total of)?|across|of|from)\s+{NUM}\s+{MOD}(?:participants|patients|subjects|individuals|"
        r"people|persons|adults|women|men|children|adolescents|cases|users|volunteers)\b",
        r"{NUM}\s+{MOD}(?:participants|patients|subjects|individuals|people|adults|cases)\s+(?:were\s+)?"
        r"(?:included|pooled|analy[sz]ed|enrolled|randomi[sz]ed)\b",
        r"\b(?:studies|trials|RCTs|articles)\s*\((?:total\s+)?[Nn]\s*=\s*{NUM}",
        r"\b(?:total\s+)?(?:[Nn]|sample size|total sample)\s*(?:=|of)\s*{NUM}\s*(?:participants|patients|subjects|\))",
        r"\btotal (?:[Nn]|sample(?: size)?)\s*(?:=|of)\s*{NUM}",
        r"\b{STUDY}\s*\(\s*(?:[Nn]\s*=\s*)?{NUM}\s+{MOD}(?:participants|patients|subjects|individuals|people|adults|cases)\b",
    ),
    "included_studies": (
        r"\b{NUM}\s+(?:\w+[- ]){{0,3}}?{STUDY}\b(?!\s+(?:were\s+)?(?:screened|identified|retrieved|found|excluded))",
        r"\b(?:included|identified|selected|yielded|yielding|retained)\s+{NUM}\s+(?:\w+[- ]){{0,3}}?{STUDY}\b",
    ),
}
# In a review, a count per drug counts studies, not participants ("interactions between MDMA
# (N = 24) or psilocybin (N = 5) and ...", "trials included ketamine (n = 11), psilocybin (n = 10)").
REVIEW_COUNT_PER_DRUG = (
    r"(?:MDMA|LSD|DMT|psilocybin|ketamine|esketamine|arketamine|ayahuasca|ibogaine|mescaline|methamphetamine|"
    r"diethylamide)\s*\(\s*[Nn]\s*=\s*$"
)
# Planned size in protocols.
PROTOCOL_SIZE_PATTERNS = (
    r"\b(?:totall?ing|a total of|in total)\s+{NUM}\s+{MOD}{NOUN}\b",
    r"\b(?:will|to)\s+(?:be\s+)?(?:enrol+|recruit|include|randomi[sz]e|enrol+ed|recruited|included|randomi[sz]ed)\s+"
    r"(?:a total of\s+|approximately\s+|up to\s+|about\s+)?{NUM}\s+{MOD}{NOUN}\b",
    r"{NUM}\s+{MOD}{NOUN}\s+(?:\w+\s+){{0,4}}?will\b",
    r"\b(?:sample size|target sample|total sample|enrol+ment target)\s+(?:\w+\s+){{0,3}}?(?:of|is|=|will be)\s+"
    r"(?:approximately\s+|about\s+)?{NUM}",
    r"\b[Nn]\s*(?:=|≈|~)\s*{NUM}",
    r"\b(?:a total of|total of)\s+{NUM}\s+{MOD}{NOUN}\b",
    r"\b(?:in|of)\s+{NUM}\s+{MOD}{NOUN}\b",
)
# A sentence that gives a total (or the parts of a total) is not summed group by group.
# A sentence that opens with the people who left (excluded, withdrew, lost): their count is not the sample.
DROPOUT_SENTENCE = (
    r"\b(?:were|was) (?:\w+ )?(?:excluded|withdrawn|lost to follow-?up)\b|\b(?:dropped out|withdrew|"
    r"discontinued|did not complete|were not included|failed to complete)\b"
)
# A further group named without its count ("13 ecstasy users and a control group"): the total
# is not stated, so the sample size is left empty rather than undercounted.
UNCOUNTED_GROUP = (
    r"\b(?:and|with|versus|vs\.?|to) (?:a |an )?(?:(?!\d)[\w-]+ ){0,3}?(?:control|comparison) (?:group|sample)\b"
    r"|\band (?:(?:healthy|matched) )+controls\b"
)
GROUPS_NOT_SUMMED = (
    r"\b(?:total|overall|totall?ing|of whom|of which|including \d|among (?:them|whom)|out of|of these|of them|respectively)\b|"
    r"(?:^|\bof )\d[\d,]* (?:\w+ )?(?:enrolled|randomi[sz]ed|included|eligible|screened|treated)\b"  # "Of 640 enrolled patients, ..."
)
# Further groups as large as the one counted: "28 users and two equally sized, matched groups of
# cannabis users and non-users" (3 x 28).
EQUAL_GROUPS = r"\band (?P<k>two|three|four|2|3|4) (?:equally[- ]sized|equal[- ]sized|same[- ]sized),? (?:[\w-]+,? ){0,2}?groups\b"
# A further group of participants in a sentence of its own, added to the first group's count
# (experts count every participant studied): controls ("Healthy controls (HC) (n = 40)",
# "Nineteen unaffected controls were assessed"), a second group, sample or study ("A second group
# (n=24) completed ...", "validated in the confirmatory sample (N = 55)").
FURTHER_CONTROLS = (
    r"\b(?:healthy|unaffected|matched|normal)\b[^.;()]{{0,40}}?\b(?:controls?|volunteers|comparison (?:subjects|participants))"
    r"\s*(?:\((?-i:[A-Z]{{2,4}}s?)\)\s*)?\(\s*[nN]\s*=\s*{NUM}",
    r"{NUM}\s+(?:[\w-]+[- ]+){{0,4}}?(?:healthy|unaffected|matched|normal)\s+(?:\w+\s+)?(?:controls|control (?:participants|"
    r"subjects|individuals)|volunteers|comparison subjects)\b",
)
FURTHER_SAMPLES = (
    r"\b(?:a|the) (?:second|third|separate|independent|additional|validation|confirmatory|replication) (?:group|cohort|sample|study)"
    r"\b[^.;]{{0,80}}?\(\s*[nN]\s*=\s*{NUM}",
    r"\bin the (?:second|third) (?:study|experiment)\b[^.;]{{0,60}}?\(\s*[nN]\s*=\s*{NUM}",
)
# A further-group sentence that describes a subset of people already counted, or a total.
FURTHER_GROUP_NOT = (
    r"\b(?:of these|of whom|of them|of the \d+|among (?:them|whom)|remained|available|"
    r"analy[sz]ed|included in the analys\w*|dropped|withdrew|discontinued|total|overall|respectively)\b"
)
# A first group that already includes controls (FURTHER_CONTROLS are then not added twice).
GROUP_HAS_CONTROLS = r"\b(?:controls?|HCs?|healthy|volunteers)\b"
# A count right after one of these words is the total of the sentence ("total 60 subjects").
TOTAL_BEFORE = r"\b(?:total(?:l?ing)?|in total|overall)(?: of)?\s*$"
# A per-group count, not the total: "with each cohort comprised of 8 participants" (before the
# number), "10 patients per research centre" (after the count's noun).
PER_GROUP_BEFORE = r"\beach\s+(?!of\b)(?:[\w-]+\s+){1,4}$"
PER_GROUP_AFTER = r"\s*(?:per|in each|for each|each|/\s*(?:dose|group|arm|cohort|level|site|condition|sequence))\b"
# k groups of N each: "randomly divided into 3 groups (n=16 each)" -> 48.
K_GROUPS_OF_N = (
    r"\binto (?P<k>two|three|four|five|six|[2-9]) (?:[\w-]+ ){0,2}?(?:groups|arms|cohorts)\b[^.;]{0,60}?"
    r"(?:\(\s*)?(?:[nN]\s*=\s*)?(?P<per>\d+)\s*(?:\w+\s+)?(?:in each|each|per)(?: group| arm)?\b"
)
# A sentence about the make-up of each group gives no total unless it says "total"
# ("Each cohort will consist of 8 participants (6 participants receiving ... and 2 ...)").
PER_GROUP_SENTENCE = (
    r"\beach (?:dose[- ])?(?:cohort|group|arm|site)s?,? (?:will |would |was |is )?(?:be )?(?:consist\w* of|"
    r"compris\w*|includ\w*|contain\w*|composed of|enrol\w*|recruit\w*)|^(?:for|in) each (?:dose[- ])?(?:cohort|group|arm)\b"
)
# Groups named by a plural abbreviation ("17 SVs", "25 HCs") in a list of groups.
GROUP_ABBREVIATION = r"(?!(?-i:RCTs|CTs|NMAs|MAs|SRs|GPCRs)\b)(?-i:[A-Z]{2,5}s)\b"
# Group sizes at successive time points are not separate people.
GROUPS_ARE_TIMEPOINTS = r"\b(?:time ?points?|postinfusion)\b|(?:\bat (?:day|week|month) \d+\b[^.]*){2}"
# Words after a number that show it is not a head count (doses, ages, times, scores).
NOT_A_COUNT_AFTER = (
    r"\s*(?:%|percent|mg|µg|mcg|μg|g\b|kg|ml|mL|mmol|years?|yrs?|months?|weeks?|days?|hours?|h\b|min|"
    r"minutes?|sessions?|doses?|times|points?|items?|sites?|centers?|centres?|countries|hospitals|"
    r"infusions?|visits?|million|billion|thousand|°|cm|mm|Hz|T\b|-year|-month|-week|-day|-item|-point|‐|(?:to|-|–)\s*\d|"
    # people screened or approached are not the sample ("310 patients were screened, 148 randomized")
    r"(?:[\w-]+ ){0,2}?(?:were|was|had been) (?:screened|assessed for eligibility|approached|contacted|invited)\b|referrals?\b)"
)
# Words right before a number that show it is not a head count ("aged 45", "score of 20").
NOT_A_COUNT_BEFORE = (
    r"(?:aged?|ages?|score[sd]?|scores? of|mean|median|SD|±|age of|day|week|month|year|phase|dose of|"
    r"doses of|version|DSM-|ICD-|grade|stage|level|step|visit|session|cycle|items?|NCT|p\s?[<=>]|-|–|/|x|×|"
    r"(?:greater|higher|lower) than|above|below|exceeding|[≥>≤<]|\d\s*\()\s*$"
)

# Conclusion sentences that only call for more research carry no verdict of their own.
CONCLUSION_FUTURE_WORK = (
    r"\bshould (?:drive|guide|inform|prompt|motivate|encourage) (?:\w+ )?(?:future|further)\b|"
    r"\b(?:further|future|larger|more|additional|longer|well-designed|adequately powered|rigorous)\b[^.]{0,80}?"
    r"\b(?:needed|required|warranted|necessary|should|recommended|are encouraged|desirable|called for)\b|\bremains? to be\b|"
    r"\bwill\b|\bhypothes[ie]s\b|\bexpected results\b"
)
# Verdicts that say the treatment does not work or harms (negative rather than merely neutral).
CONCLUSION_STRONG_NEGATIVE = (
    r"\b(?:ineffective|not (?:a )?(?:useful|effective|efficacious|beneficial|recommended)|lack of (?:\w+ )?efficacy|"
    r"no (?:clinical )?benefit|harm\w*|worse|worsen\w*|not support(?:ed)? (?:the )?(?:use|efficacy))\b"
)

# Comparator helpers: ECT counts as the comparator only when compared with ("ketamine versus
# ECT"), not when ketamine is the anaesthetic for ECT; "placebo response" is not a placebo arm.
ECT_COMPARED_BEFORE = r"(?:versus|vs\.?|compared (?:with|to)|comparison (?:with|to|of)|\bor|than|relative to)\s+(?:[\w-]+\s+){0,3}?$"
ECT_COMPARED_AFTER = r"\s*(?:\((?-i:ECT)\)\s*)?(?:versus|vs\.?|or\b|compared)"
ANAESTHESIA_CONTEXT = (r"\ban(?:a)?esthe\w*", r"\bpropofol\b", r"\bmethohexital\b", r"\betomidate\b", r"\bthiopental\b")
PLACEBO_NOT_AN_ARM = (r"\bplacebo (?:response|effect)s?\b", r"\bplacebo-?controlled trials\b")

# Modelling / simulation / economic-evaluation studies: their populations are modelled, not
# enrolled, so they are neither trials nor a count of participants (e.g. PMID 40400347, "A
# population-level Markov simulation model ... our model included 350,000 eligible patients").
MODELLING_STUDY = (
    r"\b(?:markov|microsimulation|simulation|decision[- ]analytic(?:al)?|decision[- ]tree|state[- ]transition|"
    r"economic|cost-?effectiveness|budget[- ]impact|partitioned[- ]survival|discrete[- ]event|agent[- ]based|"
    r"compartmental|dynamic transmission) (?:\w+ ){0,2}?models?\b",
    r"\bmicro-?simulations?\b",
    r"\bcost[- ](?:effectiveness|utility|benefit|minimi[sz]ation) analys[ie]s\b",
    r"\bbudget[- ]impact analys[ie]s\b",
    r"\b(?:hypothetical|simulated|virtual|modell?ed) (?:\w+ ){0,2}?(?:cohorts?|populations?)\b",
    r"\bincremental cost-effectiveness ratios?\b",
)
# A sentence counting a modelled population, never participants ("our model included 350,000
# eligible patients", "a hypothetical cohort of 10,000 patients", "simulated 1000 patients").
MODELLED_POPULATION = (
    r"\b(?:our|the|this) (?:\w+ ){0,2}?model (?:included|added|comprised|contained|simulated|followed|"
    r"considered|enrolled|assumed|projected|estimated)\b|"
    r"\b(?:hypothetical|simulated|virtual|modell?ed|synthetic) (?:\w+ ){0,2}?(?:cohorts?|populations?|patients|"
    r"participants|individuals|subjects|persons|people)\b|\bsimulat(?:ed|ing|ion of) \d"
)

# --------------------------------------------------------------------------------------
# Report type (analysis/report_type.py): is this publication a trial's main report, a
# further analysis of its data, or its protocol?
# --------------------------------------------------------------------------------------
# Cues that the publication re-uses data of a trial or study reported elsewhere.  Read in every
# section but the results: "post hoc analyses showed ..." in a trial's own results is still its
# main report.
REPORT_SECONDARY = (
    # "a secondary analysis of", "this post hoc analysis"; not "multiple secondary analyses" (a
    # trial's own extra analyses)
    r"\b(?:secondary|post[- ]?hoc|pooled|ancillary|follow-up|extension) (?:data )?analysis\b(?! (?:plan|was planned))",
    r"\b(?:secondary|post[- ]?hoc|pooled|ancillary) analyses (?:were )?(?:(?:conducted|performed|carried out) )?"
    r"(?:of|on|using|from)\b",
    r"\bre-?analys[ie]s of\b",
    r"\bexploratory (?:\w+ )?analys[ie]s (?:of|from) (?:data|a|an|the|two|three|four|\d+|our|participants|patients)\b",
    r"\b(?:this|the present|the current|our) (?:secondary|post[- ]?hoc|pooled|ancillary) "
    r"(?:\w+ )?(?:analysis|analyses|study|publication|report)\b",
    r"\bsecondary publication\b", r"\bancillary (?:study|trial)\b", r"\bsub-?study (?:of|to|within|from|nested)\b",
    r"\bparent (?:trial|study|RCT)\b",
    # data or participants taken from a trial ("Data from a placebo-controlled ... trial were used")
    r"\bdata (?:were|was) (?:derived|drawn|obtained|taken|used|pooled) from (?:a|an|the|two|three|four|our) "
    r"(?:[\w,-]+ ){0,10}?(?:trials?|RCTs?|studies|study)\b",
    r"\b(?:using|used|analy[sz]ed|pooled) data from (?:a|an|the|two|three|four|our) (?:[\w,-]+ ){0,10}?(?:trials?|RCTs?|studies|study)\b",
    r"\bdata from (?:a|an|the|two|three|four|our) (?:[\w,-]+ ){0,10}?(?:trials?|RCTs?)\b[^.;]{0,120}?\b(?:were|was) "
    r"(?:re-?)?(?:used|analy[sz]ed|pooled)\b",
    # "Data from TRANSFORM-1 and TRANSFORM-2 (...) were analyzed": named trials (design.py reads the same)
    r"\bdata from (?![^.;]{0,20}\b(?:\d+|[a-z]+(?:ty|teen|one|two|three|four|five|six|seven|eight|nine|ten)) "
    r"(?:[\w-]+ ){0,3}?(?:patients|participants|subjects|volunteers|individuals|adults|people)\b)"
    r"[^.;]{0,160}?\b(?:trials?|studies|study)\b[^.;]{0,80}?\b(?:were|was) (?:re-?)?(?:analy[sz]ed|pooled)\b",
    # an extension of a trial: the same participants, treated on
    r"\bextension (?:study|phase|trial) (?:of|from|to) (?:a|an|the|our)\b",
    r"\b(?:report|present|describe) (?:an?|the|this) (?:[\w-]+ )?extension (?:study|phase)\b",
    r"\b(?:participants|patients|subjects) (?:were )?(?:recruited|drawn|enrolled) (?:from|in) (?:a|an|the|our) "
    r"(?:[\w,-]+ ){0,8}?(?:trial|RCT)\b(?! (?:will|is))",
    r"\b(?:conducted|nested|performed) (?:within|under|alongside|as part of) (?:a|an|the|our) (?:[\w,-]+ ){0,6}?(?:trial|RCT)\b",
    # long-term follow-up of a trial reported before
    r"\b(?:long-term |\d+-(?:month|week|year) |extended )?follow-up (?:of|from) (?:a|an|the|our) (?:[\w,-]+ ){0,8}?(?:trial|RCT|study)\b",
    r"\b(?:long-term|\d+-(?:month|week|year)) (?:results|data|outcomes|follow-up) (?:from|of) (?:a|an|the|our) ",
    r"\b(?:primary|main) (?:findings|results|outcomes?|endpoints?) (?:of|from) (?:our|the|this|that) (?:[\w,-]+ ){0,10}?(?:trial|RCT|study)\b",
    r"\bhas been (?:reported|published) (?:previously|elsewhere|before)\b", r"\b(?:reported|published) (?:previously|elsewhere)\b",
    r"\b(?:previously|already) (?:published|reported) (?:results|findings|data) (?:of|from) (?:this|the|our)\b",
    r"\bour (?:previous |earlier |initial )?primary (?:analysis|report|publication|paper)\b",
    # data of several studies put together ("Data were pooled across three studies")
    r"\b(?:were|was) pooled (?:from|across) (?:a|an|the|two|three|four|five|six|\d+|several|separate|our)\b",
)
# A trial's own secondary outcomes are not a secondary report: these phrases cancel a cue in
# the same sentence.
REPORT_SECONDARY_NOT = (
    r"\bsecondary (?:outcomes?|endpoints?|measures?)\b",
)
