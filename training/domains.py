"""Where each training text was published: a news outlet (headlines, article sentences, feed titles) or a social
platform (tweets, StockTwits, Reddit). With `distill.py --domain-prefix` the student reads a text after a word that
names its domain, so one model can keep each domain's labelling conventions apart. finsent's scorer does not add
the word: no student trained so has been shipped (model card), and shipping one would need the scorer to add it
from a document's source kind."""
from __future__ import annotations

import json
from pathlib import Path

import data as D

NEWS, SOCIAL = "news", "social"
PREFIX = {NEWS: "news: ", SOCIAL: "post: "}


def labelled_domains(root: Path) -> dict[str, str]:
    """Text -> domain for every labelled training source (a text found in both keeps the first)."""
    out: dict[str, str] = {}

    def add(texts, domain):
        for t in texts:
            out.setdefault(t, domain)

    add((t for t, _ in D.read_fpb(root / "financial-phrasebank" / "Sentences_50Agree.txt")), NEWS)
    add((t for t, _ in D.read_tfns(root / "twitter-financial-news-sentiment" / "sent_train.csv")), SOCIAL)
    semeval = root / "semeval-2017-task5"
    add((i["title"] for i in json.loads((semeval / "Headline_Trainingdata.json").read_text(encoding="utf-8"))), NEWS)
    add((t for t, _ in D.read_semeval_train(semeval)), SOCIAL)  # the headlines are taken above; the rest are posts
    fiqa = root / "fiqa-2018-task1"
    for name, domain in (("task1_headline_ABSA_train.json", NEWS), ("task1_post_ABSA_train.json", SOCIAL)):
        add((i["sentence"] for i in json.loads((fiqa / name).read_text(encoding="utf-8")).values()), domain)
    return out


UNLABELLED_DOMAIN = {"stocknet_pre_2015_08": SOCIAL, "wallstreetbets": SOCIAL, "feed_titles": NEWS}
VALID_DOMAIN = {"fpb": NEWS, "tfns": SOCIAL}
