"""What the demo's customers write with their answers: by moment, band and language, and
about the consultants they remember by name."""

import random

P, N, D = "promoter", "passive", "detractor"

COMMENT_CHANCE = {"promoter": 0.3, "passive": 0.2, "detractor": 0.5}

# What customers write, by moment, band and language; GENERIC where no moment fits.
COMMENTS = {
    "Entering and finding a table": {
        P: {
            "pl": [
                "Od progu ktoś nas zauważył i od razu zaprowadził do stolika przy oknie. "
                "Czuliśmy się mile widziani.",
                "Przywitano mnie po nazwisku, a mój ulubiony stolik już na nas czekał.",
                "Przyszliśmy z wózkiem i bez pytania dostaliśmy stolik, przy którym się "
                "zmieścił. Dzieci były mile widziane, nie tylko tolerowane.",
            ],
            "en": [
                "We were greeted the moment we walked in and got a lovely table by the window.",
            ],
        },
        N: {
            "pl": [
                "Powitanie w porządku, ale chwilę staliśmy przy wejściu, zanim ktoś podszedł.",
                "Stolik OK, nic szczególnego. Poprawnie.",
            ],
            "en": ["Fine welcome, but we stood at the door for a while before anyone came."],
        },
        D: {
            "pl": [
                "Staliśmy przy drzwiach prawie 10 minut i nikt nawet nie powiedział, ile "
                "trzeba czekać.",
                "Mieliśmy rezerwację, a i tak posadzono nas w przeciągu przy wejściu do kuchni.",
            ],
            "en": [
                "We had a booking and still waited ten minutes at the door with nobody "
                "telling us anything.",
            ],
        },
    },
    "Taking the order": {
        P: {
            "pl": [
                "Kelner pamiętał, że zawsze biorę kaczkę, i zapytał, czy tym razem spróbuję "
                "czegoś nowego. Wracam tu właśnie dla takich rzeczy.",
                "Zapytano o alergie całą naszą czwórkę i powtórzono zamówienie. Syn ma "
                "alergię na orzechy, więc to dla nas bezcenne.",
                "Świetnie doradził wino do dania, i to wcale nie najdroższe. Czuć, że zna kartę.",
            ],
            "en": [
                "Our waiter remembered what we had last time and suggested something new "
                "that we loved.",
            ],
        },
        N: {
            "pl": [
                "Zamówienie przyjęte sprawnie, bez zastrzeżeń, ale też bez uśmiechu.",
                "Wszystko poprawnie, choć o daniach dnia dowiedzieliśmy się dopiero, gdy "
                "sami zapytaliśmy.",
            ],
            "en": ["Order taken correctly. Nothing to complain about, nothing memorable either."],
        },
        D: {
            "pl": [
                "Na kelnera czekaliśmy kwadrans, a potem okazało się, że połowy dań nie ma.",
                "Mówiłam o alergii na gluten, a i tak dostałam danie z grzankami. Nikt nie "
                "powtórzył zamówienia.",
            ],
            "en": [
                "Took 15 minutes for anyone to take our order, and then half the specials "
                "were sold out.",
            ],
        },
    },
    "Food arriving at the table": {
        P: {
            "pl": [
                "Wszystkie dania przyszły razem, gorące, i każdy dostał swoje bez pytania "
                "„kto zamawiał…”.",
                "Kelner zauważył, że dziecko nie ma sztućców, zanim zdążyliśmy poprosić. "
                "Drobiazg, a cieszy.",
            ],
            "en": [
                "Everything arrived hot and at the same time, and the waiter told us the "
                "story of the sourdough. Lovely touch.",
            ],
        },
        N: {
            "pl": [
                "Jedzenie dobre, ale czekaliśmy dłużej, niż się spodziewaliśmy.",
                "Smacznie, choć zupa była letnia.",
            ],
            "en": ["Good food, but it took a while and nobody checked on us after it arrived."],
        },
        D: {
            "pl": [
                "Czekaliśmy 50 minut na dania główne i nikt nas nie uprzedził o opóźnieniu.",
                "Moje danie przyszło 15 minut po reszcie stołu, wszyscy czekali z jedzeniem.",
                "Dostałam nie to, co zamawiałam, a na poprawkę czekałam kolejne 20 minut.",
            ],
            "en": [
                "Waited almost an hour for the mains. No apology, no explanation, and my "
                "dish was cold.",
            ],
        },
    },
    "Paying the bill": {
        P: {
            "pl": [
                "Rachunek i terminal w minutę. Kelner zapytał, co opowiemy znajomym o tym "
                "wieczorze: opowiemy same dobre rzeczy!",
                "Na urodziny mamy dostaliśmy deser ze świeczką na koszt firmy. Wzruszające.",
            ],
            "en": [
                "The bill came in a minute with the card terminal, and we were thanked by "
                "name. We will be back.",
            ],
        },
        N: {
            "pl": ["Płacenie bez problemu, ale na rachunek czekaliśmy dobre 10 minut."],
            "en": ["Paying was fine, but we had to ask twice for the bill."],
        },
        D: {
            "pl": [
                "Na rachunek czekaliśmy 20 minut, w końcu poszłam sama do baru. Zepsuło to "
                "cały wieczór.",
                "Na rachunku były dwa dania, których nie zamawialiśmy.",
            ],
            "en": ["Twenty minutes to get the bill, and it was wrong. Spoiled a nice evening."],
        },
    },
    "Call answered": {
        P: {
            "ro": [
                "Mi-a răspuns un om în câteva secunde și știa deja de ce am sunat ieri. "
                "Nu a trebuit să repet nimic.",
                "Operatoarea s-a prezentat, m-a ascultat și a rezolvat totul dintr-un singur apel.",
            ],
            "ru": [
                "Ответили почти сразу и сразу поняли, о чём речь: видели мой вчерашний звонок.",
                "Оператор представилась, говорила спокойно и по делу. Приятно.",
            ],
        },
        N: {
            "ro": ["Am așteptat vreo trei minute la coadă, apoi totul a fost în regulă."],
            "ru": ["Пришлось подождать на линии, но потом всё решили."],
        },
        D: {
            "ro": [
                "Am stat 15 minute pe linie, apoi m-au transferat și a trebuit să explic "
                "totul de la capăt.",
                "Robotul mi-a cerut datele cardului, apoi operatorul mi le-a cerut din nou.",
            ],
            "ru": [
                "20 минут ожидания на линии, потом переключили на другого специалиста, и "
                "пришлось всё рассказывать заново.",
                "Автоответчик спросил номер карты, а потом оператор спросил его ещё раз.",
            ],
        },
    },
    "Problem diagnosed": {
        P: {
            "ro": [
                "Consultantul m-a lăsat să termin, a rezumat problema mai bine decât mine "
                "și mi-a spus exact ce urmează.",
                "Mi-a propus un cont potrivit, ca să nu mai plătesc comisioane la "
                "descoperit. Nu am cerut, dar chiar aveam nevoie.",
            ],
            "ru": [
                "Меня выслушали до конца, пересказали проблему своими словами — да, именно "
                "так. Сразу сказали, что будет дальше и сколько ждать.",
                "Консультант сам предложил более выгодный тариф, я даже не просил.",
            ],
        },
        N: {
            "ro": ["M-au ajutat, dar a durat destul până au înțeles ce vreau."],
            "ru": ["Вопрос решили, но пришлось долго объяснять."],
        },
        D: {
            "ro": [
                "M-a întrerupt de trei ori și până la urmă mi-a dat un răspuns care nu "
                "avea legătură cu problema mea.",
            ],
            "ru": ["Перебивали, не дослушали, в итоге предложили совсем не то."],
        },
    },
    "Callback when not solved at first contact": {
        P: {
            "ro": [
                "Au sunat înapoi exact la ora promisă, chiar dacă încă nu aveau soluția, "
                "doar ca să-mi spună unde au ajuns.",
                "Aceeași persoană care a preluat primul apel m-a sunat înapoi. "
                "Foarte profesionist.",
            ],
            "ru": [
                "Перезвонили ровно в обещанное время, даже без решения — просто сказать, "
                "что происходит. Это ценно.",
                "Через неделю сами позвонили проверить, всё ли в порядке с картой. "
                "Приятно удивили.",
            ],
        },
        N: {
            "ro": ["M-au sunat înapoi, dar a doua zi, nu în aceeași zi cum au promis."],
            "ru": ["Перезвонили, но позже, чем обещали."],
        },
        D: {
            "ro": [
                "Mi-au promis că mă sună înapoi în aceeași zi. Aștept de o săptămână.",
                "Nu m-a mai sunat nimeni. A trebuit să sun eu de trei ori și de fiecare "
                "dată să explic totul de la zero.",
            ],
            "ru": [
                "Обещали перезвонить в течение часа. Так никто и не перезвонил.",
                "Жалобу приняли, но ответа нет уже третий день.",
            ],
        },
    },
}
GENERIC = {
    "aurora": {
        P: {
            "ru": [
                "Очень внимательный официант, запомнил, что мы заказывали в прошлый раз. "
                "Обязательно вернёмся.",
                "Всё было вкусно и быстро, нас встретили с улыбкой.",
            ],
            "ro": ["Chelnerul a fost foarte atent și ne-a recomandat un vin excelent. Revenim."],
            "en": ["Lovely evening, attentive staff. We will tell our friends."],
        },
        N: {
            "ru": ["В целом нормально, но ничего особенного."],
            "ro": ["A fost în regulă, dar am așteptat cam mult."],
            "en": ["Decent, but nothing special."],
        },
        D: {
            "ru": ["Долго ждали горячее, никто не извинился."],
            "ro": ["Am așteptat nota de plată 20 de minute. Păcat."],
            "en": ["Slow service all evening and nobody seemed to care."],
        },
    },
    "nova-bank": {
        P: {
            "en": [
                "Answered quickly, knew my history, solved it in one call. That is what I "
                "want from a bank.",
            ],
        },
        N: {"en": ["Got there in the end, but it took longer than it should have."]},
        D: {
            "en": [
                "I was promised a callback that never came. Had to call again and explain "
                "everything from scratch.",
            ],
        },
    },
}
# The best consultants are remembered by name.
BY_NAME = {
    "piotr": {
        "pl": [
            "Pan Piotr pamiętał moje zwykłe zamówienie i to, że nie jem cebuli. Tak się "
            "buduje stałych gości.",
            "Piotr jak zawsze: zna nas z imienia i wie, który stolik lubimy.",
        ],
        "en": ["Piotr remembered my usual order from weeks ago. That's why we keep coming back."],
    },
    "ola": {"pl": ["Pani Ola świetnie doradziła i wszystko było na czas."]},
    "irina": {
        "ro": ["Irina a știut de apelul meu de ieri înainte să-i spun. Excelent!"],
        "ru": ["Ирина сразу увидела мой прошлый звонок, не пришлось ничего повторять."],
    },
}


def comment(rng: random.Random, slug: str, username: str, moment: str, band: str, lang: str):
    if rng.random() >= COMMENT_CHANCE[band]:
        return ""
    if band == P and lang in BY_NAME.get(username, {}) and rng.random() < 0.3:
        return rng.choice(BY_NAME[username][lang])
    texts = COMMENTS.get(moment, {}).get(band, {}).get(lang) or GENERIC[slug][band].get(lang)
    return rng.choice(texts) if texts else ""
