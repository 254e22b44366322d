"""Question texts a new survey starts with, in each survey language.

They are stored on the survey (a manager may reword them), so they are plain data here,
not gettext strings.
"""

from ..choices import Metric

QUESTIONS = {
    Metric.NPS: {
        "en": "How likely are you to recommend us to a friend or colleague?",
        "pl": "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu lub współpracownikowi?",
        "ru": "Насколько вероятно, что вы порекомендуете нас другу или коллеге?",
        "ro": "Cât de probabil este să ne recomanzi unui prieten sau coleg?",
    },
    Metric.CSAT: {
        "en": "How satisfied are you with the service you received today?",
        "pl": "Jak oceniasz dzisiejszą obsługę?",
        "ru": "Насколько вы довольны сегодняшним обслуживанием?",
        "ro": "Cum apreciezi serviciul primit astăzi?",
    },
    Metric.CES: {
        "en": "How easy was it to get what you needed today?",
        "pl": "Jak łatwo było dziś załatwić Twoją sprawę?",
        "ru": "Насколько легко было сегодня решить ваш вопрос?",
        "ro": "Cât de ușor a fost să rezolvi astăzi ce aveai nevoie?",
    },
}

FOLLOW_UP = {
    "en": "What is the main reason for your score?",
    "pl": "Jaki jest główny powód Twojej oceny?",
    "ru": "Какова главная причина вашей оценки?",
    "ro": "Care este motivul principal al notei tale?",
}
