"""Unlabelled in-domain text for distillation, with the test periods and test splits kept out.

Sources: StockNet tweets dated before 2015-08-01 (both the day file and the tweet's own timestamp; the dev and
test periods start then), r/wallstreetbets titles and post bodies, and the titles in the committed feed fixtures.
SemEval test texts, FPB test rows and TFNS sent_valid.csv are never read here.
"""
from __future__ import annotations

import csv
import json
import random
import re
from datetime import datetime, timezone
from html import unescape
from pathlib import Path

STOCKNET_CUTOFF = datetime(2015, 8, 1, tzinfo=timezone.utc)


def stocknet_tweets(root: Path) -> list[str]:
    out = []
    for day_file in sorted((root / "stocknet-acl18" / "tweet" / "preprocessed").glob("*/*")):
        if day_file.name >= "2015-08-01":
            continue
        for line in day_file.read_text(encoding="utf8").splitlines():
            row = json.loads(line)
            created = datetime.strptime(row["created_at"], "%a %b %d %H:%M:%S %z %Y")
            if created < STOCKNET_CUTOFF:
                out.append(" ".join(row["text"]))
    return out


def wallstreetbets(root: Path, max_chars: int = 400) -> list[str]:
    out = []
    with open(root / "reddit-wallstreetbets" / "reddit_wsb_2022-01-18_to_21.csv", newline="", encoding="utf8") as f:
        for row in csv.DictReader(f):
            out.append(row["title"])
            body = " ".join((row.get("body") or "").split())
            if body:
                out.append(body[:max_chars])
    return out


def feed_titles(fixtures: Path) -> list[str]:
    out = []
    for feed in sorted(fixtures.glob("*.xml")) + sorted(fixtures.glob("*.rss")):
        text = feed.read_text(encoding="utf8", errors="replace")
        for m in re.finditer(r"<title[^>]*>(.*?)</title>", text, re.S):
            title = unescape(re.sub(r"<!\[CDATA\[|\]\]>|<[^>]+>", "", m.group(1))).strip()
            if len(title) > 15:
                out.append(title)
    return out


def unlabelled_texts(root: Path, fixtures: Path, limit: int, seed: int, exclude: set[str]) -> dict[str, list[str]]:
    """Deduplicated texts per source; StockNet is sampled down to `limit` (the others are small and kept whole)."""
    seen = set(exclude)

    def fresh(texts):
        kept = []
        for t in texts:
            t = t.strip()
            if t and t not in seen:
                seen.add(t)
                kept.append(t)
        return kept

    tweets = fresh(stocknet_tweets(root))
    random.Random(seed).shuffle(tweets)
    return {"stocknet_pre_2015_08": tweets[:limit], "wallstreetbets": fresh(wallstreetbets(root)),
            "feed_titles": fresh(feed_titles(fixtures))}
