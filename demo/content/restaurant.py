"""Demo content of the Aurora restaurants in Kraków and Warsaw, and their Polish."""

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

# The Polish restaurants read it in Polish.
RESTAURANT_TRANSLATIONS = {
    "pl": {
        "Booking a table by phone": "Rezerwacja stolika przez telefon",
        "Quick answer, a table at the time I asked for": (
            "Szybka odpowiedź i stolik na godzinę, o którą prosiłem"
        ),
        "Entering and finding a table": "Wejście i znalezienie stolika",
        "Someone notices me at once and I get a good table without a fuss": (
            "Ktoś od razu mnie zauważa i bez zamieszania dostaję dobry stolik"
        ),
        "Unsure, slightly exposed standing at the door": (
            "Niepewność, lekkie skrępowanie w drzwiach"
        ),
        "Greet guests within 30 seconds of entering, with eye contact and a smile": (
            "Przywitaj gości w ciągu 30 sekund od wejścia, patrząc w oczy i z uśmiechem"
        ),
        "“Good evening! Welcome to Aurora — do you have a booking?”": (
            "„Dobry wieczór! Witamy w Aurorze — czy mają Państwo rezerwację?”"
        ),
        "Ask about the booking and the number of guests before anything else": (
            "Najpierw zapytaj o rezerwację i liczbę osób"
        ),
        "Lead guests to a clean, fully laid table and pull out a chair": (
            "Zaprowadź gości do czystego, w pełni nakrytego stolika i odsuń krzesło"
        ),
        "Check the table on the way: cutlery, napkins, no crumbs.": (
            "Po drodze sprawdź stolik: sztućce, serwetki, żadnych okruchów."
        ),
        "If there is a wait, say honestly how long and offer a place at the bar": (
            "Jeśli trzeba czekać, powiedz szczerze, jak długo, i zaproponuj miejsce przy barze"
        ),
        "“About 15 minutes — may I get you a drink at the bar meanwhile?”": (
            "„Około 15 minut — czy mogę w tym czasie podać coś do picia przy barze?”"
        ),
        "Greet returning guests by name and offer their usual table": (
            "Witaj stałych gości po nazwisku i proponuj ich ulubiony stolik"
        ),
        "“Mrs Kowalska, good to see you again — your table by the window?”": (
            "„Pani Kowalska, miło znów Panią widzieć — stolik przy oknie, jak zwykle?”"
        ),
        "Suggest the table that fits the occasion": "Zaproponuj stolik pasujący do okazji",
        "A quiet corner for a couple, space for a pram, the big table for a birthday.": (
            "Cichy kąt dla pary, miejsce na wózek, duży stół na urodziny."
        ),
        "Waiting when we are full": "Czekanie, gdy brak wolnych stolików",
        "To be told how long, not forgotten": (
            "Usłyszeć, jak długo to potrwa, a nie zostać zapomnianym"
        ),
        "Taking the order": "Przyjęcie zamówienia",
        "Someone comes soon, knows the menu and gets my order right": (
            "Ktoś szybko podchodzi, zna menu i bezbłędnie przyjmuje zamówienie"
        ),
        "Hungry and impatient; worried about allergies": (
            "Głodny i niecierpliwy; niepokój o alergie"
        ),
        "Come to the table within 3 minutes of seating, or say when you will be back": (
            "Podejdź do stolika w ciągu 3 minut od zajęcia miejsc albo powiedz, kiedy wrócisz"
        ),
        "“I'll be with you in two minutes — here is the menu and some water.”": (
            "„Będę u Państwa za dwie minuty — oto menu i woda.”"
        ),
        "Know today's specials and what is sold out before guests ask": (
            "Znaj dania dnia i wiedz, czego zabrakło, zanim goście zapytają"
        ),
        "Ask every guest about allergies and dietary needs": (
            "Zapytaj każdego gościa o alergie i wymagania dietetyczne"
        ),
        "Repeat the order back, including allergies and special requests": (
            "Powtórz zamówienie, łącznie z alergiami i specjalnymi prośbami"
        ),
        "“So: two soups, one without cream, and the duck medium.”": (
            "„A więc: dwie zupy, jedna bez śmietany, i kaczka średnio wysmażona.”"
        ),
        "Refer to the guest's past visits and preferences": (
            "Nawiąż do wcześniejszych wizyt i upodobań gościa"
        ),
        "“Last time you enjoyed the duck — tonight it comes with cherries.”": (
            "„Ostatnio smakowała Panu kaczka — dziś podajemy ją z wiśniami.”"
        ),
        "Recommend a pairing from what the guest said they like, not the priciest item": (
            "Poleć dodatek do tego, co gość lubi, a nie najdroższą pozycję"
        ),
        "Questions about the menu": "Pytania o menu",
        "Honest advice": "Szczera rada",
        "Food arriving at the table": "Podanie dań do stolika",
        "Hot food, all of us served together, exactly what we ordered": (
            "Gorące jedzenie, podane wszystkim naraz, dokładnie to, co zamówiliśmy"
        ),
        "Anticipation; irritation if one plate is late": (
            "Oczekiwanie; irytacja, gdy jeden talerz się spóźnia"
        ),
        "Serve hot dishes within 20 minutes, or tell the table about a delay before they ask": (
            "Podaj gorące dania w ciągu 20 minut albo uprzedź o opóźnieniu, zanim goście zapytają"
        ),
        "Serve everyone at the table at the same time": (
            "Podawaj dania wszystkim przy stoliku jednocześnie"
        ),
        "Place each dish in front of the right guest without asking “who had…?”": (
            "Stawiaj każde danie przed właściwym gościem, bez pytania „kto zamawiał…?”"
        ),
        "Note seat numbers on the order.": "Zapisuj numery miejsc na zamówieniu.",
        "Check back within two minutes of the first bites": (
            "W ciągu dwóch minut od pierwszych kęsów zapytaj, czy wszystko smakuje"
        ),
        "Notice and fix what the guest did not mention": (
            "Zauważ i napraw to, o czym gość nie wspomniał"
        ),
        "A child without cutlery, a missing sauce, an empty glass.": (
            "Dziecko bez sztućców, brakujący sos, pusta szklanka."
        ),
        "Tell the short story of a dish when the guest is curious": (
            "Opowiedz krótką historię dania, gdy gość jest ciekaw"
        ),
        "Where the mushrooms come from, why the bread is sourdough.": (
            "Skąd pochodzą grzyby, dlaczego chleb jest na zakwasie."
        ),
        "Paying the bill": "Płacenie rachunku",
        "The bill comes fast, is right, and paying is easy": (
            "Rachunek przychodzi szybko, jest poprawny, a płacenie proste"
        ),
        "Ready to go; any wait now spoils the whole evening": (
            "Gotowi do wyjścia; każde czekanie psuje teraz cały wieczór"
        ),
        "Bring an itemised, correct bill and the card terminal to the table": (
            "Przynieś do stolika szczegółowy, poprawny rachunek i terminal płatniczy"
        ),
        "Thank the guests by name if you know it and invite them back": (
            "Podziękuj gościom (po nazwisku, jeśli je znasz) i zaproś ich ponownie"
        ),
        "Ask “what will you tell your friends about tonight?” and act on the answer": (
            "Zapytaj „co powiedzą Państwo znajomym o dzisiejszym wieczorze?” "
            "i zareaguj na odpowiedź"
        ),
        "They remember my name and my usual table": (
            "Pamiętają moje nazwisko i mój ulubiony stolik"
        ),
        "The chef comes out to say hello to regulars": (
            "Szef kuchni wychodzi przywitać się ze stałymi gośćmi"
        ),
        "Our children are welcomed, not merely tolerated": (
            "Nasze dzieci są mile widziane, a nie tylko tolerowane"
        ),
    },
}
