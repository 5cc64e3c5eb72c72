"""Profile every country in the UN General Debate corpus, 1946-2023, and draw the figures.

Usage (from the repository root)::

    python benchmarks/ungdc_profiles.py                    # whole corpus, 2 workers
    python benchmarks/ungdc_profiles.py --limit 500 --out /tmp/ungdc

Writes ``profiles.json`` and ``profiles.csv`` (country x year) to ``--out``
and the figures shown in ``docs/profiles-ungdc.md`` to ``--figures``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.io import iter_corpus  # noqa: E402
from stance.pipeline import profile_corpus  # noqa: E402
from stance.plots import plot_country_series, plot_dyads, plot_shares  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ungdc_1946_2023.jsonl.gz"
SERIES = ("USA", "RUS", "CUB", "ZAF")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--limit", type=int, help="first N speeches only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default="out/ungdc", help="profile tables (not committed)")
    ap.add_argument("--figures", default=str(REPO / "docs" / "figures"))
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    docs = iter_corpus([corpus])
    if args.limit:
        docs = itertools.islice(docs, args.limit)
    start = time.perf_counter()
    prof = profile_corpus(docs, by=("country", "year"), jobs=args.jobs, progress=True)
    secs = time.perf_counter() - start
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "profiles.json").write_text(prof.to_json(indent=None), encoding="utf-8")
    (out / "profiles.csv").write_text(prof.to_csv(), encoding="utf-8")
    figures = Path(args.figures)
    figures.mkdir(parents=True, exist_ok=True)
    plot_shares(prof, figures / "ungdc-shares-top20.png", top=20)
    plot_shares(prof, figures / "ungdc-stance-shares-top20.png", top=20, stance_only=True)
    for code in SERIES:
        if any(k[0] == code for k in prof.sent):
            plot_country_series(prof, code, figures / f"ungdc-series-{code}.png")
    plot_dyads(prof, figures / "ungdc-dyads-condemnatory.png", label="condemnatory", top=20)
    plot_dyads(prof, figures / "ungdc-dyads-cooperative.png", label="cooperative", top=20)
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        n_docs = sum(1 for _ in itertools.islice(fh, args.limit))
    summary = {"speeches": n_docs, "sentences": prof.n_sentences, "seconds": round(secs, 1),
               "country_years": len(prof.keys()), "jobs": args.jobs}
    print(json.dumps(summary))
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
