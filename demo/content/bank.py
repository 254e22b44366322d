"""Demo content of Nova Bank's contact centre in Chișinău, and its Romanian."""

BANK = {
    "name": "Nova Bank",
    "slug": "nova-bank",
    "locations": [
        (
            "Chișinău contact centre",
            "cc-chisinau",
            "Str. Ștefan cel Mare 1, Chișinău",
            "Europe/Chisinau",
        ),
    ],
    "journey": "Getting help from the contact centre",
    "description": "A customer calls with a problem: answered, understood, solved.",
    "touchpoints": [
        (
            "Call answered",
            "First contact",
            "phone",
            [
                (
                    "Call answered",
                    True,
                    "A human answers quickly and knows who I am",
                    "Anxious about the problem, impatient with queues",
                    [
                        (
                            "Answer within 30 seconds, or offer a callback instead of a long queue",
                            "",
                        ),
                        (
                            "Introduce yourself by first name",
                            "“Nova Bank, Irina speaking, how can I help?”",
                        ),
                        ("Never ask again for data the customer already gave the IVR", ""),
                        ("Never make the customer repeat the problem after a transfer", ""),
                    ],
                    [
                        (
                            "Open with context from the last contact",
                            "“I see you called yesterday about your card — is this about that?”",
                        ),
                        ("Use the customer's name naturally, not in every sentence", ""),
                    ],
                ),
            ],
        ),
        (
            "Diagnosis",
            "Understanding the problem",
            "phone",
            [
                (
                    "Problem diagnosed",
                    True,
                    "Someone listens and understands my problem",
                    "Frustrated if interrupted or passed around",
                    [
                        ("Let the customer finish before asking questions", ""),
                        ("Summarise the problem in your own words and get a “yes, exactly”", ""),
                        ("Check the history of contacts before proposing a solution", ""),
                        ("Say what you will do next and how long it will take", ""),
                    ],
                    [
                        (
                            "Spot the underlying need behind the question",
                            "Frequent overdraft fees → offer an account that fits.",
                        ),
                        ("Answer the next question before the customer asks it", ""),
                    ],
                ),
            ],
        ),
        (
            "Resolution",
            "Solving it",
            "phone",
            [
                (
                    "Callback when not solved at first contact",
                    True,
                    "If they cannot solve it now, they call me back when they promised",
                    "Doubt: will anyone really call?",
                    [
                        ("Agree a callback window with the customer and keep it", ""),
                        ("Answer complaints within one working hour", ""),
                        ("Call back even without a solution yet, to say what is happening", ""),
                        ("Record the outcome and next step in the case", ""),
                    ],
                    [
                        ("The consultant who took the first call calls back", ""),
                        ("Check a week later that the fix held", ""),
                    ],
                ),
            ],
        ),
        (
            "Confirmation",
            "After the call",
            "email",
            [
                (
                    "Confirmation e-mail",
                    False,
                    "A short written summary of what was agreed",
                    "",
                    [("Send the summary within 15 minutes of the call", "")],
                    [],
                ),
            ],
        ),
    ],
    "priceless": [
        "One person owns my problem until it is solved",
        "They call back exactly when they promised",
        "I never have to repeat myself",
    ],
    "staff": [
        ("irina", "Irina", "Popescu", "B-301", 0),
        ("andrei", "Andrei", "Rusu", "B-302", 0),
    ],
}

