"""Demo content: what a real CX manager would write for a restaurant chain and a bank.

Built from the method in ../shared/seeds (moments of truth, iron vs master behaviours,
"what is priceless for our customers").
"""

RESTAURANT = {
    "name": "Aurora Restaurants",
    "slug": "aurora",
    "locations": [
        ("Kraków Rynek", "krakow-rynek", "Rynek Główny 12, 31-042 Kraków", "Europe/Warsaw"),
        (
            "Warszawa Mokotów",
            "warszawa-mokotow",
            "ul. Puławska 101, 02-595 Warszawa",
            "Europe/Warsaw",
        ),
    ],
    "journey": "An evening at the restaurant",
    "description": "From the door to the goodbye: the four moments guests remember.",
    "touchpoints": [
        (
            "Booking",
            "Before the visit",
            "phone",
            [
                (
                    "Booking a table by phone",
                    False,
                    "Quick answer, a table at the time I asked for",
                    "",
                    [],
                    [],
                ),
            ],
        ),
        (
            "Arrival",
            "At the door",
            "in_person",
            [
                (
                    "Entering and finding a table",
                    True,
                    "Someone notices me at once and I get a good table without a fuss",
                    "Unsure, slightly exposed standing at the door",
                    [
                        (
                            "Greet guests within 30 seconds of entering, with eye contact and a smile",
                            "“Good evening! Welcome to Aurora — do you have a booking?”",
                        ),
                        ("Ask about the booking and the number of guests before anything else", ""),
                        (
                            "Lead guests to a clean, fully laid table and pull out a chair",
                            "Check the table on the way: cutlery, napkins, no crumbs.",
                        ),
                        (
                            "If there is a wait, say honestly how long and offer a place at the bar",
                            "“About 15 minutes — may I get you a drink at the bar meanwhile?”",
                        ),
                    ],
                    [
                        (
                            "Greet returning guests by name and offer their usual table",
                            "“Mrs Kowalska, good to see you again — your table by the window?”",
                        ),
                        (
                            "Suggest the table that fits the occasion",
                            "A quiet corner for a couple, space for a pram, the big table for a birthday.",
                        ),
                    ],
                ),
                (
                    "Waiting when we are full",
                    False,
                    "To be told how long, not forgotten",
                    "",
                    [],
                    [],
                ),
            ],
        ),
        (
            "Ordering",
            "At the table",
            "in_person",
            [
                (
                    "Taking the order",
                    True,
                    "Someone comes soon, knows the menu and gets my order right",
                    "Hungry and impatient; worried about allergies",
                    [
                        (
                            "Come to the table within 3 minutes of seating, or say when you will be back",
                            "“I'll be with you in two minutes — here is the menu and some water.”",
                        ),
                        ("Know today's specials and what is sold out before guests ask", ""),
                        ("Ask every guest about allergies and dietary needs", ""),
                        (
                            "Repeat the order back, including allergies and special requests",
                            "“So: two soups, one without cream, and the duck medium.”",
                        ),
                    ],
                    [
                        (
                            "Refer to the guest's past visits and preferences",
                            "“Last time you enjoyed the duck — tonight it comes with cherries.”",
                        ),
                        (
                            "Recommend a pairing from what the guest said they like, not the priciest item",
                            "",
                        ),
                    ],
                ),
                ("Questions about the menu", False, "Honest advice", "", [], []),
            ],
        ),
        (
            "Food service",
            "At the table",
            "in_person",
            [
                (
                    "Food arriving at the table",
                    True,
                    "Hot food, all of us served together, exactly what we ordered",
                    "Anticipation; irritation if one plate is late",
                    [
                        (
                            "Serve hot dishes within 20 minutes, or tell the table about a delay before "
                            "they ask",
                            "",
                        ),
                        ("Serve everyone at the table at the same time", ""),
                        (
                            "Place each dish in front of the right guest without asking “who had…?”",
                            "Note seat numbers on the order.",
                        ),
                        ("Check back within two minutes of the first bites", ""),
                    ],
                    [
                        (
                            "Notice and fix what the guest did not mention",
                            "A child without cutlery, a missing sauce, an empty glass.",
                        ),
                        (
                            "Tell the short story of a dish when the guest is curious",
                            "Where the mushrooms come from, why the bread is sourdough.",
                        ),
                    ],
                ),
            ],
        ),
        (
            "Payment and goodbye",
            "Leaving",
            "in_person",
            [
                (
                    "Paying the bill",
                    True,
                    "The bill comes fast, is right, and paying is easy",
                    "Ready to go; any wait now spoils the whole evening",
                    [
                        ("Bring the bill within 3 minutes of the request", ""),
                        ("Bring an itemised, correct bill and the card terminal to the table", ""),
                        ("Thank the guests by name if you know it and invite them back", ""),
                    ],
                    [
                        (
                            "Ask “what will you tell your friends about tonight?” and act on the answer",
                            "",
                        ),
                        (
                            "Mark a special occasion with a small gesture",
                            "A candle on the dessert for a birthday, on the house.",
                        ),
                    ],
                ),
            ],
        ),
    ],
    "priceless": [
        "They remember my name and my usual table",
        "The chef comes out to say hello to regulars",
        "Our children are welcomed, not merely tolerated",
    ],
    "staff": [
        ("piotr", "Piotr", "Zieliński", "R-101", 0),
        ("ania", "Anna", "Wiśniewska", "R-102", 0),
        ("tomek", "Tomasz", "Lewandowski", "R-201", 1),
        ("ola", "Aleksandra", "Kamińska", "R-202", 1),
    ],
}

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