# Chișinău reads all of it in Romanian.
BANK_TRANSLATIONS = {
    "ro": {
        "Call answered": "Apel preluat",
        "A human answers quickly and knows who I am": (
            "Îmi răspunde repede un om care știe cine sunt"
        ),
        "Anxious about the problem, impatient with queues": (
            "Îngrijorat din cauza problemei, nerăbdător la coadă"
        ),
        "Answer within 30 seconds, or offer a callback instead of a long queue": (
            "Răspundeți în 30 de secunde sau oferiți un apel înapoi în locul unei așteptări lungi"
        ),
        "Introduce yourself by first name": "Prezentați-vă cu prenumele",
        "“Nova Bank, Irina speaking, how can I help?”": (
            "„Nova Bank, vă ascultă Irina, cu ce vă pot ajuta?”"
        ),
        "Never ask again for data the customer already gave the IVR": (
            "Nu cereți din nou datele pe care clientul le-a dat deja robotului telefonic"
        ),
        "Never make the customer repeat the problem after a transfer": (
            "Nu-l puneți pe client să repete problema după un transfer"
        ),
        "Open with context from the last contact": "Începeți cu contextul ultimului contact",
        "“I see you called yesterday about your card — is this about that?”": (
            "„Văd că ne-ați sunat ieri în legătură cu cardul — despre asta este vorba?”"
        ),
        "Use the customer's name naturally, not in every sentence": (
            "Folosiți numele clientului firesc, nu în fiecare propoziție"
        ),
        "Problem diagnosed": "Problema înțeleasă",
        "Someone listens and understands my problem": (
            "Cineva mă ascultă și îmi înțelege problema"
        ),
        "Frustrated if interrupted or passed around": (
            "Frustrat dacă este întrerupt sau pasat de la unul la altul"
        ),
        "Let the customer finish before asking questions": (
            "Lăsați clientul să termine înainte de a pune întrebări"
        ),
        "Summarise the problem in your own words and get a “yes, exactly”": (
            "Rezumați problema cu propriile cuvinte și obțineți un „da, exact”"
        ),
        "Check the history of contacts before proposing a solution": (
            "Verificați istoricul contactelor înainte de a propune o soluție"
        ),
        "Say what you will do next and how long it will take": (
            "Spuneți ce veți face în continuare și cât va dura"
        ),
        "Spot the underlying need behind the question": (
            "Descoperiți nevoia reală din spatele întrebării"
        ),
        "Frequent overdraft fees → offer an account that fits.": (
            "Comisioane frecvente pentru descoperit de cont → propuneți un cont potrivit."
        ),
        "Answer the next question before the customer asks it": (
            "Răspundeți la următoarea întrebare înainte ca clientul s-o pună"
        ),
        "Callback when not solved at first contact": (
            "Apel înapoi când problema nu se rezolvă la primul contact"
        ),
        "If they cannot solve it now, they call me back when they promised": (
            "Dacă nu o pot rezolva acum, mă sună înapoi când au promis"
        ),
        "Doubt: will anyone really call?": "Îndoială: chiar mă va suna cineva?",
        "Agree a callback window with the customer and keep it": (
            "Stabiliți cu clientul un interval pentru apelul înapoi și respectați-l"
        ),
        "Answer complaints within one working hour": (
            "Răspundeți la reclamații în cel mult o oră lucrătoare"
        ),
        "Call back even without a solution yet, to say what is happening": (
            "Sunați înapoi chiar dacă nu aveți încă o soluție, ca să spuneți ce se întâmplă"
        ),
        "Record the outcome and next step in the case": (
            "Notați în dosar rezultatul și pasul următor"
        ),
        "The consultant who took the first call calls back": (
            "Sună înapoi consultantul care a preluat primul apel"
        ),
        "Check a week later that the fix held": (
            "Verificați după o săptămână că soluția a funcționat"
        ),
        "Confirmation e-mail": "E-mail de confirmare",
        "A short written summary of what was agreed": ("Un scurt rezumat scris al celor convenite"),
        "Send the summary within 15 minutes of the call": (
            "Trimiteți rezumatul în cel mult 15 minute de la apel"
        ),
        "One person owns my problem until it is solved": (
            "Un singur om se ocupă de problema mea până la rezolvare"
        ),
        "They call back exactly when they promised": "Mă sună înapoi exact când au promis",
        "I never have to repeat myself": "Nu trebuie să repet niciodată același lucru",
    },
}
